use crate::i18n::*;
use leptos::prelude::*;

/// Shown for unknown addresses and for deals the user may not see (R-ORG-3: not revealed).
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <section class="not-found">
            <h1>{t!(i18n, deal.not_found_title)}</h1>
            <p>{t!(i18n, deal.not_found)}</p>
            <a class="btn" href="/referrals/outbound">{t!(i18n, deal.back)}</a>
        </section>
    }
}
