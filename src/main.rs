//! The widget's entry point for the standalone page built by Trunk.
//!
//! Owns: nothing but the call into `web::start`. Must not: contain logic.

#[cfg(target_arch = "wasm32")]
fn main() {
    yehua::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("yehua runs in the browser: build it with `trunk build --release`.");
}
