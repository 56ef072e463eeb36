//! R-NEW-5: the fields of one partner invitation, the same on the deal page and in the wizard's
//! selling step: the partner, the solutions it should bring, date, value, why, the help needed,
//! and which of our team members work with it.

use crate::components::field::{FieldMessage, TextField, bind};
use crate::domain::catalog::SolutionInfo;
use crate::domain::invitations::{InvitationDraft, PartnerOption};
use crate::domain::issues::{Field, Issue};
use crate::i18n::*;
use leptos::prelude::*;

/// A team member offered for the invitation: name and e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
}

#[component]
pub fn InvitationFields(
    draft: RwSignal<InvitationDraft>,
    partners: Vec<PartnerOption>,
    catalog: Vec<SolutionInfo>,
    team: Vec<Person>,
    issue: impl Fn(Field) -> Signal<Option<Issue>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |get, set| bind(draft, get, set);
    let (close, close_in) = text(|d| d.close_date.clone(), |d, v| d.close_date = v);
    let (value, value_in) = text(|d| d.value.clone(), |d, v| d.value = v);
    let (currency, currency_in) = text(|d| d.currency.clone(), |d, v| d.currency = v);
    let (notes, notes_in) = text(|d| d.notes.clone(), |d, v| d.notes = v);
    let (help, help_in) = text(|d| d.help_needed.clone(), |d, v| d.help_needed = v);
    let toggle = move |list: fn(&mut InvitationDraft) -> &mut Vec<String>, item: String, on: bool| {
        draft.update(|d| {
            let list = list(d);
            list.retain(|x| *x != item);
            if on {
                list.push(item);
            }
        })
    };
    view! {
        <div class="field">
            <label for="invite-partner">{t!(i18n, invite.partner)}</label>
            <select id="invite-partner" aria-describedby="invite-partner-msg" on:change=move |ev| draft.update(|d| d.partner_org_id = event_target_value(&ev))>
                <option value="">{t!(i18n, invite.choose)}</option>
                {partners
                    .into_iter()
                    .map(|p| {
                        let selected = draft.with_untracked(|d| d.partner_org_id == p.id);
                        view! { <option value=p.id selected=selected>{p.name}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldMessage id="invite-partner-msg".to_string() issue=issue(Field::Partner)/>
        </div>
        <fieldset class="group">
            <legend>{t!(i18n, invite.solutions)}</legend>
            <FieldMessage id="invite-solutions-msg".to_string() issue=issue(Field::Solutions)/>
            <div class="check-list">
                {catalog
                    .into_iter()
                    .map(|s| {
                        let input_id = format!("invite-solution-{}", s.id);
                        let checked = draft.with_untracked(|d| d.solution_ids.contains(&s.id));
                        let sid = s.id.clone();
                        view! {
                            <div class="check">
                                <input type="checkbox" id=input_id.clone() checked=checked
                                    on:change=move |ev| toggle(|d| &mut d.solution_ids, sid.clone(), event_target_checked(&ev))/>
                                <label for=input_id>{s.name} <span class="muted">" · " {s.owner_name}</span></label>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
        <div class="grid-3">
            <TextField id="invite-close" label=t_string!(i18n, wizard.details.close_date) value=close on_input=close_in issue=issue(Field::CloseDate) required=true kind="date"/>
            <TextField id="invite-value" label=t_string!(i18n, wizard.details.value) value=value on_input=value_in issue=issue(Field::Value) required=true input_mode="decimal"/>
            <TextField id="invite-currency" label=t_string!(i18n, wizard.details.currency) value=currency on_input=currency_in issue=issue(Field::Currency) required=true/>
        </div>
        <TextField id="invite-notes" label=t_string!(i18n, invite.why) value=notes on_input=notes_in issue=issue(Field::Notes) multiline=true/>
        <TextField id="invite-help" label=t_string!(i18n, invite.help) value=help on_input=help_in issue=issue(Field::PartnerHelp)/>
        <fieldset class="group">
            <legend>{t!(i18n, invite.team)}</legend>
            <FieldMessage id="invite-team-msg".to_string() issue=issue(Field::Team)/>
            {team
                .into_iter()
                .enumerate()
                .map(|(i, m)| {
                    let input_id = format!("invite-member-{i}");
                    let checked = draft.with_untracked(|d| d.team_emails.contains(&m.email));
                    let email = m.email.clone();
                    view! {
                        <div class="check">
                            <input type="checkbox" id=input_id.clone() checked=checked
                                on:change=move |ev| toggle(|d| &mut d.team_emails, email.clone(), event_target_checked(&ev))/>
                            <label for=input_id>{m.name} <span class="muted">" · " {m.email}</span></label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
        <p class="muted">{t!(i18n, invite.fixed)}</p>
    }
}
