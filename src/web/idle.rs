//! Activity on a kiosk: touches, pointer, keys and input-method composition anywhere inside the
//! widget, reported to the idle policy.
//!
//! Owns: one passive, capture-phase listener per event type in `core::kiosk::ACTIVITY_EVENTS`
//! on the widget root (capture, so a component that stops propagation still counts as
//! activity); the kiosk's one-shot timers are `web::timer`'s. Must not: decide what activity
//! means or when to wipe (`core::kiosk` does).

use gloo_events::{EventListener, EventListenerOptions};

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

pub use super::timer::{after, Timer};
