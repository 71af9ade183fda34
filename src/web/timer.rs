//! One-shot timeouts for the widget: the kiosk's deadlines, the PIN gate, the outbox runner and
//! request deadlines.
//!
//! Owns: `Timer`, a pending `setTimeout` with the closure it calls. Must not: decide when to
//! wake (its callers do).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

/// A pending `setTimeout`; dropping it clears the timeout.
///
/// The handle is kept as the `JsValue` `setTimeout` returned, not as web-sys's `i32`: a timer
/// id need not fit in 32 bits (Playwright's test clock numbers its timers from 10^12), and a
/// truncated id clears nothing, so the timeout would fire into a dropped closure ("closure
/// invoked recursively or after being dropped").
pub struct Timer {
    handle: JsValue,
    _callback: Closure<dyn FnMut()>,
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, delay_ms: i32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// Calls `f` once after `delay_ms` (clamped to what `setTimeout` takes).
pub fn after(delay_ms: u64, f: impl FnOnce() + 'static) -> Option<Timer> {
    let mut f = Some(f);
    let callback = Closure::<dyn FnMut()>::new(move || {
        if let Some(f) = f.take() {
            f();
        }
    });
    let handle = set_timeout(
        callback.as_ref().unchecked_ref(),
        delay_ms.min(i32::MAX as u64) as i32,
    )
    .ok()?;
    Some(Timer {
        handle,
        _callback: callback,
    })
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.handle);
    }
}
