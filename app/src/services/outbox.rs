//! The e-mail outbox (R-NOTE-1): rows written with their notifications, claimed by a worker on any
//! app server with a lease, sent, and marked. A claim is one statement: on PostgreSQL it skips rows
//! another worker has locked (`FOR UPDATE SKIP LOCKED`); on SQLite the statement runs under the
//! database's single write lock, so two workers never claim the same row either way. A worker that
//! dies after claiming leaves rows whose lease runs out; they are claimed again and sent then.

use super::db::{Db, Engine, new_id, ts};
use crate::domain::notify::{NoticeData, NoticeKind};
use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

/// How long a claim holds before another worker may take the row.
pub const LEASE_SECONDS: i64 = 120;
/// Tries before a message is given up (then `failed_at` is set and the error kept).
pub const MAX_ATTEMPTS: i64 = 8;

/// A claimed message with what its e-mail needs.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: String,
    pub attempts: i64,
    pub to_email: String,
    pub to_name: String,
    /// X-I18N: the language the recipient chose ("en", "ja"), if any.
    pub to_locale: Option<String>,
    pub deal_id: String,
    pub deal_name: String,
    pub kind: NoticeKind,
    pub data: NoticeData,
}

/// Wait before try `attempts + 1`: 1, 2, 4 … minutes, at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    Duration::minutes(1i64 << attempts.clamp(0, 6)).min(Duration::hours(1))
}

/// Claims up to `limit` messages due at `now` for `worker` and returns them with what to send.
#[tracing::instrument(skip(db))]
pub async fn claim(db: &Db, now: DateTime<Utc>, worker: &str, limit: i64) -> Result<Vec<Outgoing>, sqlx::Error> {
    let lock = match db.engine {
        Engine::Postgres => " FOR UPDATE SKIP LOCKED",
        Engine::Sqlite => "",
    };
    // Placeholders numbered in order of first use: SQLite numbers `$n` as it meets them.
    let open = "sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $3 AND (claimed_until IS NULL OR claimed_until < $3)";
    let sql = format!(
        "UPDATE outbox SET claimed_until = $1, claimed_by = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM outbox WHERE {open} ORDER BY next_attempt_at LIMIT $4{lock}) AND {open} RETURNING id"
    );
    let lease = ts(now + Duration::seconds(LEASE_SECONDS));
    let claimed: Vec<String> = sqlx::query_scalar(&sql).bind(&lease).bind(worker).bind(ts(now)).bind(limit).fetch_all(db.writer()).await?;
    if claimed.is_empty() {
        return Ok(Vec::new());
    }
    // What this claim took, in one read: its rows carry this worker and this lease.
    let rows = sqlx::query(
        "SELECT o.id, o.attempts, u.email, u.name, u.locale, n.deal_id, d.name AS deal_name, n.kind, n.data FROM outbox o \
         JOIN notifications n ON n.id = o.notification_id JOIN users u ON u.id = n.user_id JOIN deals d ON d.id = n.deal_id \
         WHERE o.claimed_by = $1 AND o.claimed_until = $2 AND o.sent_at IS NULL ORDER BY o.next_attempt_at",
    )
    .bind(worker)
    .bind(&lease)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.try_get("id")?;
        let Some(kind) = NoticeKind::parse(&row.try_get::<String, _>("kind")?) else {
            failed(db, &id, now, "unknown notification kind", true).await?;
            continue;
        };
        let data: String = row.try_get("data")?;
        out.push(Outgoing {
            id,
            attempts: row.try_get("attempts")?,
            to_email: row.try_get("email")?,
            to_name: row.try_get("name")?,
            to_locale: row.try_get("locale")?,
            deal_id: row.try_get("deal_id")?,
            deal_name: row.try_get("deal_name")?,
            kind,
            data: serde_json::from_str(&data).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// Records a sent message; `false` when this worker's claim was lost meanwhile (the lease ran out
/// and another worker took the row), which a lease much longer than a send makes rare.
pub async fn sent(db: &Db, id: &str, worker: &str, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE outbox SET sent_at = $1, claimed_until = NULL WHERE id = $2 AND claimed_by = $3 AND sent_at IS NULL")
        .bind(ts(now))
        .bind(id)
        .bind(worker)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a failed try: retried after the back-off, or given up after `MAX_ATTEMPTS` (or at once when `permanent`).
pub async fn failed(db: &Db, id: &str, now: DateTime<Utc>, error: &str, permanent: bool) -> Result<(), sqlx::Error> {
    let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM outbox WHERE id = $1").bind(id).fetch_one(&db.pool).await?;
    let give_up = permanent || attempts >= MAX_ATTEMPTS;
    let error: String = error.chars().take(500).collect();
    sqlx::query("UPDATE outbox SET claimed_until = NULL, next_attempt_at = $1, last_error = $2, failed_at = $3 WHERE id = $4")
        .bind(ts(now + backoff(attempts)))
        .bind(error)
        .bind(give_up.then(|| ts(now)))
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// A name for this process's worker, unique across app servers and restarts.
pub fn worker_name() -> String {
    format!("worker-{}", new_id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(0), Duration::minutes(1));
        assert_eq!(backoff(1), Duration::minutes(2));
        assert_eq!(backoff(5), Duration::minutes(32));
        assert_eq!(backoff(6), Duration::hours(1));
        assert_eq!(backoff(40), Duration::hours(1));
    }
}
