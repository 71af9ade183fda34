//! Activity on a kiosk: touches, pointer, keys and input-method composition anywhere inside the
//! widget, reported to the idle policy.
//!
//! Owns: one passive, capture-phase listener per event type in `core::kiosk::ACTIVITY_EVENTS`
//! on the widget root (capture, so a component that stops propagation still counts as
//! activity), and the one-shot timer the kiosk sets for its next deadline. Must not: decide
//! what activity means or when to wipe (`core::kiosk` does).

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::core::kiosk::{Activity, ACTIVITY_EVENTS};

/// The listeners; dropping it removes them.
pub struct ActivityListeners {
    _listeners: Vec<EventListener>,
}

/// Calls `on_activity` for every activity event inside `root`.
pub fn listen(
    root: &web_sys::EventTarget,
    on_activity: impl Fn(Activity) + 'static,
) -> ActivityListeners {
    let on_activity = std::rc::Rc::new(on_activity);
    ActivityListeners {
        _listeners: ACTIVITY_EVENTS
            .iter()
            .map(|name| {
                let on_activity = on_activity.clone();
                EventListener::new_with_options(
                    root,
                    *name,
                    EventListenerOptions::run_in_capture_phase(),
                    move |e| {
                        if let Some(kind) = Activity::from_event_type(&e.type_()) {
                            on_activity(kind);
                        }
                    },
                )
            })
            .collect(),
    }
}

/// A pending `setTimeout`; dropping it clears the timeout.
pub struct Timer {
    id: i32,
    _callback: Closure<dyn FnMut()>,
}

/// Calls `f` once after `delay_ms` (clamped to what `setTimeout` takes).
pub fn after(delay_ms: u64, f: impl FnOnce() + 'static) -> Option<Timer> {
    let window = web_sys::window()?;
    let mut f = Some(f);
    let callback = Closure::<dyn FnMut()>::new(move || {
        if let Some(f) = f.take() {
            f();
        }
    });
    let id = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.as_ref().unchecked_ref(),
            delay_ms.min(i32::MAX as u64) as i32,
        )
        .ok()?;
    Some(Timer {
        id,
        _callback: callback,
    })
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.id);
        }
    }
}
