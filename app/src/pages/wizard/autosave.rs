//! X-DRAFT: the wizard saves what the user typed as they go: a quiet moment after each change the
//! state goes to the server (one request at a time; a change meanwhile is saved right after), and
//! the page's address names the draft so a reload or a language switch reopens it.

use super::Wiz;
use crate::api::{discard_draft, save_draft};
use crate::components::time::LocalTime;
use crate::domain::drafts::{DraftForm, DraftSummary};
use crate::i18n::*;
use crate::pages::referrals::Debounce;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// Quiet time after the last keystroke before saving.
const QUIET_MS: u32 = 600;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SaveState {
    Idle,
    Saving,
    Saved(DateTime<Utc>),
    Failed,
}

/// The wizard's draft on the server: its id once saved, and how saving goes.
#[derive(Clone, Copy)]
pub struct Autosave {
    pub id: RwSignal<Option<String>>,
    pub state: RwSignal<SaveState>,
    form: StoredValue<DraftForm>,
    in_flight: StoredValue<bool>,
    again: StoredValue<bool>,
    /// Reload the page once saved (the language was switched).
    reload: StoredValue<bool>,
    pending: StoredValue<Option<Debounce>>,
}

impl Autosave {
    pub fn new(form: DraftForm, id: Option<String>) -> Self {
        Autosave {
            id: RwSignal::new(id),
            state: RwSignal::new(SaveState::Idle),
            form: StoredValue::new(form),
            in_flight: StoredValue::new(false),
            again: StoredValue::new(false),
            reload: StoredValue::new(false),
            pending: StoredValue::new(None),
        }
    }
}

/// Saves after every change the user makes (not the state the wizard opened with).
pub fn watch(wiz: Wiz) {
    let a = wiz.autosave;
    Effect::new(move |opened: Option<()>| {
        wiz.draft.track();
        wiz.step.track();
        wiz.customer.track();
        if opened.is_some() && !wiz.is_blank() {
            a.pending.set_value(Some(Debounce::start(QUIET_MS, move || flush(wiz))));
        }
    });
}

/// Saves now (one request at a time; a change during a save is saved right after it).
pub fn flush(wiz: Wiz) {
    let a = wiz.autosave;
    a.pending.set_value(None);
    if a.in_flight.get_value() {
        a.again.set_value(true);
        return;
    }
    a.in_flight.set_value(true);
    a.state.set(SaveState::Saving);
    leptos::task::spawn_local(async move {
        loop {
            a.again.set_value(false);
            match save_draft(a.id.get_untracked(), a.form.get_value(), wiz.snapshot()).await {
                Ok(saved) => {
                    if a.id.get_untracked().as_deref() != Some(saved.id.as_str()) {
                        show_in_address(&saved.id);
                        a.id.set(Some(saved.id));
                    }
                    a.state.set(SaveState::Saved(saved.updated_at));
                }
                Err(_) => a.state.set(SaveState::Failed),
            }
            if !a.again.get_value() {
                break;
            }
        }
        a.in_flight.set_value(false);
        // Reload only once what is on screen is safe on the server.
        if a.reload.get_value() && matches!(a.state.get_untracked(), SaveState::Saved(_)) {
            crate::components::language::reload_page();
        }
    });
}

/// The language was switched: save what is typed, then reload (the address names the draft).
pub fn save_then_reload(wiz: Wiz) {
    if wiz.is_blank() {
        crate::components::language::reload_page();
        return;
    }
    wiz.autosave.reload.set_value(true);
    flush(wiz);
}

/// `?draft=<id>` in the address without a navigation, so a reload reopens this draft.
#[allow(unused_variables)]
fn show_in_address(id: &str) {
    #[cfg(feature = "hydrate")]
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("?draft={id}")));
    }
}

/// "Draft saved 3:04 PM" under the wizard, announced politely.
#[component]
pub fn SaveStatus() -> impl IntoView {
    let i18n = use_i18n();
    let wiz = expect_context::<Wiz>();
    view! {
        <p class="draft-status muted" role="status" data-testid="draft-status">
            {move || match wiz.autosave.state.get() {
                SaveState::Idle => ().into_any(),
                SaveState::Saving => view! { {t!(i18n, drafts.saving)} }.into_any(),
                SaveState::Saved(at) => view! { {t!(i18n, drafts.saved)} " " <LocalTime at/> }.into_any(),
                SaveState::Failed => view! { <span class="error-text">{t!(i18n, drafts.failed)}</span> }.into_any(),
            }}
        </p>
    }
}

/// X-DRAFT: the user's own drafts, each to continue or discard, above a fresh form.
#[component]
pub fn DraftOffers(drafts: Vec<DraftSummary>, base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let drafts = RwSignal::new(drafts);
    let discard = Action::new(move |id: &String| {
        let id = id.clone();
        async move {
            if discard_draft(id.clone()).await.is_ok() {
                drafts.update(|d| d.retain(|x| x.id != id));
            }
        }
    });
    view! {
        <Show when=move || !drafts.with(Vec::is_empty)>
            <section class="card drafts" aria-labelledby="drafts-heading" data-testid="drafts">
                <h2 id="drafts-heading">{t!(i18n, drafts.title)}</h2>
                <ul class="draft-list">
                    <For each=move || drafts.get() key=|d| d.id.clone() let:d>
                        <li class="draft-item">
                            <span class="draft-title">
                                {if d.title.is_empty() { view! { <em>{t!(i18n, drafts.untitled)}</em> }.into_any() } else { d.title.clone().into_any() }}
                            </span>
                            <a class="btn btn-primary btn-small" href=format!("{base}?draft={}", d.id)>
                                {t!(i18n, drafts.continue_from)} " " <LocalTime at=d.updated_at/>
                            </a>
                            {
                                let id = d.id.clone();
                                view! {
                                    <button type="button" class="btn btn-quiet btn-small" on:click=move |_| { discard.dispatch(id.clone()); }>
                                        {t!(i18n, drafts.discard)}
                                        <span class="visually-hidden">" " {d.title.clone()}</span>
                                    </button>
                                }
                            }
                        </li>
                    </For>
                </ul>
                <p class="field-hint">{t!(i18n, drafts.hint)}</p>
            </section>
        </Show>
    }
}
