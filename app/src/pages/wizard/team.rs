//! Step Team (R-NEW-3): at least one member; recent contacts one click away.

use super::Wiz;
use crate::api::dto::MemberView;
use crate::components::field::{FieldMessage, TextField};
use crate::domain::issues::Field;
use crate::domain::team::MemberDraft;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn TeamStep() -> impl IntoView {
    let i18n = use_i18n();
    let wiz = expect_context::<Wiz>();
    let recent = wiz.options.with_value(|o| o.recent_contacts.clone());
    // A memo, so rows are rebuilt only when members are added or removed, not on every keystroke.
    let count = Memo::new(move |_| wiz.draft.with(|d| d.team.len()));
    let add_recent = move |m: MemberView| {
        wiz.edit(Field::Team, |d| {
            let member = MemberDraft { name: m.name, phone: m.phone, email: m.email };
            // Fill an untouched empty row first, else append.
            match d.team.iter_mut().find(|t| **t == MemberDraft::default()) {
                Some(slot) => *slot = member,
                None => d.team.push(member),
            }
        });
    };
    view! {
        <p class="muted">{t!(i18n, wizard.team.intro)}</p>
        {(!recent.is_empty()).then(|| view! {
            <div class="recent">
                <h3>{t!(i18n, wizard.team.recent)}</h3>
                <ul class="chips-list">
                    {recent.into_iter().map(|m| {
                        let label = td_string!(i18n.get_locale_untracked(), wizard.team.add_recent, name = m.name.clone()).to_string();
                        let already = {
                            let email = m.email.to_lowercase();
                            move || wiz.draft.with(|d| d.team.iter().any(|t| t.email.to_lowercase() == email))
                        };
                        let pick = m.clone();
                        view! {
                            <li>
                                <button type="button" class="chip" disabled=already on:click=move |_| add_recent(pick.clone())>
                                    {label} <span class="muted">{format!(" · {}", m.email)}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        })}
        {move || (0..count.get()).map(|i| view! { <MemberRow i/> }).collect_view()}
        <FieldMessage id="team-msg".to_string() issue=wiz.issue(Field::Team)/>
        <button type="button" class="btn" on:click=move |_| wiz.edit(Field::Team, |d| d.team.push(MemberDraft::default()))>
            "+ " {t!(i18n, wizard.team.add)}
        </button>
    }
}

#[component]
fn MemberRow(i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let wiz = expect_context::<Wiz>();
    let get = move |f: fn(&MemberDraft) -> String| Signal::derive(move || wiz.draft.with(|d| d.team.get(i).map(f).unwrap_or_default()));
    let set = move |field: Field, f: fn(&mut MemberDraft, String)| {
        Callback::new(move |v: String| wiz.edit(field, |d| if let Some(m) = d.team.get_mut(i) { f(m, v) }))
    };
    let blur = move |field: Field| Callback::new(move |_| wiz.touch(field));
    let remove = move |_| wiz.edit(Field::Team, |d| {
        if i < d.team.len() {
            d.team.remove(i);
        }
    });
    view! {
        <fieldset class="group member">
            <legend>{t!(i18n, wizard.team.legend, n = i + 1)}</legend>
            <div class="grid-3">
                <TextField id=format!("member-{i}-name") label=t_string!(i18n, wizard.team.name) value=get(|m| m.name.clone()) on_input=set(Field::MemberName(i), |m, v| m.name = v) on_blur=blur(Field::MemberName(i)) issue=wiz.issue(Field::MemberName(i)) required=true autocomplete="off"/>
                <TextField id=format!("member-{i}-phone") label=t_string!(i18n, wizard.team.phone) kind="tel" value=get(|m| m.phone.clone()) on_input=set(Field::MemberPhone(i), |m, v| m.phone = v) on_blur=blur(Field::MemberPhone(i)) issue=wiz.issue(Field::MemberPhone(i)) required=true autocomplete="off"/>
                <TextField id=format!("member-{i}-email") label=t_string!(i18n, wizard.team.email) kind="email" value=get(|m| m.email.clone()) on_input=set(Field::MemberEmail(i), |m, v| m.email = v) on_blur=blur(Field::MemberEmail(i)) issue=wiz.issue(Field::MemberEmail(i)) required=true autocomplete="off"/>
            </div>
            <button type="button" class="btn btn-quiet btn-small" on:click=remove>
                {t!(i18n, wizard.team.remove, n = i + 1)}
            </button>
        </fieldset>
    }
}
