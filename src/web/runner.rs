//! The one outbox runner of a page: sends due entries through `transport`, records each
//! outcome with the core's policy, and wakes up again when something may be due.
//!
//! Owns: the triggers (start-up, `kick` after a new submission, the browser's `online` event,
//! a timer set to the next due time and at most `POLL_MS` away) and the cross-tab lock: the
//! batch runs inside `navigator.locks.request("yehua-outbox", {ifAvailable: true})`, so two
//! tabs of one origin never send at the same time (where Web Locks are missing, the outbox's
//! per-entry lease still keeps them apart). Holding the lock, a batch first releases leases left
//! by a page reloaded or closed mid-send, so those submissions do not wait out the lease.
//! Must not: decide retries, backoff or what an outcome means; that is `core::outbox`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::clock::BrowserClock;
use super::random::random_u32;
use super::storage::LocalStorage;
use super::transport;
use crate::core::outbox::{Outbox, Recorded};
use crate::core::payload::Endpoint;
use crate::core::ports::Clock;

/// The longest the runner sleeps, so entries queued by another tab or whose lease lapsed
/// are picked up.
const POLL_MS: u64 = 30_000;
const LOCK_NAME: &str = "yehua-outbox";

/// A pending `setTimeout`: its handle and the callback it must keep alive.
type Timer = (i32, Closure<dyn FnMut()>);

pub struct Runner {
    endpoint: Rc<Endpoint>,
    busy: Cell<bool>,
    again: Cell<bool>,
    timer: RefCell<Option<Timer>>,
    on_change: Box<dyn Fn()>,
    _online: RefCell<Option<EventListener>>,
}

impl Runner {
    /// Starts sending to `endpoint`; `on_change` is called after every recorded outcome.
    pub fn start(endpoint: Rc<Endpoint>, on_change: impl Fn() + 'static) -> Rc<Runner> {
        let runner = Rc::new(Runner {
            endpoint,
            busy: Cell::new(false),
            again: Cell::new(false),
            timer: RefCell::new(None),
            on_change: Box::new(on_change),
            _online: RefCell::new(None),
        });
        if let Some(window) = web_sys::window() {
            let weak = Rc::downgrade(&runner);
            let listener = EventListener::new(&window, "online", move |_| {
                if let Some(r) = weak.upgrade() {
                    // The network is back: the backoff was about the outage, send now.
                    let _ = Outbox::new(&LocalStorage).wake(BrowserClock.now_ms());
                    r.kick();
                }
            });
            *runner._online.borrow_mut() = Some(listener);
        }
        runner.kick();
        runner
    }

    /// Sends what is due now (or right after the batch under way).
    pub fn kick(self: &Rc<Self>) {
        if self.busy.get() {
            self.again.set(true);
            return;
        }
        self.busy.set(true);
        let me = self.clone();
        with_lock(move |lock| async move {
            if lock != Lock::Busy {
                me.run_batch(lock == Lock::Held).await;
            }
            me.busy.set(false);
            if me.again.replace(false) {
                me.kick();
            } else {
                me.arm_timer();
            }
        });
    }

    /// `exclusive`: this page holds the Web Lock every sender takes, so leases left by a page
    /// reloaded or closed mid-send are stale and their entries may go now.
    async fn run_batch(&self, exclusive: bool) {
        let storage = LocalStorage;
        let outbox = Outbox::new(&storage);
        if exclusive {
            let _ = outbox.release_leases(BrowserClock.now_ms());
        }
        let Ok(due) = outbox.due(BrowserClock.now_ms()) else {
            return;
        };
        let mut halted_until = None;
        let mut notified_ms = 0;
        for entry in due.into_iter().filter(|e| e.is_for(&self.endpoint.url)) {
            if let Some(until) = halted_until {
                let _ = outbox.postpone(&entry.id, until);
                continue;
            }
            let Ok(Some(claimed)) = outbox.claim(&entry.id, BrowserClock.now_ms()) else {
                continue;
            };
            let outcome = transport::send(&self.endpoint, &claimed).await;
            let recorded =
                outbox.record(&claimed.id, &outcome, BrowserClock.now_ms(), random_u32());
            if let Ok(Recorded::Retry {
                next_attempt_ms, ..
            }) = recorded
            {
                if outcome.is_endpoint_wide() {
                    halted_until = Some(next_attempt_ms);
                }
            }
            // Tell the page at most twice a second: re-reading the status parses every entry,
            // and a long queue would otherwise cost n² reads.
            let now = BrowserClock.now_ms();
            if now.saturating_sub(notified_ms) >= 500 {
                notified_ms = now;
                (self.on_change)();
            }
        }
        (self.on_change)();
    }

    fn arm_timer(self: &Rc<Self>) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let now = BrowserClock.now_ms();
        let next = Outbox::new(&LocalStorage).next_wake_ms(now).ok().flatten();
        let delay = next.map_or(POLL_MS, |t| t.saturating_sub(now).clamp(250, POLL_MS));
        let weak = Rc::downgrade(self);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(r) = weak.upgrade() {
                r.kick();
            }
        });
        if let Some((old, _)) = self.timer.borrow_mut().take() {
            window.clear_timeout_with_handle(old);
        }
        if let Ok(id) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.as_ref().unchecked_ref(),
            delay as i32,
        ) {
            *self.timer.borrow_mut() = Some((id, callback));
        }
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        if let (Some(window), Some((id, _))) = (web_sys::window(), self.timer.borrow_mut().take()) {
            window.clear_timeout_with_handle(id);
        }
    }
}

/// What `with_lock` could get.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lock {
    /// The origin-wide Web Lock: no other sender is under way.
    Held,
    /// No Web Locks in this browser: send, relying on the per-entry leases.
    Unsupported,
    /// Another tab holds the lock: do not send now.
    Busy,
}

/// Runs `task` with what it could get of the origin-wide Web Lock.
fn with_lock<F, Fut>(task: F)
where
    F: FnOnce(Lock) -> Fut + 'static,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined() && !l.is_null());
    let request = locks
        .as_ref()
        .and_then(|l| js_sys::Reflect::get(l, &"request".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let (Some(locks), Some(request)) = (locks, request) else {
        wasm_bindgen_futures::spawn_local(task(Lock::Unsupported));
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let slot = Rc::new(RefCell::new(Some(task)));
    let inner = slot.clone();
    let callback = Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
        let Some(task) = inner.borrow_mut().take() else {
            return js_sys::Promise::resolve(&JsValue::UNDEFINED);
        };
        let run = task(if lock.is_null() {
            Lock::Busy
        } else {
            Lock::Held
        });
        wasm_bindgen_futures::future_to_promise(async move {
            run.await;
            Ok(JsValue::UNDEFINED)
        })
    });
    if request
        .call3(&locks, &LOCK_NAME.into(), &options, &callback)
        .is_err()
    {
        if let Some(task) = slot.borrow_mut().take() {
            wasm_bindgen_futures::spawn_local(task(Lock::Unsupported));
        }
    }
}
