//! One module per page.

pub mod admin_catalog;
pub mod admin_users;
pub mod api_reference;
pub mod api_tokens;
pub mod deal;
pub mod deal_actions;
pub mod deal_contact;
pub mod deal_invite;
pub mod deal_panel;
pub mod deal_registration;
pub mod deal_solutions;
pub mod deal_team;
pub mod invitation_fields;
pub mod lazy;
pub mod microsoft;
pub mod not_found;
pub mod notifications;
pub mod referral_new;
pub mod referrals;
pub mod sign_in;
pub mod transfer;
pub mod webhooks;
pub mod wizard;
