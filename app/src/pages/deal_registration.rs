//! Deal registration on the deal page (SPEC §8): whether the deal can be registered and why not
//! (R-REG-1), where its review stands (R-REG-4), and the form (R-REG-3).

use crate::api::dto::RegistrationView;
use crate::components::field::{FieldMessage, TextField, bind};
use crate::components::text::{registration_state_text, unmet_text};
use crate::domain::actions::DealAction;
use crate::domain::catalog::SolutionInfo;
use crate::domain::issues::{Field, Issue};
use crate::domain::registration::{ContractKind, RegistrationDraft};
use crate::i18n::*;
use crate::api::{registration_draft, save_registration_draft};
use crate::components::time::LocalTime;
use crate::domain::drafts::RegistrationFormDraft;
use crate::pages::deal_panel::OnAct;
use crate::pages::referrals::Debounce;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// X-DRAFT: the registration form comes back as the user left it (on any device) and is saved as
/// it is typed; sending the registration deletes the draft. Returns when it was last saved.
fn keep_as_draft(deal_id: String, draft: RwSignal<RegistrationDraft>, per_solution: RwSignal<Vec<String>>) -> RwSignal<Option<DateTime<Utc>>> {
    let deal = StoredValue::new(deal_id);
    let id = StoredValue::new(None::<String>);
    let (typed, restoring) = (StoredValue::new(false), StoredValue::new(false));
    let pending = StoredValue::new(None::<Debounce>);
    let saved = RwSignal::new(None);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            let Ok(Some((found, body))) = registration_draft(deal.get_value()).await else { return };
            // Not over what the user has typed meanwhile, nor from a deal whose solutions changed.
            if typed.get_value() || body.per_solution.len() != per_solution.with_untracked(Vec::len) {
                return;
            }
            id.set_value(Some(found));
            restoring.set_value(true);
            draft.set(body.form);
            per_solution.set(body.per_solution);
        });
    });
    Effect::new(move |opened: Option<()>| {
        draft.track();
        per_solution.track();
        if opened.is_none() || std::mem::take(&mut *restoring.write_value()) {
            return;
        }
        typed.set_value(true);
        pending.set_value(Some(Debounce::start(600, move || {
            leptos::task::spawn_local(async move {
                let body = RegistrationFormDraft { form: draft.get_untracked(), per_solution: per_solution.get_untracked() };
                if let Ok(done) = save_registration_draft(id.get_value(), deal.get_value(), body).await {
                    id.set_value(Some(done.id));
                    saved.set(Some(done.updated_at));
                }
            });
        })));
    });
    saved
}

/// R-REG-1, R-REG-4: the registration milestone, or why the deal cannot be registered.
#[component]
pub fn RegistrationStatus(registration: RegistrationView) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let body = match (registration.state, &registration.eligibility) {
        (Some(state), _) => view! {
            <p><span class="muted">{t!(i18n, registration.state_label)} ": "</span> <strong data-testid="registration-state">{registration_state_text(l, state)}</strong></p>
            {registration.reviewer_message.clone().map(|m| view! { <p><span class="muted">{t!(i18n, registration.reviewer_message)} ": "</span> {m}</p> })}
        }
        .into_any(),
        (None, Ok(())) => view! { <p class="eligible">{t!(i18n, registration.eligible)}</p> }.into_any(),
        (None, Err(unmet)) => view! {
            <p>{t!(i18n, registration.not_eligible)}</p>
            <ul class="unmet" data-testid="registration-unmet">{unmet.iter().map(|u| view! { <li>{unmet_text(l, *u)}</li> }).collect_view()}</ul>
        }
        .into_any(),
    };
    view! {
        <section class="card" aria-labelledby="sec-registration">
            <h2 id="sec-registration">{t!(i18n, registration.title)}</h2>
            {registration.early_win_warning.then(|| view! { <p class="banner warning">{t!(i18n, registration.early_warning)}</p> })}
            {body}
        </section>
    }
}

/// R-REG-3: contract, dates, term, customer contact, value per solution, and the confirmation.
#[component]
pub fn RegisterForm(
    deal_id: String,
    solutions: Vec<SolutionInfo>,
    value: String,
    currency: String,
    /// R-REG-4: the reviewer asked for changes; the form goes back to them.
    resubmit: bool,
    #[prop(into)] send: OnAct,
    issue: impl Fn(Field) -> Signal<Option<Issue>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let draft = RwSignal::new(RegistrationDraft {
        contract_value: value,
        currency,
        signed_on: String::new(),
        starts_on: String::new(),
        ends_on: String::new(),
        term_months: "12".into(),
        kind: ContractKind::New,
        contact_name: String::new(),
        contact_email: String::new(),
        contact_phone: String::new(),
        solutions: Vec::new(),
        contract_confirmed: false,
    });
    let per_solution = RwSignal::new(vec![String::new(); solutions.len()]);
    let saved = keep_as_draft(deal_id, draft, per_solution);
    let ids: Vec<String> = solutions.iter().map(|s| s.id.clone()).collect();
    let text = move |get, set| bind(draft, get, set);
    let (contract, contract_in) = text(|d| d.contract_value.clone(), |d, v| d.contract_value = v);
    let (cur, cur_in) = text(|d| d.currency.clone(), |d, v| d.currency = v);
    let (signed, signed_in) = text(|d| d.signed_on.clone(), |d, v| d.signed_on = v);
    let (starts, starts_in) = text(|d| d.starts_on.clone(), |d, v| d.starts_on = v);
    let (ends, ends_in) = text(|d| d.ends_on.clone(), |d, v| d.ends_on = v);
    let (term, term_in) = text(|d| d.term_months.clone(), |d, v| d.term_months = v);
    let (name, name_in) = text(|d| d.contact_name.clone(), |d, v| d.contact_name = v);
    let (email, email_in) = text(|d| d.contact_email.clone(), |d, v| d.contact_email = v);
    let (phone, phone_in) = text(|d| d.contact_phone.clone(), |d, v| d.contact_phone = v);
    let submit = move |_| {
        let mut form = draft.get_untracked();
        form.solutions = ids
            .iter()
            .zip(per_solution.get_untracked())
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(id, v)| (id.clone(), v))
            .collect();
        let action = if resubmit { DealAction::Resubmit(form) } else { DealAction::Register(form) };
        send.run((action, td_string!(l, registration.submitted).to_string()));
    };
    let kind_radio = move |kind: ContractKind, id: &'static str, label: String| {
        view! {
            <div class="radio">
                <input type="radio" name="contract-kind" id=id checked=move || draft.with(|d| d.kind == kind)
                    on:change=move |_| draft.update(|d| d.kind = kind)/>
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <div class="next-group">
            <h3>{t!(i18n, registration.title)}</h3>
            <div class="grid-3">
                <TextField id="reg-value" label=t_string!(i18n, registration.contract_value) value=contract on_input=contract_in issue=issue(Field::ContractValue) required=true input_mode="decimal"/>
                <TextField id="reg-currency" label=t_string!(i18n, registration.currency) value=cur on_input=cur_in issue=issue(Field::ContractCurrency) required=true/>
                <TextField id="reg-term" label=t_string!(i18n, registration.term_months) value=term on_input=term_in issue=issue(Field::TermMonths) required=true input_mode="numeric"/>
                <TextField id="reg-signed" label=t_string!(i18n, registration.signed_on) value=signed on_input=signed_in issue=issue(Field::SignedOn) required=true kind="date"/>
                <TextField id="reg-starts" label=t_string!(i18n, registration.starts_on) value=starts on_input=starts_in issue=issue(Field::StartsOn) required=true kind="date"/>
                <TextField id="reg-ends" label=t_string!(i18n, registration.ends_on) value=ends on_input=ends_in issue=issue(Field::EndsOn) required=true kind="date"/>
            </div>
            <fieldset class="group">
                <legend>{t!(i18n, registration.kind)}</legend>
                {kind_radio(ContractKind::New, "kind-new", t_string!(i18n, registration.kind_new).to_string())}
                {kind_radio(ContractKind::Renewal, "kind-renewal", t_string!(i18n, registration.kind_renewal).to_string())}
            </fieldset>
            <div class="grid-3">
                <TextField id="reg-contact-name" label=t_string!(i18n, registration.contact_name) value=name on_input=name_in issue=issue(Field::RegistrationContactName) required=true/>
                <TextField id="reg-contact-email" label=t_string!(i18n, registration.contact_email) value=email on_input=email_in issue=issue(Field::RegistrationContactEmail) required=true kind="email"/>
                <TextField id="reg-contact-phone" label=t_string!(i18n, registration.contact_phone) value=phone on_input=phone_in issue=issue(Field::RegistrationContactPhone) required=true kind="tel"/>
            </div>
            <fieldset class="group">
                <legend>{t!(i18n, registration.solutions)}</legend>
                <FieldMessage id="reg-solutions-msg".to_string() issue=issue(Field::RegistrationSolutions)/>
                <div class="grid-3">
                    {solutions.into_iter().enumerate().map(|(i, s)| {
                        let label = td_string!(l, registration.solution_value, name = s.name.clone()).to_string();
                        view! {
                            <TextField id=format!("reg-solution-{i}") label value=Signal::derive(move || per_solution.with(|v| v[i].clone()))
                                on_input=Callback::new(move |v: String| per_solution.update(|all| all[i] = v))
                                issue=Signal::derive(|| None) input_mode="decimal"/>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <div class="check">
                <input type="checkbox" id="reg-confirm" aria-describedby="reg-confirm-msg" prop:checked=move || draft.with(|d| d.contract_confirmed)
                    on:change=move |ev| draft.update(|d| d.contract_confirmed = event_target_checked(&ev))/>
                <label for="reg-confirm">{t!(i18n, registration.confirm)}</label>
            </div>
            <FieldMessage id="reg-confirm-msg".to_string() issue=issue(Field::ContractConfirmed)/>
            <div class="actions">
                <button type="button" class="btn btn-primary" on:click=submit>{t!(i18n, registration.submit)}</button>
            </div>
            <p class="draft-status muted" role="status" data-testid="registration-draft-status">
                {move || saved.get().map(|at| view! { {t!(i18n, drafts.saved)} " " <LocalTime at/> })}
            </p>
        </div>
    }
}
