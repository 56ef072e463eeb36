//! X-REMIND: before a 14-day window closes, at each configured number of days left, the people who
//! must answer are reminded once. "Once" holds across app servers and restarts: a reminder is a row
//! of `reminders_sent` with a primary key per (deal, window, threshold), inserted in the same
//! transaction as its notifications; a second server's insert finds the row and sends nothing.

use super::db::ts;
use super::deal_store::{Due, DueQuery, Loaded, due};
use super::notifications;
use super::state::AppState;
use crate::domain::lifecycle::RESPONSE_WINDOW_DAYS;
use crate::domain::notify::{Audience, Notice, NoticeData, NoticeKind, reminder_bands};
use chrono::Duration;

const BATCH: i64 = 100;

/// Sends the reminders due now; returns how many deals were reminded.
#[tracing::instrument(skip_all)]
pub async fn run_due(state: &AppState) -> Result<usize, sqlx::Error> {
    let now = state.now();
    let mut sent = 0;
    for (upper, lower) in reminder_bands(&state.notify.reminder_days) {
        // Time left in (lower, upper] days ⇔ the window opened in (now − 14 d + lower, now − 14 d + upper].
        let opened = |days: i64| ts(now - Duration::days(RESPONSE_WINDOW_DAYS) + Duration::days(days));
        let (after, by) = (opened(lower), opened(upper));
        for which in [Due::Answer, Due::Microsoft] {
            let q = DueQuery { which, opened_after: Some(&after), opened_by: &by, not_reminded_at: Some(upper) };
            let mut position = None;
            loop {
                let batch = due(&state.db, q, position.as_ref(), BATCH).await?;
                let Some((last, _)) = batch.last() else { break };
                position = Some(last.clone());
                for (_, loaded) in batch {
                    sent += usize::from(remind(state, which, upper, &loaded).await?);
                }
            }
        }
    }
    Ok(sent)
}

/// Reminds the people who must answer `loaded`'s window, unless another server already did.
async fn remind(state: &AppState, which: Due, days: i64, loaded: &Loaded) -> Result<bool, sqlx::Error> {
    let deal = &loaded.deal;
    let now = state.now();
    let mut tx = state.db.write().await?;
    let first = sqlx::query(
        "INSERT INTO reminders_sent (deal_id, window_kind, days_left, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(&deal.id)
    .bind(which.as_str())
    .bind(days)
    .bind(ts(now))
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let mut told = Vec::new();
    if first {
        let left = match which {
            Due::Answer => deal.response_time_left(now),
            Due::Microsoft => deal.microsoft_time_left(now),
        };
        let audience = match which {
            Due::Answer => vec![Audience::OrgAdmins, Audience::Team],
            Due::Microsoft => vec![Audience::Sellers],
        };
        let data = NoticeData {
            days_left: Some(left.map(|l| (l.num_hours() + 23) / 24).unwrap_or(days)),
            microsoft: Some(which == Due::Microsoft),
            ..NoticeData::default()
        };
        told = notifications::send(&mut tx, state, deal, &Notice { kind: NoticeKind::Reminder, audience, data }, None, now).await?;
    }
    super::live::commit(state, tx, super::live::Change { deals: Vec::new(), told }).await?;
    Ok(first)
}
