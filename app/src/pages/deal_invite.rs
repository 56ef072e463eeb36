//! R-NEW-5, R-TYPE-4, R-TYPE-6: inviting another partner to a deal we originated. What is asked of
//! the partner (date, value, why, our people, the solutions it should bring, the help needed) is
//! fixed once sent.

use crate::api::dto::MemberView;
use crate::api::invitation_options;
use crate::components::field::{FieldMessage, TextField, bind};
use crate::components::text::app_error_text;
use crate::domain::actions::{DealAction, InvitationDraft};
use crate::domain::issues::{Field, Issue};
use crate::i18n::*;
use crate::pages::deal_actions::{OnAct, Panel};
use leptos::prelude::*;

#[component]
pub fn InvitePartner(
    deal_id: String,
    team: Vec<MemberView>,
    close_date: String,
    currency: String,
    open: RwSignal<Option<Panel>>,
    #[prop(into)] send: OnAct,
    issue: impl Fn(Field) -> Signal<Option<Issue>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let draft = RwSignal::new(InvitationDraft {
        close_date,
        currency,
        team_emails: team.iter().map(|m| m.email.clone()).collect(),
        ..Default::default()
    });
    let text = move |get, set| bind(draft, get, set);
    let (close, close_in) = text(|d| d.close_date.clone(), |d, v| d.close_date = v);
    let (value, value_in) = text(|d| d.value.clone(), |d, v| d.value = v);
    let (currency, currency_in) = text(|d| d.currency.clone(), |d, v| d.currency = v);
    let (notes, notes_in) = text(|d| d.notes.clone(), |d, v| d.notes = v);
    let (help, help_in) = text(|d| d.help_needed.clone(), |d, v| d.help_needed = v);
    let invite = move |_| send.run((DealAction::InvitePartner(draft.get_untracked()), td_string!(l, invite.sent).to_string()));
    let team = StoredValue::new(team);
    let options = move || deal_id.clone();
    view! {
        <div class="next-group">
            <h3>{t!(i18n, invite.title)}</h3>
            <Show
                when=move || open.get() == Some(Panel::InvitePartner)
                fallback=move || view! { <div class="actions"><button type="button" class="btn" on:click=move |_| open.set(Some(Panel::InvitePartner))>{t!(i18n, invite.open)}</button></div> }
            >
                {
                    let choices = Resource::new(options.clone(), invitation_options);
                    view! {
                        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
                            {move || Suspend::new(async move {
                                match choices.await {
                                    Err(e) => view! { <p class="banner error" role="alert">{app_error_text(l, &e)}</p> }.into_any(),
                                    Ok(o) => view! {
                                        <div class="field">
                                            <label for="invite-partner">{t!(i18n, invite.partner)}</label>
                                            <select id="invite-partner" aria-describedby="invite-partner-msg"
                                                on:change=move |ev| draft.update(|d| d.partner_org_id = event_target_value(&ev))>
                                                <option value="">{t!(i18n, invite.choose)}</option>
                                                {o.partners.iter().map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> }).collect_view()}
                                            </select>
                                            <FieldMessage id="invite-partner-msg".to_string() issue=issue(Field::Partner)/>
                                        </div>
                                        <fieldset class="group">
                                            <legend>{t!(i18n, invite.solutions)}</legend>
                                            <FieldMessage id="invite-solutions-msg".to_string() issue=issue(Field::Solutions)/>
                                            <div class="check-list">
                                                {o.catalog.iter().map(|s| {
                                                    let sid = s.id.clone();
                                                    let input_id = format!("invite-solution-{}", s.id);
                                                    view! {
                                                        <div class="check">
                                                            <input type="checkbox" id=input_id.clone() on:change=move |ev| {
                                                                let on = event_target_checked(&ev);
                                                                let sid = sid.clone();
                                                                draft.update(|d| { d.solution_ids.retain(|x| *x != sid); if on { d.solution_ids.push(sid); } });
                                                            }/>
                                                            <label for=input_id>{s.name.clone()} <span class="muted">" · " {s.owner_name.clone()}</span></label>
                                                        </div>
                                                    }
                                                }).collect_view()}
                                            </div>
                                        </fieldset>
                                    }.into_any(),
                                }
                            })}
                        </Suspense>
                    }
                }
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
                    {team.get_value().into_iter().enumerate().map(|(i, m)| {
                        let email = m.email.clone();
                        let input_id = format!("invite-member-{i}");
                        view! {
                            <div class="check">
                                <input type="checkbox" id=input_id.clone() checked=true on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let email = email.clone();
                                    draft.update(|d| { d.team_emails.retain(|x| *x != email); if on { d.team_emails.push(email); } });
                                }/>
                                <label for=input_id>{m.name.clone()} <span class="muted">" · " {m.email.clone()}</span></label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <p class="muted">{t!(i18n, invite.fixed)}</p>
                <div class="actions">
                    <button type="button" class="btn btn-primary" on:click=invite>{t!(i18n, invite.send)}</button>
                    <button type="button" class="btn" on:click=move |_| open.set(None)>{t!(i18n, next.cancel)}</button>
                </div>
            </Show>
        </div>
    }
}
