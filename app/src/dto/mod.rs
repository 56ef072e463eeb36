//! What the server sends to its readers (the pages through server functions, later the REST API):
//! plain serializable views, and the one pure function that builds a deal's view (`deal_view`).
//! Services build these; the API layer only passes them on.

mod deal_view;
pub mod list;

pub use deal_view::{DealFacts, deal_view};

use crate::domain::catalog::SolutionInfo;
pub use crate::domain::invitations::PartnerOption;
use crate::domain::refusal::Refused;
use crate::domain::contact::ContactDraft;
use crate::domain::deal::{DealType, Direction, EventKind, HelpNeeded, MicrosoftLevel, Stage, Status};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// R-TAB-1: the tabs of the co-sell workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    Inbound,
    Outbound,
    Favorites,
    Closed,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Inbound, Tab::Outbound, Tab::Favorites, Tab::Closed];
    pub fn slug(&self) -> &'static str {
        match self {
            Tab::Inbound => "inbound",
            Tab::Outbound => "outbound",
            Tab::Favorites => "favorites",
            Tab::Closed => "closed",
        }
    }
    pub fn from_slug(slug: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.slug() == slug)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    Updated,
    Created,
    CloseDate,
    Value,
    Name,
    /// R-LIFE-2: received deals by the time left to answer them, then the rest.
    TimeLeft,
}

impl SortKey {
    pub const ALL: [SortKey; 6] = [SortKey::Updated, SortKey::Created, SortKey::CloseDate, SortKey::Value, SortKey::Name, SortKey::TimeLeft];
    pub fn slug(&self) -> &'static str {
        match self {
            SortKey::Updated => "updated",
            SortKey::Created => "created",
            SortKey::CloseDate => "close",
            SortKey::Value => "value",
            SortKey::Name => "name",
            SortKey::TimeLeft => "left",
        }
    }
    pub fn from_slug(slug: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

pub use list::{ListFilters, ListQuery, PAGE_SIZE, Page};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealSummary {
    pub id: String,
    pub name: String,
    pub customer_name: String,
    pub deal_type: DealType,
    pub direction: Direction,
    pub status: Status,
    pub stage: Stage,
    pub value: Decimal,
    pub currency: String,
    pub close_date: NaiveDate,
    pub updated_at: DateTime<Utc>,
    pub favorite: bool,
    /// R-LIFE-2: whole hours left to answer a received deal.
    pub hours_to_respond: Option<i64>,
}

/// One page of a tab (R-TAB-2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealList {
    pub deals: Vec<DealSummary>,
    /// How many deals match in all, counted up to `COUNT_CAP` (`total_capped` when there are more).
    pub total: i64,
    pub total_capped: bool,
    /// Where the next and the previous page start, when there is one.
    pub next: Option<String>,
    pub previous: Option<String>,
    /// R-NEW-6: whether this user may create deals, and if not, why.
    pub can_create: Result<(), Refused>,
    /// R-ORG-5: a Microsoft seller refers customers to partners instead.
    #[serde(default)]
    pub can_refer: bool,
    /// The organization's locations, for the location filter.
    pub locations: Vec<LocationOption>,
}

/// Counting stops here: "1000+" is as useful as the exact number and stays cheap under any
/// filter (a sparse filter would otherwise read the whole tab to count it).
pub const COUNT_CAP: i64 = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerView {
    pub id: String,
    pub name: String,
    pub street: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub country: String,
    pub duns: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub name: String,
    pub phone: String,
    pub email: String,
    /// On a deal's team: the viewer's company added this member, so it may edit or remove them
    /// (R-LIFE-6: each company edits only its own).
    #[serde(default)]
    pub own: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationOption {
    pub id: String,
    pub mpn_location_id: String,
    pub city: String,
    pub country: String,
    pub is_primary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub at: DateTime<Utc>,
    pub actor_name: Option<String>,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealView {
    pub id: String,
    pub engagement_id: String,
    pub org_name: String,
    pub name: String,
    pub direction: Direction,
    pub status: Status,
    pub stage: Stage,
    pub deal_type: DealType,
    pub microsoft_level: MicrosoftLevel,
    pub help: HelpNeeded,
    pub customer: CustomerView,
    /// The customer contact as this viewer may read it (`domain::privacy`), in the edit form's shape.
    pub contact: ContactDraft,
    pub location: LocationOption,
    pub value: Decimal,
    pub currency: String,
    pub close_date: NaiveDate,
    pub crm_id: Option<String>,
    pub campaign_id: Option<String>,
    pub notes: Option<String>,
    pub team: Vec<MemberView>,
    pub solutions: Vec<SolutionInfo>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub favorite: bool,
    pub events: Vec<EventView>,
    /// R-NEW-5: the partners this deal invited, each with what was asked of it.
    pub invitations: Vec<InvitationView>,
    /// The other companies' deals of this engagement the viewer may open (P2P, R-LIFE-6).
    pub parties: Vec<PartyView>,
    /// For a partner's invitation (R-LIFE-6): the organization that invited us.
    pub sender_name: Option<String>,
    /// What the viewer may do now, as the lifecycle would answer it.
    pub next: crate::domain::lifecycle::NextSteps,
    /// R-LIFE-5: Microsoft's side of a co-sell deal.
    pub microsoft: MicrosoftView,
    /// R-REG-1, R-REG-4: whether the deal can be registered (or why not) and where its registration stands.
    pub registration: RegistrationView,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationView {
    pub eligibility: Result<(), Vec<crate::domain::lifecycle::Unmet>>,
    pub state: Option<crate::domain::registration::RegistrationState>,
    /// R-REG-2: the deal was won within 72 hours of its start.
    pub early_win_warning: bool,
    pub reviewer_message: Option<String>,
}

/// R-LIFE-5: the Microsoft card. The seller appears only once Microsoft accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MicrosoftView {
    pub status: Option<crate::domain::lifecycle::MicrosoftStatus>,
    pub hours_left: Option<i64>,
    pub seller_name: Option<String>,
    pub seller_email: Option<String>,
    pub decline_reason: Option<crate::domain::reasons::DeclineReason>,
}

/// Another company's deal of the same engagement that the viewer may open (R-LIFE-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyView {
    pub deal_id: String,
    pub org_name: String,
    pub status: Status,
    /// The party created the engagement (its deal is outbound); else it was invited.
    pub originator: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub partner_name: String,
    pub status: crate::domain::lifecycle::InvitationStatus,
    pub value: Decimal,
    pub currency: String,
    pub close_date: NaiveDate,
}

/// Everything the wizard needs to run the domain's rules in the browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WizardOptions {
    pub can_create: Result<(), Refused>,
    pub today: NaiveDate,
    pub locations: Vec<LocationOption>,
    pub countries: Vec<String>,
    pub catalog: Vec<SolutionInfo>,
    pub org_vetted: bool,
    pub recent_contacts: Vec<MemberView>,
    /// Partner organizations that may be invited (R-NEW-5).
    pub partners: Vec<PartnerOption>,
    /// R-ORG-5, R-TYPE-7: set when a Microsoft seller refers a customer to this partner; the
    /// locations and catalog are then the partner's.
    #[serde(default)]
    pub referral_to: Option<PartnerOption>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub name: String,
    pub roles: Vec<crate::domain::actor::Role>,
    pub location_ids: Vec<String>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgView {
    pub id: String,
    pub name: String,
    pub mpn_id: String,
    pub vetted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SolutionAdminView {
    pub id: String,
    pub name: String,
    pub owner_name: String,
    pub is_assessment: bool,
    pub co_sell_ready: bool,
    pub incentive: Option<crate::domain::catalog::Incentive>,
}

/// What the user administration page needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAdmin {
    pub users: Vec<UserView>,
    pub locations: Vec<LocationOption>,
}

/// R-NEW-5: what the partner invitation form offers: partners not yet invited, and the solutions
/// the inviting organization may ask them to bring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationOptions {
    pub partners: Vec<PartnerOption>,
    pub catalog: Vec<SolutionInfo>,
}


/// R-NOTE-1: one notification as the bell's page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: String,
    pub deal_id: String,
    pub deal_name: String,
    pub kind: crate::domain::notify::NoticeKind,
    pub data: crate::domain::notify::NoticeData,
    pub at: DateTime<Utc>,
    pub read: bool,
}

/// R-NOTE-1: the notifications page: the newest notifications and the e-mail choice per kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationsPage {
    pub items: Vec<NotificationView>,
    pub email: Vec<(crate::domain::notify::NoticeKind, bool)>,
}

/// R-TAB-3: one deal in a Microsoft work queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: String,
    pub name: String,
    /// The partner organization whose deal it is.
    pub partner_name: String,
    pub customer_name: String,
    /// The deal's location's country (ISO code).
    pub country: String,
    pub value: Decimal,
    pub currency: String,
    pub status: Status,
    /// R-LIFE-2, R-LIFE-5: whole hours left in the window that applies (Microsoft's answer, or the partner's).
    pub hours_left: Option<i64>,
    pub registration: Option<crate::domain::registration::RegistrationState>,
    pub updated_at: DateTime<Utc>,
}

/// R-TAB-3: a Microsoft user's own workspace; each list is empty for roles it is not for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Workspace {
    /// Sellers: co-sell invitations waiting for Microsoft's answer, soonest deadline first.
    pub pending: Vec<QueueItem>,
    /// Sellers: referrals this seller sent, most recently changed first.
    pub sent: Vec<QueueItem>,
    /// Sellers: deals this seller co-sells (accepted as Microsoft's contact).
    pub mine: Vec<QueueItem>,
    /// Reviewers: registrations submitted or in review, oldest first.
    pub review: Vec<QueueItem>,
    /// Reviewers: registrations waiting for the partner to act.
    pub on_partner: Vec<QueueItem>,
    /// What the pending list can be filtered by.
    pub partners: Vec<PartnerOption>,
    pub countries: Vec<String>,
    pub solutions: Vec<PartnerOption>,
    pub is_seller: bool,
    pub is_reviewer: bool,
}

/// R-TAB-3: the pending list's filters; empty means any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct QueueFilters {
    #[serde(default)]
    pub partner: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub solution: String,
}

/// An API token as its owner sees it in Settings → API tokens (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: String,
    pub name: String,
    /// The secret's first characters, to tell tokens apart.
    pub prefix: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A token just created: the secret is shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewToken {
    pub token: TokenView,
    pub secret: String,
}

/// A webhook as its organization's admins see it (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookView {
    pub id: String,
    pub url: String,
    pub events: Vec<crate::domain::webhooks::HookEvent>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Failing without a success since then.
    pub failing_since: Option<chrono::DateTime<chrono::Utc>>,
    pub paused_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The latest tries, newest first.
    pub attempts: Vec<HookAttemptView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HookAttemptView {
    pub at: chrono::DateTime<chrono::Utc>,
    pub event: Option<crate::domain::webhooks::HookEvent>,
    /// The receiver's HTTP status; `None` when it could not be reached.
    pub status_code: Option<i64>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// A webhook just registered: its signing secret is shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWebhook {
    pub hook: WebhookView,
    pub secret: String,
}

/// X-API: the REST API's reference as the reference page shows it, read from its OpenAPI document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiReference {
    pub title: String,
    pub description: String,
    pub operations: Vec<ApiOperation>,
    pub schemas: Vec<ApiSchema>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiOperation {
    pub method: String,
    pub path: String,
    pub summary: String,
    pub params: Vec<ApiField>,
    /// The request body's schema (`Vec<Op>` reads as `Op[]`).
    pub request: Option<String>,
    /// Status code, what it means, and the body's schema.
    pub responses: Vec<(String, String, Option<String>)>,
}

/// A parameter or a schema's property.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiField {
    pub name: String,
    /// Where a parameter goes (query, path, header), or a property's type.
    pub kind: String,
    pub required: bool,
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiSchema {
    pub name: String,
    pub description: String,
    pub properties: Vec<ApiField>,
}
