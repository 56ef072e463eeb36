//! X-API: Settings → Webhooks, for an organization's admins: register an address for referral
//! events (the signing secret shown once), see each hook's latest attempts, resume a paused hook,
//! delete one.

use crate::api::dto::{HookAttemptView, NewWebhook, WebhookView};
use crate::api::{AppError, create_webhook, delete_webhook, resume_webhook, webhooks};
use crate::components::field::{FieldMessage, ServerError, TextField, server_issue};
use crate::components::text::app_error_text;
use crate::components::time::LocalTime;
use crate::domain::issues::Field;
use crate::domain::webhooks::HookEvent;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let hooks = Resource::new(move || reload.get(), |_| webhooks());
    let created = RwSignal::new(None::<NewWebhook>);
    view! {
        <div class="page-head">
            <h1>{t!(i18n, hooks.title)}</h1>
        </div>
        <div class="stack">
            <p class="muted">{t!(i18n, hooks.intro)}</p>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match hooks.await {
                        Ok(list) => view! {
                            <NewHook created reload/>
                            {move || created.get().map(|made| view! { <HookSecret made created/> })}
                            <HookList list reload/>
                        }.into_any(),
                        Err(e) => view! { <p class="banner error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

fn event_text(l: Locale, e: HookEvent) -> &'static str {
    match e {
        HookEvent::ReferralCreated => td_string!(l, hooks.created_event),
        HookEvent::ReferralUpdated => td_string!(l, hooks.updated_event),
    }
}

#[component]
fn NewHook(created: RwSignal<Option<NewWebhook>>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let url = RwSignal::new(String::new());
    let events = RwSignal::new(HookEvent::ALL.to_vec());
    let error = RwSignal::new(None::<AppError>);
    let create = Action::new(move |(url, events): &(String, Vec<HookEvent>)| {
        let (url, events) = (url.clone(), events.clone());
        async move { create_webhook(url, events).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(made)) => {
            created.set(Some(made));
            url.set(String::new());
            error.set(None);
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let issue = move |field: Field| server_issue(error, field);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch((url.get_untracked(), events.get_untracked()));
    };
    view! {
        <form class="card form" on:submit=submit novalidate>
            <h2>{t!(i18n, hooks.create_title)}</h2>
            <TextField id="webhook-url" label=t_string!(i18n, hooks.url) hint=t_string!(i18n, hooks.url_hint) kind="url"
                value=url on_input=move |v| url.set(v) issue=issue(Field::WebhookUrl) required=true autocomplete="off"/>
            <fieldset class="plain-fieldset" aria-describedby="webhook-events-msg">
                <legend>{t!(i18n, hooks.events)}</legend>
                {HookEvent::ALL.iter().copied().map(|e| {
                    let id = format!("webhook-event-{}", e.as_str());
                    view! {
                        <div class="check">
                            <input id=id.clone() type="checkbox" prop:checked=move || events.with(|list| list.contains(&e))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    events.update(|list| { list.retain(|x| *x != e); if on { list.push(e); } });
                                }/>
                            <label for=id>{event_text(l, e)} " " <code>{e.as_str()}</code></label>
                        </div>
                    }
                }).collect_view()}
                <FieldMessage id="webhook-events-msg".to_string() issue=issue(Field::WebhookEvents)/>
            </fieldset>
            <ServerError error/>
            <button type="submit" class="btn btn-primary" disabled=move || create.pending().get()>{t!(i18n, hooks.create)}</button>
        </form>
    }
}

#[component]
fn HookSecret(made: NewWebhook, created: RwSignal<Option<NewWebhook>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card secret" role="status" aria-labelledby="webhook-secret-title">
            <h2 id="webhook-secret-title">{t!(i18n, hooks.secret_title)}</h2>
            <p>{t!(i18n, hooks.secret_hint)}</p>
            <label for="webhook-secret" class="visually-hidden">{t!(i18n, hooks.secret)}</label>
            <input id="webhook-secret" class="secret-value" type="text" readonly value=made.secret.clone()/>
            <button type="button" class="btn btn-secondary" on:click=move |_| created.set(None)>{t!(i18n, tokens.dismiss)}</button>
        </section>
    }
}

#[component]
fn HookList(list: Vec<WebhookView>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! {
            <section class="card">
                <div class="empty-state">
                    <p class="empty-title">{t!(i18n, hooks.empty)}</p>
                    <p class="muted">{t!(i18n, hooks.empty_hint)}</p>
                </div>
            </section>
        }
        .into_any();
    }
    list.into_iter().map(|hook| view! { <Hook hook reload/> }).collect_view().into_any()
}

#[component]
fn Hook(hook: WebhookView, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let change = Action::new(move |(id, resume): &(String, bool)| {
        let (id, resume) = (id.clone(), *resume);
        async move { if resume { resume_webhook(id).await } else { delete_webhook(id).await } }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            reload.update(|n| *n += 1);
        }
    });
    let heading = format!("webhook-{}", hook.id);
    let heading_id = heading.clone();
    let (resume_id, delete_id) = (hook.id.clone(), hook.id.clone());
    let state = match (hook.paused_at, hook.failing_since) {
        (Some(at), _) => view! { <p class="banner error" role="status">{t!(i18n, hooks.paused)} " " <LocalTime at/></p> }.into_any(),
        (None, Some(at)) => view! { <p class="banner warning" role="status">{t!(i18n, hooks.failing)} " " <LocalTime at/></p> }.into_any(),
        (None, None) => view! { <p class="badge">{t!(i18n, hooks.active)}</p> }.into_any(),
    };
    let paused = hook.paused_at.is_some();
    let events: Vec<&'static str> = hook.events.iter().map(|e| event_text(l, *e)).collect();
    view! {
        <section class="card" aria-labelledby=heading.clone()>
            <div class="card-head">
                <h2 id=heading_id><code>{hook.url.clone()}</code></h2>
                <div class="actions">
                    {paused.then(|| view! {
                        <button type="button" class="btn btn-secondary" on:click=move |_| { change.dispatch((resume_id.clone(), true)); }>{t!(i18n, hooks.resume)}</button>
                    })}
                    <button type="button" class="btn btn-quiet" on:click=move |_| { change.dispatch((delete_id.clone(), false)); }>{t!(i18n, hooks.delete)}</button>
                </div>
            </div>
            {state}
            <p class="muted">{t!(i18n, hooks.sends)} " " {events.join(", ")}</p>
            <Attempts attempts=hook.attempts/>
        </section>
    }
}

#[component]
fn Attempts(attempts: Vec<HookAttemptView>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    if attempts.is_empty() {
        return view! { <p class="muted">{t!(i18n, hooks.no_attempts)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">{t!(i18n, hooks.attempts)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, hooks.when)}</th>
                        <th scope="col">{t!(i18n, hooks.event)}</th>
                        <th scope="col">{t!(i18n, hooks.result)}</th>
                        <th scope="col">{t!(i18n, hooks.duration)}</th>
                    </tr>
                </thead>
                <tbody>
                    {attempts.into_iter().map(|a| {
                        let result = match (a.status_code, a.error) {
                            (Some(code), _) if (200..300).contains(&code) => td_string!(l, hooks.delivered, code = code).to_string(),
                            (Some(code), _) => td_string!(l, hooks.refused, code = code).to_string(),
                            (None, error) => td_string!(l, hooks.unreachable, error = error.unwrap_or_default()).to_string(),
                        };
                        view! {
                            <tr>
                                <td><LocalTime at=a.at/></td>
                                <td><code>{a.event.map(|e| e.as_str()).unwrap_or("")}</code></td>
                                <td>{result}</td>
                                <td>{td_string!(l, hooks.ms, ms = a.duration_ms).to_string()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
