//! What every panel of the deal page shares: which panel is open, the page's reload and message,
//! the one way an action is sent, where its field errors go, and the edit form frame. The panels
//! (`deal_actions`, `deal_contact`, `deal_invite`, `deal_team`, …) import from here, never from
//! each other.

use crate::api::AppError;
use crate::api::act_on_deal;
use crate::domain::actions::DealAction;
use crate::domain::issues::{Field, Issue};
use crate::domain::lifecycle::ReviewKind;
use crate::i18n::*;
use leptos::prelude::*;

/// Sends one action with the message shown once it succeeded.
pub type OnAct = Callback<(DealAction, String)>;

/// Which confirmation panel is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Decline,
    Win,
    Lose,
    Visibility,
    InviteMicrosoft,
    Edit,
    Contact,
    InvitePartner,
    MicrosoftDecline,
    MicrosoftWon,
    ReviewMessage(ReviewKind),
}

/// Shared by the deal page and its actions: reload the deal, and a message above it.
#[derive(Clone, Copy)]
pub struct DealPageState {
    pub reload: RwSignal<u32>,
    pub flash: RwSignal<Option<String>>,
}

/// Sends actions on one deal: on success the panel closes, the message shows and the deal reloads;
/// on failure the error stays for the form to show.
#[derive(Clone, Copy)]
pub struct DealActor {
    pub send: OnAct,
    pub error: RwSignal<Option<AppError>>,
    pub pending: Memo<bool>,
}

pub fn deal_actor(id: String, open: RwSignal<Option<Panel>>) -> DealActor {
    let page = expect_context::<DealPageState>();
    let error = RwSignal::new(None::<AppError>);
    let id = StoredValue::new(id);
    let act = Action::new(move |(action, done): &(DealAction, String)| {
        let (action, done) = (action.clone(), done.clone());
        async move { act_on_deal(id.get_value(), action).await.map(|_| done) }
    });
    Effect::new(move |_| match act.value().get() {
        Some(Ok(done)) => {
            error.set(None);
            open.set(None);
            page.flash.set(Some(done));
            page.reload.update(|n| *n += 1);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let send = Callback::new(move |(action, done): (DealAction, String)| {
        act.dispatch((action, done));
    });
    let pending = Memo::new(move |_| act.pending().get());
    DealActor { send, error, pending }
}

/// Field issues from the last failed action, for the field that shows them.
pub fn issue_of(error: RwSignal<Option<AppError>>) -> impl Fn(Field) -> Signal<Option<Issue>> + Copy + Send + Sync + 'static {
    move |field: Field| {
        Signal::derive(move || match error.get() {
            Some(AppError::Invalid(issues)) => issues.for_field(field).cloned(),
            _ => None,
        })
    }
}

/// A form behind a button: closed, the button that opens it; open, the fields and Save / Cancel.
/// Cancel puts back what was there (`on_cancel`) and closes.
#[component]
pub fn EditPanel(
    panel: Panel,
    open: RwSignal<Option<Panel>>,
    #[prop(into)] title: String,
    #[prop(into)] open_label: String,
    on_save: Callback<()>,
    on_cancel: Callback<()>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let open_label = StoredValue::new(open_label);
    view! {
        <div class="next-group">
            <h3>{title}</h3>
            <Show
                when=move || open.get() == Some(panel)
                fallback=move || view! { <div class="actions"><button type="button" class="btn" on:click=move |_| open.set(Some(panel))>{open_label.get_value()}</button></div> }
            >
                {children()}
                <div class="actions">
                    <button type="button" class="btn btn-primary" on:click=move |_| on_save.run(())>{t!(i18n, next.save)}</button>
                    <button type="button" class="btn" on:click=move |_| {
                        on_cancel.run(());
                        open.set(None);
                    }>{t!(i18n, next.cancel)}</button>
                </div>
            </Show>
        </div>
    }
}
