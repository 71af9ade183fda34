//! The pure core: everything Yehua decides, with no yew, web-sys or gloo.
//!
//! Owns: definitions, model, answers, conditions, validation, the form reducer, submissions,
//! the outbox policy, i18n and the ports (traits) the browser adapters implement.
//! Must not: import any browser crate; every module here builds and tests natively.

pub mod admission;
pub mod answer;
pub mod check;
pub mod condition;
pub mod config;
pub mod decimal;
pub mod definition;
pub mod form;
pub mod html;
pub mod i18n;
pub mod json;
pub mod kiosk;
pub mod layout;
pub mod outbox;
pub mod outline;
pub mod payload;
pub mod pin;
pub mod pipe;
pub mod ports;
pub mod submission;
pub mod tally;
pub mod text;
pub mod text_check;
pub mod validate;
