//! R-TAB-3: the Microsoft workspace: co-sell invitations waiting for Microsoft's answer (soonest
//! deadline first), referrals the seller sent, deals the seller co-sells, and for reviewers the
//! registrations to review and those waiting on the partner. Every query carries the visibility
//! rule (R-ORG-3: Microsoft sees only deals shared with it).

use super::db::{Sql, parse_ts, stored, ts};
use super::deal_store::registration_word;
use super::state::AppState;
use super::visibility::push_visible;
use crate::domain::actor::{Actor, Role};
use crate::domain::deal::Status;
use crate::domain::invitations::PartnerOption;
use crate::domain::lifecycle::{RESPONSE_WINDOW_DAYS, window_left};
use crate::domain::registration::RegistrationState;
use crate::dto::{QueueFilters, QueueItem, Workspace};
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use sqlx::Row;

/// Each list shows at most this many deals.
const LIMIT: i64 = 100;

const ITEM: &str = "SELECT d.id, d.name, o.name AS partner_name, c.name AS customer_name, l.country, d.value_hundredths, \
     d.currency, d.status, d.microsoft_pending_since, d.received_at, d.registration_state, d.updated_at FROM deals d \
     JOIN organizations o ON o.id = d.org_id JOIN customers c ON c.id = d.customer_id JOIN locations l ON l.id = d.location_id WHERE ";

fn item(row: &sqlx::any::AnyRow, now: DateTime<Utc>) -> Result<QueueItem, sqlx::Error> {
    let status = stored(row, "status", Status::parse)?;
    let pending: Option<String> = row.try_get("microsoft_pending_since")?;
    let received: Option<String> = row.try_get("received_at")?;
    let window = pending.or(received.filter(|_| status == Status::Received));
    let registration: Option<String> = row.try_get("registration_state")?;
    Ok(QueueItem {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        partner_name: row.try_get("partner_name")?,
        customer_name: row.try_get("customer_name")?,
        country: row.try_get("country")?,
        value: Decimal::new(row.try_get("value_hundredths")?, 2),
        currency: row.try_get("currency")?,
        status,
        hours_left: window.map(|opened| window_left(parse_ts(&opened), now).num_hours()),
        registration: registration.and_then(|r| serde_json::from_value::<RegistrationState>(serde_json::Value::String(r)).ok()),
        updated_at: parse_ts(&row.try_get::<String, _>("updated_at")?),
    })
}

async fn fetch(state: &AppState, sql: &Sql) -> Result<Vec<QueueItem>, sqlx::Error> {
    let now = state.now();
    sql.query().fetch_all(&state.db.pool).await?.iter().map(|row| item(row, now)).collect()
}

fn start(actor: &Actor) -> Sql {
    let mut sql = Sql::new(ITEM);
    push_visible(&mut sql, actor);
    sql
}

#[tracing::instrument(skip(state, actor))]
pub async fn workspace(state: &AppState, actor: &Actor, filters: &QueueFilters) -> Result<Workspace, sqlx::Error> {
    let mut out = Workspace { is_seller: actor.has(Role::MicrosoftSeller), is_reviewer: actor.has(Role::MicrosoftRegistrationReviewer), ..Workspace::default() };
    if out.is_seller {
        out.pending = fetch(state, &pending_sql(actor, filters, state.now())).await?;
        let mut sent = start(actor);
        sent.push(" AND d.direction = 'inbound' AND d.created_by = ").bind_text(&actor.user_id);
        sent.push(" ORDER BY d.updated_at DESC LIMIT ").bind_int(LIMIT);
        out.sent = fetch(state, &sent).await?;
        let mut mine = start(actor);
        mine.push(" AND d.direction = 'outbound' AND d.microsoft_seller_email = ").bind_text(actor.email.to_lowercase());
        mine.push(" ORDER BY d.updated_at DESC LIMIT ").bind_int(LIMIT);
        out.mine = fetch(state, &mine).await?;
        out.partners = options(state, "SELECT id, name FROM organizations WHERE is_microsoft = 0 ORDER BY name").await?;
        out.solutions = options(state, "SELECT id, name FROM solutions WHERE co_sell_ready = 1 AND is_assessment = 0 ORDER BY name").await?;
        let countries = sqlx::query_scalar("SELECT DISTINCT country FROM locations ORDER BY country").fetch_all(&state.db.pool).await?;
        out.countries = countries;
    }
    if out.is_reviewer {
        out.review = fetch(state, &registrations_sql(actor, &[RegistrationState::Submitted, RegistrationState::InReview])).await?;
        out.on_partner = fetch(state, &registrations_sql(actor, &[RegistrationState::ActionRequired])).await?;
    }
    Ok(out)
}

/// Co-sell invitations still inside Microsoft's 14 days, soonest deadline first (the index on when
/// each was sent), filtered by partner, the deal's country and a solution.
pub fn pending_sql(actor: &Actor, filters: &QueueFilters, now: DateTime<Utc>) -> Sql {
    let mut sql = start(actor);
    sql.push(" AND d.microsoft_pending_since > ").bind_text(ts(now - Duration::days(RESPONSE_WINDOW_DAYS)));
    if !filters.partner.is_empty() {
        sql.push(" AND d.org_id = ").bind_text(&filters.partner);
    }
    if !filters.country.is_empty() {
        sql.push(" AND l.country = ").bind_text(&filters.country);
    }
    if !filters.solution.is_empty() {
        sql.push(" AND EXISTS (SELECT 1 FROM deal_solutions s WHERE s.deal_id = d.id AND s.solution_id = ").bind_text(&filters.solution).push(")");
    }
    sql.push(" ORDER BY d.microsoft_pending_since, d.id LIMIT ").bind_int(LIMIT);
    sql
}

fn registrations_sql(actor: &Actor, states: &[RegistrationState]) -> Sql {
    let mut sql = start(actor);
    // R-REG-4: Microsoft reviews the registrations of co-sell deals only.
    sql.push(" AND d.microsoft_level = ").bind_text(crate::domain::deal::MicrosoftLevel::Invited.as_str());
    sql.push(" AND d.registration_state IN (");
    for (i, s) in states.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind_text(registration_word(*s));
    }
    sql.push(") ORDER BY d.updated_at, d.id LIMIT ").bind_int(LIMIT);
    sql
}

async fn options(state: &AppState, sql: &str) -> Result<Vec<PartnerOption>, sqlx::Error> {
    let rows = sqlx::query(sql).fetch_all(&state.db.pool).await?;
    rows.iter().map(|r| Ok(PartnerOption { id: r.try_get("id")?, name: r.try_get("name")? })).collect()
}
