//! The deal page's "Next steps": what the viewer may do now (from `lifecycle::next_steps`, so the
//! page offers exactly what the server accepts). Moves that cannot be undone ask for confirmation
//! (R-LIFE-4, R-TYPE-6); the server still checks every rule.

use crate::api::dto::MemberView;
use crate::domain::catalog::SolutionInfo;
use crate::domain::contact::ContactDraft;
use crate::pages::deal_contact::{EditContact, NotOfferedList};
use crate::api::AppError;
use crate::pages::deal_panel::{DealActor, EditPanel, OnAct, Panel, deal_actor, issue_of};
use crate::pages::deal_invite::InvitePartner;
use crate::pages::deal_team::MemberFields;
use crate::pages::deal_registration::RegisterForm;
use crate::components::field::{TextField, bind};
use crate::components::text::{app_error_text, decline_reason_text, help_text, lost_reason_text, stage_text};
use crate::domain::actions::{DealAction, ReviewStep};
use crate::domain::details::DetailsDraft;
use crate::domain::deal::{HelpNeeded, Stage};
use crate::domain::issues::{Field, Issue};
use crate::domain::lifecycle::{NextSteps, ReviewKind};
use crate::domain::reasons::{DeclineReason, LostReason};
use crate::domain::team::MemberDraft;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NextStepsCard(
    id: String,
    next: NextSteps,
    current: DetailsDraft,
    contact: ContactDraft,
    team: Vec<MemberView>,
    solutions: Vec<SolutionInfo>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(None::<Panel>);
    let deal_id = id.clone();
    let registration_of = id.clone();
    let DealActor { send, error, pending } = deal_actor(id, open);
    let issue = issue_of(error);
    let error_text = move || {
        let text = match error.get()? {
            AppError::Invalid(issues) if issues.is_empty() => t_string!(i18n, next.nothing_changed).to_string(),
            AppError::Invalid(_) => return None,
            e => app_error_text(i18n.get_locale_untracked(), &e),
        };
        Some(view! { <p class="banner error" role="alert">{text}</p> })
    };
    if !next.any() {
        return None;
    }
    let respond = next.respond.then(|| view! { <Respond hours=next.hours_to_respond open send issue/> });
    let progress = (!next.stages.is_empty() || next.win.is_some() || next.lose).then(|| {
        view! { <Progress stages=next.stages.clone() win=next.win open send/> }
    });
    let partner = next.invite_partner.then(|| {
        let (close_date, currency) = (current.close_date.clone(), current.currency.clone());
        view! { <InvitePartner deal_id team close_date currency open send issue/> }
    });
    let register = (next.register || next.resubmit).then(|| {
        let (value, currency, resubmit) = (current.value.clone(), current.currency.clone(), next.resubmit);
        view! { <RegisterForm deal_id=registration_of solutions value currency resubmit send issue/> }
    });
    let answer = (next.microsoft_answer || next.microsoft_mark_won).then(|| {
        view! { <MicrosoftAnswer answer=next.microsoft_answer mark_won=next.microsoft_mark_won open send/> }
    });
    let review = (!next.review.is_empty()).then(|| view! { <Review steps=next.review.clone() open send issue/> });
    let edit = next.edit.then(|| view! { <EditDetails current open send issue/> });
    let contact = next.edit_contact.then(|| view! { <EditContact current=contact open send issue/> });
    let not_offered = view! { <NotOfferedList items=next.not_offered.clone()/> };
    let microsoft = (next.give_visibility || next.invite_microsoft).then(|| {
        view! { <Microsoft visibility=next.give_visibility invite=next.invite_microsoft open send/> }
    });
    Some(view! {
        <section class="card next-steps" aria-labelledby="sec-next" aria-busy=move || pending.get().to_string()>
            <h2 id="sec-next">{t!(i18n, next.title)}</h2>
            {error_text}
            {respond}
            {answer}
            {review}
            {register}
            {progress}
            {edit}
            {contact}
            {microsoft}
            {partner}
            {not_offered}
        </section>
    })
}


/// R-LIFE-1, R-LIFE-2: accept with one's own contact, or decline with a reason.
#[component]
fn Respond(
    hours: Option<i64>,
    open: RwSignal<Option<Panel>>,
    #[prop(into)] send: OnAct,
    issue: impl Fn(Field) -> Signal<Option<Issue>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let member = RwSignal::new(MemberDraft::default());
    let reason = RwSignal::new(DeclineReason::NotAFit);
    let notes = RwSignal::new(String::new());
    let left = hours.map(|h| td_string!(l, next.time_left, left = crate::domain::format::days_hours(l, h)).to_string());
    let accept = move |_| {
        let action = DealAction::Accept { details: DetailsDraft::default(), team: vec![member.get_untracked()] };
        send.run((action, td_string!(l, next.accepted).to_string()));
    };
    let decline = move |_| {
        let action = DealAction::Decline { reason: reason.get_untracked(), notes: notes.get_untracked() };
        send.run((action, td_string!(l, next.declined).to_string()));
    };
    view! {
        <div class="next-group">
            <h3>{t!(i18n, next.respond_title)}</h3>
            {left.map(|text| view! { <p class="countdown" data-testid="time-left">{text}</p> })}
            <p class="muted">{t!(i18n, next.accept_hint)}</p>
            <MemberFields prefix="accept" member issue/>
            <div class="actions">
                <button type="button" class="btn btn-primary" on:click=accept>{t!(i18n, next.accept)}</button>
                <button type="button" class="btn" on:click=move |_| open.set(Some(Panel::Decline))>{t!(i18n, next.decline)}</button>
            </div>
            <Confirm panel=Panel::Decline open question=t_string!(i18n, next.decline_question) confirm=t_string!(i18n, next.decline_confirm) danger=true on_confirm=Callback::new(decline)>
                    <ReasonSelect id="decline-reason" label=t_string!(i18n, next.reason) options=DeclineReason::ALL.to_vec() value=reason text=move |r| decline_reason_text(l, r)/>
                    <TextField id="decline-notes" label=t_string!(i18n, next.notes) value=notes on_input=Callback::new(move |v| notes.set(v)) issue=issue(Field::Notes) multiline=true/>
            </Confirm>
        </div>
    }
}

#[component]
fn ReasonSelect<R>(id: &'static str, #[prop(into)] label: String, options: Vec<R>, value: RwSignal<R>, text: impl Fn(R) -> &'static str + Copy + Send + Sync + 'static) -> impl IntoView
where
    R: Copy + PartialEq + Send + Sync + 'static,
{
    let stored = StoredValue::new(options.clone());
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| {
                let index: usize = event_target_value(&ev).parse().unwrap_or(0);
                if let Some(r) = stored.with_value(|o| o.get(index).copied()) { value.set(r); }
            }>
                {options.into_iter().enumerate().map(|(i, r)| view! {
                    <option value=i.to_string() selected=move || value.get() == r>{text(r)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// R-STAGE-1, R-STAGE-2, R-LIFE-4, R-REG-2: stage, won, lost.
#[component]
fn Progress(stages: Vec<Stage>, win: Option<bool>, open: RwSignal<Option<Panel>>, #[prop(into)] send: OnAct) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let stage = RwSignal::new(stages.first().copied());
    let early_ok = RwSignal::new(false);
    let reason = RwSignal::new(LostReason::LostToCompetitor);
    let notes = RwSignal::new(String::new());
    let stored = StoredValue::new(stages.clone());
    let mark = move |_| {
        if let Some(s) = stage.get_untracked() {
            send.run((DealAction::MarkStage(s), td_string!(l, next.stage_marked).to_string()));
        }
    };
    let early = win == Some(true);
    let won = move |_| send.run((DealAction::Win { confirm_early: early_ok.get_untracked() }, td_string!(l, next.won).to_string()));
    let lost = move |_| {
        let action = DealAction::Lose { reason: reason.get_untracked(), notes: notes.get_untracked() };
        send.run((action, td_string!(l, next.lost).to_string()));
    };
    view! {
        <div class="next-group">
            <h3>{t!(i18n, next.progress_title)}</h3>
            {(!stages.is_empty()).then(|| view! {
                <div class="inline-form">
                    <div class="field">
                        <label for="next-stage">{t!(i18n, next.stage)}</label>
                        <select id="next-stage" on:change=move |ev| {
                            let index: usize = event_target_value(&ev).parse().unwrap_or(0);
                            stage.set(stored.with_value(|s| s.get(index).copied()));
                        }>
                            {stages.iter().enumerate().map(|(i, s)| view! { <option value=i.to_string()>{stage_text(l, *s)}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="button" class="btn" on:click=mark>{t!(i18n, next.mark_stage)}</button>
                </div>
            })}
            <div class="actions">
                {win.is_some().then(|| view! { <button type="button" class="btn btn-primary" on:click=move |_| open.set(Some(Panel::Win))>{t!(i18n, next.win)}</button> })}
                <button type="button" class="btn" on:click=move |_| open.set(Some(Panel::Lose))>{t!(i18n, next.lose)}</button>
            </div>
            <Confirm panel=Panel::Win open question=t_string!(i18n, next.win_question) confirm=t_string!(i18n, next.win_confirm) disabled=Signal::derive(move || early && !early_ok.get()) on_confirm=Callback::new(won)>
                    {early.then(|| view! {
                        <p class="banner warning">{t!(i18n, next.early_warning)}</p>
                        <label class="check"><input type="checkbox" on:change=move |ev| early_ok.set(event_target_checked(&ev))/>" " {t!(i18n, next.early_ack)}</label>
                    })}
            </Confirm>
            <Confirm panel=Panel::Lose open question=t_string!(i18n, next.lose_question) confirm=t_string!(i18n, next.lose_confirm) danger=true on_confirm=Callback::new(lost)>
                    <ReasonSelect id="lost-reason" label=t_string!(i18n, next.reason) options=LostReason::ALL.to_vec() value=reason text=move |r| lost_reason_text(l, r)/>
                    <div class="field">
                        <label for="lost-notes">{t!(i18n, next.notes)}</label>
                        <textarea id="lost-notes" rows="3" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                    </div>
            </Confirm>
        </div>
    }
}

/// R-TYPE-6: give Microsoft visibility, or invite it to co-sell; neither can be undone.
#[component]
fn Microsoft(visibility: bool, invite: bool, open: RwSignal<Option<Panel>>, #[prop(into)] send: OnAct) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let help = RwSignal::new(HelpNeeded::GeneralOrOther);
    let helps: Vec<HelpNeeded> = HelpNeeded::ALL.iter().copied().filter(|h| *h != HelpNeeded::None).collect();
    let give = move |_| send.run((DealAction::GiveMicrosoftVisibility, td_string!(l, next.visibility_given).to_string()));
    let invite_now = move |_| send.run((DealAction::InviteMicrosoft { help: help.get_untracked() }, td_string!(l, next.microsoft_invited).to_string()));
    view! {
        <div class="next-group">
            <h3>{t!(i18n, next.microsoft_title)}</h3>
            <div class="actions">
                {visibility.then(|| view! { <button type="button" class="btn" on:click=move |_| open.set(Some(Panel::Visibility))>{t!(i18n, next.give_visibility)}</button> })}
                {invite.then(|| view! { <button type="button" class="btn" on:click=move |_| open.set(Some(Panel::InviteMicrosoft))>{t!(i18n, next.invite_microsoft)}</button> })}
            </div>
            <Confirm panel=Panel::Visibility open question=t_string!(i18n, next.visibility_question) confirm=t_string!(i18n, next.visibility_confirm) on_confirm=Callback::new(give)></Confirm>
            <Confirm panel=Panel::InviteMicrosoft open question=t_string!(i18n, next.invite_question) confirm=t_string!(i18n, next.invite_confirm) on_confirm=Callback::new(invite_now)>
                    <ReasonSelect id="invite-help" label=t_string!(i18n, deal.fields.help) options=helps.clone() value=help text=move |h| help_text(l, h)/>
            </Confirm>
        </div>
    }
}

/// R-LIFE-3: the details an accepted deal may still change (never its location).
#[component]
fn EditDetails(
    current: DetailsDraft,
    open: RwSignal<Option<Panel>>,
    #[prop(into)] send: OnAct,
    issue: impl Fn(Field) -> Signal<Option<Issue>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let draft = RwSignal::new(current.clone());
    let text = move |get, set| bind(draft, get, set);
    let (name, name_in) = text(|d| d.name.clone(), |d, v| d.name = v);
    let (value, value_in) = text(|d| d.value.clone(), |d, v| d.value = v);
    let (currency, currency_in) = text(|d| d.currency.clone(), |d, v| d.currency = v);
    let (close, close_in) = text(|d| d.close_date.clone(), |d, v| d.close_date = v);
    let (crm, crm_in) = text(|d| d.crm_id.clone(), |d, v| d.crm_id = v);
    let (campaign, campaign_in) = text(|d| d.campaign_id.clone(), |d, v| d.campaign_id = v);
    let (notes, notes_in) = text(|d| d.notes.clone(), |d, v| d.notes = v);
    let save = move |_| send.run((DealAction::EditDetails(draft.get_untracked()), td_string!(l, next.saved).to_string()));
    let reset = move |_| draft.set(current.clone());
    view! {
        <EditPanel panel=Panel::Edit open title=t_string!(i18n, next.details_title) open_label=t_string!(i18n, next.edit)
            on_save=Callback::new(save) on_cancel=Callback::new(reset)>
            <div class="grid-3">
                <TextField id="edit-name" label=t_string!(i18n, wizard.details.deal_name) value=name on_input=name_in issue=issue(Field::DealName) required=true/>
                <TextField id="edit-value" label=t_string!(i18n, wizard.details.value) value=value on_input=value_in issue=issue(Field::Value) required=true input_mode="decimal"/>
                <TextField id="edit-currency" label=t_string!(i18n, wizard.details.currency) value=currency on_input=currency_in issue=issue(Field::Currency) required=true/>
                <TextField id="edit-close" label=t_string!(i18n, wizard.details.close_date) value=close on_input=close_in issue=issue(Field::CloseDate) required=true kind="date"/>
                <TextField id="edit-crm" label=t_string!(i18n, wizard.details.crm_id) value=crm on_input=crm_in issue=issue(Field::CrmId)/>
                <TextField id="edit-campaign" label=t_string!(i18n, wizard.details.campaign_id) value=campaign on_input=campaign_in issue=issue(Field::CampaignId)/>
            </div>
            <TextField id="edit-notes" label=t_string!(i18n, wizard.details.notes) value=notes on_input=notes_in issue=issue(Field::Notes) multiline=true/>
            <p class="muted">{t!(i18n, next.location_fixed)}</p>
        </EditPanel>
    }
}

/// R-LIFE-5, R-ORG-5: a Microsoft seller answers the co-sell invitation or marks Microsoft's side won.
#[component]
fn MicrosoftAnswer(answer: bool, mark_won: bool, open: RwSignal<Option<Panel>>, #[prop(into)] send: OnAct) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let reason = RwSignal::new(DeclineReason::NoCapacity);
    let accept = move |_| send.run((DealAction::MicrosoftAccept, td_string!(l, seller.accepted).to_string()));
    let decline = move |_| send.run((DealAction::MicrosoftDecline { reason: reason.get_untracked() }, td_string!(l, seller.declined).to_string()));
    let won = move |_| send.run((DealAction::MicrosoftMarkWon, td_string!(l, seller.won).to_string()));
    view! {
        <div class="next-group">
            <h3>{t!(i18n, seller.title)}</h3>
            <div class="actions">
                {answer.then(|| view! {
                    <button type="button" class="btn btn-primary" on:click=accept>{t!(i18n, seller.accept)}</button>
                    <button type="button" class="btn" on:click=move |_| open.set(Some(Panel::MicrosoftDecline))>{t!(i18n, seller.decline)}</button>
                })}
                {mark_won.then(|| view! { <button type="button" class="btn" on:click=move |_| open.set(Some(Panel::MicrosoftWon))>{t!(i18n, seller.mark_won)}</button> })}
            </div>
            <Confirm panel=Panel::MicrosoftDecline open question=t_string!(i18n, seller.decline_question) confirm=t_string!(i18n, seller.decline_confirm) danger=true on_confirm=Callback::new(decline)>
                    <ReasonSelect id="ms-decline-reason" label=t_string!(i18n, next.reason) options=DeclineReason::ALL.to_vec() value=reason text=move |r| decline_reason_text(l, r)/>
            </Confirm>
            <Confirm panel=Panel::MicrosoftWon open question=t_string!(i18n, seller.won_question) confirm=t_string!(i18n, seller.won_confirm) on_confirm=Callback::new(won)></Confirm>
        </div>
    }
}

/// R-REG-4: a registration reviewer starts the review, asks for changes, approves, rejects or closes.
#[component]
fn Review(
    steps: Vec<ReviewKind>,
    open: RwSignal<Option<Panel>>,
    #[prop(into)] send: OnAct,
    issue: impl Fn(Field) -> Signal<Option<Issue>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let message = RwSignal::new(String::new());
    let done = move || td_string!(l, review.done).to_string();
    let direct = move |step: ReviewStep| send.run((DealAction::Review(step), done()));
    let with_message = move |kind: ReviewKind| {
        let text = message.get_untracked();
        let step = if kind == ReviewKind::Reject { ReviewStep::Reject { message: text } } else { ReviewStep::RequestAction { message: text } };
        send.run((DealAction::Review(step), done()));
    };
    let label = move |kind: ReviewKind| match kind {
        ReviewKind::Start => td_string!(l, review.start),
        ReviewKind::RequestAction => td_string!(l, review.request_action),
        ReviewKind::Approve => td_string!(l, review.approve),
        ReviewKind::Reject => td_string!(l, review.reject),
        ReviewKind::Close => td_string!(l, review.close),
    };
    view! {
        <div class="next-group">
            <h3>{t!(i18n, review.title)}</h3>
            <div class="actions">
                {steps.into_iter().map(|kind| {
                    let click = move |_| match kind {
                        ReviewKind::Start => direct(ReviewStep::Start),
                        ReviewKind::Approve => direct(ReviewStep::Approve),
                        ReviewKind::Close => direct(ReviewStep::Close),
                        other => open.set(Some(Panel::ReviewMessage(other))),
                    };
                    let class = if kind == ReviewKind::Approve || kind == ReviewKind::Start { "btn btn-primary" } else { "btn" };
                    view! { <button type="button" class=class on:click=click>{label(kind)}</button> }
                }).collect_view()}
            </div>
            {move || match open.get() {
                Some(Panel::ReviewMessage(kind)) => Some(view! {
                    <div class="confirm" role="group">
                        <TextField id="review-message" label=t_string!(i18n, review.message) value=message on_input=Callback::new(move |v| message.set(v)) issue=issue(Field::Notes) multiline=true required=true/>
                        <div class="actions">
                            <button type="button" class="btn btn-primary" on:click=move |_| with_message(kind)>{label(kind)}</button>
                            <button type="button" class="btn" on:click=move |_| open.set(None)>{t!(i18n, next.cancel)}</button>
                        </div>
                    </div>
                }),
                _ => None,
            }}
        </div>
    }
}

/// A move that cannot be undone: the question, what it needs, and the confirm and cancel buttons.
#[component]
fn Confirm(
    panel: Panel,
    open: RwSignal<Option<Panel>>,
    #[prop(into)] question: String,
    #[prop(into)] confirm: String,
    #[prop(optional)] danger: bool,
    #[prop(optional, into)] disabled: Option<Signal<bool>>,
    on_confirm: Callback<()>,
    #[prop(optional)] children: Option<ChildrenFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(format!("confirm-{}", format!("{panel:?}").to_lowercase()));
    let question = StoredValue::new(question);
    let confirm = StoredValue::new(confirm);
    let children = StoredValue::new(children);
    let class = if danger { "btn btn-danger" } else { "btn btn-primary" };
    view! {
        <Show when=move || open.get() == Some(panel)>
            <div class="confirm" role="group" aria-labelledby=id.get_value()>
                <p id=id.get_value()><strong>{question.get_value()}</strong></p>
                {children.with_value(|c| c.as_ref().map(|c| c()))}
                <div class="actions">
                    <button type="button" class=class on:click=move |_| on_confirm.run(())
                        disabled=move || disabled.is_some_and(|d| d.get())>{confirm.get_value()}</button>
                    <button type="button" class="btn" on:click=move |_| open.set(None)>{t!(i18n, next.cancel)}</button>
                </div>
            </div>
        </Show>
    }
}
