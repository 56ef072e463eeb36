//! X-DRAFT: drafts are the author's alone: every query names the user, so another user's draft
//! id finds nothing (`NotFound`), as if it did not exist.

use super::db::{new_id, parse_ts, ts};
use super::error::ServiceError;
use super::state::AppState;
use crate::domain::actor::Actor;
use crate::domain::drafts::{self, DraftForm, DraftSaved, DraftSummary};
use serde::{Serialize, de::DeserializeOwned};

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    title: String,
    updated_at: String,
}

/// Saves a form's state: into draft `id` when it is still the user's, else as a new draft.
#[tracing::instrument(skip(state, actor, body), fields(user = %actor.user_id))]
pub async fn save<T: Serialize>(state: &AppState, actor: &Actor, id: Option<&str>, form: &DraftForm, title: &str, body: &T) -> Result<DraftSaved, ServiceError> {
    let json = serde_json::to_string(body).map_err(|_| ServiceError::TooLarge { limit: drafts::BODY_MAX })?;
    if json.len() > drafts::BODY_MAX {
        return Err(ServiceError::TooLarge { limit: drafts::BODY_MAX });
    }
    let now = state.now();
    let mut tx = state.db.write().await?;
    if let Some(id) = id {
        let updated = sqlx::query("UPDATE drafts SET title = $1, body = $2, updated_at = $3 WHERE id = $4 AND user_id = $5 AND form = $6")
            .bind(title)
            .bind(&json)
            .bind(ts(now))
            .bind(id)
            .bind(&actor.user_id)
            .bind(form.key())
            .execute(&mut *tx)
            .await?;
        if updated.rows_affected() == 1 {
            tx.commit().await?;
            return Ok(DraftSaved { id: id.to_string(), updated_at: now });
        }
    }
    let id = new_id();
    sqlx::query("INSERT INTO drafts (id, user_id, form, title, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)")
        .bind(&id)
        .bind(&actor.user_id)
        .bind(form.key())
        .bind(title)
        .bind(&json)
        .bind(ts(now))
        .execute(&mut *tx)
        .await?;
    // Keep the newest `PER_USER`: the oldest beyond that go.
    let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM drafts WHERE user_id = $1 ORDER BY updated_at DESC, id DESC")
        .bind(&actor.user_id)
        .fetch_all(&mut *tx)
        .await?;
    for (old,) in ids.iter().skip(drafts::PER_USER) {
        sqlx::query("DELETE FROM drafts WHERE id = $1").bind(old).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(DraftSaved { id, updated_at: now })
}

/// The user's drafts that are still kept, newest first: of New deal, or of referrals (any partner).
pub async fn list(state: &AppState, actor: &Actor, referrals: bool) -> Result<Vec<DraftSummary>, ServiceError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT id, title, updated_at FROM drafts WHERE user_id = $1 AND form LIKE $2 AND updated_at > $3 ORDER BY updated_at DESC, id DESC",
    )
    .bind(&actor.user_id)
    .bind(if referrals { "referral:%" } else { "deal" })
    .bind(ts(drafts::kept_since(state.now())))
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| DraftSummary { id: r.id, title: r.title, updated_at: parse_ts(&r.updated_at) }).collect())
}

/// One of the user's drafts, as typed.
pub async fn open<T: DeserializeOwned>(state: &AppState, actor: &Actor, id: &str) -> Result<(DraftForm, T), ServiceError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT form, body FROM drafts WHERE id = $1 AND user_id = $2 AND updated_at > $3")
            .bind(id)
            .bind(&actor.user_id)
            .bind(ts(drafts::kept_since(state.now())))
            .fetch_optional(&state.db.pool)
            .await?;
    let (form, body) = row.ok_or(ServiceError::NotFound)?;
    // A draft of another form, or saved by an older version that no longer reads, is as good as gone.
    let form = DraftForm::parse(&form).ok_or(ServiceError::NotFound)?;
    let body = serde_json::from_str(&body).map_err(|_| ServiceError::NotFound)?;
    Ok((form, body))
}

/// The user's newest draft of `form` (the registration form of one deal), if any.
pub async fn latest<T: DeserializeOwned>(state: &AppState, actor: &Actor, form: &DraftForm) -> Result<Option<(String, T)>, ServiceError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT id, body FROM drafts WHERE user_id = $1 AND form = $2 AND updated_at > $3 ORDER BY updated_at DESC, id DESC LIMIT 1",
    )
    .bind(&actor.user_id)
    .bind(form.key())
    .bind(ts(drafts::kept_since(state.now())))
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(row.and_then(|(id, body)| serde_json::from_str(&body).ok().map(|body| (id, body))))
}

/// Deletes the user's drafts of `form` (the registration was sent).
pub async fn discard_form(state: &AppState, actor: &Actor, form: &DraftForm) -> Result<(), ServiceError> {
    sqlx::query("DELETE FROM drafts WHERE user_id = $1 AND form = $2").bind(&actor.user_id).bind(form.key()).execute(state.db.writer()).await?;
    Ok(())
}

/// Deletes one of the user's drafts (discarded, or its deal created). Deleting twice is fine.
pub async fn discard(state: &AppState, actor: &Actor, id: &str) -> Result<(), ServiceError> {
    sqlx::query("DELETE FROM drafts WHERE id = $1 AND user_id = $2").bind(id).bind(&actor.user_id).execute(state.db.writer()).await?;
    Ok(())
}

/// Deletes every draft untouched for `KEEP_DAYS` (the timer runs this).
pub async fn purge(state: &AppState) -> Result<u64, ServiceError> {
    let done = sqlx::query("DELETE FROM drafts WHERE updated_at <= $1").bind(ts(drafts::kept_since(state.now()))).execute(state.db.writer()).await?;
    Ok(done.rows_affected())
}
