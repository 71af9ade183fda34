//! The one outbox runner of a page: sends due entries through `transport`, records each
//! outcome with the core's policy, and wakes up again when something may be due.
//!
//! Owns: the triggers (start-up, `kick` after a new submission, the browser's `online` event,
//! another tab's outbox change (`storage` event), a timer set to the next due time and at most
//! `POLL_MS` away) and the cross-tab lock: the batch runs inside
//! `navigator.locks.request("yehua-outbox", …)`, so two tabs of one origin never send at the
//! same time (where Web Locks are missing, the outbox's per-entry lease still keeps them apart).
//! A tab that finds the lock taken waits for it, so when the sending tab is closed mid-send the
//! browser hands the lock on at once (the tab then pauses `HANDOFF_MS` for the other tab's
//! writes to reach its copy of storage); holding it, a batch first releases leases left by a
//! page reloaded or closed mid-send, so those submissions go again at once, not after the lease. A
//! send cut off because this page is going away (`pagehide`) was never answered: it is not
//! recorded as a failed attempt; its lease is left for the next sender to release.
//! Must not: decide retries, backoff or what an outcome means; that is `core::outbox`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::clock::BrowserClock;
use super::random::random_u32;
use super::storage;
use super::timer;
use super::transport;
use crate::core::outbox::Outcome;
use crate::core::payload::Endpoint;
use crate::core::ports::Clock;

/// The longest the runner sleeps, so entries queued by another tab or whose lease lapsed
/// are picked up.
const POLL_MS: u64 = 30_000;
const LOCK_NAME: &str = "yehua-outbox";

pub struct Runner {
    endpoint: Rc<Endpoint>,
    busy: Cell<bool>,
    again: Cell<bool>,
    timer: RefCell<Option<timer::Timer>>,
    on_change: Box<dyn Fn()>,
    /// The page is being unloaded (`pagehide`; cleared by `pageshow`).
    leaving: Rc<Cell<bool>>,
    _listeners: RefCell<Vec<EventListener>>,
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
            leaving: Rc::new(Cell::new(false)),
            _listeners: RefCell::new(Vec::new()),
        });
        if let Some(window) = web_sys::window() {
            let weak = Rc::downgrade(&runner);
            let online = EventListener::new(&window, "online", move |_| {
                if let Some(r) = weak.upgrade() {
                    // The network is back: the backoff was about the outage, send now.
                    let _ = storage::outbox().wake(BrowserClock.now_ms());
                    r.kick();
                }
            });
            // Another tab stored, sent or gave up something: look again (and if it is sending,
            // wait for its lock, which the browser hands on when that tab goes away).
            let weak = Rc::downgrade(&runner);
            let other_tab = EventListener::new(&window, "storage", move |e| {
                let key = e
                    .dyn_ref::<web_sys::StorageEvent>()
                    .map_or(Some(String::new()), |s| s.key());
                // `None`: the whole storage was cleared.
                if key.is_none_or(|k| k.starts_with("yehua.outbox")) {
                    if let Some(r) = weak.upgrade() {
                        r.kick();
                    }
                }
            });
            let leaving = runner.leaving.clone();
            let hide = EventListener::new(&window, "pagehide", move |_| leaving.set(true));
            let leaving = runner.leaving.clone();
            let show = EventListener::new(&window, "pageshow", move |_| leaving.set(false));
            *runner._listeners.borrow_mut() = vec![online, other_tab, hide, show];
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
            me.run_batch(lock == Lock::Held).await;
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
        let outbox = storage::outbox();
        let url = &self.endpoint.url;
        // Outcomes storage could not take before: written now if there is room again.
        outbox.save_unsaved();
        if exclusive {
            let _ = outbox.release_leases(BrowserClock.now_ms());
        }
        let Ok(due) = outbox.due_for(url, BrowserClock.now_ms()) else {
            return;
        };
        let mut halted_until = None;
        let mut notified_ms = 0;
        for entry in due {
            if let Some(until) = halted_until {
                let _ = outbox.postpone(&entry.id, until);
                continue;
            }
            let Ok(Some(claimed)) = outbox.claim(&entry.id, BrowserClock.now_ms()) else {
                continue;
            };
            let outcome = transport::send(&self.endpoint, &claimed).await;
            if self.leaving.get() && matches!(outcome, Outcome::NetworkError | Outcome::Timeout) {
                // Cut off by the page going away: not an answer, and not an attempt. The lease
                // stays; the next page (or another tab) holding the lock releases it.
                return;
            }
            let now = BrowserClock.now_ms();
            halted_until = outbox
                .settle(url, &claimed.id, &outcome, now, random_u32())
                .halt_until;
            // Tell the page at most twice a second: re-reading the status parses every entry,
            // and a long queue would otherwise cost n² reads.
            if now.saturating_sub(notified_ms) >= 500 {
                notified_ms = now;
                (self.on_change)();
            }
        }
        (self.on_change)();
    }

    fn arm_timer(self: &Rc<Self>) {
        let now = BrowserClock.now_ms();
        let next = storage::outbox()
            .next_wake_ms(&self.endpoint.url, now)
            .ok()
            .flatten();
        let delay = next.map_or(POLL_MS, |t| t.saturating_sub(now).clamp(250, POLL_MS));
        let weak = Rc::downgrade(self);
        // Replacing the timer clears the old one (timer::Timer keeps the full timeout handle).
        let timer = timer::after(delay, move || {
            if let Some(r) = weak.upgrade() {
                r.kick();
            }
        });
        *self.timer.borrow_mut() = timer;
    }
}

/// What `with_lock` could get.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lock {
    /// The origin-wide Web Lock: no other sender is under way.
    Held,
    /// No Web Locks in this browser: send, relying on the per-entry leases.
    Unsupported,
}

/// How long a tab that waited for the lock pauses, holding it, before reading the outbox.
/// Chromium hands the lock on faster than the last holder's `localStorage` writes reach this
/// tab's copy of storage; read at once, a batch would see the entries as they were before
/// (a lease already settled, an endpoint's wait not yet stored) and write them back stale.
const HANDOFF_MS: i32 = 250;

/// Runs `task` holding the origin-wide Web Lock. When another tab holds it, waits for it (the
/// browser hands it on when that tab's batch ends or the tab goes away), then pauses
/// [`HANDOFF_MS`] so the other tab's writes have arrived.
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
    let slot = Rc::new(RefCell::new(Some(task)));
    let asked = match (locks, request) {
        (Some(locks), Some(request)) => ask_lock(locks, request, slot.clone(), false),
        _ => false,
    };
    if !asked {
        if let Some(task) = slot.borrow_mut().take() {
            wasm_bindgen_futures::spawn_local(task(Lock::Unsupported));
        }
    }
}

/// Asks for the lock: at first only if free (`ifAvailable`), then (`wait`) in the queue. False
/// when the request could not be made.
fn ask_lock<F, Fut>(
    locks: JsValue,
    request: js_sys::Function,
    slot: Rc<RefCell<Option<F>>>,
    wait: bool,
) -> bool
where
    F: FnOnce(Lock) -> Fut + 'static,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let (again, inner) = ((locks.clone(), request.clone()), slot.clone());
    let callback = Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
        let done = js_sys::Promise::resolve(&JsValue::UNDEFINED);
        if lock.is_null() {
            // Another tab is sending: queue for the lock.
            if !ask_lock(again.0, again.1, inner.clone(), true) {
                if let Some(task) = inner.borrow_mut().take() {
                    wasm_bindgen_futures::spawn_local(task(Lock::Unsupported));
                }
            }
            return done;
        }
        let Some(task) = inner.borrow_mut().take() else {
            return done;
        };
        wasm_bindgen_futures::future_to_promise(async move {
            if wait {
                pause(HANDOFF_MS).await;
            }
            task(Lock::Held).await;
            Ok(JsValue::UNDEFINED)
        })
    });
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::from_bool(!wait));
    request
        .call3(&locks, &LOCK_NAME.into(), &options, &callback)
        .is_ok()
}

/// Resolves after `ms` (at once without a window).
async fn pause(ms: i32) {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        let set = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms));
        if !matches!(set, Some(Ok(_))) {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(timer).await;
}
