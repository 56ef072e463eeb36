//! Co-sell: the Leptos app (pages, components, server functions) and the shared domain.

#![recursion_limit = "512"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
mod app;
pub mod components;
pub mod domain;
pub mod dto;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod services;

pub use app::{App, shell};
