//! Webhooks (X-API): registration by an organization's admins, the durable queue of deliveries
//! written in the transaction of the change they announce, leases for the senders on any app
//! server, every attempt logged, and pausing a hook that fails for a day (its admins told).

use super::db::{Db, Engine, new_id, parse_ts, ts};
use super::error::ServiceError;
use super::state::AppState;
use crate::domain::actor::Actor;
use crate::domain::issues::{Code, Field, Issues};
use crate::domain::webhooks::{self as rule, BadUrl, HookEvent, MAX_HOOKS, may_manage_webhooks};
use crate::dto::{HookAttemptView, NewWebhook, WebhookView};
use chrono::{DateTime, Duration, Utc};
use sqlx::{Any, Row, Transaction};

/// Settings of the webhook senders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HookSettings {
    /// `COSELL_WEBHOOK_ALLOW_PRIVATE`: accept `http://` and private addresses (development, tests).
    pub allow_private: bool,
}

const LEASE_SECONDS: i64 = 120;

fn events_column(events: &[HookEvent]) -> String {
    format!(" {} ", events.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(" "))
}

fn url_code(bad: BadUrl) -> Code {
    match bad {
        BadUrl::Required => Code::Required,
        BadUrl::TooLong => Code::TooLong { max: rule::URL_MAX },
        BadUrl::NotHttp | BadUrl::Malformed => Code::InvalidUrl,
        BadUrl::NotHttps => Code::UrlNotHttps,
        BadUrl::PrivateHost => Code::UrlPrivate,
    }
}

#[tracing::instrument(skip(state, actor), fields(user = %actor.user_id))]
pub async fn create(state: &AppState, actor: &Actor, url: &str, events: &[HookEvent]) -> Result<NewWebhook, ServiceError> {
    may_manage_webhooks(actor).map_err(ServiceError::Rule)?;
    let mut issues = Issues::default();
    let url = issues.take(Field::WebhookUrl, rule::check_url(url, state.hooks.allow_private).map_err(url_code));
    if events.is_empty() {
        issues.error(Field::WebhookEvents, Code::Required);
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhooks WHERE org_id = $1 AND deleted_at IS NULL")
        .bind(&actor.org_id)
        .fetch_one(&state.db.pool)
        .await?;
    if count as usize >= MAX_HOOKS {
        issues.error(Field::WebhookUrl, Code::TooManyHooks { max: MAX_HOOKS });
    }
    let Some(url) = url.filter(|_| !issues.has_errors()) else { return Err(ServiceError::Invalid(issues)) };
    let mut events = events.to_vec();
    events.sort_by_key(|e| e.as_str());
    events.dedup();
    let secret = format!("whsec_{}", uuid::Uuid::new_v4().simple());
    let id = new_id();
    let now = state.now();
    sqlx::query("INSERT INTO webhooks (id, org_id, url, events, secret, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(&id)
        .bind(&actor.org_id)
        .bind(&url)
        .bind(events_column(&events))
        .bind(&secret)
        .bind(&actor.user_id)
        .bind(ts(now))
        .execute(state.db.writer())
        .await?;
    let hook = WebhookView { id, url, events, created_at: now, failing_since: None, paused_at: None, attempts: Vec::new() };
    Ok(NewWebhook { hook, secret })
}

/// The organization's hooks with their latest attempts (newest first).
pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<WebhookView>, ServiceError> {
    may_manage_webhooks(actor).map_err(ServiceError::Rule)?;
    let rows = sqlx::query(
        "SELECT id, url, events, created_at, failing_since, paused_at FROM webhooks WHERE org_id = $1 AND deleted_at IS NULL ORDER BY created_at, id",
    )
    .bind(&actor.org_id)
    .fetch_all(&state.db.pool)
    .await?;
    let mut hooks = Vec::with_capacity(rows.len());
    for row in rows {
        let at = |c: &str| -> Result<Option<DateTime<Utc>>, sqlx::Error> { Ok(row.try_get::<Option<String>, _>(c)?.as_deref().map(parse_ts)) };
        let id: String = row.try_get("id")?;
        let attempts = sqlx::query(
            "SELECT at, event, status_code, error, duration_ms FROM webhook_attempts WHERE webhook_id = $1 ORDER BY at DESC, id LIMIT 20",
        )
        .bind(&id)
        .fetch_all(&state.db.pool)
        .await?
        .iter()
        .map(|a| {
            Ok(HookAttemptView {
                at: parse_ts(&a.try_get::<String, _>("at")?),
                event: HookEvent::parse(&a.try_get::<String, _>("event")?),
                status_code: a.try_get::<Option<i64>, _>("status_code")?,
                error: a.try_get("error")?,
                duration_ms: a.try_get("duration_ms")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        hooks.push(WebhookView {
            url: row.try_get("url")?,
            events: row.try_get::<String, _>("events")?.split_whitespace().filter_map(HookEvent::parse).collect(),
            created_at: parse_ts(&row.try_get::<String, _>("created_at")?),
            failing_since: at("failing_since")?,
            paused_at: at("paused_at")?,
            attempts,
            id,
        });
    }
    Ok(hooks)
}

/// Stops a hook for good: nothing more is queued or sent for it.
pub async fn delete(state: &AppState, actor: &Actor, id: &str) -> Result<(), ServiceError> {
    may_manage_webhooks(actor).map_err(ServiceError::Rule)?;
    let done = sqlx::query("UPDATE webhooks SET deleted_at = $1 WHERE id = $2 AND org_id = $3 AND deleted_at IS NULL")
        .bind(ts(state.now()))
        .bind(id)
        .bind(&actor.org_id)
        .execute(state.db.writer())
        .await?;
    if done.rows_affected() == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Resumes a paused hook: what waited is tried again now.
pub async fn resume(state: &AppState, actor: &Actor, id: &str) -> Result<(), ServiceError> {
    may_manage_webhooks(actor).map_err(ServiceError::Rule)?;
    let now = ts(state.now());
    let mut tx = state.db.write().await?;
    let done = sqlx::query("UPDATE webhooks SET paused_at = NULL, failing_since = NULL WHERE id = $1 AND org_id = $2 AND deleted_at IS NULL")
        .bind(id)
        .bind(&actor.org_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(ServiceError::NotFound);
    }
    sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = $1 WHERE webhook_id = $2 AND delivered_at IS NULL")
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Queues a delivery to every active hook of each written deal's organization, in the change's
/// transaction: a deal written at version 1 was created, any other was updated. A hook only ever
/// hears of its own organization's deals, which its admins see (R-ORG-3).
pub async fn enqueue(tx: &mut Transaction<'static, Any>, now: DateTime<Utc>, deal_ids: &[String]) -> Result<(), sqlx::Error> {
    if deal_ids.is_empty() {
        return Ok(());
    }
    let mut sql = super::db::Sql::new(
        "SELECT w.id AS hook_id, d.id AS deal_id, CASE WHEN d.version = 1 THEN 'referral-created' ELSE 'referral-updated' END AS event, w.events \
         FROM deals d JOIN webhooks w ON w.org_id = d.org_id WHERE w.deleted_at IS NULL AND w.paused_at IS NULL AND d.id IN (",
    );
    for (i, id) in deal_ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind_text(id);
    }
    sql.push(")");
    let rows = sql.query().fetch_all(&mut **tx).await?;
    for row in rows {
        let event: String = row.try_get("event")?;
        let events: String = row.try_get("events")?;
        if !events.contains(&format!(" {event} ")) {
            continue;
        }
        sqlx::query("INSERT INTO webhook_deliveries (id, webhook_id, deal_id, event, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5)")
            .bind(new_id())
            .bind(row.try_get::<String, _>("hook_id")?)
            .bind(row.try_get::<String, _>("deal_id")?)
            .bind(&event)
            .bind(ts(now))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A delivery claimed by a sender, with what it needs to send it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: String,
    pub hook_id: String,
    pub url: String,
    pub secret: String,
    pub event: String,
    pub deal_id: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
}

/// Claims up to `limit` due deliveries of active hooks for `worker` (a lease of two minutes).
pub async fn claim(db: &Db, now: DateTime<Utc>, worker: &str, limit: i64) -> Result<Vec<Claimed>, sqlx::Error> {
    let lock = match db.engine {
        Engine::Postgres => " FOR UPDATE OF q SKIP LOCKED",
        Engine::Sqlite => "",
    };
    let open = "q.delivered_at IS NULL AND q.next_attempt_at <= $3 AND (q.claimed_until IS NULL OR q.claimed_until < $3)";
    let sql = format!(
        "UPDATE webhook_deliveries SET claimed_until = $1, claimed_by = $2, attempts = attempts + 1 WHERE id IN \
         (SELECT q.id FROM webhook_deliveries q JOIN webhooks w ON w.id = q.webhook_id \
          WHERE {open} AND w.paused_at IS NULL AND w.deleted_at IS NULL ORDER BY q.next_attempt_at LIMIT $4{lock}) RETURNING id"
    );
    let lease = ts(now + Duration::seconds(LEASE_SECONDS));
    let claimed: Vec<String> = sqlx::query_scalar(&sql).bind(&lease).bind(worker).bind(ts(now)).bind(limit).fetch_all(db.writer()).await?;
    if claimed.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT q.id, q.webhook_id, w.url, w.secret, q.event, q.deal_id, q.created_at, q.attempts FROM webhook_deliveries q \
         JOIN webhooks w ON w.id = q.webhook_id WHERE q.claimed_by = $1 AND q.claimed_until = $2 AND q.delivered_at IS NULL \
         ORDER BY q.next_attempt_at, q.id",
    )
    .bind(worker)
    .bind(&lease)
    .fetch_all(db.writer())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Claimed {
                id: r.try_get("id")?,
                hook_id: r.try_get("webhook_id")?,
                url: r.try_get("url")?,
                secret: r.try_get("secret")?,
                event: r.try_get("event")?,
                deal_id: r.try_get("deal_id")?,
                created_at: parse_ts(&r.try_get::<String, _>("created_at")?),
                attempts: r.try_get("attempts")?,
            })
        })
        .collect()
}

/// What one try came to.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

impl Outcome {
    pub fn delivered(&self) -> bool {
        self.status_code.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Logs a try and moves the delivery on: done, or tried again after the back-off. A hook with no
/// success for a day is paused and its organization's admins are told (in the app and by e-mail).
pub async fn record(state: &AppState, claimed: &Claimed, outcome: &Outcome, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let mut tx = state.db.write().await?;
    sqlx::query("INSERT INTO webhook_attempts (id, delivery_id, webhook_id, at, event, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(new_id())
        .bind(&claimed.id)
        .bind(&claimed.hook_id)
        .bind(ts(now))
        .bind(&claimed.event)
        .bind(outcome.status_code.map(i64::from))
        .bind(outcome.error.as_deref().map(|e| e.chars().take(300).collect::<String>()))
        .bind(outcome.duration_ms)
        .execute(&mut *tx)
        .await?;
    if outcome.delivered() {
        sqlx::query("UPDATE webhook_deliveries SET delivered_at = $1, claimed_until = NULL WHERE id = $2").bind(ts(now)).bind(&claimed.id).execute(&mut *tx).await?;
        sqlx::query("UPDATE webhooks SET failing_since = NULL WHERE id = $1").bind(&claimed.hook_id).execute(&mut *tx).await?;
        tx.commit().await?;
        return Ok(());
    }
    sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = $1, claimed_until = NULL WHERE id = $2")
        .bind(ts(now + rule::backoff(claimed.attempts)))
        .bind(&claimed.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE webhooks SET failing_since = COALESCE(failing_since, $1) WHERE id = $2").bind(ts(now)).bind(&claimed.hook_id).execute(&mut *tx).await?;
    let row = sqlx::query("SELECT org_id, failing_since, paused_at FROM webhooks WHERE id = $1").bind(&claimed.hook_id).fetch_one(&mut *tx).await?;
    let since = row.try_get::<Option<String>, _>("failing_since")?.as_deref().map(parse_ts);
    let paused: Option<String> = row.try_get("paused_at")?;
    let mut change = super::live::Change::default();
    if paused.is_none() && rule::should_pause(since, now) {
        sqlx::query("UPDATE webhooks SET paused_at = $1 WHERE id = $2").bind(ts(now)).bind(&claimed.hook_id).execute(&mut *tx).await?;
        let loaded: Option<(String,)> = sqlx::query_as("SELECT body FROM deals WHERE id = $1").bind(&claimed.deal_id).fetch_optional(&mut *tx).await?;
        if let Some(deal) = loaded.and_then(|(body,)| serde_json::from_str::<crate::domain::lifecycle::Deal>(&body).ok()) {
            let notice = crate::domain::notify::Notice {
                kind: crate::domain::notify::NoticeKind::WebhookPaused,
                audience: vec![crate::domain::notify::Audience::OrgAdmins],
                data: Default::default(),
            };
            change.told = super::notifications::send(&mut tx, state, &deal, &notice, None, now).await?;
        }
        tracing::warn!(hook = %claimed.hook_id, "webhook paused after failing for a day");
    }
    super::live::commit(state, tx, change).await
}
