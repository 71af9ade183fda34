//! Native tests of the outbox policy, with an in-memory storage that can be full or unavailable,
//! a fake clock and fake transports: no browser, no sleeps, no network.
//!
//! Owns: the evidence that submissions are persisted before sending, classified, retried with
//! backoff, delivered exactly once and never lost. Must not: touch real time or I/O.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

use yehua_core::outbox::*;
use yehua_core::ports::*;

/// localStorage stand-in: optional quota (bytes of keys and values) and an unavailable switch.
#[derive(Default)]
struct FakeStorage {
    items: RefCell<BTreeMap<String, String>>,
    quota: Cell<Option<usize>>,
    unavailable: Cell<bool>,
}

impl FakeStorage {
    fn used(&self) -> usize {
        self.items
            .borrow()
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
    fn check(&self) -> Result<(), StorageError> {
        if self.unavailable.get() {
            return Err(StorageError::Unavailable);
        }
        Ok(())
    }
    fn raw(&self, key: &str) -> Option<String> {
        self.items.borrow().get(key).cloned()
    }
    fn put(&self, key: &str, value: &str) {
        self.items.borrow_mut().insert(key.into(), value.into());
    }
    fn key_list(&self) -> Vec<String> {
        self.items.borrow().keys().cloned().collect()
    }
}

impl Storage for FakeStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.check()?;
        Ok(self.raw(key))
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.check()?;
        let old = self.raw(key).map_or(0, |v| key.len() + v.len());
        if let Some(quota) = self.quota.get() {
            if self.used() - old + key.len() + value.len() > quota {
                return Err(StorageError::Full);
            }
        }
        self.put(key, value);
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.check()?;
        self.items.borrow_mut().remove(key);
        Ok(())
    }
    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        self.check()?;
        // Reverse order: the outbox must not rely on storage order.
        let mut keys: Vec<String> = self
            .key_list()
            .into_iter()
            .filter(|k| k.starts_with(prefix))
            .collect();
        keys.reverse();
        Ok(keys)
    }
}

struct FakeClock(Cell<u64>);

impl Clock for FakeClock {
    fn now_ms(&self) -> u64 {
        self.0.get()
    }
}

const T0: u64 = 1_700_000_000_000;
const JSON: &str = "application/json";
const EP: &str = "https://endpoint.example/submit";

fn status(code: u16) -> Outcome {
    Outcome::Status {
        code,
        retry_after: None,
        body: format!("reply {code}"),
    }
}

fn with_retry_after(code: u16, raw: &str) -> Outcome {
    Outcome::Status {
        code,
        retry_after: Some(raw.into()),
        body: String::new(),
    }
}

fn entry(id: &str, created_at_ms: u64) -> OutboxEntry {
    OutboxEntry::new(id, format!("{{\"answers\":\"{id}\"}}"), JSON, created_at_ms)
}

fn stored(storage: &FakeStorage, id: &str) -> OutboxEntry {
    let raw = storage
        .raw(&format!("{ENTRY_PREFIX}{id}"))
        .expect("entry stored");
    OutboxEntry::from_json(&raw).expect("entry readable")
}

/// Enqueues one entry, records `outcome` for it, returns what was recorded and the stored entry.
fn record_one(outcome: &Outcome) -> (Recorded, OutboxEntry) {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    outbox.enqueue(&entry("a1", T0)).unwrap();
    let recorded = outbox.record("a1", outcome, T0 + 10, 0).unwrap();
    (recorded, stored(&storage, "a1"))
}

#[test]
fn confirmations_are_delivered() {
    for code in [200, 201, 204, 409] {
        assert_eq!(classify(&status(code), T0), Decision::Delivered, "{code}");
        let (recorded, entry) = record_one(&status(code));
        assert_eq!(recorded, Recorded::Delivered, "{code}");
        assert_eq!(entry.state, EntryState::Delivered { at_ms: T0 + 10 });
        assert_eq!(entry.attempts, 1);
        assert_eq!(
            entry.body, "{\"answers\":\"a1\"}",
            "body kept for staff export"
        );
    }
}

#[test]
fn passing_failures_are_retried_with_backoff() {
    let outcomes = [408, 425, 429, 500, 502, 503]
        .map(status)
        .into_iter()
        .chain([Outcome::NetworkError, Outcome::Timeout]);
    for outcome in outcomes {
        let expected = Decision::Retry {
            not_before_ms: None,
        };
        assert_eq!(classify(&outcome, T0), expected, "{outcome:?}");
        let (recorded, entry) = record_one(&outcome);
        let next = T0 + 10 + BACKOFF_BASE_MS / 2; // jitter 0: the low end of the first window
        assert_eq!(
            recorded,
            Recorded::Retry {
                attempts: 1,
                next_attempt_ms: next
            }
        );
        assert_eq!(entry.state, EntryState::Pending);
        assert_eq!((entry.attempts, entry.next_attempt_ms), (1, next));
    }
}

#[test]
fn refusals_are_held_with_status_and_reply() {
    for code in [400, 401, 403, 404, 410, 413, 422, 100, 301, 304] {
        assert_eq!(classify(&status(code), T0), Decision::Hold, "{code}");
        let (recorded, entry) = record_one(&status(code));
        assert_eq!(recorded, Recorded::Held { status: code });
        let reply = format!("reply {code}");
        assert_eq!(
            entry.state,
            EntryState::Held {
                status: code,
                reply
            }
        );
    }
}

#[test]
fn held_reply_is_truncated_on_a_char_boundary() {
    let long = Outcome::Status {
        code: 422,
        retry_after: None,
        body: "夜".repeat(REPLY_LIMIT + 50),
    };
    let (_, entry) = record_one(&long);
    let EntryState::Held { reply, .. } = entry.state else {
        panic!("not held: {:?}", entry.state)
    };
    assert_eq!(reply.chars().count(), REPLY_LIMIT);
}

#[test]
fn backoff_grows_is_capped_and_jitter_stays_in_bounds() {
    let mut ceiling = BACKOFF_BASE_MS;
    for attempts in 1..=40u32 {
        for jitter in [0, 1, 7_919, 65_535, 1 << 31, u32::MAX] {
            let delay = backoff_ms(attempts, jitter);
            assert!(
                (ceiling / 2..=ceiling).contains(&delay),
                "{attempts} {jitter}: {delay}"
            );
        }
        assert_eq!(backoff_ms(attempts, 0), ceiling / 2);
        assert_eq!(backoff_ms(attempts, (ceiling / 2) as u32), ceiling);
        ceiling = (ceiling * 2).min(BACKOFF_CAP_MS);
    }
    assert_eq!(backoff_ms(1, 0), 1_000);
    assert_eq!(backoff_ms(2, 0), 2_000);
    assert_eq!(backoff_ms(3, 0), 4_000);
    assert_eq!(backoff_ms(40, u32::MAX), backoff_ms(9, u32::MAX));
    assert!(backoff_ms(u32::MAX, 12_345) <= BACKOFF_CAP_MS);
    assert_eq!(
        backoff_ms(0, 0),
        backoff_ms(1, 0),
        "zero attempts never means no wait"
    );
}

#[test]
fn backoff_grows_across_recorded_failures() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    outbox.enqueue(&entry("a1", T0)).unwrap();
    let mut now = T0;
    let mut delays = Vec::new();
    for _ in 0..12 {
        match outbox.record("a1", &status(503), now, 0).unwrap() {
            Recorded::Retry {
                next_attempt_ms, ..
            } => {
                delays.push(next_attempt_ms - now);
                now = next_attempt_ms;
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(delays.windows(2).all(|w| w[0] <= w[1]), "{delays:?}");
    assert_eq!(delays.last(), Some(&(BACKOFF_CAP_MS / 2)));
    assert_eq!(stored(&storage, "a1").attempts, 12);
}

#[test]
fn retry_after_in_seconds() {
    assert_eq!(parse_retry_after("120", T0), Some(T0 + 120_000));
    assert_eq!(parse_retry_after(" 0 ", T0), Some(T0));
    let (recorded, entry) = record_one(&with_retry_after(503, "120"));
    assert_eq!(
        recorded,
        Recorded::Retry {
            attempts: 1,
            next_attempt_ms: T0 + 10 + 120_000
        }
    );
    assert_eq!(entry.next_attempt_ms, T0 + 10 + 120_000);
    assert_eq!(
        classify(&with_retry_after(429, "30"), T0),
        Decision::Retry {
            not_before_ms: Some(T0 + 30_000)
        }
    );
}

#[test]
fn retry_after_never_shortens_the_backoff_and_is_capped() {
    assert_eq!(retry_at(1, Some(T0 + 10), T0, 0), T0 + 1_000);
    assert_eq!(retry_at(1, Some(T0 - 50_000), T0, 0), T0 + 1_000);
    assert_eq!(retry_at(1, Some(u64::MAX), T0, 0), T0 + RETRY_AFTER_CAP_MS);
    let (_, entry) = record_one(&with_retry_after(503, "99999999999999999999999"));
    assert_eq!(
        entry.next_attempt_ms,
        T0 + 10 + 1_000,
        "unparseable: backoff"
    );
    let (_, entry) = record_one(&with_retry_after(429, "86400"));
    assert_eq!(entry.next_attempt_ms, T0 + 10 + RETRY_AFTER_CAP_MS);
}

#[test]
fn retry_after_as_http_date() {
    let at = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 0),
        Some(at)
    );
    assert_eq!(
        parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", 0),
        Some(at)
    );
    assert_eq!(parse_retry_after("Sun Nov  6 08:49:37 1994", 0), Some(at));
    assert_eq!(
        parse_retry_after("Thu, 29 Feb 2024 00:00:00 GMT", 0),
        Some(1_709_164_800_000)
    );
    assert_eq!(
        parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", 0),
        Some(0)
    );
    assert_eq!(
        parse_retry_after("Fri, 31 Dec 2049 23:59:59 GMT", 0),
        Some(2_524_607_999_000)
    );
    // A date two minutes ahead of the fake clock moves the next attempt there.
    let now = 1_709_164_800_000 - 120_000;
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    outbox.enqueue(&entry("a1", now)).unwrap();
    let outcome = with_retry_after(503, "Thu, 29 Feb 2024 00:00:00 GMT");
    assert_eq!(
        outbox.record("a1", &outcome, now, 0).unwrap(),
        Recorded::Retry {
            attempts: 1,
            next_attempt_ms: 1_709_164_800_000
        }
    );
}

#[test]
fn garbage_retry_after_is_ignored() {
    for raw in [
        "",
        "soon",
        "-5",
        "1.5",
        "0x10",
        "Sun, 06 Nov 1994",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 PST",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:61:00 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sat, 29 Feb 2025 00:00:00 GMT",
        "Sun, 31 Apr 2025 00:00:00 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 19945 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT extra",
        "06 Nov 1994 08:49:37 GMT",
        "Wed, 31 Dec 1969 23:59:59 GMT",
        "Sun, 06 Nov 1994 08:49:37:00 GMT",
    ] {
        assert_eq!(parse_retry_after(raw, T0), None, "{raw:?}");
        assert_eq!(
            classify(&with_retry_after(503, raw), T0),
            Decision::Retry {
                not_before_ms: None
            },
            "{raw:?}"
        );
    }
}

#[test]
fn due_entries_come_oldest_first() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    for (id, created) in [
        ("c3", T0 + 30),
        ("a1", T0 + 10),
        ("e5", T0 + 20),
        ("b2", T0 + 10),
    ] {
        outbox.enqueue(&entry(id, created)).unwrap();
    }
    let ids = |entries: Vec<OutboxEntry>| entries.into_iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(ids(outbox.due(T0 + 30).unwrap()), ["a1", "b2", "e5", "c3"]);
    assert_eq!(ids(outbox.due(T0 + 15).unwrap()), ["a1", "b2"]);
    assert_eq!(
        ids(outbox.load().unwrap().entries),
        ["a1", "b2", "e5", "c3"]
    );
    let mut sent = Vec::new();
    outbox
        .send_due(EP, T0 + 30, 0, |e| {
            sent.push(e.id.clone());
            status(201)
        })
        .unwrap();
    assert_eq!(sent, ["a1", "b2", "e5", "c3"]);
}

#[test]
fn entries_not_yet_due_wait_and_set_the_next_wake() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    assert_eq!(outbox.next_wake_ms(EP, T0).unwrap(), None);
    outbox.enqueue(&entry("a1", T0)).unwrap();
    outbox.enqueue(&entry("b2", T0 + 5)).unwrap();
    assert_eq!(outbox.next_wake_ms(EP, T0).unwrap(), Some(T0));
    outbox.record("a1", &Outcome::Timeout, T0, 0).unwrap();
    outbox.record("b2", &status(200), T0, 0).unwrap();
    assert_eq!(outbox.next_wake_ms(EP, T0).unwrap(), Some(T0 + 1_000));
    assert!(outbox.due(T0 + 999).unwrap().is_empty());
    assert_eq!(outbox.due(T0 + 1_000).unwrap().len(), 1);
}

#[test]
fn a_clock_that_went_back_does_not_strand_entries() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    outbox.enqueue(&entry("a1", T0)).unwrap();
    outbox.record("a1", &status(503), T0, 0).unwrap(); // next attempt at T0 + 1 s
    let an_hour = RETRY_AFTER_CAP_MS;
    assert!(
        outbox.due(T0 - an_hour + 1_000).unwrap().is_empty(),
        "a plausible wait"
    );
    let day_earlier = T0 - 86_400_000;
    assert_eq!(outbox.due(day_earlier).unwrap().len(), 1);
    assert_eq!(
        outbox.next_wake_ms(EP, day_earlier).unwrap(),
        Some(day_earlier)
    );
    assert!(outbox.claim("a1", day_earlier).unwrap().is_some());
}

#[test]
fn a_restarted_outbox_sends_what_the_last_one_left() {
    let storage = FakeStorage::default();
    {
        let before_restart = Outbox::new(&storage);
        before_restart.enqueue(&entry("a1", T0)).unwrap();
        before_restart.enqueue(&entry("b2", T0 + 1)).unwrap();
        before_restart
            .record("a1", &Outcome::NetworkError, T0 + 2, 0)
            .unwrap();
    }
    let after_restart = Outbox::new(&storage);
    let counts = after_restart.counts().unwrap();
    assert_eq!((counts.pending, counts.delivered), (2, 0));
    let mut sent = Vec::new();
    let report = after_restart
        .send_due(EP, T0 + 60_000, 0, |e| {
            sent.push(e.id.clone());
            status(200)
        })
        .unwrap();
    assert_eq!(sent, ["a1", "b2"]);
    assert!(report.iter().all(|(_, r)| r == &Ok(Recorded::Delivered)));
    assert_eq!(after_restart.counts().unwrap().delivered, 2);
    assert_eq!(stored(&storage, "a1").attempts, 2);
}

#[test]
fn corrupted_entries_are_quarantined_and_the_rest_still_sent() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    outbox.enqueue(&entry("good", T0)).unwrap();
    let not_json = "{\"id\":\"x1\", truncated";
    let missing_field = "{\"id\":\"x2\",\"created_at_ms\":1}";
    let wrong_id = entry("other", T0).to_json();
    storage.put(&format!("{ENTRY_PREFIX}x1"), not_json);
    storage.put(&format!("{ENTRY_PREFIX}x2"), missing_field);
    storage.put(&format!("{ENTRY_PREFIX}x3"), &wrong_id);
    // An earlier quarantined text under the same name is never overwritten.
    storage.put(&format!("{QUARANTINE_PREFIX}x1"), "older");

    let loaded = outbox.load().unwrap();
    assert_eq!(loaded.entries.len(), 1);
    let mut quarantined = loaded.quarantined;
    quarantined.sort_by(|a, b| a.key.cmp(&b.key));
    let moved: Vec<_> = quarantined
        .iter()
        .map(|q| (q.moved_to.as_deref().unwrap(), q.raw.as_str()))
        .collect();
    assert_eq!(
        moved,
        [
            ("yehua.quarantine.x1.2", not_json),
            ("yehua.quarantine.x2", missing_field),
            ("yehua.quarantine.x3", wrong_id.as_str()),
        ]
    );
    assert!(quarantined.iter().all(|q| !q.reason.is_empty()));
    for (key, raw) in moved {
        assert_eq!(storage.raw(key).as_deref(), Some(raw), "raw text kept");
    }
    assert_eq!(storage.raw("yehua.quarantine.x1").as_deref(), Some("older"));
    assert_eq!(outbox.counts().unwrap().quarantined, 4);
    assert!(
        outbox.load().unwrap().quarantined.is_empty(),
        "reported once"
    );

    let mut sent = Vec::new();
    outbox
        .send_due(EP, T0, 0, |e| {
            sent.push(e.id.clone());
            status(200)
        })
        .unwrap();
    assert_eq!(sent, ["good"]);
}

#[test]
fn a_quarantine_that_cannot_be_written_leaves_the_original_in_place() {
    let storage = FakeStorage::default();
    let key = format!("{ENTRY_PREFIX}x1");
    storage.put(&key, "garbage");
    storage.quota.set(Some(storage.used()));
    let loaded = Outbox::new(&storage).load().unwrap();
    assert_eq!(loaded.quarantined.len(), 1);
    assert_eq!(loaded.quarantined[0].moved_to, None);
    assert_eq!(storage.raw(&key).as_deref(), Some("garbage"));
}

#[test]
fn another_tab_delivered_it_first_so_record_does_nothing() {
    let storage = FakeStorage::default();
    let (tab_a, tab_b) = (Outbox::new(&storage), Outbox::new(&storage));
    tab_a.enqueue(&entry("a1", T0)).unwrap();
    // Both tabs saw it due before either recorded anything.
    assert_eq!(tab_a.due(T0).unwrap().len(), 1);
    assert_eq!(tab_b.due(T0).unwrap().len(), 1);
    assert_eq!(
        tab_a.record("a1", &status(200), T0 + 1, 0).unwrap(),
        Recorded::Delivered
    );
    let before = storage.raw(&format!("{ENTRY_PREFIX}a1"));
    for late in [Outcome::NetworkError, status(500), status(400), status(409)] {
        assert_eq!(
            tab_b.record("a1", &late, T0 + 2, 0).unwrap(),
            Recorded::NotPending
        );
    }
    assert_eq!(storage.raw(&format!("{ENTRY_PREFIX}a1")), before);
    assert_eq!(
        tab_b.record("gone", &status(200), T0, 0).unwrap(),
        Recorded::NotPending
    );
    assert_eq!(tab_b.postpone("a1", T0 + 9).unwrap(), Recorded::NotPending);
}

#[test]
fn a_claimed_entry_is_left_alone_until_the_claim_lapses() {
    let storage = FakeStorage::default();
    let (tab_a, tab_b) = (Outbox::new(&storage), Outbox::new(&storage));
    tab_a.enqueue(&entry("a1", T0)).unwrap();
    let claimed = tab_a.claim("a1", T0).unwrap().expect("due");
    assert_eq!(claimed.id, "a1");
    assert_eq!(tab_b.claim("a1", T0 + 1).unwrap(), None);
    assert!(tab_b.due(T0 + CLAIM_MS - 1).unwrap().is_empty());
    let mut sent = 0;
    tab_b
        .send_due(EP, T0 + 1, 0, |_| {
            sent += 1;
            status(200)
        })
        .unwrap();
    assert_eq!(sent, 0);
    // Tab A closed mid-send: the entry comes back once the claim lapses.
    assert_eq!(tab_b.due(T0 + CLAIM_MS).unwrap().len(), 1);
    assert!(tab_b.claim("a1", T0 + CLAIM_MS).unwrap().is_some());
}

#[test]
fn enqueue_on_full_storage_fails_and_writes_nothing() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    outbox.enqueue(&entry("a1", T0)).unwrap();
    let before = storage.items.borrow().clone();
    storage.quota.set(Some(storage.used() + 10));
    assert_eq!(outbox.enqueue(&entry("b2", T0)), Err(StorageError::Full));
    assert_eq!(*storage.items.borrow(), before);
    assert_eq!(outbox.counts().unwrap().pending, 1);

    storage.quota.set(None);
    storage.unavailable.set(true);
    assert_eq!(
        outbox.enqueue(&entry("b2", T0)),
        Err(StorageError::Unavailable)
    );
    assert_eq!(outbox.load(), Err(StorageError::Unavailable));
    let mut sent = 0;
    let result = outbox.send_due(EP, T0, 0, |_| {
        sent += 1;
        status(200)
    });
    assert_eq!(result, Err(StorageError::Unavailable));
    assert_eq!(sent, 0);
    storage.unavailable.set(false);
    assert_eq!(*storage.items.borrow(), before);
}

#[test]
fn enqueue_twice_is_one_submission() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    outbox.enqueue(&entry("a1", T0)).unwrap();
    outbox.record("a1", &status(200), T0 + 1, 0).unwrap();
    outbox.enqueue(&entry("a1", T0 + 2)).unwrap();
    assert_eq!(
        stored(&storage, "a1").state,
        EntryState::Delivered { at_ms: T0 + 1 }
    );
    assert_eq!(outbox.load().unwrap().entries.len(), 1);
}

#[test]
fn a_confirmed_entry_that_cannot_be_rewritten_is_removed_not_resent() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    outbox.enqueue(&entry("a1", T0)).unwrap();
    storage.quota.set(Some(storage.used()));
    assert_eq!(
        outbox.record("a1", &status(200), T0, 0).unwrap(),
        Recorded::Delivered
    );
    assert!(outbox.load().unwrap().entries.is_empty());
    // A retry that cannot be written is reported, and the entry is still there.
    storage.quota.set(None);
    outbox.enqueue(&entry("b2", T0)).unwrap();
    storage.quota.set(Some(storage.used() - 1)); // not even a same-size rewrite fits
    assert_eq!(
        outbox.record("b2", &status(503), T0, 0),
        Err(StorageError::Full)
    );
    assert!(stored(&storage, "b2").is_pending());
}

#[test]
fn an_unreachable_endpoint_postpones_the_rest_of_the_batch() {
    for down in [
        Outcome::NetworkError,
        Outcome::Timeout,
        status(429),
        status(503),
    ] {
        let storage = FakeStorage::default();
        let outbox = Outbox::new(&storage);
        for (i, id) in ["a1", "b2", "c3"].into_iter().enumerate() {
            outbox.enqueue(&entry(id, T0 + i as u64)).unwrap();
        }
        let mut sent = Vec::new();
        let report = outbox
            .send_due(EP, T0 + 10, 0, |e| {
                sent.push(e.id.clone());
                down.clone()
            })
            .unwrap();
        assert_eq!(sent, ["a1"], "{down:?}");
        let until = T0 + 10 + 1_000;
        let postponed = Ok(Recorded::Postponed {
            next_attempt_ms: until,
        });
        assert_eq!(report[1], ("b2".into(), postponed.clone()));
        assert_eq!(report[2], ("c3".into(), postponed));
        assert_eq!(stored(&storage, "b2").attempts, 0, "not charged an attempt");
        assert_eq!(outbox.next_wake_ms(EP, T0 + 10).unwrap(), Some(until));
    }
}

#[test]
fn one_failing_payload_does_not_block_the_others() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    for (i, id) in ["poison", "b2", "c3"].into_iter().enumerate() {
        outbox.enqueue(&entry(id, T0 + i as u64)).unwrap();
    }
    let report = outbox
        .send_due(EP, T0 + 10, 0, |e| match e.id.as_str() {
            "poison" => status(500),
            _ => status(200),
        })
        .unwrap();
    let delivered = report
        .iter()
        .filter(|(_, r)| r == &Ok(Recorded::Delivered))
        .count();
    assert_eq!(delivered, 2);
    assert_eq!(outbox.counts().unwrap().pending, 1);
}

#[test]
fn staff_requeue_held_and_clear_delivered() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    for id in ["a1", "b2", "c3"] {
        outbox.enqueue(&entry(id, T0)).unwrap();
    }
    outbox.record("a1", &status(201), T0 + 1, 0).unwrap();
    outbox.record("b2", &status(401), T0 + 1, 0).unwrap();
    let counts = outbox.counts().unwrap();
    assert_eq!((counts.pending, counts.held, counts.delivered), (1, 1, 1));
    assert_eq!(outbox.last_sent_ms().unwrap(), Some(T0 + 1));

    assert!(!outbox.retry_held("c3", T0 + 5).unwrap(), "not held");
    assert!(!outbox.retry_held("a1", T0 + 5).unwrap(), "delivered");
    assert!(!outbox.retry_held("missing", T0 + 5).unwrap());
    assert!(outbox.retry_held("b2", T0 + 5).unwrap());
    let requeued = stored(&storage, "b2");
    assert_eq!(
        (requeued.state, requeued.attempts, requeued.next_attempt_ms),
        (EntryState::Pending, 0, T0 + 5)
    );

    assert_eq!(outbox.clear_delivered().unwrap(), 1);
    assert_eq!(outbox.clear_delivered().unwrap(), 0);
    let counts = outbox.counts().unwrap();
    assert_eq!((counts.pending, counts.held, counts.delivered), (2, 0, 0));
    assert_eq!(outbox.last_sent_ms().unwrap(), Some(T0 + 1), "kept");
}

#[test]
fn entries_round_trip_through_their_stored_form() {
    let mut e = OutboxEntry::new(
        "0123456789abcdef0123456789abcdef",
        "{\"q1\":\"夜话 \\\"quoted\\\" </script>\\n\"}",
        "application/json; charset=utf-8",
        T0,
    );
    e.attempts = 7;
    e.next_attempt_ms = u64::from(u32::MAX) * 1_000;
    for state in [
        EntryState::Pending,
        EntryState::Held {
            status: 422,
            reply: "bad \"answer\"\u{2028}".into(),
        },
        EntryState::Delivered { at_ms: T0 + 99 },
    ] {
        e.state = state;
        assert_eq!(OutboxEntry::from_json(&e.to_json()), Ok(e.clone()));
    }
    for broken in [
        "",
        "[]",
        "{\"id\":\"a\"}",
        &e.to_json().replace("\"delivered\"", "\"lost\""),
        &e.to_json().replace("\"attempts\":7", "\"attempts\":-7"),
        &e.to_json().replace("\"attempts\":7", "\"attempts\":\"7\""),
    ] {
        assert!(OutboxEntry::from_json(broken).is_err(), "{broken}");
    }
}

/// Deterministic xorshift randomness for the scenario (jitter and the network's mood).
struct Rng(Cell<u32>);

impl Rng {
    fn next(&self) -> u32 {
        let mut x = self.0.get();
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0.set(x);
        x
    }
}

/// An endpoint that deduplicates on the Idempotency-Key (the entry id), behind a network that
/// misbehaves in every way the policy knows about.
#[derive(Default)]
struct FlakyEndpoint {
    /// id -> (body as stored, requests that arrived)
    stored: RefCell<HashMap<String, (String, u32)>>,
    requests: Cell<u32>,
}

impl FlakyEndpoint {
    fn answer(&self, entry: &OutboxEntry, roll: u32) -> Outcome {
        self.requests.set(self.requests.get() + 1);
        let arrive = || {
            let mut stored = self.stored.borrow_mut();
            let seen = stored.contains_key(&entry.id);
            let slot = stored.entry(entry.id.clone());
            slot.or_insert((entry.body.clone(), 0)).1 += 1;
            seen
        };
        match roll % 12 {
            0 | 1 => Outcome::NetworkError,
            2 => {
                arrive(); // stored, but the answer never came back
                Outcome::Timeout
            }
            3 => with_retry_after(503, "7"),
            4 => status(500),
            5 => with_retry_after(429, "Thu, 01 Jan 1970 00:00:01 GMT"),
            6 => with_retry_after(502, "garbage"),
            _ if arrive() => status(409),
            _ => status(201),
        }
    }
}

#[test]
fn a_flaky_network_delivers_every_submission_exactly_once() {
    let storage = FakeStorage::default();
    let clock = FakeClock(Cell::new(T0));
    let rng = Rng(Cell::new(0x9E37_79B9));
    let endpoint = FlakyEndpoint::default();
    let ids: Vec<String> = (0..60u64)
        .map(|i| format!("{:032x}", 0xABCD_0000 + i))
        .collect();
    let delivered = RefCell::new(HashMap::<String, u32>::new());
    let tally = |report: SendReport| {
        for (id, result) in report {
            if result.unwrap() == Recorded::Delivered {
                *delivered.borrow_mut().entry(id).or_default() += 1;
            }
        }
    };

    let mut enqueued = 0;
    let mut other_tab_runs = 0;
    for round in 0..5_000 {
        // Residents keep submitting; each round is a fresh tab, as after a reload.
        let tab = Outbox::new(&storage);
        if enqueued < ids.len() && round % 3 == 0 {
            tab.enqueue(&entry(&ids[enqueued], clock.now_ms())).unwrap();
            enqueued += 1;
        }
        let now = clock.now_ms();
        let report = tab
            .send_due(EP, now, rng.next(), |e| {
                // Sometimes a second tab runs its whole batch while this request is in flight,
                // at times so slow a request that the claim lapses and both send one entry.
                if rng.next() % 4 == 0 {
                    other_tab_runs += 1;
                    let other_tab = Outbox::new(&storage);
                    let later = now + u64::from(rng.next()) % (2 * CLAIM_MS);
                    tally(
                        other_tab
                            .send_due(EP, later, rng.next(), |e| endpoint.answer(e, rng.next()))
                            .unwrap(),
                    );
                }
                endpoint.answer(e, rng.next())
            })
            .unwrap();
        tally(report);
        match tab.next_wake_ms(EP, now).unwrap() {
            Some(at) => clock.0.set(at.max(now + 1)),
            None if enqueued == ids.len() => break,
            None => clock.0.set(now + 1_000),
        }
    }

    let counts = Outbox::new(&storage).counts().unwrap();
    let expected = Counts {
        delivered: ids.len(),
        ..Counts::default()
    };
    assert_eq!(counts, expected, "nothing pending, held or lost");
    let arrived = endpoint.stored.borrow();
    assert_eq!(arrived.len(), ids.len(), "every submission arrived");
    for id in &ids {
        assert_eq!(delivered.borrow().get(id), Some(&1), "{id} confirmed once");
        let body = &arrived[id].0;
        assert_eq!(body, &entry(id, 0).body, "{id} arrived intact");
        assert_eq!(&stored(&storage, id).body, body, "{id} kept for export");
    }
    // The scenario really exercised retries, resends deduplicated by key, and a second tab.
    assert!(arrived.values().any(|(_, hits)| *hits > 1));
    assert!(endpoint.requests.get() as usize > 2 * ids.len());
    assert!(other_tab_runs > 0);
}

#[test]
fn wake_makes_every_pending_entry_due_without_counting_an_attempt() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    outbox.enqueue(&entry("a1", T0)).unwrap();
    outbox.enqueue(&entry("b2", T0 + 1)).unwrap();
    outbox.record("a1", &Outcome::NetworkError, T0, 0).unwrap();
    outbox.record("b2", &status(400), T0, 0).unwrap();
    assert!(outbox.due(T0 + 1).unwrap().is_empty(), "backing off / held");
    assert_eq!(outbox.wake(T0 + 1).unwrap(), 1, "only the pending one");
    let due = outbox.due(T0 + 1).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].id, "a1");
    assert_eq!(due[0].attempts, 1, "waking is not an attempt");
    assert!(matches!(
        outbox.read("b2").unwrap().unwrap().state,
        EntryState::Held { .. }
    ));
}

#[test]
fn an_entry_remembers_its_endpoint_and_only_that_runner_takes_it() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    let mut mine = entry("c3", T0);
    mine.endpoint = Some("https://a.example/submit".into());
    outbox.enqueue(&mine).unwrap();
    outbox.enqueue(&entry("d4", T0)).unwrap();
    let back = outbox.read("c3").unwrap().unwrap();
    assert_eq!(back.endpoint.as_deref(), Some("https://a.example/submit"));
    assert!(back.is_for("https://a.example/submit"));
    assert!(!back.is_for("https://b.example/submit"));
    let local = outbox.read("d4").unwrap().unwrap();
    assert_eq!(local.endpoint, None, "made without an endpoint");
    assert!(
        local.is_for("https://b.example/submit"),
        "goes to whichever endpoint is set later"
    );
}

#[test]
fn release_leases_frees_only_leased_entries_under_the_lock() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    outbox.enqueue(&entry("e5", T0)).unwrap();
    outbox.enqueue(&entry("f6", T0 + 1)).unwrap();
    // e5: a send under way in a page that is then reloaded; f6: backing off after a failure.
    assert!(outbox.claim("e5", T0).unwrap().is_some());
    outbox.record("f6", &Outcome::NetworkError, T0, 0).unwrap();
    assert!(stored(&storage, "e5").leased);
    assert!(
        outbox.due(T0 + 500).unwrap().is_empty(),
        "the lease holds without the lock"
    );
    assert_eq!(outbox.release_leases(T0 + 500).unwrap(), 1);
    let due: Vec<String> = outbox
        .due(T0 + 500)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(due, vec!["e5".to_string()], "the backoff of f6 stands");
    assert_eq!(
        stored(&storage, "e5").attempts,
        0,
        "releasing is not an attempt"
    );
    // A recorded outcome ends the lease too.
    outbox.claim("e5", T0 + 500).unwrap();
    outbox.record("e5", &status(201), T0 + 600, 0).unwrap();
    assert!(!stored(&storage, "e5").leased);
}

/// A page's runner over fake time: a batch at `start`, then at each wake the runner would set
/// (the next due time, at least 250 ms and at most 30 s away, as `web::runner` does) until
/// `end`. Returns when each send happened.
fn run_page<S: Storage>(
    outbox: &Outbox<'_, S>,
    start: u64,
    end: u64,
    mut answer: impl FnMut(&OutboxEntry) -> Outcome,
) -> Vec<u64> {
    let mut sent = Vec::new();
    let mut now = start;
    while now <= end {
        outbox
            .send_due(EP, now, 0, |e| {
                sent.push(now);
                answer(e)
            })
            .unwrap();
        let next = outbox.next_wake_ms(EP, now).unwrap();
        now += next.map_or(30_000, |t| t.saturating_sub(now).clamp(250, 30_000));
    }
    sent
}

/// Storage holding one pending entry and not one byte more.
fn full_with_one_entry() -> FakeStorage {
    let storage = FakeStorage::default();
    Outbox::new(&storage).enqueue(&entry("a1", T0)).unwrap();
    storage.quota.set(Some(storage.used()));
    storage
}

#[test]
fn a_full_storage_never_turns_a_refusal_into_a_flood() {
    // An expired API key (401) or a refused payload (400) on a device whose storage is full:
    // neither the lease nor the held state fits, so storage keeps the entry pending and due.
    for code in [400, 401] {
        let storage = full_with_one_entry();
        let unsaved = Unsaved::default();
        let outbox = Outbox::with_unsaved(&storage, &unsaved);
        let sent = run_page(&outbox, T0, T0 + 10 * 60_000, |_| status(code));
        assert_eq!(sent, [T0], "{code}: sent once in ten minutes, then held");
        let held = outbox.read("a1").unwrap().unwrap();
        assert_eq!(
            held.state,
            EntryState::Held {
                status: code,
                reply: format!("reply {code}")
            }
        );
        assert!(
            stored(&storage, "a1").is_pending(),
            "storage could not take it"
        );
        assert!(unsaved.storage_full(), "{code}: staff are told");
        assert_eq!(outbox.counts().unwrap().held, 1);
    }
}

#[test]
fn a_full_storage_backs_off_exactly_as_when_the_outcome_was_written() {
    let busy = |_: &OutboxEntry| status(503);
    let roomy = FakeStorage::default();
    Outbox::new(&roomy).enqueue(&entry("a1", T0)).unwrap();
    let expected = run_page(&Outbox::new(&roomy), T0, T0 + 9_000, busy);
    assert_eq!(expected, [T0, T0 + 1_000, T0 + 3_000, T0 + 7_000]);

    let full = full_with_one_entry();
    full.quota.set(Some(full.used() - 1)); // not even a rewrite of the same length fits
    let unsaved = Unsaved::default();
    let outbox = Outbox::with_unsaved(&full, &unsaved);
    assert_eq!(run_page(&outbox, T0, T0 + 9_000, busy), expected);
    assert_eq!(outbox.read("a1").unwrap().unwrap().attempts, 4);
}

#[test]
fn what_a_page_could_not_write_is_written_once_there_is_room() {
    let storage = full_with_one_entry();
    let unsaved = Unsaved::default();
    let outbox = Outbox::with_unsaved(&storage, &unsaved);
    assert_eq!(
        outbox.record("a1", &status(401), T0, 0).unwrap(),
        Recorded::Held { status: 401 }
    );
    outbox.save_unsaved();
    assert!(stored(&storage, "a1").is_pending(), "still no room");
    storage.quota.set(None); // staff exported and cleared delivered submissions
    outbox.save_unsaved();
    assert!(matches!(
        stored(&storage, "a1").state,
        EntryState::Held { status: 401, .. }
    ));
    assert_eq!(outbox.read("a1").unwrap(), Some(stored(&storage, "a1")));
}

#[test]
fn another_tab_s_write_wins_over_what_a_page_remembers() {
    let storage = full_with_one_entry();
    storage.quota.set(Some(storage.used() - 1));
    let unsaved = Unsaved::default();
    let tab_a = Outbox::with_unsaved(&storage, &unsaved);
    tab_a.record("a1", &status(503), T0, 0).unwrap();
    assert_eq!(tab_a.read("a1").unwrap().unwrap().attempts, 1, "remembered");
    // Tab B (its own memory) finds room after a clean-up and delivers it.
    storage.quota.set(None);
    let tab_b = Outbox::new(&storage);
    tab_b.record("a1", &status(201), T0 + 5, 0).unwrap();
    let seen = tab_a.read("a1").unwrap().unwrap();
    assert_eq!(seen.state, EntryState::Delivered { at_ms: T0 + 5 });
    // An entry that left storage is gone from memory too.
    tab_a.enqueue(&entry("b2", T0)).unwrap();
    storage.quota.set(Some(storage.used() - 1));
    tab_a.record("b2", &status(400), T0 + 6, 0).unwrap();
    assert!(matches!(
        tab_a.read("b2").unwrap().unwrap().state,
        EntryState::Held { .. }
    ));
    storage
        .items
        .borrow_mut()
        .remove(&format!("{ENTRY_PREFIX}b2"));
    assert_eq!(tab_a.read("b2").unwrap(), None);
    assert_eq!(tab_a.counts().unwrap().held, 0);
}

#[test]
fn a_retry_after_holds_every_entry_for_the_endpoint_in_every_tab() {
    for down in [with_retry_after(503, "60"), with_retry_after(429, "60")] {
        let storage = FakeStorage::default();
        let (tab_a, tab_b) = (Outbox::new(&storage), Outbox::new(&storage));
        tab_a.enqueue(&entry("a1", T0)).unwrap();
        let mut other = entry("z9", T0);
        other.endpoint = Some("https://elsewhere.example/submit".into());
        tab_a.enqueue(&other).unwrap();
        let mut sent = Vec::new();
        tab_a
            .send_due(EP, T0, 0, |e| {
                sent.push(e.id.clone());
                down.clone()
            })
            .unwrap();
        // Residents go on submitting, in this tab and in another.
        tab_a.enqueue(&entry("b2", T0 + 1_000)).unwrap();
        tab_b.enqueue(&entry("c3", T0 + 2_000)).unwrap();
        for (tab, now) in [
            (&tab_a, T0 + 1_000),
            (&tab_b, T0 + 2_000),
            (&tab_a, T0 + 59_999),
        ] {
            assert!(
                tab.due_for(EP, now).unwrap().is_empty(),
                "{down:?} at {now}"
            );
            tab.send_due(EP, now, 0, |e| {
                sent.push(e.id.clone());
                status(201)
            })
            .unwrap();
            assert_eq!(tab.next_wake_ms(EP, now).unwrap(), Some(T0 + 60_000));
        }
        assert_eq!(
            sent,
            ["a1"],
            "nothing more before the time the endpoint asked for"
        );
        assert_eq!(tab_b.endpoint_not_before(EP, T0 + 1), Some(T0 + 60_000));
        let elsewhere = tab_b
            .due_for("https://elsewhere.example/submit", T0 + 1)
            .unwrap();
        assert_eq!(elsewhere.len(), 1, "another endpoint is not held");
        tab_b
            .send_due(EP, T0 + 60_000, 0, |e| {
                sent.push(e.id.clone());
                status(201)
            })
            .unwrap();
        assert_eq!(sent, ["a1", "a1", "b2", "c3"]);
    }
}

#[test]
fn an_endpoint_wait_is_capped_and_a_corrupt_one_is_ignored() {
    let storage = FakeStorage::default();
    let outbox = Outbox::new(&storage);
    outbox.enqueue(&entry("a1", T0)).unwrap();
    let key = format!("{NOT_BEFORE_PREFIX}{EP}");
    for corrupt in [
        "garbage",
        "-5",
        "",
        "99999999999999999999999",
        &(T0 + RETRY_AFTER_CAP_MS + 1).to_string(),
    ] {
        storage.put(&key, corrupt);
        assert_eq!(outbox.endpoint_not_before(EP, T0), None, "{corrupt:?}");
        assert_eq!(
            outbox.due_for(EP, T0).unwrap().len(),
            1,
            "{corrupt:?} does not block"
        );
    }
    // A Retry-After of a year is held for an hour at most.
    outbox.settle(EP, "a1", &with_retry_after(503, "31536000"), T0, 0);
    assert_eq!(
        outbox.endpoint_not_before(EP, T0),
        Some(T0 + RETRY_AFTER_CAP_MS)
    );
    assert_eq!(
        storage.raw(&key),
        Some((T0 + RETRY_AFTER_CAP_MS).to_string())
    );
    // A shorter wait asked later does not shorten it; a passed one holds nothing.
    outbox.hold_endpoint(EP, T0 + 5_000, T0 + 1);
    assert_eq!(
        outbox.endpoint_not_before(EP, T0 + 2),
        Some(T0 + RETRY_AFTER_CAP_MS)
    );
    assert_eq!(
        outbox.endpoint_not_before(EP, T0 + RETRY_AFTER_CAP_MS),
        None
    );
    // No Retry-After, or one on a failure about this entry only: the endpoint is not held.
    let fresh = FakeStorage::default();
    let outbox = Outbox::new(&fresh);
    outbox.enqueue(&entry("b2", T0)).unwrap();
    outbox.settle(EP, "b2", &status(503), T0, 0);
    outbox.settle(EP, "b2", &with_retry_after(500, "60"), T0, 0);
    assert_eq!(outbox.endpoint_not_before(EP, T0), None);
}

#[test]
fn an_endpoint_wait_storage_cannot_take_is_kept_in_memory() {
    let storage = full_with_one_entry();
    let unsaved = Unsaved::default();
    let outbox = Outbox::with_unsaved(&storage, &unsaved);
    outbox.settle(EP, "a1", &with_retry_after(429, "120"), T0, 0);
    assert_eq!(outbox.endpoint_not_before(EP, T0 + 1), Some(T0 + 120_000));
    assert!(outbox.due_for(EP, T0 + 119_999).unwrap().is_empty());
    assert_eq!(
        Outbox::new(&storage).endpoint_not_before(EP, T0 + 1),
        None,
        "not stored"
    );
    storage.quota.set(None);
    outbox.save_unsaved();
    assert_eq!(
        Outbox::new(&storage).endpoint_not_before(EP, T0 + 1),
        Some(T0 + 120_000)
    );
}
