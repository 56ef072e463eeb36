//! Reusable pieces of the UI: they render state and call actions, with no rules of their own.

pub mod field;
pub mod language;
pub mod layout;
pub mod live;
pub mod text;
pub mod time;
