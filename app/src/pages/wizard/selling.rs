//! Step Selling type (§3a): Q-HELP and Q-VIEW, the resulting type shown live (R-TYPE-0..3).

use super::Wiz;
use crate::components::field::FieldMessage;
use crate::components::text::{deal_type_explanation, deal_type_text, help_text};
use crate::domain::catalog::help_options;
use crate::domain::deal::HelpNeeded;
use crate::domain::issues::Field;
use crate::domain::wizard::{self, Step};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn SellingStep() -> impl IntoView {
    let i18n = use_i18n();
    let wiz = expect_context::<Wiz>();
    let help = move || wiz.draft.with(|d| d.help);
    let forced = move || help() != HelpNeeded::None;
    let share = move || forced() || wiz.draft.with(|d| d.share_with_microsoft);
    let deal_type = move || wiz.with_ctx(wizard::deal_type);
    let contact_missing = move || {
        let issues = wiz.step_issues(Step::Selling);
        [Field::ContactName, Field::ContactPhone, Field::ContactEmail, Field::ContactConsent]
            .iter()
            .any(|f| issues.for_field(*f).is_some_and(|i| i.is_error()))
    };
    let set_share = move |yes: bool| wiz.edit(Field::ShareWithMicrosoft, |d| d.share_with_microsoft = yes);
    view! {
        <div class="field">
            <label for="help">{t!(i18n, wizard.selling.help)}</label>
            <select
                id="help"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    wiz.edit(Field::Help, |d| d.help = HelpNeeded::parse(&v).unwrap_or(HelpNeeded::None));
                }
            >
                {help_options()
                    .iter()
                    .map(|h| {
                        let h = *h;
                        view! { <option value=h.as_str() selected=move || help() == h>{move || help_text(i18n.get_locale(), h)}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <fieldset class="group radios" aria-describedby="share-hint share-msg">
            <legend>{t!(i18n, wizard.selling.view)}</legend>
            <div class="radio">
                <input id="share-yes" type="radio" name="share" prop:checked=share disabled=forced on:change=move |_| set_share(true)/>
                <label for="share-yes">{t!(i18n, wizard.selling.yes)}</label>
            </div>
            <div class="radio">
                <input id="share-no" type="radio" name="share" prop:checked=move || !share() disabled=forced on:change=move |_| set_share(false)/>
                <label for="share-no">{t!(i18n, wizard.selling.no)}</label>
            </div>
            <p id="share-hint" class="field-hint">{move || forced().then(|| t_string!(i18n, wizard.selling.forced_yes))}</p>
            <FieldMessage id="share-msg".to_string() issue=Signal::derive(move || wiz.step_issues(Step::Selling).for_field(Field::ShareWithMicrosoft).cloned())/>
        </fieldset>
        <div class="type-live" aria-live="polite" data-testid="live-type">
            <span class="muted">{t!(i18n, wizard.selling.type_label)} ": "</span>
            <strong>{move || deal_type_text(i18n.get_locale(), deal_type())}</strong>
            <p class="muted">{move || deal_type_explanation(i18n.get_locale(), deal_type())}</p>
        </div>
        <Show when=contact_missing>
            <div class="banner warning" role="alert">
                <p>{t!(i18n, wizard.selling.contact_missing)}</p>
                <button type="button" class="btn" on:click=move |_| wiz.step.set(Step::Customer)>{t!(i18n, wizard.selling.go_customer)}</button>
            </div>
        </Show>
        <fieldset class="group" disabled>
            <legend>{t!(i18n, wizard.selling.partners_legend)}</legend>
            <p class="muted">{t!(i18n, wizard.selling.partners_later)}</p>
        </fieldset>
    }
}
