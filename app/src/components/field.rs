//! Accessible form fields: a visible label, the message tied with `aria-describedby`, `aria-invalid`.

use super::text::issue_text;
use crate::domain::issues::{Issue, Severity};
use crate::i18n::*;
use leptos::prelude::*;

/// The message line under a field (error or warning), announced to assistive technology.
#[component]
pub fn FieldMessage(id: String, issue: Signal<Option<Issue>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        issue.get().map(|issue| {
            let class = if issue.severity == Severity::Error { "field-msg error" } else { "field-msg warning" };
            view! { <p id=id.clone() class=class role="alert">{issue_text(i18n.get_locale(), &issue.code)}</p> }
        })
    }
}

/// One text field of a draft held in a signal: its value, and the callback that writes it back.
pub fn bind<T: Send + Sync + 'static>(
    draft: RwSignal<T>,
    get: fn(&T) -> String,
    set: fn(&mut T, String),
) -> (Signal<String>, Callback<String>) {
    (Signal::derive(move || draft.with(get)), Callback::new(move |v: String| draft.update(|d| set(d, v))))
}

/// Ids of the hint and the message, for `aria-describedby`.
fn described_by(id: &str, has_hint: bool, issue: Option<Issue>) -> Option<String> {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{id}-hint"));
    }
    if issue.is_some() {
        ids.push(format!("{id}-msg"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn is_error(issue: &Option<Issue>) -> bool {
    issue.as_ref().is_some_and(Issue::is_error)
}

#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into, optional)] on_blur: Option<Callback<()>>,
    #[prop(into)] issue: Signal<Option<Issue>>,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] input_mode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let has_hint = hint.is_some();
    let msg_id = format!("{id}-msg");
    let hint_id = format!("{id}-hint");
    let input_id = id.clone();
    let describe = move || described_by(&id, has_hint, issue.get());
    let blur = move |_| {
        if let Some(cb) = on_blur {
            cb.run(())
        }
    };
    let control = if multiline {
        view! {
            <textarea
                id=input_id.clone()
                name=input_id.clone()
                rows="4"
                prop:value=move || value.get()
                aria-invalid=move || is_error(&issue.get()).to_string()
                aria-describedby=describe
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:blur=blur
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=input_id.clone()
                name=input_id.clone()
                type=kind
                inputmode=input_mode
                autocomplete=autocomplete
                required=required
                prop:value=move || value.get()
                aria-invalid=move || is_error(&issue.get()).to_string()
                aria-describedby=describe
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:blur=blur
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:has-error=move || is_error(&issue.get())>
            <label for=input_id>
                {label}
                {required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|h| view! { <p id=hint_id class="field-hint">{h}</p> })}
            {control}
            <FieldMessage id=msg_id issue/>
        </div>
    }
}

/// The issue a server answer found with `field` (when it said the input was invalid).
pub fn server_issue(error: RwSignal<Option<crate::api::AppError>>, field: crate::domain::issues::Field) -> Signal<Option<Issue>> {
    Signal::derive(move || match error.get() {
        Some(crate::api::AppError::Invalid(issues)) => issues.for_field(field).cloned(),
        _ => None,
    })
}

/// Any other failure of a server answer, as an alert (field problems show beside their fields).
#[component]
pub fn ServerError(error: RwSignal<Option<crate::api::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || match error.get() {
        Some(crate::api::AppError::Invalid(_)) | None => None,
        Some(e) => Some(view! { <p class="banner error" role="alert">{super::text::app_error_text(i18n.get_locale_untracked(), &e)}</p> }),
    }
}
