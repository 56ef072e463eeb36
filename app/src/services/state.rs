use super::db::Db;
use crate::domain::clock::Clock;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// Mark cookies `Secure` (the app is served over TLS, directly or behind a proxy).
    pub secure_cookies: bool,
    /// Who hears of what beyond the rules' fixed audiences (R-NOTE-1, X-REMIND).
    pub notify: Arc<super::notifications::NotifySettings>,
    /// X-LIVE: this server's subscribers to committed changes.
    pub live: super::live::Live,
    /// X-API: how webhook addresses are checked.
    pub hooks: super::webhooks::HookSettings,
    /// X-API: the REST API's OpenAPI document, for the reference page.
    pub api_doc: Arc<serde_json::Value>,
}

impl AppState {
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

/// The real clock.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
