//! The append-only events table (X-AUDIT): written in the same transaction as the change it records.

use super::db::{new_id, ts};
use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

pub struct Event<'a> {
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<&'a str>,
    pub org_id: Option<&'a str>,
    pub subject_type: &'a str,
    pub subject_id: &'a str,
    pub kind: &'a str,
    pub data: serde_json::Value,
}

pub async fn record(tx: &mut Transaction<'_, Any>, event: Event<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO events (id, at, actor_user_id, org_id, subject_type, subject_id, kind, data) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(ts(event.at))
    .bind(event.actor_user_id)
    .bind(event.org_id)
    .bind(event.subject_type)
    .bind(event.subject_id)
    .bind(event.kind)
    .bind(event.data.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
