//! Helpers shared by the API tests: the wizard's server functions and a few readers.

use app::api::AppError;
use app::api::dto::{CustomerView, DealList, DealView, ListQuery, SortKey, Tab, WizardOptions};
use app::domain::details::DetailsDraft;
use app::domain::actor::Actor;
use app::domain::catalog::SolutionCategory;
use app::domain::issues::{Code, Field};
use app::domain::team::MemberDraft;
use app::domain::wizard::DealDraft;
use reqwest::{Client, StatusCode};
use serde_json::json;
use tests::TestApp;

pub const ADMIN: &str = "referrals@fabrikam.example";

pub async fn options(app: &TestApp, client: &Client) -> WizardOptions {
    app.call_form(client, "wizard/options", &[]).await.expect("wizard options")
}

pub async fn suggest(app: &TestApp, client: &Client, country: &str, query: &str) -> Vec<CustomerView> {
    app.call_form(client, "directory/customers", &[("country", country), ("query", query)]).await.expect("suggestions")
}

/// A draft that passes every rule, for the Fabrikam referrals admin.
pub async fn valid_draft(app: &TestApp, client: &Client, name: &str) -> DealDraft {
    let opts = options(app, client).await;
    let us = opts.locations.iter().find(|l| l.country == "US").expect("US location");
    let customer = suggest(app, client, "US", "Contoso Ltd").await.into_iter().next().expect("customer");
    let own = opts.catalog.iter().find(|s| s.category == SolutionCategory::Own && s.incentive.is_none()).expect("own solution");
    DealDraft {
        customer_country: "US".into(),
        customer_id: Some(customer.id),
        deal_name: name.into(),
        location_id: us.id.clone(),
        value: "25000.50".into(),
        currency: "USD".into(),
        close_date: "2027-03-31".into(),
        crm_id: "CRM-1".into(),
        team: vec![MemberDraft { name: "Ana Silva".into(), phone: "+1 425 555 0100".into(), email: "ana@fabrikam.example".into() }],
        solution_ids: vec![own.id.clone()],
        ..DealDraft::default()
    }
}

pub async fn create(app: &TestApp, client: &Client, draft: &DealDraft, confirm: bool) -> Result<String, (StatusCode, AppError)> {
    app.call(client, "deals/create", &json!({ "draft": draft, "confirm_warnings": confirm })).await
}

pub async fn list(app: &TestApp, client: &Client, tab: Tab, text: &str, sort: SortKey, descending: bool) -> DealList {
    let query = ListQuery { text: text.into(), sort, descending, ..ListQuery::new(tab) };
    list_query(app, client, &query).await
}

pub async fn list_query(app: &TestApp, client: &Client, query: &ListQuery) -> DealList {
    app.call(client, "deals/list", &json!({ "query": query })).await.expect("list")
}

/// A deal as the client sees it; `None` for the 404 of a deal it may not see (R-ORG-3).
pub async fn get(app: &TestApp, client: &Client, id: &str) -> Option<DealView> {
    match app.call_form(client, "deals/get", &[("id", id)]).await {
        Ok(view) => Some(view),
        Err((StatusCode::NOT_FOUND, AppError::NotFound)) => None,
        Err(other) => panic!("get {id}: {other:?}"),
    }
}

/// A whole, valid details form (R-LIFE-3: the edit form holds every field) with this value and notes.
pub fn details(value: &str, notes: &str) -> DetailsDraft {
    DetailsDraft {
        name: "Edited deal".into(),
        value: value.into(),
        currency: "USD".into(),
        close_date: "2027-06-30".into(),
        notes: notes.into(),
        ..Default::default()
    }
}

pub fn field_codes(error: &AppError) -> Vec<(Field, Code)> {
    match error {
        AppError::Invalid(issues) | AppError::NeedsConfirmation(issues) => issues.0.iter().map(|i| (i.field, i.code.clone())).collect(),
        other => panic!("expected field issues, got {other:?}"),
    }
}

pub async fn deal_at(app: &TestApp, client: &Client, name: &str, location: usize, team_emails: &[&str], shared: bool) -> String {
    let opts = options(app, client).await;
    let mut draft = valid_draft(app, client, name).await;
    draft.location_id = opts.locations[location].id.clone();
    draft.team = team_emails
        .iter()
        .map(|e| MemberDraft { name: "Team Member".into(), phone: "+1 425 555 0100".into(), email: e.to_string() })
        .collect();
    draft.share_with_microsoft = shared;
    create(app, client, &draft, false).await.expect("created")
}

pub async fn actor_by_email(app: &TestApp, email: &str) -> Actor {
    let id: String = sqlx::query_scalar("SELECT id FROM users WHERE email_norm = $1")
        .bind(email)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("user");
    app::services::auth::load_actor(&app.state.db, &id).await.unwrap().expect("actor")
}


/// A deal Fabrikam received and has not answered yet (from the demo data).
pub async fn received_deal(app: &TestApp) -> String {
    sqlx::query_scalar(
        "SELECT d.id FROM deals d JOIN organizations o ON o.id = d.org_id \
         WHERE d.status = 'received' AND o.name = 'Fabrikam Cloud Solutions' ORDER BY d.id LIMIT 1",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .expect("a received demo deal")
}

/// The deal as stored, read past every rule: for checking what the system wrote.
pub async fn stored_deal(db: &app::services::Db, id: &str) -> app::domain::lifecycle::Deal {
    let body: String = sqlx::query_scalar("SELECT body FROM deals WHERE id = $1").bind(id).fetch_one(&db.pool).await.expect("stored");
    serde_json::from_str(&body).expect("a stored deal")
}
