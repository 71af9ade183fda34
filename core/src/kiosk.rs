//! The kiosk's idle policy: a shared tablet at a community service center, used by resident
//! after resident, must never show one resident's answers to the next.
//!
//! Owns: which kiosk screen is shown (start, survey, the "还在吗？" prompt, receipt, staff
//! panel), what counts as activity, when the prompt appears, when a session is wiped, when the
//! receipt goes back to the start screen, and which countdown values are announced. A wipe is
//! a new `session` number: the view keys everything a resident touched by it, so a wipe
//! remounts it from nothing.
//! Must not: read a clock or set timers (callers pass `now_ms` and ask [`Kiosk::deadline_ms`]
//! when to tick next), touch storage or the browser. Every step is a pure function of the
//! state and the action, tested natively with a fake clock (tests/kiosk.rs).

/// Used when the config gives no value: two quiet minutes before asking, half a minute to
/// answer "还在吗？", twenty seconds to read (or note down) the receipt code.
pub const DEFAULT_IDLE_SECONDS: u32 = 120;
pub const DEFAULT_COUNTDOWN_SECONDS: u32 = 30;
pub const DEFAULT_RECEIPT_SECONDS: u32 = 20;
/// Activity closer than this to the last recorded one changes nothing (no re-render for every
/// pointer move); the idle time is at most this much shorter than configured.
pub const ACTIVITY_GRANULARITY_MS: u64 = 1_000;

/// What a resident did; all of them mean "someone is here".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    Touch,
    Pointer,
    Key,
    /// An input method is composing (pinyin, handwriting, voice): there may be no key events.
    Composition,
    /// Text arrived without keys (handwriting pads, dictation, paste).
    Input,
}

/// The DOM events the browser adapter listens to (capture phase, on the widget root).
pub const ACTIVITY_EVENTS: &[&str] = &[
    "touchstart",
    "touchmove",
    "pointerdown",
    "pointermove",
    "wheel",
    "keydown",
    "compositionstart",
    "compositionupdate",
    "compositionend",
    "input",
];

impl Activity {
    /// The kind of activity a DOM event type stands for; `None` for other events.
    pub fn from_event_type(event_type: &str) -> Option<Activity> {
        Some(match event_type {
            "touchstart" | "touchmove" | "touchend" => Activity::Touch,
            "pointerdown" | "pointermove" | "pointerup" | "wheel" => Activity::Pointer,
            "keydown" | "keyup" => Activity::Key,
            "compositionstart" | "compositionupdate" | "compositionend" => Activity::Composition,
            "input" | "beforeinput" => Activity::Input,
            _ => return None,
        })
    }
}

/// The three durations, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// Quiet time before the prompt.
    pub idle_ms: u64,
    /// How long the prompt waits for 继续 before wiping.
    pub countdown_ms: u64,
    /// How long the receipt stays before the start screen returns.
    pub receipt_ms: u64,
}

impl Timing {
    /// From whole seconds; zero means the default (a zero wait would wipe at once).
    pub fn from_seconds(idle: u32, countdown: u32, receipt: u32) -> Timing {
        let ms = |s: u32, default: u32| u64::from(if s == 0 { default } else { s }) * 1000;
        Timing {
            idle_ms: ms(idle, DEFAULT_IDLE_SECONDS),
            countdown_ms: ms(countdown, DEFAULT_COUNTDOWN_SECONDS),
            receipt_ms: ms(receipt, DEFAULT_RECEIPT_SECONDS),
        }
    }
}

impl Default for Timing {
    fn default() -> Timing {
        Timing::from_seconds(0, 0, 0)
    }
}

/// What the kiosk shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The consultation's title and a large 开始 button; nothing of anyone is on it.
    Start,
    Survey,
    /// "还在吗？" over `resume` (the survey or the staff panel); the session is wiped at
    /// `deadline_ms` unless the resident taps 继续.
    Prompt {
        deadline_ms: u64,
        resume: Resume,
    },
    /// The receipt after a submission; back to the start screen by itself.
    Receipt,
    /// The staff panel (behind the PIN).
    Staff,
}

/// The screen a prompt returns to on 继续.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    Survey,
    Staff,
}

impl Resume {
    fn screen(self) -> Screen {
        match self {
            Resume::Survey => Screen::Survey,
            Resume::Staff => Screen::Staff,
        }
    }
}

/// What happened, with the time it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The resident tapped 开始 on the start screen.
    Begin {
        now_ms: u64,
    },
    Activity {
        kind: Activity,
        now_ms: u64,
    },
    /// A timer fired; the policy decides whether anything is due.
    Tick {
        now_ms: u64,
    },
    /// 继续 on the prompt.
    Continue {
        now_ms: u64,
    },
    /// The submission is stored and its receipt shown.
    Submitted {
        now_ms: u64,
    },
    /// "再填一份" on the receipt: a clean session straight into the survey.
    Again {
        now_ms: u64,
    },
    /// The discreet 工作人员 button on the start screen.
    OpenStaff {
        now_ms: u64,
    },
    /// Back to the start screen now (leaving the staff panel, or ending a session), wiping it.
    Leave {
        now_ms: u64,
    },
}

/// The kiosk's state. A change of `session` is a wipe: the view's effects then also clear
/// storage, the URL and the resident's display settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kiosk {
    pub timing: Timing,
    pub screen: Screen,
    /// The last activity, or the last screen change, whichever came later.
    pub last_activity_ms: u64,
    /// Counts wipes. Everything a resident touched is keyed by it.
    pub session: u32,
    /// Someone did something since the last wipe (e.g. changed the language on the start
    /// screen): the start screen itself is wiped after the idle time too.
    pub dirty: bool,
}

impl Kiosk {
    pub fn new(timing: Timing, now_ms: u64) -> Kiosk {
        Kiosk {
            timing,
            screen: Screen::Start,
            last_activity_ms: now_ms,
            session: 0,
            dirty: false,
        }
    }

    /// The reducer: `None` when nothing changes (the view then skips a render).
    pub fn reduce(&self, action: Action) -> Option<Kiosk> {
        let mut next = *self;
        match (self.screen, action) {
            (Screen::Start, Action::Begin { now_ms }) => {
                next.screen = Screen::Survey;
                next.last_activity_ms = now_ms;
                next.dirty = true;
            }
            (Screen::Start, Action::OpenStaff { now_ms }) => {
                next.screen = Screen::Staff;
                next.last_activity_ms = now_ms;
                next.dirty = true;
            }
            // The prompt waits for an explicit 继续: a passer-by brushing the screen must not
            // reopen the previous resident's answers.
            (Screen::Prompt { .. }, Action::Activity { .. }) => return None,
            (_, Action::Activity { now_ms, .. }) => {
                let fresh = now_ms
                    < self
                        .last_activity_ms
                        .saturating_add(ACTIVITY_GRANULARITY_MS);
                if self.dirty && fresh {
                    return None;
                }
                next.last_activity_ms = now_ms.max(self.last_activity_ms);
                next.dirty = true;
            }
            (Screen::Prompt { resume, .. }, Action::Continue { now_ms }) => {
                next.screen = resume.screen();
                next.last_activity_ms = now_ms;
            }
            (Screen::Survey, Action::Submitted { now_ms }) => {
                next.screen = Screen::Receipt;
                next.last_activity_ms = now_ms;
            }
            (Screen::Receipt, Action::Again { now_ms }) => {
                next = next.wiped(now_ms);
                next.screen = Screen::Survey;
                next.dirty = true;
            }
            (_, Action::Leave { now_ms }) => {
                if self.screen == Screen::Start && !self.dirty {
                    return None;
                }
                next = next.wiped(now_ms);
            }
            (_, Action::Tick { now_ms }) => return self.tick(now_ms),
            _ => return None,
        }
        (next != *self).then_some(next)
    }

    fn tick(&self, now_ms: u64) -> Option<Kiosk> {
        let due = self.deadline_ms().is_some_and(|d| now_ms >= d);
        if !due {
            return None;
        }
        let mut next = *self;
        match self.screen {
            Screen::Survey | Screen::Staff => {
                let resume = if self.screen == Screen::Staff {
                    Resume::Staff
                } else {
                    Resume::Survey
                };
                // Counted from the last activity, not from this (possibly late) tick: a tab
                // the browser throttled must not give a long-gone resident a second countdown.
                let deadline_ms = self
                    .last_activity_ms
                    .saturating_add(self.timing.idle_ms)
                    .saturating_add(self.timing.countdown_ms);
                if now_ms >= deadline_ms {
                    next = next.wiped(now_ms);
                } else {
                    next.screen = Screen::Prompt {
                        deadline_ms,
                        resume,
                    };
                }
            }
            Screen::Start | Screen::Prompt { .. } | Screen::Receipt => next = next.wiped(now_ms),
        }
        Some(next)
    }

    fn wiped(mut self, now_ms: u64) -> Kiosk {
        self.screen = Screen::Start;
        self.session = self.session.wrapping_add(1);
        self.last_activity_ms = now_ms;
        self.dirty = false;
        self
    }

    /// When the next automatic change is due (the view sets a timer for it); `None` while the
    /// clean start screen waits for someone.
    pub fn deadline_ms(&self) -> Option<u64> {
        let after = |ms: u64| Some(self.last_activity_ms.saturating_add(ms));
        match self.screen {
            Screen::Start if self.dirty => after(self.timing.idle_ms),
            Screen::Start => None,
            Screen::Survey | Screen::Staff => after(self.timing.idle_ms),
            Screen::Prompt { deadline_ms, .. } => Some(deadline_ms),
            Screen::Receipt => after(self.timing.receipt_ms),
        }
    }

    /// Whole seconds left on the prompt or the receipt (rounded up), for the visible count.
    pub fn remaining_seconds(&self, now_ms: u64) -> Option<u32> {
        match self.screen {
            Screen::Prompt { .. } | Screen::Receipt => {
                let left = self.deadline_ms()?.saturating_sub(now_ms);
                Some(u32::try_from(left.div_ceil(1000)).unwrap_or(u32::MAX))
            }
            _ => None,
        }
    }

    /// The number the polite live region says: it changes only at a few marks (the full
    /// countdown, each ten seconds, five), so a screen reader is not interrupted every second.
    pub fn announced_seconds(&self, now_ms: u64) -> Option<u32> {
        let left = self.remaining_seconds(now_ms)?;
        let total = match self.screen {
            Screen::Prompt { .. } => self.timing.countdown_ms,
            _ => self.timing.receipt_ms,
        };
        Some(announce_mark(left, (total / 1000) as u32))
    }
}

/// The smallest mark at or above `left` among `total`, the multiples of ten below it, and 5.
pub fn announce_mark(left: u32, total: u32) -> u32 {
    if left >= total {
        return total;
    }
    if left <= 5 && total > 5 {
        return 5;
    }
    left.div_ceil(10).saturating_mul(10).min(total)
}

/// Storage key prefixes a wipe keeps: submitted answers waiting for (or done with) the
/// endpoint, which the resident screens cannot show, and the kiosk's own state.
pub const KEPT_PREFIXES: &[&str] = &[
    "yehua.outbox.",
    "yehua.outbox-meta.",
    "yehua.quarantine.",
    "yehua.kiosk.",
];

/// Where the PIN guard is kept, so a reload does not reset the slow-down.
pub const PIN_GUARD_KEY: &str = "yehua.kiosk.pin-guard";

/// True for a storage key a wipe removes: every other `yehua.` key (drafts, and whatever a
/// resident's session may have left).
pub fn wipe_removes(key: &str) -> bool {
    key.starts_with("yehua.") && !KEPT_PREFIXES.iter().any(|p| key.starts_with(p))
}
