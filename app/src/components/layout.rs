//! The signed-in frame: left navigation, header with the user and sign-out, and the page.

use crate::api::{SignOut, current_user, unread_notifications};
use crate::api::dto::Tab;
use crate::domain::actor::Role;
use crate::domain::admin::{may_administer_catalog, may_manage_users};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet};

#[component]
pub fn AppShell() -> impl IntoView {
    let i18n = use_i18n();
    let user = OnceResource::new(current_user());
    let sign_out = ServerAction::<SignOut>::new();
    super::live::LiveUpdates::provide();
    let unread = UnreadCount::provide();
    super::language::Keeper::provide();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, nav.skip)}</a>
        <div class="app">
            <header class="topbar">
                <a class="brand" href="/referrals/outbound">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    {t!(i18n, app.title)}
                </a>
                <span class="spacer"></span>
                <super::language::LanguageSwitch reload=true/>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let unread = unread.count.await.unwrap_or(0);
                        user.await.ok().flatten().map(|u| view! {
                            <div class="user">
                                <Bell unread/>
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
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let user = user.await.ok().flatten()?;
                        let workspace = user.has(Role::MicrosoftSeller) || user.has(Role::MicrosoftRegistrationReviewer);
                        workspace.then(|| view! {
                            <ul><li><A href="/microsoft" attr:class="sidenav-link">{t!(i18n, nav.microsoft)}</A></li></ul>
                        })
                    })}
                </Suspense>
                <ul>
                    <li><A href="/referrals/outbound" attr:class="sidenav-link">{t!(i18n, nav.co_sell)}</A></li>
                    <li><A href="/notifications" attr:class="sidenav-link">{t!(i18n, nav.notifications)}</A></li>
                </ul>
                <p class="sidenav-group">{t!(i18n, nav.settings)}</p>
                <ul>
                    <li><A href="/settings/transfer" attr:class="sidenav-link">{t!(i18n, nav.transfer)}</A></li>
                    <li><A href="/settings/tokens" attr:class="sidenav-link">{t!(i18n, nav.tokens)}</A></li>
                    <li><A href="/api-reference" attr:class="sidenav-link">{t!(i18n, nav.api_reference)}</A></li>
                </ul>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let user = user.await.ok().flatten()?;
                        let users = may_manage_users(&user).is_ok();
                        let catalog = may_administer_catalog(&user).is_ok();
                        let hooks = crate::domain::webhooks::may_manage_webhooks(&user).is_ok();
                        (users || catalog || hooks).then(|| view! {
                            <p class="sidenav-group">{t!(i18n, nav.administration)}</p>
                            <ul>
                                {users.then(|| view! { <li><A href="/admin/users" attr:class="sidenav-link">{t!(i18n, nav.users)}</A></li> })}
                                {catalog.then(|| view! { <li><A href="/admin/catalog" attr:class="sidenav-link">{t!(i18n, nav.catalog)}</A></li> })}
                                {hooks.then(|| view! { <li><A href="/settings/webhooks" attr:class="sidenav-link">{t!(i18n, nav.webhooks)}</A></li> })}
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

/// R-NOTE-1: the number on the bell, fetched again on every navigation and whenever a page says
/// it changed (`refresh`).
#[derive(Clone, Copy)]
pub struct UnreadCount {
    changed: RwSignal<u32>,
    count: Resource<Result<i64, crate::api::AppError>>,
}

impl UnreadCount {
    fn provide() -> Self {
        let changed = RwSignal::new(0u32);
        let path = leptos_router::hooks::use_location().pathname;
        let live = super::live::LiveUpdates::get();
        let count = Resource::new(move || (changed.get(), path.get(), live.notified()), |_| unread_notifications());
        let unread = UnreadCount { changed, count };
        provide_context(unread);
        unread
    }

    pub fn refresh(&self) {
        self.changed.update(|n| *n += 1);
    }
}

/// R-NOTE-1: the bell in the header with the unread count, linking to the notifications page.
#[component]
fn Bell(unread: i64) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let label = if unread > 0 { td_string!(l, notify.bell_unread, count = unread).to_string() } else { td_string!(l, notify.bell).to_string() };
    let count = (unread > 0).then(|| if unread > 99 { "99+".to_string() } else { unread.to_string() });
    view! {
        <a href="/notifications" class="bell" aria-label=label data-unread=unread>
            <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"/></svg>
            {count.map(|c| view! { <span class="bell-count" aria-hidden="true">{c}</span> })}
        </a>
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
