//! The wall clock, from `Date.now()`.
//!
//! Owns: `BrowserClock`. Must not: hold any timing policy.

use crate::core::ports::Clock;

#[derive(Clone, Copy, Default)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}
