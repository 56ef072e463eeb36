//! R-NEW-5, R-TYPE-4, R-TYPE-6: inviting another partner to a deal we originated. What is asked of
//! the partner (date, value, why, our people, the solutions it should bring, the help needed) is
//! fixed once sent.

use crate::api::dto::MemberView;
use crate::api::invitation_options;
use crate::components::text::app_error_text;
use crate::domain::actions::DealAction;
use crate::domain::invitations::InvitationDraft;
use crate::pages::invitation_fields::{InvitationFields, Person};
use crate::domain::issues::{Field, Issue};
use crate::i18n::*;
use crate::pages::deal_panel::{OnAct, Panel};
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
                    let people: Vec<Person> = team.get_value().into_iter().map(|m| Person { name: m.name, email: m.email }).collect();
                    view! {
                        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
                            {move || {
                                let people = people.clone();
                                Suspend::new(async move {
                                    match choices.await {
                                        Err(e) => view! { <p class="banner error" role="alert">{app_error_text(l, &e)}</p> }.into_any(),
                                        Ok(o) => view! { <InvitationFields draft partners=o.partners catalog=o.catalog team=people issue/> }.into_any(),
                                    }
                                })
                            }}
                        </Suspense>
                    }
                }
                <div class="actions">
                    <button type="button" class="btn btn-primary" on:click=invite>{t!(i18n, invite.send)}</button>
                    <button type="button" class="btn" on:click=move |_| open.set(None)>{t!(i18n, next.cancel)}</button>
                </div>
            </Show>
        </div>
    }
}
