use crate::components::layout::AppShell;
use crate::i18n::*;
use crate::pages::lazy::{ApiReferenceRoute, CatalogRoute, TokensRoute, TransferRoute, WebhooksRoute, DealRoute, NewDealRoute, NewReferralRoute, NotificationsRoute, UsersRoute, WorkspaceRoute};
use crate::pages::{not_found::NotFound, referrals::ReferralsPage, sign_in::SignInPage};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <HashedStylesheet id="leptos" options=options.clone()/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The Content-Security-Policy of every page: our own scripts, styles and wasm only; inline scripts
/// only with this response's nonce (Leptos' hydration and streaming scripts carry it).
#[cfg(feature = "ssr")]
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(value) = http::HeaderValue::from_str(&content_security_policy(&nonce)) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    #[cfg(feature = "ssr")]
    {
        let cookies = use_context::<http::request::Parts>().and_then(|p| p.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).map(str::to_string));
        provide_context(crate::components::time::ReaderZone::from_cookies(cookies.as_deref()));
    }
    view! {
        <I18nContextProvider>
            <AppInner/>
        </I18nContextProvider>
    }
}

/// True while the router is moving to another page (query changes on the same page do not count).
#[derive(Clone, Copy)]
pub struct Navigating(pub ReadSignal<bool>);

#[component]
fn AppInner() -> impl IntoView {
    let i18n = use_i18n();
    // Effects run only in the browser, after hydration: a marker for tests and styles.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            crate::components::time::browser::remember_zone();
            if let Some(body) = document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        }
    });
    // While a navigation to another page is under way (its code or data still arriving): a bar
    // along the top, and pending list searches hold back instead of cancelling it.
    let (routing, set_routing) = signal(false);
    provide_context(Navigating(routing));
    view! {
        // A plain string, not a closure: leptos_meta renders the title after the page, outside the
        // request's reactive owner, where reading a signal panics under load.
        <Title text=t_string!(i18n, app.title).to_string()/>
        <Router set_is_routing=set_routing>
            <Show when=move || routing.get()>
                <div class="route-progress" role="status">
                    <span class="visually-hidden">{t!(i18n, common.loading)}</span>
                </div>
            </Show>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/sign-in") view=SignInPage/>
                <ParentRoute path=path!("") view=AppShell>
                    <Route path=path!("") view=|| view! { <Redirect path="/referrals/outbound"/> }/>
                    <Route path=path!("/referrals/:tab") view=ReferralsPage/>
                    <Route path=path!("/deals/new") view={Lazy::<NewDealRoute>::new()}/>
                    <Route path=path!("/admin/users") view={Lazy::<UsersRoute>::new()}/>
                    <Route path=path!("/admin/catalog") view={Lazy::<CatalogRoute>::new()}/>
                    <Route path=path!("/notifications") view={Lazy::<NotificationsRoute>::new()}/>
                    <Route path=path!("/settings/tokens") view={Lazy::<TokensRoute>::new()}/>
                    <Route path=path!("/settings/webhooks") view={Lazy::<WebhooksRoute>::new()}/>
                    <Route path=path!("/api-reference") view={Lazy::<ApiReferenceRoute>::new()}/>
                    <Route path=path!("/settings/transfer") view={Lazy::<TransferRoute>::new()}/>
                    <Route path=path!("/microsoft") view={Lazy::<WorkspaceRoute>::new()}/>
                    <Route path=path!("/microsoft/referrals/new") view={Lazy::<NewReferralRoute>::new()}/>
                    // Async: the whole page waits for the deal, so an invisible one answers with status 404.
                    <Route path=path!("/deals/:id") view={Lazy::<DealRoute>::new()} ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
