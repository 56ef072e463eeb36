//! Black-box tests over HTTP and the service layer, each on SQLite and on PostgreSQL. One test
//! binary (modules below) so the workspace links the server once for all of them.

mod admin;
mod authorization;
mod deals;
mod engagement;
mod helpers;
mod language;
mod lifecycle;
mod lists;
mod microsoft;
mod notifications;
mod reliability;
mod rest;
mod robustness;
mod webhooks;
