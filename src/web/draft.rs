//! The survey's draft on the device, written just after the next paint instead of inside the
//! render that changed it: a click or keystroke is painted first, the storage write follows
//! within a frame.
//!
//! Owns: the one pending draft of a survey, scheduling its write (`frame::after_paint`),
//! writing it at once on `pagehide` and when the survey view goes away, and dropping it when
//! answering ends. Must not: decide what a draft contains (`core::form::draft_json`) or
//! whether one is kept (the survey view: never on a kiosk).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;

use super::frame;
use super::storage::LocalStorage;
use crate::core::ports::Storage;

#[derive(Default)]
struct Pending {
    key: String,
    draft: RefCell<Option<String>>,
    scheduled: Cell<bool>,
}

impl Pending {
    fn write(&self) {
        self.scheduled.set(false);
        if let Some(draft) = self.draft.borrow_mut().take() {
            // A draft that does not fit is not worth a message: the answers are still on
            // screen, and submitting reports a full storage.
            let _ = LocalStorage.set(&self.key, &draft);
        }
    }
}

/// Writes one survey's draft under `key` after the next paint.
pub struct DraftWriter {
    pending: Rc<Pending>,
    _pagehide: Option<EventListener>,
}

impl DraftWriter {
    pub fn new(key: String) -> DraftWriter {
        let pending = Rc::new(Pending {
            key,
            ..Pending::default()
        });
        let on_hide = pending.clone();
        let pagehide =
            web_sys::window().map(|w| EventListener::new(&w, "pagehide", move |_| on_hide.write()));
        DraftWriter {
            pending,
            _pagehide: pagehide,
        }
    }

    /// Keeps `draft` to be written after the next paint (replacing one not written yet).
    pub fn save(&self, draft: String) {
        *self.pending.draft.borrow_mut() = Some(draft);
        if self.pending.scheduled.replace(true) {
            return;
        }
        let pending = self.pending.clone();
        frame::after_paint(Box::new(move || pending.write()));
    }

    /// Forgets a draft not written yet (the answers were submitted, or the form was left).
    pub fn cancel(&self) {
        self.pending.draft.borrow_mut().take();
    }
}

impl Drop for DraftWriter {
    fn drop(&mut self) {
        self.pending.write();
    }
}
