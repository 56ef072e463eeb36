//! The pages a first visit does not need, as lazy routes: `cargo leptos build --split` moves their
//! code out of the first download into chunks the browser fetches when one of them is opened (or,
//! when the server renders one, before hydrating it). The sign-in page and the lists stay in the
//! first download. The Microsoft workspace and the notifications page are lazy too: most users
//! open them less often than the lists.

use super::{
    admin_catalog::CatalogPage, api_reference::ApiReferencePage, api_tokens::TokensPage, transfer::TransferPage, webhooks::WebhooksPage, admin_users::UsersPage, deal::DealPage, microsoft::WorkspacePage, notifications::NotificationsPage,
    referral_new::NewReferralPage, wizard::NewDealPage,
};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

pub struct DealRoute;

#[lazy_route]
impl LazyRoute for DealRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <DealPage/> }.into_any()
    }
}

pub struct NewDealRoute;

#[lazy_route]
impl LazyRoute for NewDealRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <NewDealPage/> }.into_any()
    }
}

pub struct UsersRoute;

#[lazy_route]
impl LazyRoute for UsersRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <UsersPage/> }.into_any()
    }
}

pub struct CatalogRoute;

#[lazy_route]
impl LazyRoute for CatalogRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <CatalogPage/> }.into_any()
    }
}

pub struct NewReferralRoute;

#[lazy_route]
impl LazyRoute for NewReferralRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <NewReferralPage/> }.into_any()
    }
}

pub struct NotificationsRoute;

#[lazy_route]
impl LazyRoute for NotificationsRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <NotificationsPage/> }.into_any()
    }
}

pub struct WorkspaceRoute;

#[lazy_route]
impl LazyRoute for WorkspaceRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <WorkspacePage/> }.into_any()
    }
}

pub struct TokensRoute;

#[lazy_route]
impl LazyRoute for TokensRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <TokensPage/> }.into_any()
    }
}

pub struct WebhooksRoute;

#[lazy_route]
impl LazyRoute for WebhooksRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <WebhooksPage/> }.into_any()
    }
}

pub struct ApiReferenceRoute;

#[lazy_route]
impl LazyRoute for ApiReferenceRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <ApiReferencePage/> }.into_any()
    }
}

pub struct TransferRoute;

#[lazy_route]
impl LazyRoute for TransferRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <TransferPage/> }.into_any()
    }
}
