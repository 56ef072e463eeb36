//! Server-only services: they own transactions and authorization, and call the domain's rules
//! before anything is written. Server functions and REST handlers are thin wrappers over these.

pub mod admin;
pub mod api_reference;
pub mod api_tokens;
pub mod auth;
pub mod catalog;
pub mod actions;
pub mod db;
pub mod deal_store;
pub mod deals;
pub mod directory;
pub mod drafts;
pub mod error;
pub mod events;
pub mod notifications;
pub mod live;
pub mod mail;
pub mod outbox;
pub mod queues;
pub mod referral_api;
pub mod referrals;
pub mod reminders;
pub mod sessions;
pub mod search;
pub mod state;
pub mod timers;
pub mod visibility;
pub mod webhooks;

pub use db::Db;
pub use error::ServiceError;
pub use state::AppState;
