//! The deal team (R-NEW-3, R-LIFE-3, R-LIFE-6): who works the deal; while the deal is open, the
//! company adds and removes its own members. At least one member always remains.

use crate::api::dto::MemberView;
use crate::components::field::{TextField, bind};
use crate::components::text::app_error_text;
use crate::domain::actions::DealAction;
use crate::domain::issues::{Field, Issue};
use crate::domain::team::MemberDraft;
use crate::i18n::*;
use crate::pages::deal_panel::{DealActor, deal_actor, issue_of};
use crate::api::AppError;
use leptos::prelude::*;

#[component]
pub fn TeamCard(id: String, team: Vec<MemberView>, editable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let DealActor { send, error, .. } = deal_actor(id, RwSignal::new(None));
    let issue = issue_of(error);
    let member = RwSignal::new(MemberDraft::default());
    let editing = RwSignal::new(None::<usize>);
    let add = move |_| send.run((DealAction::AddMember(member.get_untracked()), td_string!(l, team.added).to_string()));
    let problem = move || match error.get() {
        Some(AppError::Invalid(_)) | None => None,
        Some(e) => Some(view! { <p class="banner error" role="alert">{app_error_text(l, &e)}</p> }),
    };
    view! {
        <section class="card" aria-labelledby="sec-team">
            <h2 id="sec-team">{t!(i18n, deal.sections.team)}</h2>
            {problem}
            <table class="plain">
                <thead><tr>
                    <th scope="col">{t!(i18n, wizard.team.name)}</th>
                    <th scope="col">{t!(i18n, wizard.team.phone)}</th>
                    <th scope="col">{t!(i18n, wizard.team.email)}</th>
                    {editable.then(|| view! { <th scope="col"><span class="visually-hidden">{t!(i18n, team.actions)}</span></th> })}
                </tr></thead>
                <tbody>
                    {team.into_iter().enumerate().map(|(index, m)| {
                        let mine = editable && m.own;
                        view! { <MemberRow index member=m editable=mine editing send issue/> }
                    }).collect_view()}
                </tbody>
            </table>
            {editable.then(|| view! {
                <details class="add-member">
                    <summary>{t!(i18n, team.add)}</summary>
                    <MemberFields prefix="member" member issue/>
                    <div class="actions"><button type="button" class="btn" on:click=add>{t!(i18n, team.add_button)}</button></div>
                </details>
            })}
        </section>
    }
}

/// One member: their contact, and for the company's own members on an open deal, edit in place
/// (R-LIFE-6) and remove.
#[component]
fn MemberRow(
    index: usize,
    member: MemberView,
    editable: bool,
    editing: RwSignal<Option<usize>>,
    send: crate::pages::deal_panel::OnAct,
    issue: impl Fn(Field) -> Signal<Option<Issue>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let remove_label = td_string!(l, team.remove, name = member.name.clone()).to_string();
    let edit_label = td_string!(l, team.edit, name = member.name.clone()).to_string();
    let draft = RwSignal::new(MemberDraft { name: member.name.clone(), phone: member.phone.clone(), email: member.email.clone() });
    let save = move |_| send.run((DealAction::ChangeMember { index, member: draft.get_untracked() }, td_string!(l, team.changed).to_string()));
    let columns = if editable { 4 } else { 3 };
    view! {
        <tr>
            <td>{member.name.clone()}</td><td>{member.phone.clone()}</td><td>{member.email.clone()}</td>
            {editable.then(|| view! {
                <td><div class="row-actions">
                    <button type="button" class="btn btn-small btn-quiet" aria-label=edit_label
                        aria-expanded=move || (editing.get() == Some(index)).to_string()
                        on:click=move |_| editing.set(Some(index))>
                        {t!(i18n, team.edit_short)}
                    </button>
                    <button type="button" class="btn btn-small btn-quiet" aria-label=remove_label
                        on:click=move |_| send.run((DealAction::RemoveMember { index }, td_string!(l, team.removed).to_string()))>
                        {t!(i18n, team.remove_short)}
                    </button>
                </div></td>
            })}
        </tr>
        <Show when=move || editing.get() == Some(index)>
            <tr class="edit-row"><td colspan=columns>
                <MemberFields prefix="edit-member" member=draft issue/>
                <div class="actions">
                    <button type="button" class="btn btn-primary" on:click=save>{t!(i18n, next.save)}</button>
                    <button type="button" class="btn" on:click=move |_| editing.set(None)>{t!(i18n, next.cancel)}</button>
                </div>
            </td></tr>
        </Show>
    }
}

/// One person's name, phone and e-mail, with the server's messages beside each (R-NEW-3).
#[component]
pub fn MemberFields(
    prefix: &'static str,
    member: RwSignal<MemberDraft>,
    issue: impl Fn(Field) -> Signal<Option<Issue>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |get, set| bind(member, get, set);
    let (name, name_in) = field(|m| m.name.clone(), |m, v| m.name = v);
    let (phone, phone_in) = field(|m| m.phone.clone(), |m, v| m.phone = v);
    let (email, email_in) = field(|m| m.email.clone(), |m, v| m.email = v);
    view! {
        <div class="grid-3">
            <TextField id=format!("{prefix}-name") label=t_string!(i18n, wizard.team.name) value=name on_input=name_in issue=issue(Field::MemberName(0)) required=true autocomplete="off"/>
            <TextField id=format!("{prefix}-phone") label=t_string!(i18n, wizard.team.phone) value=phone on_input=phone_in issue=issue(Field::MemberPhone(0)) required=true kind="tel" autocomplete="off"/>
            <TextField id=format!("{prefix}-email") label=t_string!(i18n, wizard.team.email) value=email on_input=email_in issue=issue(Field::MemberEmail(0)) required=true kind="email" autocomplete="off"/>
        </div>
    }
}
