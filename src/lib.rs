//! Yehua (夜话): a resident feedback widget for community evening forums.
//!
//! Owns: the crate's three layers. `core` is pure Rust (no yew, web-sys or gloo) and is tested
//! natively; `ui` is the thin Yew view; `web` holds the only callers of browser APIs.
//! Must not: hold logic itself; see docs/ARCHITECTURE.md for the picture.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;
