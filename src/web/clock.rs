//! The wall clock, from `Date.now()`.
//!
//! Owns: `BrowserClock` and the device's local date. Must not: hold any timing policy.

use crate::core::condition::Date;
use crate::core::ports::Clock;

#[derive(Clone, Copy, Default)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}

/// The device's offset from UTC in minutes (east positive), for showing local times.
pub fn utc_offset_minutes() -> i64 {
    -(js_sys::Date::new_0().get_timezone_offset() as i64)
}

/// The device's local calendar date, for `today()` / `age()` in conditions.
pub fn local_date() -> Option<Date> {
    let now = js_sys::Date::new_0();
    Date::from_ymd(
        i64::from(now.get_full_year()),
        now.get_month() + 1,
        now.get_date(),
    )
}
