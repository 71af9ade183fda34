//! The widget's binary for Trunk: the wasm module that yehua-start.js (the standalone page) and
//! yehua-embed.js (`<yehua-feedback>`) load.
//!
//! Owns: nothing. On wasm32 the module has no `main` and so starts nothing by itself: the
//! standalone page calls `startPage` (`web::start_page`), the element loader calls `mount`
//! (`web::embed::mount`); an element on someone else's page never runs the standalone start-up.
//! Must not: contain logic.
#![cfg_attr(target_arch = "wasm32", no_main)]

// The entry points are the library's `#[wasm_bindgen]` exports, linked in as `mount` always was.
#[cfg(target_arch = "wasm32")]
use yehua as _;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("yehua runs in the browser: build it with `trunk build --release`.");
}
