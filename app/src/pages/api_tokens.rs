//! X-API: Settings → API tokens. Every user creates named tokens (optionally expiring) that act as
//! them in the REST API, sees when each was last used, and revokes them; a secret is shown once.

use crate::api::dto::{NewToken, TokenView};
use crate::api::{AppError, api_tokens, create_api_token, revoke_api_token};
use crate::components::field::{ServerError, TextField, server_issue};
use crate::components::text::app_error_text;
use crate::components::time::LocalTime;
use crate::domain::issues::Field;
use crate::i18n::*;
use leptos::prelude::*;

/// The lifetimes offered, in days (`None`: until revoked).
const EXPIRIES: [Option<i64>; 4] = [Some(90), Some(30), Some(365), None];

#[component]
pub fn TokensPage() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let tokens = Resource::new(move || reload.get(), |_| api_tokens());
    let created = RwSignal::new(None::<NewToken>);
    view! {
        <div class="page-head">
            <h1>{t!(i18n, tokens.title)}</h1>
        </div>
        <div class="stack">
            <p class="muted">{t!(i18n, tokens.intro)} " " <a href="/api-reference">{t!(i18n, tokens.reference)}</a></p>
            <CreateToken created reload/>
            {move || created.get().map(|made| view! { <Secret made created/> })}
            <section class="card" aria-labelledby="tokens-list">
                <h2 id="tokens-list">{t!(i18n, tokens.list_title)}</h2>
                <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match tokens.await {
                            Ok(list) => view! { <TokenTable list reload/> }.into_any(),
                            Err(e) => view! { <p class="banner error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn CreateToken(created: RwSignal<Option<NewToken>>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let expiry = RwSignal::new(EXPIRIES[0]);
    let create = Action::new(move |(name, days): &(String, Option<i64>)| {
        let (name, days) = (name.clone(), *days);
        async move { create_api_token(name, days).await }
    });
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match create.value().get() {
        Some(Ok(made)) => {
            created.set(Some(made));
            name.set(String::new());
            error.set(None);
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let issue = move |field: Field| server_issue(error, field);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch((name.get_untracked(), expiry.get_untracked()));
    };
    let l = i18n.get_locale_untracked();
    view! {
        <form class="card form" on:submit=submit novalidate>
            <h2>{t!(i18n, tokens.create_title)}</h2>
            <div class="form-row">
                <TextField id="token-name" label=t_string!(i18n, tokens.name) hint=t_string!(i18n, tokens.name_hint)
                    value=name on_input=move |v| name.set(v) issue=issue(Field::TokenName) required=true autocomplete="off"/>
                <div class="field">
                    <label for="token-expiry">{t!(i18n, tokens.expiry)}</label>
                    <select id="token-expiry" name="token-expiry"
                        on:change=move |ev| expiry.set(event_target_value(&ev).parse::<i64>().ok())>
                        {EXPIRIES.into_iter().map(|days| view! {
                            <option value=days.map(|d| d.to_string()).unwrap_or_default() selected=move || expiry.get() == days>
                                {expiry_text(l, days)}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <ServerError error/>
            <button type="submit" class="btn btn-primary" disabled=move || create.pending().get()>{t!(i18n, tokens.create)}</button>
        </form>
    }
}

fn expiry_text(l: Locale, days: Option<i64>) -> String {
    match days {
        None => td_string!(l, tokens.never_expires).to_string(),
        Some(days) => td_string!(l, tokens.days, days = crate::domain::format::days(l, days)).to_string(),
    }
}

/// The new secret, shown this once.
#[component]
fn Secret(made: NewToken, created: RwSignal<Option<NewToken>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card secret" role="status" aria-labelledby="token-secret-title">
            <h2 id="token-secret-title">{t!(i18n, tokens.created_title, name = made.token.name.clone())}</h2>
            <p>{t!(i18n, tokens.created_hint)}</p>
            <label for="token-secret" class="visually-hidden">{t!(i18n, tokens.secret)}</label>
            <input id="token-secret" class="secret-value" type="text" readonly value=made.secret.clone()
                on:focus=move |ev| {
                    #[cfg(feature = "hydrate")]
                    {
                        use wasm_bindgen::JsCast;
                        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            input.select();
                        }
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = ev;
                }/>
            <button type="button" class="btn btn-secondary" on:click=move |_| created.set(None)>{t!(i18n, tokens.dismiss)}</button>
        </section>
    }
}

#[component]
fn TokenTable(list: Vec<TokenView>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let revoke = Action::new(move |id: &String| {
        let id = id.clone();
        async move { revoke_api_token(id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = revoke.value().get() {
            reload.update(|n| *n += 1);
        }
    });
    if list.is_empty() {
        return view! {
            <div class="empty-state">
                <p class="empty-title">{t!(i18n, tokens.empty)}</p>
                <p class="muted">{t!(i18n, tokens.empty_hint)}</p>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, tokens.name)}</th>
                        <th scope="col">{t!(i18n, tokens.token)}</th>
                        <th scope="col">{t!(i18n, tokens.created)}</th>
                        <th scope="col">{t!(i18n, tokens.expires)}</th>
                        <th scope="col">{t!(i18n, tokens.last_used)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, tokens.actions)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|token| {
                        let id = token.id.clone();
                        let label = t_string!(i18n, tokens.revoke_named, name = token.name.clone()).to_string();
                        view! {
                            <tr>
                                <td>{token.name.clone()}</td>
                                <td><code>{format!("{}…", token.prefix)}</code></td>
                                <td><LocalTime at=token.created_at/></td>
                                <td>{match token.expires_at {
                                    Some(at) => view! { <LocalTime at/> }.into_any(),
                                    None => view! { <span class="muted">{t!(i18n, tokens.never_expires)}</span> }.into_any(),
                                }}</td>
                                <td>{match token.last_used_at {
                                    Some(at) => view! { <LocalTime at/> }.into_any(),
                                    None => view! { <span class="muted">{t!(i18n, tokens.never_used)}</span> }.into_any(),
                                }}</td>
                                <td>
                                    <button type="button" class="btn btn-quiet" aria-label=label
                                        disabled=move || revoke.pending().get()
                                        on:click=move |_| { revoke.dispatch(id.clone()); }>
                                        {t!(i18n, tokens.revoke)}
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
