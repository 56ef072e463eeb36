//! The 14-day windows applied by the system (R-LIFE-2, R-LIFE-5): a received deal nobody answered
//! expires, and Microsoft's unanswered co-sell invitation expires on Microsoft's side. Candidates
//! come from indexed columns; the domain decides. Safe on every app server at once: each write
//! carries the version it read, so of two servers racing on a deal one wins and the other skips it.

use super::actions::execute;
use super::db::ts;
use super::deal_store::load_for_system;
use super::error::ServiceError;
use super::state::AppState;
use crate::domain::actor::Actor;
use crate::domain::lifecycle::{Command, RESPONSE_WINDOW_DAYS, Refused};
use chrono::Duration;

/// How many deals each window closed in one run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Expired {
    pub deals: usize,
    pub microsoft: usize,
}

pub async fn run_due(state: &AppState) -> Result<Expired, ServiceError> {
    let cutoff = ts(state.now() - Duration::days(RESPONSE_WINDOW_DAYS));
    let received: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM deals WHERE status = 'received' AND COALESCE(received_at, created_at) <= $1 ORDER BY id",
    )
    .bind(&cutoff)
    .fetch_all(&state.db.pool)
    .await?;
    let pending: Vec<String> =
        sqlx::query_scalar("SELECT id FROM deals WHERE microsoft_pending_since <= $1 ORDER BY id").bind(&cutoff).fetch_all(&state.db.pool).await?;
    Ok(Expired {
        deals: close_each(state, &received, Command::Expire).await?,
        microsoft: close_each(state, &pending, Command::MicrosoftExpires).await?,
    })
}

async fn close_each(state: &AppState, ids: &[String], command: Command) -> Result<usize, ServiceError> {
    let mut done = 0;
    for id in ids {
        let Some(loaded) = load_for_system(&state.db, id).await? else { continue };
        match execute(state, loaded, &command, &Actor::system()).await {
            Ok(()) => done += 1,
            // Another server got there first, or the deal changed so that the window no longer applies.
            Err(ServiceError::Conflict | ServiceError::Rule(Refused::WindowStillOpen | Refused::NotReceived | Refused::MicrosoftNotPending)) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(done)
}
