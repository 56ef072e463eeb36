//! Step Review → Create. The server runs every rule again; its refusals go back beside the fields.

use super::Wiz;
use crate::api::{AppError, create_deal, send_referral};
use crate::components::text::{app_error_text, category_text, country_name, deal_type_text, help_text, issue_text, step_text};
use crate::domain::issues::Issues;
use crate::domain::format;
use crate::domain::money::Amount;
use crate::domain::wizard::{self, Step, step_of};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn ReviewStep() -> impl IntoView {
    let i18n = use_i18n();
    let wiz = expect_context::<Wiz>();
    let confirmed = RwSignal::new(false);
    let referral_to = wiz.referral_to();
    let partner_id = referral_to.as_ref().map(|p| p.id.clone());
    let create = Action::new(move |confirm: &bool| {
        let draft = wiz.draft.get_untracked();
        let confirm = *confirm;
        let partner_id = partner_id.clone();
        let draft_id = wiz.autosave.id.get_untracked();
        async move {
            match partner_id {
                Some(partner_id) => send_referral(partner_id, draft, confirm, draft_id).await,
                None => create_deal(draft, confirm, draft_id).await,
            }
        }
    });
    let referral = referral_to.is_some();
    let navigate = use_navigate();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(id)) => navigate(&format!("/deals/{id}?{}=1", if referral { "referred" } else { "created" }), Default::default()),
        Some(Err(AppError::Invalid(issues))) => {
            // Send the user to the first step with a refused field; everything typed stays.
            let first = issues.0.iter().find(|i| i.is_error()).map(|i| step_of(i.field));
            wiz.server_issues.set(issues);
            if let Some(step) = first {
                wiz.step.set(step);
            }
        }
        _ => {}
    });
    let issues = move || wiz.step_issues(Step::Review);
    let warnings = move || Issues(issues().0.into_iter().filter(|i| !i.is_error()).collect());
    let blocked = move || issues().has_errors() || (warnings().has_warnings() && !confirmed.get()) || create.pending().get();
    let l = move || i18n.get_locale();
    let edit = move |step: Step| view! {
        <button type="button" class="btn btn-quiet btn-small" on:click=move |_| wiz.step.set(step)>
            {t!(i18n, wizard.review.edit)} <span class="visually-hidden">" " {move || step_text(l(), step)}</span>
        </button>
    };
    let d = move || wiz.draft.get();
    view! {
        <div class="review">
            {referral_to.map(|p| view! {
                <section class="card">
                    <h3>{t!(i18n, referral.partner)}</h3>
                    <p><strong>{p.name}</strong></p>
                </section>
            })}
            <section class="card">
                <h3>{move || step_text(l(), Step::Customer)} {edit(Step::Customer)}</h3>
                <p>{move || wiz.customer.get().map(|c| format!("{} · {}, {} · D-U-N-S {}", c.name, c.city, country_name(l(), &c.country), c.duns))}</p>
                <p class="muted">{move || { let c = d().contact; [c.name, c.phone, c.email] }.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")}</p>
            </section>
            <section class="card">
                <h3>{move || step_text(l(), Step::Details)} {edit(Step::Details)}</h3>
                <p><strong>{move || d().deal_name}</strong></p>
                <p>{move || Amount::parse(&d().value).map(|a| format::money(l(), a.value(), &d().currency)).unwrap_or_default()} " · " {move || format::typed_date(l(), &d().close_date)}</p>
                <p class="muted">{move || wiz.options.with_value(|o| o.locations.iter().find(|x| x.id == d().location_id).map(|x| format!("{}, {}", x.city, country_name(l(), &x.country))))}</p>
            </section>
            {(!referral).then(|| view! {
                <section class="card">
                    <h3>{move || step_text(l(), Step::Team)} {edit(Step::Team)}</h3>
                    <ul>{move || d().team.into_iter().map(|m| view! { <li>{format!("{} · {} · {}", m.name, m.phone, m.email)}</li> }).collect_view()}</ul>
                </section>
            })}
            <section class="card">
                <h3>{move || step_text(l(), Step::Solutions)} {edit(Step::Solutions)}</h3>
                <ul>
                    {move || wiz.options.with_value(|o| {
                        d().solution_ids.iter().filter_map(|id| o.catalog.iter().find(|s| &s.id == id)).map(|s| {
                            view! { <li>{s.name.clone()} <span class="muted">" · " {category_text(l(), s.category)}</span></li> }
                        }).collect_view()
                    })}
                </ul>
            </section>
            <section class="card">
                <h3>{move || step_text(l(), Step::Selling)}</h3>
                <p><strong>{move || deal_type_text(l(), wiz.with_ctx(wizard::deal_type))}</strong></p>
                <p class="muted">{move || help_text(l(), d().help)}</p>
                <ul data-testid="review-partners">
                    {move || wiz.options.with_value(|o| {
                        d().invitations.into_iter().filter_map(|i| o.partners.iter().find(|p| p.id == i.partner_org_id).map(|p| (p.name.clone(), i))).map(|(name, i)| {
                            let value = Amount::parse(&i.value).map(|a| format::money(l(), a.value(), &i.currency)).unwrap_or_default();
                            view! { <li>{name} <span class="muted">" · " {value} " · " {format::typed_date(l(), &i.close_date)}</span></li> }
                        }).collect_view()
                    })}
                </ul>
            </section>
        </div>
        <Show when=move || warnings().has_warnings()>
            <div class="banner warning" role="alert">
                <p><strong>{t!(i18n, wizard.review.warnings)}</strong></p>
                <ul>{move || warnings().0.into_iter().map(|w| view! { <li>{issue_text(l(), &w.code)}</li> }).collect_view()}</ul>
                <div class="check">
                    <input id="confirm-warnings" type="checkbox" prop:checked=move || confirmed.get() on:change=move |ev| confirmed.set(event_target_checked(&ev))/>
                    <label for="confirm-warnings">{t!(i18n, wizard.review.confirm)}</label>
                </div>
            </div>
        </Show>
        <Show when=move || issues().has_errors()>
            <div class="banner error" role="alert">
                <p>{t!(i18n, wizard.review.has_errors)}</p>
                <ul>
                    {move || issues().0.into_iter().filter(|i| i.is_error()).map(|i| {
                        let step = step_of(i.field);
                        view! { <li><button type="button" class="linklike" on:click=move |_| wiz.step.set(step)>{step_text(l(), step)} ": " {issue_text(l(), &i.code)}</button></li> }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
        {move || create.value().get().and_then(|r| r.err()).filter(|e| !matches!(e, AppError::Invalid(_))).map(|e| {
            view! { <p class="banner error" role="alert">{app_error_text(l(), &e)}</p> }
        })}
        <div class="create-row">
            <button type="button" class="btn btn-primary" disabled=blocked on:click=move |_| { create.dispatch(confirmed.get_untracked()); }>
                {move || match (create.pending().get(), referral) {
                    (true, _) => t_string!(i18n, wizard.creating),
                    (false, true) => t_string!(i18n, referral.send),
                    (false, false) => t_string!(i18n, wizard.create),
                }}
            </button>
        </div>
    }
}
