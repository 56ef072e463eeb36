//! The co-sell rules as pure functions: no I/O, compiled for the browser and the server.
//! The wizard, the server functions and the REST API all call these; no rule is written twice.

pub mod actions;
pub mod actor;
pub mod admin;
pub mod auth;
pub mod catalog;
#[cfg(test)]
pub mod catalogue_check;
pub mod clock;
pub mod contact;
pub mod deal;
pub mod details;
pub mod drafts;
pub mod fields;
pub mod format;
pub mod invitations;
pub mod language;
pub mod issues;
pub mod lifecycle;
pub mod microsoft;
pub mod notify;
pub mod odata;
pub mod money;
pub mod outcome;
pub mod privacy;
pub mod reasons;
pub mod referral_api;
pub mod refusal;
pub mod registration;
pub mod solutions;
pub mod team;
pub mod webhooks;
pub mod wizard;
