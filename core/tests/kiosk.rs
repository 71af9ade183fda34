//! Native tests of kiosk mode: the idle policy with a fake clock (every kind of activity, the
//! "还在吗？" countdown, 继续, the wipe, the receipt going back by itself), the staff PIN (what is
//! hashed, the comparison, the slow-down after wrong tries), the kiosk settings in the config
//! and the query string, and that an update of the definition never strands a queued answer.
//!
//! Owns: the evidence that a shared tablet forgets each resident on time. Must not: touch a
//! browser or sleep; time is a number the tests move.

use std::cell::RefCell;
use std::collections::BTreeMap;

use yehua_core::config::{Config, KioskConfig, View};
use yehua_core::kiosk::{
    announce_mark, Action, Activity, Kiosk, Resume, Screen, Timing, ACTIVITY_EVENTS,
    ACTIVITY_GRANULARITY_MS,
};
use yehua_core::outbox::{EntryState, Outbox, OutboxEntry, Outcome, Recorded};
use yehua_core::pin::{self, PinGuard};
use yehua_core::ports::{Storage, StorageError};

const T0: u64 = 1_764_000_000_000;
const EP: &str = "https://endpoint.example/submit";
const IDLE: u64 = 60_000;
const COUNTDOWN: u64 = 20_000;
const RECEIPT: u64 = 10_000;

fn timing() -> Timing {
    Timing::from_seconds(60, 20, 10)
}

/// A kiosk whose resident tapped 开始 at `T0`.
fn in_survey() -> Kiosk {
    Kiosk::new(timing(), T0 - 5_000)
        .reduce(Action::Begin { now_ms: T0 })
        .expect("开始 starts the survey")
}

/// Applies `action`, keeping the state when nothing changes.
fn step(k: Kiosk, action: Action) -> Kiosk {
    k.reduce(action).unwrap_or(k)
}

fn tick(k: Kiosk, now_ms: u64) -> Kiosk {
    step(k, Action::Tick { now_ms })
}

fn touch(k: Kiosk, kind: Activity, now_ms: u64) -> Kiosk {
    step(k, Action::Activity { kind, now_ms })
}

// Idle policy

#[test]
fn a_fresh_kiosk_waits_on_the_start_screen_with_no_deadline() {
    let k = Kiosk::new(timing(), T0);
    assert_eq!(k.screen, Screen::Start);
    assert_eq!(k.deadline_ms(), None);
    assert_eq!(
        k.reduce(Action::Tick {
            now_ms: T0 + 10 * IDLE
        }),
        None
    );
    assert_eq!(k.reduce(Action::Leave { now_ms: T0 }), None);
}

#[test]
fn zero_seconds_in_the_timing_mean_the_defaults() {
    assert_eq!(Timing::from_seconds(0, 0, 0), Timing::default());
    assert_eq!(Timing::default().idle_ms, 120_000);
    assert_eq!(Timing::default().countdown_ms, 30_000);
    assert_eq!(Timing::default().receipt_ms, 20_000);
    assert_eq!(timing().idle_ms, IDLE);
}

#[test]
fn begin_starts_the_survey_and_the_idle_clock() {
    let k = in_survey();
    assert_eq!(k.screen, Screen::Survey);
    assert_eq!(k.session, 0);
    assert_eq!(k.deadline_ms(), Some(T0 + IDLE));
    assert_eq!(
        k.reduce(Action::Tick {
            now_ms: T0 + IDLE - 1
        }),
        None
    );
}

#[test]
fn the_prompt_appears_after_the_idle_time() {
    let k = tick(in_survey(), T0 + IDLE);
    assert_eq!(
        k.screen,
        Screen::Prompt {
            deadline_ms: T0 + IDLE + COUNTDOWN,
            resume: Resume::Survey
        }
    );
    assert_eq!(k.session, 0, "nothing is wiped yet");
    assert_eq!(k.remaining_seconds(T0 + IDLE), Some(20));
    assert_eq!(k.remaining_seconds(T0 + IDLE + 19_001), Some(1));
}

#[test]
fn every_kind_of_activity_keeps_the_resident_s_session() {
    for kind in [
        Activity::Touch,
        Activity::Pointer,
        Activity::Key,
        Activity::Composition,
        Activity::Input,
    ] {
        let k = touch(in_survey(), kind, T0 + IDLE - 1_000);
        assert_eq!(k.last_activity_ms, T0 + IDLE - 1_000, "{kind:?}");
        let k = tick(k, T0 + IDLE);
        assert_eq!(k.screen, Screen::Survey, "{kind:?} postpones the prompt");
        assert_eq!(k.deadline_ms(), Some(T0 + 2 * IDLE - 1_000), "{kind:?}");
    }
}

#[test]
fn every_activity_event_the_browser_listens_to_has_a_kind() {
    for event in ACTIVITY_EVENTS {
        assert!(Activity::from_event_type(event).is_some(), "{event}");
    }
    let kinds: Vec<_> = [
        "touchstart",
        "pointerdown",
        "keydown",
        "compositionstart",
        "compositionupdate",
        "compositionend",
        "input",
    ]
    .iter()
    .map(|e| Activity::from_event_type(e))
    .collect();
    use Activity::*;
    assert_eq!(
        kinds,
        [
            Some(Touch),
            Some(Pointer),
            Some(Key),
            Some(Composition),
            Some(Composition),
            Some(Composition),
            Some(Input)
        ]
    );
    assert_eq!(Activity::from_event_type("click"), None);
    assert_eq!(Activity::from_event_type("focus"), None);
}

#[test]
fn composing_with_an_input_method_alone_counts_as_activity() {
    // Pinyin and handwriting input methods may send no key events for a long time.
    let mut k = in_survey();
    for i in 1..=5 {
        k = touch(k, Activity::Composition, T0 + i * (IDLE - 1_000));
    }
    let k = tick(k, T0 + 5 * (IDLE - 1_000) + IDLE - 1);
    assert_eq!(k.screen, Screen::Survey);
}

#[test]
fn activity_within_a_second_changes_nothing_so_pointer_moves_do_not_re_render() {
    let k = touch(in_survey(), Activity::Pointer, T0 + 5_000);
    assert_eq!(
        k.reduce(Action::Activity {
            kind: Activity::Pointer,
            now_ms: T0 + 5_000 + ACTIVITY_GRANULARITY_MS - 1
        }),
        None
    );
    assert!(k
        .reduce(Action::Activity {
            kind: Activity::Pointer,
            now_ms: T0 + 5_000 + ACTIVITY_GRANULARITY_MS
        })
        .is_some());
}

#[test]
fn continue_on_the_prompt_returns_to_the_survey_with_a_fresh_idle_time() {
    let prompted = tick(in_survey(), T0 + IDLE);
    let k = step(
        prompted,
        Action::Continue {
            now_ms: T0 + IDLE + 15_000,
        },
    );
    assert_eq!(k.screen, Screen::Survey);
    assert_eq!(k.session, 0, "answers kept");
    assert_eq!(k.deadline_ms(), Some(T0 + IDLE + 15_000 + IDLE));
}

#[test]
fn activity_on_the_prompt_does_not_dismiss_it() {
    // A passer-by brushing the screen must not reopen the previous resident's answers: only
    // 继续 does.
    let prompted = tick(in_survey(), T0 + IDLE);
    for kind in [Activity::Touch, Activity::Key, Activity::Composition] {
        assert_eq!(
            prompted.reduce(Action::Activity {
                kind,
                now_ms: T0 + IDLE + 1_000
            }),
            None
        );
    }
}

#[test]
fn the_countdown_running_out_wipes_the_session_and_shows_the_start_screen() {
    let prompted = tick(in_survey(), T0 + IDLE);
    assert_eq!(
        prompted.reduce(Action::Tick {
            now_ms: T0 + IDLE + COUNTDOWN - 1
        }),
        None
    );
    let k = tick(prompted, T0 + IDLE + COUNTDOWN);
    assert_eq!(k.screen, Screen::Start);
    assert_eq!(k.session, 1, "a new session: the survey is remounted empty");
    assert!(!k.dirty);
    assert_eq!(k.deadline_ms(), None, "a clean start screen waits");
}

#[test]
fn a_late_tick_after_a_long_absence_wipes_without_a_second_countdown() {
    // A throttled tab may tick long after the idle time: the countdown is counted from the
    // last activity, so the long-gone resident's answers are not shown again.
    let k = tick(in_survey(), T0 + IDLE + COUNTDOWN + 60_000);
    assert_eq!(k.screen, Screen::Start);
    assert_eq!(k.session, 1);
    // A tick late by less than the countdown shows the prompt with the time that is left.
    let k = tick(in_survey(), T0 + IDLE + 5_000);
    assert_eq!(k.remaining_seconds(T0 + IDLE + 5_000), Some(15));
}

#[test]
fn the_countdown_is_announced_at_a_few_marks_not_every_second() {
    let prompted = tick(in_survey(), T0 + IDLE);
    let said: Vec<u32> = (0..=20)
        .map(|s| {
            prompted
                .announced_seconds(T0 + IDLE + s * 1000)
                .expect("prompt")
        })
        .collect();
    let mut changes = said.clone();
    changes.dedup();
    assert_eq!(changes, [20, 10, 5]);
    assert_eq!(announce_mark(30, 30), 30);
    assert_eq!(announce_mark(25, 30), 30);
    assert_eq!(announce_mark(20, 30), 20);
    assert_eq!(announce_mark(11, 30), 20);
    assert_eq!(announce_mark(7, 30), 10);
    assert_eq!(announce_mark(3, 30), 5);
    assert_eq!(announce_mark(2, 3), 3, "a short countdown is said once");
}

#[test]
fn the_receipt_returns_to_the_start_screen_by_itself() {
    let submitted = step(
        in_survey(),
        Action::Submitted {
            now_ms: T0 + 30_000,
        },
    );
    assert_eq!(submitted.screen, Screen::Receipt);
    assert_eq!(submitted.deadline_ms(), Some(T0 + 30_000 + RECEIPT));
    assert_eq!(submitted.remaining_seconds(T0 + 30_000), Some(10));
    assert_eq!(
        submitted.reduce(Action::Tick {
            now_ms: T0 + 30_000 + RECEIPT - 1
        }),
        None
    );
    let k = tick(submitted, T0 + 30_000 + RECEIPT);
    assert_eq!(k.screen, Screen::Start);
    assert_eq!(k.session, 1, "the receipt code is gone with the session");
}

#[test]
fn touching_the_receipt_gives_more_time_to_note_the_code() {
    let submitted = step(
        in_survey(),
        Action::Submitted {
            now_ms: T0 + 30_000,
        },
    );
    let k = touch(submitted, Activity::Touch, T0 + 38_000);
    assert_eq!(k.deadline_ms(), Some(T0 + 38_000 + RECEIPT));
    assert_eq!(tick(k, T0 + 30_000 + RECEIPT).screen, Screen::Receipt);
}

#[test]
fn again_on_the_receipt_is_a_clean_session_straight_into_the_survey() {
    let submitted = step(
        in_survey(),
        Action::Submitted {
            now_ms: T0 + 30_000,
        },
    );
    let k = step(
        submitted,
        Action::Again {
            now_ms: T0 + 32_000,
        },
    );
    assert_eq!(k.screen, Screen::Survey);
    assert_eq!(k.session, 1);
    assert_eq!(k.deadline_ms(), Some(T0 + 32_000 + IDLE));
}

#[test]
fn a_language_changed_on_the_start_screen_is_reset_after_the_idle_time() {
    let start = Kiosk::new(timing(), T0);
    let k = touch(start, Activity::Pointer, T0 + 1_000);
    assert!(k.dirty);
    assert_eq!(k.deadline_ms(), Some(T0 + 1_000 + IDLE));
    let k = tick(k, T0 + 1_000 + IDLE);
    assert_eq!(k.screen, Screen::Start, "no prompt: nothing to lose");
    assert_eq!(
        k.session, 1,
        "but a wipe: display settings back to defaults"
    );
    assert!(!k.dirty);
}

#[test]
fn the_staff_panel_times_out_like_a_survey_and_leaving_it_wipes() {
    let staff = step(
        Kiosk::new(timing(), T0),
        Action::OpenStaff { now_ms: T0 + 1_000 },
    );
    assert_eq!(staff.screen, Screen::Staff);
    let prompted = tick(staff, T0 + 1_000 + IDLE);
    assert_eq!(
        prompted.screen,
        Screen::Prompt {
            deadline_ms: T0 + 1_000 + IDLE + COUNTDOWN,
            resume: Resume::Staff
        }
    );
    let resumed = step(
        prompted,
        Action::Continue {
            now_ms: T0 + IDLE + 5_000,
        },
    );
    assert_eq!(resumed.screen, Screen::Staff);
    let left = step(
        resumed,
        Action::Leave {
            now_ms: T0 + IDLE + 6_000,
        },
    );
    assert_eq!(left.screen, Screen::Start);
    assert_eq!(left.session, 1);
}

#[test]
fn actions_that_do_not_fit_the_screen_change_nothing() {
    let start = Kiosk::new(timing(), T0);
    assert_eq!(start.reduce(Action::Continue { now_ms: T0 }), None);
    assert_eq!(start.reduce(Action::Submitted { now_ms: T0 }), None);
    assert_eq!(start.reduce(Action::Again { now_ms: T0 }), None);
    let survey = in_survey();
    assert_eq!(survey.reduce(Action::Begin { now_ms: T0 + 1 }), None);
    assert_eq!(survey.reduce(Action::OpenStaff { now_ms: T0 + 1 }), None);
    assert_eq!(survey.reduce(Action::Continue { now_ms: T0 + 1 }), None);
}

// PIN

/// `make pin PIN=246810` (.ci/make_pin.py; tests/js/pin.test.mjs checks its values with Node's
/// own PBKDF2): version 1 of the `pinHash` format.
const PIN_246810: &str =
    "pbkdf2-sha256$600000$kbw1D++qQPAgLWaUH7Dmyw==$+itmjDDca/xMvGD6GX9lgcHQv9Xq0+vsOeQtlPvfDCg=";
/// Its salt and hash, as `python3 -c 'import base64; print(list(base64.b64decode(…)))'` prints.
const SALT: [u8; 16] = [
    145, 188, 53, 15, 239, 170, 64, 240, 32, 45, 102, 148, 31, 176, 230, 203,
];
const HASH: [u8; 32] = [
    250, 43, 102, 140, 48, 220, 107, 252, 76, 188, 96, 250, 25, 127, 101, 129, 193, 208, 191, 213,
    234, 211, 235, 236, 57, 228, 45, 148, 251, 223, 12, 40,
];
/// The old form: hex SHA-256 of `pinSalt + PIN` (salt `SALT`, PIN `1234`).
const OLD_SHA256: &str = "0a1799ef046dc3e862d20c4210b76641f7ca31ec5b901992b1ef54f2187182ef";

#[test]
fn a_pbkdf2_pin_hash_is_read_with_its_iterations_salt_and_hash() {
    let read = pin::parse_hash(&format!("  {PIN_246810}\n")).expect("version 1");
    assert_eq!(
        read,
        pin::PinHash {
            iterations: 600_000,
            salt: SALT.to_vec(),
            hash: HASH.to_vec(),
        }
    );
    // What the browser derives is compared whole, byte for byte.
    assert!(read.matches(&HASH));
    let mut wrong = HASH;
    wrong[31] ^= 1;
    assert!(!read.matches(&wrong));
    assert!(!read.matches(&HASH[..31]));
    assert!(!read.matches(&[]));
}

#[test]
fn the_old_sha256_pin_hash_is_refused_with_its_own_reason() {
    for old in [OLD_SHA256.to_string(), OLD_SHA256.to_uppercase()] {
        assert_eq!(pin::parse_hash(&old), Err(pin::PinRefused::OldSha256));
    }
    assert!(pin::PinRefused::OldSha256.to_string().contains("make pin"));
}

#[test]
fn a_weak_or_unreadable_pin_hash_is_refused() {
    let salt = "kbw1D++qQPAgLWaUH7Dmyw==";
    let hash = "+itmjDDca/xMvGD6GX9lgcHQv9Xq0+vsOeQtlPvfDCg=";
    let short_hash = "+itmjDDca/xMvGD6GX9lgcHQv9Xq0+vsOeQtlPvfDA==";
    for bad in [
        String::new(),
        "1234".into(),
        format!("pbkdf2-sha256$599999${salt}${hash}"),
        format!("pbkdf2-sha256$10000001${salt}${hash}"),
        format!("pbkdf2-sha256$-600000${salt}${hash}"),
        format!("pbkdf2-sha256$600000$AAAAAAAAAA==${hash}"),
        format!("pbkdf2-sha256$600000${salt}${short_hash}"),
        format!("pbkdf2-sha256$600000${salt}${hash}$"),
        format!("pbkdf2-sha1$600000${salt}${hash}"),
        format!("PBKDF2-SHA256$600000${salt}${hash}"),
        format!("pbkdf2-sha256$600000$kbw1D-_qQPAgLWaUH7Dmyw${hash}"),
        format!("pbkdf2-sha256$600000${salt}"),
    ] {
        assert_eq!(
            pin::parse_hash(&bad),
            Err(pin::PinRefused::Unreadable),
            "{bad}"
        );
    }
}

#[test]
fn base64_is_the_standard_alphabet_with_or_without_padding() {
    assert_eq!(pin::base64_decode(""), Some(vec![]));
    assert_eq!(pin::base64_decode("TWFu"), Some(b"Man".to_vec()));
    assert_eq!(pin::base64_decode("TWE="), Some(b"Ma".to_vec()));
    assert_eq!(pin::base64_decode("TWE"), Some(b"Ma".to_vec()));
    assert_eq!(pin::base64_decode("TQ=="), Some(b"M".to_vec()));
    assert_eq!(pin::base64_decode("+/+/"), Some(vec![0xfb, 0xff, 0xbf]));
    for bad in ["T", "TWFuT", "TW-u", "TW_u", "TW u"] {
        assert_eq!(pin::base64_decode(bad), None, "{bad}");
    }
}

#[test]
fn the_pin_is_trimmed_and_full_width_digits_count_as_digits() {
    assert_eq!(pin::normalize_pin(" ２４６８１０ "), "246810");
    assert_eq!(
        pin::normalize_pin("12 34"),
        "12 34",
        "inner spaces are kept"
    );
}

#[test]
fn three_wrong_tries_are_free_then_the_wait_doubles_from_five_seconds_up_to_a_cap() {
    let waits: Vec<u64> = (1..=12).map(pin::delay_ms).collect();
    assert_eq!(
        waits,
        [
            0, 0, 5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000,
            300_000
        ]
    );
    assert_eq!(pin::delay_ms(u32::MAX), pin::MAX_DELAY_MS);
}

#[test]
fn the_guard_locks_with_a_fake_clock_and_a_right_pin_forgives() {
    let mut g = PinGuard::default();
    assert_eq!(g.wait_ms(T0), 0);
    g = g.failed(T0);
    g = g.failed(T0 + 1_000);
    assert_eq!(g.wait_ms(T0 + 1_000), 0, "two wrong tries: no wait yet");
    g = g.failed(T0 + 2_000);
    assert_eq!(g.wait_ms(T0 + 2_000), 5_000);
    assert_eq!(g.wait_seconds(T0 + 2_001), 5);
    assert_eq!(g.wait_seconds(T0 + 6_500), 1);
    assert_eq!(g.wait_ms(T0 + 7_000), 0);
    g = g.failed(T0 + 7_000);
    assert_eq!(g.wait_ms(T0 + 7_000), 10_000);
    g = g.failed(T0 + 17_000);
    assert_eq!(g.wait_ms(T0 + 17_000), 20_000);
    let forgiven = g.succeeded();
    assert_eq!(forgiven, PinGuard::default());
    assert_eq!(forgiven.failed(T0 + 20_000).wait_ms(T0 + 20_000), 0);
}

#[test]
fn a_clock_that_went_back_never_locks_longer_than_the_cap() {
    let g = PinGuard {
        failures: 9,
        locked_until_ms: T0 + 24 * 3_600_000,
    };
    assert_eq!(g.wait_ms(T0), pin::MAX_DELAY_MS);
}

#[test]
fn the_guard_survives_a_reload_in_its_stored_form() {
    let g = PinGuard::default().failed(T0).failed(T0).failed(T0);
    assert_eq!(PinGuard::from_text(&g.to_text()), g);
    assert_eq!(PinGuard::from_text("garbage"), PinGuard::default());
    assert_eq!(PinGuard::from_text("3:"), PinGuard::default());
}

// Config

fn with_file(file: &str) -> Config {
    let mut c = Config::default();
    c.merge_file(file).expect("json");
    c
}

#[test]
fn kiosk_mode_is_off_by_default_and_on_from_an_attribute() {
    assert!(!Config::default().kiosk.enabled);
    assert_eq!(Config::default().view, View::Survey);
    let on = Config::from_attributes([("kiosk", "true".to_string())]);
    assert!(on.kiosk.enabled);
    let off = Config::from_attributes([("kiosk", "false".to_string())]);
    assert!(!off.kiosk.enabled);
    let board = Config::from_attributes([("view", "board".to_string())]);
    assert_eq!(board.view, View::Board);
}

#[test]
fn the_config_file_sets_the_kiosk_settings() {
    let c = with_file(&format!(
        r#"{{"kiosk": {{"idleSeconds": 5, "countdownSeconds": 4, "receiptSeconds": 3,
            "pinHash": "{PIN_246810}", "liveBoard": {{"showSuggestions": true}}}}}}"#
    ));
    assert_eq!(
        c.kiosk,
        KioskConfig {
            enabled: true,
            idle_seconds: 5,
            countdown_seconds: 4,
            receipt_seconds: 3,
            pin_hash: Some(PIN_246810.into()),
            show_suggestions: true,
        }
    );
    assert_eq!(c.kiosk.timing(), Timing::from_seconds(5, 4, 3));
}

#[test]
fn the_config_file_can_hold_kiosk_settings_with_the_mode_off_and_ignores_odd_values() {
    let c = with_file(
        r#"{"kiosk": {"enabled": false, "idleSeconds": 0, "countdownSeconds": -3,
            "receiptSeconds": "ten", "pinHash": "1234"}, "view": "board"}"#,
    );
    assert!(!c.kiosk.enabled);
    assert_eq!(c.kiosk.idle_seconds, KioskConfig::default().idle_seconds);
    assert_eq!(
        c.kiosk.countdown_seconds,
        KioskConfig::default().countdown_seconds
    );
    assert_eq!(
        c.kiosk.receipt_seconds,
        KioskConfig::default().receipt_seconds
    );
    assert_eq!(
        c.kiosk.pin_hash.as_deref().map(pin::parse_hash),
        Some(Err(pin::PinRefused::Unreadable)),
        "not a pinHash: the panel stays locked and says why"
    );
    let old = with_file(&format!(
        r#"{{"kiosk": {{"pinHash": "{OLD_SHA256}", "pinSalt": "SALT"}}}}"#
    ));
    assert_eq!(
        old.kiosk.pin_hash.as_deref().map(pin::parse_hash),
        Some(Err(pin::PinRefused::OldSha256))
    );
    let number = with_file(r#"{"kiosk": {"pinHash": 246810}}"#);
    assert_eq!(
        number.kiosk.pin_hash.as_deref().map(pin::parse_hash),
        Some(Err(pin::PinRefused::Unreadable))
    );
    assert_eq!(with_file(r#"{"kiosk": {}}"#).kiosk.pin_hash, None);
    assert!(!c.kiosk.show_suggestions);
    assert_eq!(c.view, View::Board);
    assert!(with_file(r#"{"kiosk": true}"#).kiosk.enabled);
    let long = with_file(r#"{"kiosk": {"idleSeconds": 99999999}}"#);
    assert_eq!(long.kiosk.idle_seconds, KioskConfig::MAX_SECONDS);
}

#[test]
fn an_attribute_turns_kiosk_mode_on_and_a_file_cannot_turn_it_off() {
    let mut c = Config::from_attributes([("kiosk", "true".to_string())]);
    c.merge_file(r#"{"kiosk": {"enabled": false, "idleSeconds": 9}}"#)
        .expect("json");
    assert!(c.kiosk.enabled);
    assert_eq!(c.kiosk.idle_seconds, 9);
}

#[test]
fn the_query_may_switch_kiosk_mode_on_never_off() {
    let mut c = Config::default();
    c.apply_query("?kiosk=1");
    assert!(c.kiosk.enabled);
    c.apply_query("?kiosk=0&kiosk=false&kiosk=");
    assert!(
        c.kiosk.enabled,
        "a link can never turn a kiosk back into a personal page"
    );
    for on in ["kiosk=true", "kiosk=yes", "kiosk=ON"] {
        let mut c = Config::default();
        c.apply_query(on);
        assert!(c.kiosk.enabled, "{on}");
    }
    let mut c = Config::default();
    c.apply_query("kiosk=0");
    assert!(!c.kiosk.enabled);
}

#[test]
fn the_query_never_sets_kiosk_settings_the_endpoint_or_the_pin() {
    let base = with_file(
        r#"{"endpoint": "https://jiedao.example.cn/api", "kiosk": {"idleSeconds": 90,
            "pinHash": "0a1799ef046dc3e862d20c4210b76641f7ca31ec5b901992b1ef54f2187182ef",
            "pinSalt": "SALT"}}"#,
    );
    let mut c = base.clone();
    c.apply_query(
        "?kiosk=1&idleSeconds=1&pinHash=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\
         &pinSalt=&endpoint=https://evil.example/&kiosk.idleSeconds=1&liveBoard.showSuggestions=true",
    );
    assert_eq!(c, base);
}

#[test]
fn the_query_may_choose_the_board_view_which_is_harmless() {
    let mut c = Config::default();
    c.apply_query("?view=board&lang=en");
    assert_eq!(c.view, View::Board);
    assert_eq!(c.locale.as_deref(), Some("en"));
    c.apply_query("view=survey");
    assert_eq!(c.view, View::Survey);
    c.apply_query("view=admin");
    assert_eq!(c.view, View::Survey, "unknown views are ignored");
    assert_eq!(c.endpoint, None);
}

// Updates never strand queued answers

#[derive(Default)]
struct MemoryStorage(RefCell<BTreeMap<String, String>>);

impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.0.borrow().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.0.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.0.borrow_mut().remove(key);
        Ok(())
    }
    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        Ok(self
            .0
            .borrow()
            .keys()
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect())
    }
}

#[test]
fn an_entry_queued_with_an_older_definition_version_is_still_sent_whole() {
    let storage = MemoryStorage::default();
    let outbox = Outbox::new(&storage);
    // Queued offline yesterday under version 1, with a question version 2 no longer has.
    let old_body = r#"{"schema":"yehua.submission/1","id":"0123456789abcdef0123456789abcdef","consultation":{"id":"heping-yehua-example","version":"1"},"locale":"zh-CN","createdAt":"2025-11-24T12:00:00Z","createdAtMs":1764000000000,"answers":{"retired_question":{"value":"a","intent":"need"}}}"#;
    let entry = OutboxEntry::new(
        "0123456789abcdef0123456789abcdef",
        old_body,
        "application/json",
        T0,
    );
    outbox.enqueue(&entry).expect("stored");
    // The app was updated meanwhile; the runner sends the stored payload as it is.
    let mut sent = Vec::new();
    let report = outbox
        .send_due(EP, T0 + 86_400_000, 7, |e| {
            sent.push(e.body.clone());
            Outcome::Status {
                code: 201,
                retry_after: None,
                body: String::new(),
            }
        })
        .expect("listed");
    assert_eq!(
        sent,
        [old_body.to_string()],
        "the full old payload, unchanged"
    );
    assert_eq!(report[0].1, Ok(Recorded::Delivered));
    let stored = outbox
        .read("0123456789abcdef0123456789abcdef")
        .expect("read")
        .expect("kept");
    assert!(matches!(stored.state, EntryState::Delivered { .. }));
    // And the form encoding still reads it without the current definition.
    let form = yehua_core::payload::Endpoint {
        format: yehua_core::payload::Format::Form,
        ..yehua_core::payload::Endpoint::new("https://example.org/")
    };
    let encoded = yehua_core::payload::encode(&form, old_body).expect("encodes");
    assert!(encoded.contains("consultation_version=1"), "{encoded}");
}

// What a wipe removes from storage

#[test]
fn a_wipe_removes_drafts_and_other_resident_traces_but_keeps_the_outbox() {
    use yehua_core::kiosk::{wipe_removes, PIN_GUARD_KEY};
    for gone in [
        "yehua.draft.heping-yehua-example",
        "yehua.prefs",
        "yehua.anything-else",
    ] {
        assert!(wipe_removes(gone), "{gone}");
    }
    for kept in [
        "yehua.outbox.0123456789abcdef0123456789abcdef",
        "yehua.outbox-meta.last_sent",
        "yehua.quarantine.0123",
        PIN_GUARD_KEY,
        "other-app.draft",
    ] {
        assert!(!wipe_removes(kept), "{kept}");
    }
}
