//! Yehua (夜话): a resident feedback widget for community evening forums.
//!
//! Owns: the crate's three layers. `core` is pure Rust (no yew, web-sys or gloo) and is tested
//! natively; `ui` is the thin Yew view; `web` holds the only callers of browser APIs.
//! Also the wasm builds' global allocator. Must not: hold logic itself; see docs/ARCHITECTURE.md
//! for the picture.

/// The pure domain, a crate of its own (`core/`, `yehua-core`) so that native binaries share it;
/// re-exported under its old path so the view and the adapters read `crate::core::…`.
pub use yehua_core as core;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;

/// The memory allocator of every wasm build (the widget, both variants, and the browser tests):
/// Talc instead of Rust's default dlmalloc, ≈ 7 KB less wasm (2.8 KB gzip) and faster
/// (docs/BENCHMARKS.md). Single-threaded wasm only; it grows the wasm memory as dlmalloc did.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
