//! The 14-day windows applied by the system (R-LIFE-2, R-LIFE-5): a received deal nobody answered
//! expires, and Microsoft's unanswered co-sell invitation expires on Microsoft's side. Candidates
//! come from indexed columns; the domain decides. Safe on every app server at once: each write
//! carries the version it read, so of two servers racing on a deal one wins and the other skips it.

use super::actions::execute;
use super::db::ts;
use super::deal_store::{Due, DueQuery, due};
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

/// Deals loaded per query; the cost of a run grows with what is due, never with what is open.
const BATCH: i64 = 100;

pub async fn run_due(state: &AppState) -> Result<Expired, ServiceError> {
    let cutoff = ts(state.now() - Duration::days(RESPONSE_WINDOW_DAYS));
    Ok(Expired {
        deals: close_due(state, Due::Answer, &cutoff, Command::Expire).await?,
        microsoft: close_due(state, Due::Microsoft, &cutoff, Command::MicrosoftExpires).await?,
    })
}

/// Walks the due deals in the order their windows opened, a batch per query, applying `command` to each as the system.
async fn close_due(state: &AppState, which: Due, cutoff: &str, command: Command) -> Result<usize, ServiceError> {
    let mut done = 0;
    let mut after = None;
    loop {
        let batch = due(&state.db, DueQuery::expired(which, cutoff), after.as_ref(), BATCH).await?;
        let Some((last, _)) = batch.last() else { return Ok(done) };
        after = Some(last.clone());
        for (_, loaded) in batch {
            match execute(state, loaded, &command, &Actor::system()).await {
                Ok(()) => done += 1,
                // Another server got there first, or the deal changed so that the window no longer applies.
                Err(ServiceError::Conflict | ServiceError::Rule(Refused::WindowStillOpen | Refused::NotReceived | Refused::MicrosoftNotPending)) => {}
                Err(other) => return Err(other),
            }
        }
    }
}
