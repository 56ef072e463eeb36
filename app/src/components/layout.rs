//! The signed-in frame: left navigation, header with the user and sign-out, and the page.

use crate::api::{SignOut, current_user};
use crate::api::dto::Tab;
use crate::domain::admin::{may_administer_catalog, may_manage_users};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

#[component]
pub fn AppShell() -> impl IntoView {
    let i18n = use_i18n();
    let user = OnceResource::new(current_user());
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, nav.skip)}</a>
        <div class="app">
            <header class="topbar">
                <a class="brand" href="/referrals/outbound">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    {t!(i18n, app.title)}
                </a>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        user.await.ok().flatten().map(|u| view! {
                            <div class="user">
                                <span class="user-name">{u.name.clone()}</span>
                                <span class="user-org">{u.org_name.clone()}</span>
                                <ActionForm action=sign_out attr:class="inline">
                                    <button type="submit" class="btn btn-quiet">{t!(i18n, nav.sign_out)}</button>
                                </ActionForm>
                            </div>
                        })
                    })}
                </Suspense>
            </header>
            <nav class="sidenav" aria-label=move || t_string!(i18n, nav.main).to_string()>
                <p class="sidenav-group">{t!(i18n, nav.referrals)}</p>
                <ul>
                    <li><A href="/referrals/outbound" attr:class="sidenav-link">{t!(i18n, nav.co_sell)}</A></li>
                </ul>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let user = user.await.ok().flatten()?;
                        let users = may_manage_users(&user).is_ok();
                        let catalog = may_administer_catalog(&user).is_ok();
                        (users || catalog).then(|| view! {
                            <p class="sidenav-group">{t!(i18n, nav.administration)}</p>
                            <ul>
                                {users.then(|| view! { <li><A href="/admin/users" attr:class="sidenav-link">{t!(i18n, nav.users)}</A></li> })}
                                {catalog.then(|| view! { <li><A href="/admin/catalog" attr:class="sidenav-link">{t!(i18n, nav.catalog)}</A></li> })}
                            </ul>
                        })
                    })}
                </Suspense>
            </nav>
            <main id="main" class="content" tabindex="-1">
                <Outlet/>
            </main>
        </div>
    }
}

/// The tab strip of the co-sell workspace (R-TAB-1).
#[component]
pub fn Tabs(current: Signal<Tab>) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |tab: Tab| match tab {
        Tab::Inbound => t_string!(i18n, nav.inbound),
        Tab::Outbound => t_string!(i18n, nav.outbound),
        Tab::Favorites => t_string!(i18n, nav.favorites),
        Tab::Closed => t_string!(i18n, nav.closed),
    };
    view! {
        <nav class="tabs" aria-label=move || t_string!(i18n, nav.tabs).to_string()>
            {Tab::ALL
                .into_iter()
                .map(|tab| {
                    view! {
                        <a
                            href=format!("/referrals/{}", tab.slug())
                            class="tab"
                            aria-current=move || (current.get() == tab).then_some("page")
                        >
                            {move || label(tab)}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
