use crate::api::SignIn;
use crate::components::text::app_error_text;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignIn>::new();
    let next = move || use_query_map().with(|q| q.get("next")).unwrap_or_default();
    let error = move || {
        action.value().get().and_then(|r| r.err()).map(|e| app_error_text(i18n.get_locale(), &e))
    };
    view! {
        <main class="signin" id="main">
            <div class="signin-card">
                <crate::components::language::LanguageSwitch/>
                <h1>
                    <span class="brand-mark" aria-hidden="true">"◆ "</span>
                    {t!(i18n, sign_in.title)}
                </h1>
                <p class="muted">{t!(i18n, sign_in.intro)}</p>
                <ActionForm action>
                    <input type="hidden" name="next" value=next/>
                    <div class="field">
                        <label for="email">{t!(i18n, sign_in.email)}</label>
                        <input id="email" name="email" type="email" autocomplete="username" required/>
                    </div>
                    <div class="field">
                        <label for="password">{t!(i18n, sign_in.password)}</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required/>
                    </div>
                    {move || error().map(|e| view! { <p class="banner error" role="alert">{e}</p> })}
                    <button type="submit" class="btn btn-primary" disabled=move || action.pending().get()>
                        {t!(i18n, sign_in.submit)}
                    </button>
                </ActionForm>
            </div>
        </main>
    }
}
