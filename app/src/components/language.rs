//! X-I18N: the language switcher, in the header of every page and on the sign-in page.
//!
//! Switching sets the language at once for everything on screen that follows it, saves the
//! choice (a cookie; the user's preference when signed in), then reloads signed-in pages so every
//! value is rendered again in the new language. What the user typed into the New deal wizard is
//! saved as a draft first and the reload reopens it; the sign-in page switches without a reload,
//! keeping what was typed.

use crate::api::set_language;
use crate::domain::language::{ALL, tag};
use crate::i18n::*;
use leptos::prelude::*;

/// A form that must save what is on screen before the page reloads in another language: it
/// saves, then reloads. Provided by the signed-in frame; the wizard registers itself.
#[derive(Clone, Copy)]
pub struct Keeper(pub StoredValue<Option<Callback<()>>>);

impl Keeper {
    pub fn provide() {
        provide_context(Keeper(StoredValue::new(None)));
    }

    /// Registers `save_then_reload` while the calling component lives.
    pub fn register(save_then_reload: Callback<()>) {
        if let Some(keeper) = use_context::<Keeper>() {
            keeper.0.set_value(Some(save_then_reload));
            on_cleanup(move || keeper.0.set_value(None));
        }
    }
}

/// Each language named in itself ("English", "日本語"), the current one marked.
#[component]
pub fn LanguageSwitch(#[prop(optional)] reload: bool) -> impl IntoView {
    let i18n = use_i18n();
    let keeper = use_context::<Keeper>();
    let choose = move |l: Locale| {
        if i18n.get_locale_untracked() == l {
            return;
        }
        i18n.set_locale(l);
        leptos::task::spawn_local(async move {
            if set_language(tag(l).to_string()).await.is_ok() && reload {
                match keeper.and_then(|k| k.0.get_value()) {
                    Some(save_then_reload) => save_then_reload.run(()),
                    None => reload_page(),
                }
            }
        });
    };
    view! {
        <div class="language-switch" role="group" aria-label=move || t_string!(i18n, language.label).to_string()>
            {ALL.into_iter().map(|l| view! {
                <button
                    type="button"
                    class="language-option"
                    lang=tag(l)
                    aria-pressed=move || (i18n.get_locale() == l).to_string()
                    on:click=move |_| choose(l)
                >
                    {td_string!(l, language.name)}
                </button>
            }).collect_view()}
        </div>
    }
}

pub fn reload_page() {
    #[cfg(feature = "hydrate")]
    let _ = window().location().reload();
}
