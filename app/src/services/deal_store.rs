//! Writing deals: the domain's `Deal` is stored whole (`body`) beside the columns that queries
//! filter, sort and check visibility on. Both are written by the two functions here, so they never
//! disagree. Updates carry the version they read (optimistic concurrency across app servers).

use super::db::{Sql, date, ts};
use super::error::ServiceError;
use super::events;
use super::visibility::push_visible;
use crate::domain::actor::Actor;
use crate::domain::deal::Direction;
use crate::domain::lifecycle::{Deal, Event, MicrosoftStatus, Outcome, Sender};
use chrono::{DateTime, Utc};
use sqlx::{Any, Row, Transaction};

/// An event of the domain with who caused it and when.
pub struct Recorded {
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<String>,
    pub event: Event,
}

/// A deal as loaded for a command: the aggregate, the version it was read at, and the customer's name.
pub struct Loaded {
    pub deal: Deal,
    pub version: i64,
    pub customer_name: String,
}

/// The columns derived from the aggregate, in the order `insert` and `update` bind them.
struct Projection {
    search: String,
    reason: Option<String>,
    body: String,
}

fn project(d: &Deal, customer_name: &str) -> Result<Projection, sqlx::Error> {
    let reason = match &d.outcome {
        Some(Outcome::Lost { reason, .. }) => Some(format!("{reason:?}")),
        Some(Outcome::Declined { reason, .. }) => Some(format!("{reason:?}")),
        _ => None,
    };
    Ok(Projection {
        search: format!("{} {}", d.details.name.as_str(), customer_name).to_lowercase(),
        reason,
        body: serde_json::to_string(d).map_err(|e| sqlx::Error::Encode(Box::new(e)))?,
    })
}

fn text<T: std::fmt::Display>(v: &Option<T>) -> Option<String> {
    v.as_ref().map(T::to_string)
}

/// The columns every write sets, in this order, as `$1` to `$26`.
const COLUMNS: [&str; 26] = [
    "contact_name", "contact_phone", "contact_email", "contact_consent", "name", "value_hundredths", "currency",
    "close_date", "crm_id", "campaign_id", "notes", "help_needed", "microsoft_level", "status", "stage",
    "status_reason", "search_norm", "updated_at", "body", "partners_invited", "microsoft_pending_since", "tab",
    "deal_type", "microsoft_seller_email", "registration_state", "answer_by",
];

/// R-LIFE-2: what the Inbound tab's time-left order reads: when a received deal's window opened;
/// after every such deal, those with no window.
pub const NO_WINDOW: &str = "9999-12-31T23:59:59.999999Z";

fn answer_by(d: &Deal) -> String {
    match (d.status, d.received_at) {
        (crate::domain::deal::Status::Received, Some(at)) => ts(at),
        _ => NO_WINDOW.to_string(),
    }
}

/// R-REG-4: the registration state as the work queues store it (its serialized name).
pub fn registration_word(state: crate::domain::registration::RegistrationState) -> String {
    serde_json::to_value(state).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// R-TAB-1: the tab a deal is listed in; closed deals leave Inbound and Outbound for Closed.
fn tab(d: &Deal) -> &'static str {
    match (d.status.is_terminal(), d.direction) {
        (true, _) => "closed",
        (false, Direction::Inbound) => "inbound",
        (false, Direction::Outbound) => "outbound",
    }
}

type Query<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

/// Binds `COLUMNS` for `d`; `updated_at` is the time of its last event.
fn bind_columns<'q>(sql: &'q str, d: &Deal, customer_name: &str, recorded: &[Recorded]) -> Result<Query<'q>, sqlx::Error> {
    let p = project(d, customer_name)?;
    let det = &d.details;
    let updated = recorded.iter().map(|r| r.at).max().unwrap_or(d.created_at);
    Ok(sqlx::query(sql)
        .bind(text(&d.contact.name))
        .bind(text(&d.contact.phone))
        .bind(text(&d.contact.email))
        .bind(i64::from(d.contact.consent))
        .bind(det.name.as_str().to_string())
        .bind(det.value.hundredths())
        .bind(det.currency.as_str().to_string())
        .bind(date(det.close_date))
        .bind(text(&det.crm_id))
        .bind(text(&det.campaign_id))
        .bind(text(&det.notes))
        .bind(d.help.as_str())
        .bind(d.microsoft.level.as_str())
        .bind(d.status.as_str())
        .bind(d.stage.as_str())
        .bind(p.reason)
        .bind(p.search)
        .bind(ts(updated))
        .bind(p.body)
        .bind(i64::from(d.is_partner_engagement()))
        .bind(d.microsoft.invited_at.filter(|_| d.microsoft.status == Some(MicrosoftStatus::Pending)).map(ts))
        .bind(tab(d))
        .bind(d.deal_type().as_str())
        .bind(d.microsoft.seller.as_ref().map(|s| s.email.normalized()))
        .bind(d.registration.as_ref().map(|r| registration_word(r.state)))
        .bind(answer_by(d)))
}

/// Fills the columns added by migration 20261130000002 from rows written before it, once.
pub async fn backfill(writer: &sqlx::AnyPool, engine: super::db::Engine) -> Result<(), sqlx::Error> {
    const NAME: &str = "20261130000002_work_queues";
    let done: Option<String> = sqlx::query_scalar("SELECT name FROM backfills WHERE name = $1").bind(NAME).fetch_optional(writer).await?;
    if done.is_some() {
        return Ok(());
    }
    let fill = match engine {
        super::db::Engine::Sqlite => {
            "UPDATE deals SET microsoft_seller_email = LOWER(json_extract(body, '$.microsoft.seller.email')), \
             registration_state = json_extract(body, '$.registration.state')"
        }
        super::db::Engine::Postgres => {
            "UPDATE deals SET microsoft_seller_email = LOWER(body::json -> 'microsoft' -> 'seller' ->> 'email'), \
             registration_state = body::json -> 'registration' ->> 'state'"
        }
    };
    let mut tx = writer.begin().await?;
    sqlx::query(fill).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO backfills (name, done_at) VALUES ($1, $2)").bind(NAME).bind(ts(chrono::Utc::now())).execute(&mut *tx).await?;
    tx.commit().await
}

/// Writes a new deal with its team, solutions and events inside the caller's transaction.
pub async fn insert(
    tx: &mut Transaction<'_, Any>,
    d: &Deal,
    customer_name: &str,
    created_by: Option<&str>,
    recorded: &[Recorded],
) -> Result<(), sqlx::Error> {
    let placeholders: Vec<String> = (1..=COLUMNS.len() + 11).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO deals ({}, id, engagement_id, org_id, direction, location_id, customer_id, is_assessment, created_by, \
         received_at, created_at, sender_org_id, version) VALUES ({}, 1)",
        COLUMNS.join(", "),
        placeholders.join(", ")
    );
    let sender_org_id = match &d.sender {
        Some(Sender::Partner { org_id }) => Some(org_id.clone()),
        _ => None,
    };
    bind_columns(&sql, d, customer_name, recorded)?
        .bind(d.id.clone())
        .bind(d.engagement_id.clone())
        .bind(d.org_id.clone())
        .bind(d.direction.as_str())
        .bind(d.location_id.clone())
        .bind(d.customer_id.clone())
        .bind(i64::from(d.is_assessment))
        .bind(created_by.map(str::to_string))
        .bind(d.received_at.map(ts))
        .bind(ts(d.created_at))
        .bind(sender_org_id)
        .execute(&mut **tx)
        .await?;
    write_children(tx, d, recorded).await
}

/// Writes a changed deal read at `version`; someone else's change in between is a conflict and
/// nothing is written. Location, org, direction and creation never change (R-LIFE-3).
pub async fn update(
    tx: &mut Transaction<'_, Any>,
    d: &Deal,
    version: i64,
    customer_name: &str,
    recorded: &[Recorded],
) -> Result<(), ServiceError> {
    let sets: Vec<String> = COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
    let (id, read) = (COLUMNS.len() + 1, COLUMNS.len() + 2);
    let sql = format!("UPDATE deals SET {}, version = version + 1 WHERE id = ${id} AND version = ${read}", sets.join(", "));
    let done = bind_columns(&sql, d, customer_name, recorded)?.bind(d.id.clone()).bind(version).execute(&mut **tx).await?;
    if done.rows_affected() != 1 {
        return Err(ServiceError::Conflict);
    }
    for table in ["deal_team_members", "deal_solutions"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE deal_id = $1")).bind(&d.id).execute(&mut **tx).await?;
    }
    Ok(write_children(tx, d, recorded).await?)
}

async fn write_children(tx: &mut Transaction<'_, Any>, d: &Deal, recorded: &[Recorded]) -> Result<(), sqlx::Error> {
    for (i, m) in d.team.iter().enumerate() {
        sqlx::query(
            "INSERT INTO deal_team_members (deal_id, position, name, phone, email, email_norm) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&d.id)
        .bind(i as i64)
        .bind(m.person.name.as_str())
        .bind(m.person.phone.as_str())
        .bind(m.person.email.as_str())
        .bind(m.person.email.normalized())
        .execute(&mut **tx)
        .await?;
    }
    for (i, s) in d.solutions.iter().enumerate() {
        sqlx::query("INSERT INTO deal_solutions (deal_id, solution_id, position) VALUES ($1, $2, $3)")
            .bind(&d.id)
            .bind(&s.id)
            .bind(i as i64)
            .execute(&mut **tx)
            .await?;
    }
    for r in recorded {
        events::record(
            tx,
            events::Event {
                at: r.at,
                actor_user_id: r.actor_user_id.as_deref(),
                org_id: Some(&d.org_id),
                subject_type: "deal",
                subject_id: &d.id,
                kind: r.event.kind().as_str(),
                data: serde_json::to_value(&r.event).unwrap_or_default(),
            },
        )
        .await?;
    }
    Ok(())
}

const LOAD: &str = "SELECT d.body, d.version, c.name AS customer_name FROM deals d JOIN customers c ON c.id = d.customer_id WHERE ";

fn loaded(row: &sqlx::any::AnyRow) -> Result<Loaded, sqlx::Error> {
    let body: String = row.try_get("body")?;
    Ok(Loaded {
        deal: serde_json::from_str(&body).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        version: row.try_get("version")?,
        customer_name: row.try_get("customer_name")?,
    })
}

/// A deal the actor may see (R-ORG-3), for a command; `None` when it does not exist or is hidden.
pub async fn load_visible(db: &super::Db, actor: &Actor, id: &str) -> Result<Option<Loaded>, sqlx::Error> {
    // An address like /deals/%00 names no deal (and PostgreSQL refuses NUL in text).
    if id.is_empty() || id.len() > 64 || id.chars().any(char::is_control) {
        return Ok(None);
    }
    let mut sql = Sql::new(LOAD);
    sql.push("d.id = ").bind_text(id).push(" AND ");
    push_visible(&mut sql, actor);
    sql.query().fetch_optional(&db.pool).await?.as_ref().map(loaded).transpose()
}

/// Which window's due deals the expiry timer asks for (R-LIFE-2, R-LIFE-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Received deals nobody answered.
    Answer,
    /// Co-sell invitations Microsoft did not answer.
    Microsoft,
}

/// Which deals of a window the system asks for: those whose window opened in
/// (`opened_after`, `opened_by`], and for a reminder, those not yet reminded at that threshold.
#[derive(Debug, Clone, Copy)]
pub struct DueQuery<'a> {
    pub which: Due,
    pub opened_after: Option<&'a str>,
    pub opened_by: &'a str,
    /// X-REMIND: leave out deals already reminded at this many days left.
    pub not_reminded_at: Option<i64>,
}

impl<'a> DueQuery<'a> {
    /// The expiry timer's question: windows opened at or before `cutoff`.
    pub fn expired(which: Due, cutoff: &'a str) -> Self {
        DueQuery { which, opened_after: None, opened_by: cutoff, not_reminded_at: None }
    }
}

impl Due {
    /// The name reminders are recorded under.
    pub fn as_str(&self) -> &'static str {
        match self {
            Due::Answer => "answer",
            Due::Microsoft => "microsoft",
        }
    }
}

/// For the system's own work (the expiry timer, reminders), never for anything a user asked: up to
/// `limit` deals that `q` selects, in the order the windows opened, after the position `after`
/// (when the window opened, id), each with its position.
pub async fn due(db: &super::Db, q: DueQuery<'_>, after: Option<&DuePosition>, limit: i64) -> Result<Vec<(DuePosition, Loaded)>, sqlx::Error> {
    let rows = due_sql(q, after, limit).query().fetch_all(&db.pool).await?;
    rows.iter().map(|row| Ok(((row.try_get("opened_at")?, row.try_get("id")?), loaded(row)?))).collect()
}

/// Where a run of the timer has got to: when the last deal's window opened, and its id.
pub type DuePosition = (String, String);

/// The query of `due`: a range of the index on when each window opened, read in that order, so a
/// batch costs its own rows whatever is open or due. Public for the query-plan tests.
pub fn due_sql(q: DueQuery<'_>, after: Option<&DuePosition>, limit: i64) -> Sql {
    let opened = match q.which {
        // A received deal always has `received_at` (`lifecycle::receive`; migration 20261129000001).
        Due::Answer => "d.received_at",
        Due::Microsoft => "d.microsoft_pending_since",
    };
    let mut sql = Sql::new(&format!("SELECT d.body, d.version, c.name AS customer_name, d.id, {opened} AS opened_at FROM deals d JOIN customers c ON c.id = d.customer_id WHERE "));
    if q.which == Due::Answer {
        sql.push("d.status = 'received' AND ");
    }
    sql.push(&format!("{opened} <= ")).bind_text(q.opened_by);
    if let Some(from) = q.opened_after {
        sql.push(&format!(" AND {opened} > ")).bind_text(from);
    }
    if let Some((at, id)) = after {
        sql.push(&format!(" AND ({opened}, d.id) > (")).bind_text(at).push(", ").bind_text(id).push(")");
    }
    if let Some(days) = q.not_reminded_at {
        sql.push(" AND NOT EXISTS (SELECT 1 FROM reminders_sent r WHERE r.deal_id = d.id AND r.window_kind = ").bind_text(q.which.as_str());
        sql.push(" AND r.days_left = ").bind_int(days).push(")");
    }
    sql.push(&format!(" ORDER BY {opened}, d.id LIMIT ")).bind_int(limit);
    sql
}

/// The deal an organization holds in an engagement, for what one company's action does to
/// another's deal (P2P answers, R-LIFE-6). Not for anything shown to a user.
pub async fn load_in_engagement(db: &super::Db, engagement_id: &str, org_id: &str) -> Result<Option<Loaded>, sqlx::Error> {
    let mut sql = Sql::new(LOAD);
    sql.push("d.engagement_id = ").bind_text(engagement_id).push(" AND d.org_id = ").bind_text(org_id);
    sql.push(" AND d.sender_org_id IS NULL");
    sql.query().fetch_optional(&db.pool).await?.as_ref().map(loaded).transpose()
}

/// The copies an originator's invitations created in an engagement that still wait for an answer
/// (§3: they close with the originator's deal), in one query.
pub async fn unanswered_copies(db: &super::Db, engagement_id: &str, originator_org_id: &str) -> Result<Vec<Loaded>, sqlx::Error> {
    let mut sql = Sql::new(LOAD);
    sql.push("d.engagement_id = ").bind_text(engagement_id).push(" AND d.sender_org_id = ").bind_text(originator_org_id);
    sql.push(" AND d.status = ").bind_text(crate::domain::deal::Status::Received.as_str());
    sql.query().fetch_all(&db.pool).await?.iter().map(loaded).collect()
}
