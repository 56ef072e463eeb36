//! X-LIVE: what changed, told to the browsers that show it. A write announces its change with its
//! commit (`commit`): on PostgreSQL as a `NOTIFY` in the same transaction, which every app server's
//! listener (`relay`) receives only if the transaction commits; on SQLite (one app server) straight
//! to this server's subscribers after the commit. Each subscriber (one server-sent-events stream per
//! signed-in browser) then keeps only what its user may see (R-ORG-3, checked in SQL).

use super::db::Engine;
use super::state::AppState;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};
use tokio::sync::broadcast;

/// The channel every app server listens on (PostgreSQL).
pub const CHANNEL: &str = "cosell_live";

/// One committed change: the deals it wrote and the users it notified.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub deals: Vec<String>,
    pub told: Vec<String>,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        self.deals.is_empty() && self.told.is_empty()
    }
}

/// This server's subscribers.
#[derive(Debug, Clone)]
pub struct Live {
    tx: broadcast::Sender<Change>,
}

impl Default for Live {
    fn default() -> Self {
        Live { tx: broadcast::channel(1024).0 }
    }
}

impl Live {
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.tx.subscribe()
    }

    /// Hands a change to this server's subscribers (none listening is fine).
    pub fn publish(&self, change: Change) {
        let _ = self.tx.send(change);
    }
}

/// Commits `tx` and announces `change` to every app server's subscribers, never before the commit.
pub async fn commit(state: &AppState, mut tx: Transaction<'static, Any>, change: Change) -> Result<(), sqlx::Error> {
    if change.is_empty() {
        return tx.commit().await;
    }
    // X-API: the organizations' webhooks hear of the same change, queued in the same transaction.
    super::webhooks::enqueue(&mut tx, state.now(), &change.deals).await?;
    match state.db.engine {
        Engine::Postgres => {
            let payload = serde_json::to_string(&change).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
            // NOTIFY's payload is limited to 8000 bytes, about 200 deal ids; no single write touches
            // that many deals, and one that did would be announced to the users it notified only.
            let payload = if payload.len() < 7900 { payload } else { serde_json::to_string(&Change { deals: vec![], told: change.told.clone() }).unwrap_or_default() };
            sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&mut *tx).await?;
            tx.commit().await
        }
        Engine::Sqlite => {
            tx.commit().await?;
            state.live.publish(change);
            Ok(())
        }
    }
}

/// PostgreSQL: forwards every server's announcements to this server's subscribers, reconnecting
/// when the connection drops.
pub async fn relay(url: String, live: Live) {
    loop {
        match sqlx::postgres::PgListener::connect(&url).await {
            Ok(mut listener) => {
                if let Err(error) = listener.listen(CHANNEL).await {
                    tracing::warn!(%error, "live updates: listen");
                } else {
                    loop {
                        match listener.recv().await {
                            Ok(n) => match serde_json::from_str::<Change>(n.payload()) {
                                Ok(change) => live.publish(change),
                                Err(error) => tracing::warn!(%error, "live updates: payload"),
                            },
                            Err(error) => {
                                tracing::warn!(%error, "live updates: connection lost");
                                break;
                            }
                        }
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "live updates: connect"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
}

/// What of `change` `actor` may see: the deals among it that they see (R-ORG-3, in SQL), and
/// whether they were notified.
pub async fn visible_to(state: &AppState, actor: &crate::domain::actor::Actor, change: &Change) -> Result<Change, sqlx::Error> {
    let mut deals = Vec::new();
    for id in &change.deals {
        if super::deal_store::load_visible(&state.db, actor, id).await?.is_some() {
            deals.push(id.clone());
        }
    }
    let told = change.told.iter().filter(|u| **u == actor.user_id).cloned().collect();
    Ok(Change { deals, told })
}
