//! API tokens (X-API): a user creates them in Settings → API tokens; a token acts as that user, with
//! that user's roles and scopes, for as long as both the token and the user are active. Only a hash
//! of the secret is stored; the secret is shown once.

use super::auth::load_actor;
use super::db::{Db, new_id, parse_ts, ts};
use super::error::ServiceError;
use super::state::AppState;
use crate::domain::actor::Actor;
use crate::domain::issues::{Code, Field, Issues};
use crate::dto::{NewToken, TokenView};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// Every secret starts with this, so a leaked one is recognisable (and found by secret scanners).
pub const SECRET_PREFIX: &str = "cs_";
pub const NAME_MAX: usize = 80;
pub const MAX_EXPIRY_DAYS: i64 = 730;
/// `last_used_at` is written at most this often per token (one write per request would serialize
/// every API call on one row).
const LAST_USED_GRANULARITY_SECONDS: i64 = 60;

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A new secret: 244 random bits from two v4 UUIDs, hex.
fn new_secret() -> String {
    format!("{SECRET_PREFIX}{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

#[tracing::instrument(skip(state, actor), fields(user = %actor.user_id))]
pub async fn create(state: &AppState, actor: &Actor, name: &str, expires_in_days: Option<i64>) -> Result<NewToken, ServiceError> {
    let name = name.trim();
    let mut issues = Issues::default();
    if name.is_empty() {
        issues.error(Field::TokenName, Code::Required);
    } else if name.chars().count() > NAME_MAX {
        issues.error(Field::TokenName, Code::TooLong { max: NAME_MAX });
    } else if name.chars().any(char::is_control) {
        issues.error(Field::TokenName, Code::ControlCharacters);
    }
    if expires_in_days.is_some_and(|d| !(1..=MAX_EXPIRY_DAYS).contains(&d)) {
        issues.error(Field::TokenExpiry, Code::NotAnOption);
    }
    if issues.has_errors() {
        return Err(ServiceError::Invalid(issues));
    }
    let now = state.now();
    let secret = new_secret();
    let view = TokenView {
        id: new_id(),
        name: name.to_string(),
        prefix: secret.chars().take(SECRET_PREFIX.len() + 6).collect(),
        created_at: now,
        expires_at: expires_in_days.map(|d| now + Duration::days(d)),
        last_used_at: None,
    };
    sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, prefix, secret_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&view.id)
    .bind(&actor.user_id)
    .bind(&view.name)
    .bind(&view.prefix)
    .bind(hash(&secret))
    .bind(ts(now))
    .bind(view.expires_at.map(ts))
    .execute(state.db.writer())
    .await?;
    Ok(NewToken { token: view, secret })
}

/// The user's own tokens that still work, newest first.
pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<TokenView>, ServiceError> {
    let rows = sqlx::query(
        "SELECT id, name, prefix, created_at, expires_at, last_used_at FROM api_tokens \
         WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2) ORDER BY created_at DESC, id",
    )
    .bind(&actor.user_id)
    .bind(ts(state.now()))
    .fetch_all(&state.db.pool)
    .await?;
    let at = |row: &sqlx::any::AnyRow, column: &str| -> Result<Option<DateTime<Utc>>, sqlx::Error> {
        Ok(row.try_get::<Option<String>, _>(column)?.as_deref().map(parse_ts))
    };
    rows.iter()
        .map(|row| {
            Ok(TokenView {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                prefix: row.try_get("prefix")?,
                created_at: parse_ts(&row.try_get::<String, _>("created_at")?),
                expires_at: at(row, "expires_at")?,
                last_used_at: at(row, "last_used_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(ServiceError::from)
}

/// Revokes one of the user's own tokens; it stops working with the next request. Another user's
/// token is `NotFound`.
#[tracing::instrument(skip(state, actor), fields(user = %actor.user_id))]
pub async fn revoke(state: &AppState, actor: &Actor, id: &str) -> Result<(), ServiceError> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(ts(state.now()))
        .bind(id)
        .bind(&actor.user_id)
        .execute(state.db.writer())
        .await?;
    if done.rows_affected() == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// The token's id and the user it acts as, if the secret names a token that is neither revoked nor
/// expired and its user is active (deactivating a user stops their tokens at once).
pub async fn authenticate(db: &Db, now: DateTime<Utc>, secret: &str) -> Result<Option<(String, Actor)>, sqlx::Error> {
    if !secret.starts_with(SECRET_PREFIX) || secret.len() > 200 {
        return Ok(None);
    }
    let row = sqlx::query(
        "SELECT t.id, t.user_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.active = 1",
    )
    .bind(hash(secret))
    .bind(ts(now))
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id: String = row.try_get("id")?;
    let user_id: String = row.try_get("user_id")?;
    let last_used: Option<String> = row.try_get("last_used_at")?;
    if last_used.as_deref().map(parse_ts).is_none_or(|at| now - at >= Duration::seconds(LAST_USED_GRANULARITY_SECONDS)) {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2").bind(ts(now)).bind(&id).execute(db.writer()).await?;
    }
    Ok(load_actor(db, &user_id).await?.map(|actor| (id, actor)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_hashed() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert!(a.starts_with(SECRET_PREFIX) && a.len() == SECRET_PREFIX.len() + 64);
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), a);
    }
}
