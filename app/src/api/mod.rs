//! Server functions: authenticate, call a service, map the error. No rules here.

mod error;

pub use crate::dto;

pub use error::AppError;

use crate::domain::actor::Actor;
use crate::domain::drafts::{DraftForm, DraftSaved, DraftSummary, RegistrationFormDraft, WizardDraft};
use crate::domain::wizard::DealDraft;
use dto::{CustomerView, DealList, DealView, ListQuery, WizardOptions};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod ctx {
    use super::AppError;
    use crate::domain::actor::Actor;
    use crate::services::AppState;
    use crate::services::auth::CurrentActor;
    use leptos::prelude::*;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or(AppError::Internal)
    }

    /// The signed-in user, resolved once per request by the server's session middleware.
    pub fn signed_in() -> Option<Actor> {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<CurrentActor>().cloned())
            .and_then(|current| current.0)
    }

    /// The signed-in user, or a 401 answer.
    pub fn actor() -> Result<Actor, AppError> {
        signed_in().ok_or_else(|| AppError::NotSignedIn.respond())
    }

    /// X-I18N: the cookie the server reads the language from on every page (leptos_i18n's name).
    pub fn language_cookie(state: &AppState, l: crate::i18n::Locale) {
        let secure = if state.secure_cookies { "; Secure" } else { "" };
        let cookie = format!("i18n_pref_locale={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}", crate::domain::language::tag(l));
        if let (Some(response), Ok(value)) = (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&cookie)) {
            response.append_header(http::header::SET_COOKIE, value);
        }
    }
}

/// The signed-in user, or `None`.
#[server(prefix = "/api", endpoint = "me")]
pub async fn current_user() -> Result<Option<Actor>, AppError> {
    Ok(ctx::signed_in())
}

#[server(prefix = "/api", endpoint = "session/sign-in")]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::services::{auth, sessions::USER_KEY};
    let state = ctx::state()?;
    // The peer address; behind a proxy every request shares the proxy's (see the README).
    let parts = use_context::<http::request::Parts>();
    let address = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string()))
        .unwrap_or_else(|| "unknown".into());
    let actor = auth::sign_in(&state.db, state.now(), &email, &password, &address).await.map_err(|e| match e {
        crate::services::ServiceError::Unauthenticated => AppError::BadCredentials.respond(),
        other => other.into(),
    })?;
    let session = parts.and_then(|p| p.extensions.get::<tower_sessions::Session>().cloned()).ok_or(AppError::Internal)?;
    // A new session id at sign-in (no session fixation).
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    session.insert(USER_KEY, &actor.user_id).await.map_err(|_| AppError::Internal)?;
    // X-I18N: the language the user chose before, on this device too.
    if let Ok(Some(l)) = auth::saved_locale(&state.db, &actor.user_id).await {
        ctx::language_cookie(&state, l);
    }
    let target = match next.as_deref().filter(|n| !n.is_empty()) {
        Some(next) => auth::safe_next(Some(next)),
        None => crate::domain::auth::landing(&actor).to_string(),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// X-I18N: switches the language: for this browser (a cookie, also before signing in) and, when
/// signed in, for the user everywhere (their pages on every device and their e-mails).
#[server(prefix = "/api", endpoint = "language")]
pub async fn set_language(locale: String) -> Result<(), AppError> {
    let state = ctx::state()?;
    let l = crate::domain::language::parse(&locale).ok_or_else(|| AppError::BadRequest("locale".into()).respond())?;
    ctx::language_cookie(&state, l);
    if let Some(actor) = ctx::signed_in() {
        crate::services::auth::save_locale(&state.db, &actor.user_id, l).await.map_err(crate::services::ServiceError::from)?;
    }
    Ok(())
}

#[server(prefix = "/api", endpoint = "session/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    if let Some(session) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<tower_sessions::Session>().cloned()) {
        session.flush().await.map_err(|_| AppError::Internal)?;
    }
    leptos_axum::redirect("/sign-in");
    Ok(())
}

#[server(prefix = "/api", endpoint = "deals/list", input = Json)]
pub async fn list_deals(query: ListQuery) -> Result<DealList, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::deals::list(&state, &actor, &query).await?)
}

#[server(prefix = "/api", endpoint = "deals/get")]
pub async fn get_deal(id: String) -> Result<DealView, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::deals::get(&state, &actor, &id).await?)
}

/// Creates an outbound deal from the wizard's draft; field errors come back as `AppError::Invalid`.
#[server(prefix = "/api", endpoint = "deals/create", input = Json)]
pub async fn create_deal(draft: DealDraft, confirm_warnings: bool, draft_id: Option<String>) -> Result<String, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    let id = crate::services::deals::create_outbound(&state, &actor, &draft, confirm_warnings).await?;
    // X-DRAFT: the deal exists, so its draft goes.
    if let Some(draft_id) = draft_id {
        crate::services::drafts::discard(&state, &actor, &draft_id).await?;
    }
    Ok(id)
}

/// Any action on an existing deal (accept, edit, stage, outcome, invitations, registration).
#[server(prefix = "/api", endpoint = "deals/act", input = Json)]
pub async fn act_on_deal(id: String, action: crate::domain::actions::DealAction) -> Result<(), AppError> {
    use crate::domain::actions::DealAction;
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    crate::services::actions::act(&state, &actor, &id, &action).await?;
    // X-DRAFT: the registration was sent, so its draft goes.
    if matches!(action, DealAction::Register(_) | DealAction::Resubmit(_)) {
        crate::services::drafts::discard_form(&state, &actor, &DraftForm::Registration { deal_id: id }).await?;
    }
    Ok(())
}

/// R-NEW-5: partners and solutions for the invitation form.
#[server(prefix = "/api", endpoint = "deals/invitation-options")]
pub async fn invitation_options(id: String) -> Result<dto::InvitationOptions, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::actions::invitation_options(&state, &actor, &id).await?)
}

#[server(prefix = "/api", endpoint = "deals/favorite")]
pub async fn set_favorite(id: String, favorite: bool) -> Result<bool, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::deals::set_favorite(&state, &actor, &id, favorite).await?)
}

#[server(prefix = "/api", endpoint = "wizard/options")]
pub async fn wizard_setup() -> Result<WizardOptions, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::deals::wizard_options(&state, &actor).await?)
}

/// R-CAT-3: customer suggestions as the user types.
#[server(prefix = "/api", endpoint = "directory/customers")]
pub async fn search_customers(country: String, query: String) -> Result<Vec<CustomerView>, AppError> {
    let (state, _actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::directory::search(&state.db, &country, &query).await?)
}

/// R-ORG-2: the organization's users and locations, for its MPN partner admins.
#[server(prefix = "/api", endpoint = "admin/users")]
pub async fn admin_users() -> Result<dto::UserAdmin, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    let users = crate::services::admin::list_users(&state, &actor).await?;
    let locations = crate::services::catalog::locations(&state.db, &actor.org_id).await.map_err(crate::services::ServiceError::from)?;
    Ok(dto::UserAdmin { users, locations })
}

#[server(prefix = "/api", endpoint = "admin/users/create", input = Json)]
pub async fn admin_create_user(draft: crate::domain::admin::UserDraft) -> Result<String, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::admin::create_user(&state, &actor, &draft).await?)
}

#[server(prefix = "/api", endpoint = "admin/users/update", input = Json)]
pub async fn admin_update_user(id: String, draft: crate::domain::admin::UserDraft) -> Result<(), AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::admin::update_user(&state, &actor, &id, &draft).await?)
}

#[server(prefix = "/api", endpoint = "admin/users/active")]
pub async fn admin_set_active(id: String, active: bool) -> Result<(), AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::admin::set_active(&state, &actor, &id, active).await?)
}

/// R-ORG-6, R-CAT-1: partner organizations and the catalog, for Microsoft admins.
#[server(prefix = "/api", endpoint = "admin/catalog")]
pub async fn admin_catalog() -> Result<(Vec<dto::OrgView>, Vec<dto::SolutionAdminView>), AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    let orgs = crate::services::admin::list_orgs(&state, &actor).await?;
    let solutions = crate::services::admin::list_solutions(&state, &actor).await?;
    Ok((orgs, solutions))
}

#[server(prefix = "/api", endpoint = "admin/orgs/vetted")]
pub async fn admin_set_vetted(id: String, vetted: bool) -> Result<(), AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::admin::set_vetted(&state, &actor, &id, vetted).await?)
}

#[server(prefix = "/api", endpoint = "admin/solutions/update", input = Json)]
pub async fn admin_update_solution(
    id: String,
    co_sell_ready: bool,
    incentive: Option<crate::domain::catalog::Incentive>,
) -> Result<(), AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::admin::update_solution(&state, &actor, &id, co_sell_ready, incentive).await?)
}

/// R-NOTE-1: the signed-in user's notifications and e-mail choices.
#[server(prefix = "/api", endpoint = "notifications")]
pub async fn notifications() -> Result<dto::NotificationsPage, AppError> {
    use crate::services::{ServiceError, notifications as n};
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    let items = n::list(&state, &actor).await.map_err(ServiceError::from)?;
    let email = n::email_choices(&state, &actor).await.map_err(ServiceError::from)?;
    Ok(dto::NotificationsPage { items, email })
}

/// R-NOTE-1: the bell's number of unread notifications (0 when signed out).
#[server(prefix = "/api", endpoint = "notifications/unread")]
pub async fn unread_notifications() -> Result<i64, AppError> {
    let state = ctx::state()?;
    let Some(actor) = ctx::signed_in() else { return Ok(0) };
    Ok(crate::services::notifications::unread(&state, &actor).await.map_err(crate::services::ServiceError::from)?)
}

/// Marks one notification read, or all of them without an id.
#[server(prefix = "/api", endpoint = "notifications/read")]
pub async fn mark_notifications_read(id: Option<String>) -> Result<(), AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    let id = id.filter(|i| !i.is_empty());
    Ok(crate::services::notifications::mark_read(&state, &actor, id.as_deref()).await.map_err(crate::services::ServiceError::from)?)
}

/// R-NOTE-1: e-mail on or off for one kind of notification.
#[server(prefix = "/api", endpoint = "notifications/email")]
pub async fn set_notification_email(kind: crate::domain::notify::NoticeKind, on: bool) -> Result<(), AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::notifications::set_email(&state, &actor, kind, on).await.map_err(crate::services::ServiceError::from)?)
}

/// R-CAT-4: partners a Microsoft seller can refer a customer to, as the seller types.
#[server(prefix = "/api", endpoint = "referrals/partners")]
pub async fn referral_partners(query: String) -> Result<Vec<crate::domain::invitations::PartnerOption>, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    if !actor.has(crate::domain::actor::Role::MicrosoftSeller) {
        return Err(crate::services::ServiceError::Rule(crate::domain::refusal::Refused::MicrosoftSellersOnly).into());
    }
    Ok(crate::services::referrals::partners(&state.db, &query).await.map_err(crate::services::ServiceError::from)?)
}

/// R-ORG-5: the referral form for the chosen partner (its locations and solutions).
#[server(prefix = "/api", endpoint = "referrals/setup")]
pub async fn referral_setup(partner_id: String) -> Result<WizardOptions, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::referrals::setup(&state, &actor, &partner_id).await?)
}

/// R-ORG-5, R-TYPE-7: sends a Microsoft seller's referral; field errors come back as `AppError::Invalid`.
#[server(prefix = "/api", endpoint = "referrals/send", input = Json)]
pub async fn send_referral(partner_id: String, draft: DealDraft, confirm_warnings: bool, draft_id: Option<String>) -> Result<String, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    let id = crate::services::referrals::send(&state, &actor, &partner_id, &draft, confirm_warnings).await?;
    if let Some(draft_id) = draft_id {
        crate::services::drafts::discard(&state, &actor, &draft_id).await?;
    }
    Ok(id)
}

/// X-DRAFT: saves what the user typed so far (into `id` when it is still theirs).
#[server(prefix = "/api", endpoint = "drafts/save", input = Json)]
pub async fn save_draft(id: Option<String>, form: DraftForm, body: WizardDraft) -> Result<DraftSaved, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    let title = crate::domain::drafts::title(&body);
    Ok(crate::services::drafts::save(&state, &actor, id.as_deref(), &form, &title, &body).await?)
}

/// X-DRAFT: the user's own drafts of New deal (or of referrals), newest first.
#[server(prefix = "/api", endpoint = "drafts/list")]
pub async fn list_drafts(referrals: bool) -> Result<Vec<DraftSummary>, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::drafts::list(&state, &actor, referrals).await?)
}

/// X-DRAFT: one of the user's drafts, as typed.
#[server(prefix = "/api", endpoint = "drafts/open")]
pub async fn open_draft(id: String) -> Result<(DraftForm, WizardDraft), AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::drafts::open(&state, &actor, &id).await?)
}

/// X-DRAFT: saves the registration form of a won deal as typed (R-REG-3).
#[server(prefix = "/api", endpoint = "drafts/registration/save", input = Json)]
pub async fn save_registration_draft(id: Option<String>, deal_id: String, body: RegistrationFormDraft) -> Result<DraftSaved, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    // Only a deal the user sees; its existence is not revealed otherwise (R-ORG-3).
    crate::services::deals::get(&state, &actor, &deal_id).await?;
    let form = DraftForm::Registration { deal_id };
    Ok(crate::services::drafts::save(&state, &actor, id.as_deref(), &form, "", &body).await?)
}

/// X-DRAFT: the user's registration form of a deal as they left it, if they left one.
#[server(prefix = "/api", endpoint = "drafts/registration")]
pub async fn registration_draft(deal_id: String) -> Result<Option<(String, RegistrationFormDraft)>, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::drafts::latest(&state, &actor, &DraftForm::Registration { deal_id }).await?)
}

#[server(prefix = "/api", endpoint = "drafts/discard")]
pub async fn discard_draft(id: String) -> Result<(), AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::drafts::discard(&state, &actor, &id).await?)
}

/// R-TAB-3: the Microsoft user's work queues.
#[server(prefix = "/api", endpoint = "workspace", input = Json)]
pub async fn workspace(filters: dto::QueueFilters) -> Result<dto::Workspace, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::queues::workspace(&state, &actor, &filters).await.map_err(crate::services::ServiceError::from)?)
}

/// X-API: the signed-in user's API tokens (Settings → API tokens).
#[server(prefix = "/api", endpoint = "tokens")]
pub async fn api_tokens() -> Result<Vec<dto::TokenView>, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::api_tokens::list(&state, &actor).await?)
}

/// X-API: a new token acting as the signed-in user; its secret is in the answer, and only there.
#[server(prefix = "/api", endpoint = "tokens/create")]
pub async fn create_api_token(name: String, expires_in_days: Option<i64>) -> Result<dto::NewToken, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::api_tokens::create(&state, &actor, &name, expires_in_days).await?)
}

/// X-API: revokes one of the signed-in user's tokens; it stops working at once.
#[server(prefix = "/api", endpoint = "tokens/revoke")]
pub async fn revoke_api_token(id: String) -> Result<(), AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::api_tokens::revoke(&state, &actor, &id).await?)
}

/// X-API: the organization's webhooks with their latest attempts (its admins only).
#[server(prefix = "/api", endpoint = "webhooks")]
pub async fn webhooks() -> Result<Vec<dto::WebhookView>, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::webhooks::list(&state, &actor).await?)
}

/// X-API: registers a webhook; its signing secret is in the answer, and only there.
#[server(prefix = "/api", endpoint = "webhooks/create", input = Json)]
pub async fn create_webhook(url: String, events: Vec<crate::domain::webhooks::HookEvent>) -> Result<dto::NewWebhook, AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::webhooks::create(&state, &actor, &url, &events).await?)
}

#[server(prefix = "/api", endpoint = "webhooks/delete")]
pub async fn delete_webhook(id: String) -> Result<(), AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::webhooks::delete(&state, &actor, &id).await?)
}

/// X-API: resumes a paused webhook; what waited is sent again.
#[server(prefix = "/api", endpoint = "webhooks/resume")]
pub async fn resume_webhook(id: String) -> Result<(), AppError> {
    let (state, actor) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::webhooks::resume(&state, &actor, &id).await?)
}

/// X-API: the REST API's reference, from its OpenAPI document.
#[server(prefix = "/api", endpoint = "api-reference")]
pub async fn api_reference() -> Result<dto::ApiReference, AppError> {
    let (state, _) = (ctx::state()?, ctx::actor()?);
    Ok(crate::services::api_reference::reference(&state.api_doc))
}
