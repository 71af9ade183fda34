//! The outbox policy: how a resident's submission gets from this device to the endpoint without
//! being lost or silently duplicated, over flaky networks, on phones and shared kiosk tablets.
//!
//! Owns: the stored entry format, the outcome classes ([`classify`]), backoff with jitter,
//! `Retry-After` parsing, the endpoint's own wait (a `Retry-After` holds every entry for that
//! endpoint, in every tab), what a page remembers when storage cannot take a write
//! ([`Unsaved`]), the step functions an async runner calls ([`Outbox::enqueue`],
//! [`Outbox::due_for`], [`Outbox::claim`], [`Outbox::settle`], [`Outbox::postpone`]) and
//! [`Outbox::send_due`], a synchronous driver over the same steps for native tests and fakes.
//! Must not: send anything, sleep, read a clock or a random source (callers pass `now_ms` and a
//! random `jitter`), touch the browser, use f64, or panic on anything found in storage.
//!
//! How the guarantees hold:
//! - Persisted before any send: the UI calls `enqueue` first and shows an error if it fails.
//! - One storage key per entry (`yehua.outbox.<id>`), so two tabs never read-modify-write a
//!   shared array; every update re-reads its entry first.
//! - Never silently duplicated: the entry id travels as the [`IDEMPOTENCY_HEADER`] and the
//!   endpoint deduplicates on it. `claim` leases an entry for [`CLAIM_MS`] so a second tab or a
//!   second trigger in the same tab does not send it meanwhile; `record` ignores an entry that
//!   is no longer pending (another tab recorded it first).
//! - Removed only when the endpoint confirms: a confirmed entry becomes `Delivered` (body kept,
//!   so a staff export stays complete) and leaves storage through `clear_delivered`. Only if
//!   storage is too full to rewrite it is a confirmed entry removed at once, so that a full
//!   storage cannot make us resend it forever.
//! - Retries never give up; only a `Hold` stops an entry, kept with its status and reply until
//!   staff call `retry_held`. Entries back off one by one, so one payload the endpoint chokes on
//!   cannot block the others; but when the endpoint or the network is down as a whole
//!   ([`Outcome::is_endpoint_wide`]) the rest of the batch is postponed, not tried.
//! - Unreadable entries are moved, raw text intact, to `yehua.quarantine.<id>`: never deleted,
//!   never sent, reported by `load`.
//! - A full storage never makes a resend sooner: an outcome, lease or wait that cannot be
//!   written is kept in the page's [`Unsaved`] and read back over the stored text it replaces,
//!   so a refused entry stays held and a failed one backs off as if the write had worked.

use std::cell::{Cell, RefCell};

use crate::json::{self, Value};
use crate::ports::{Storage, StorageError};

/// Key prefix of pending, held and delivered entries: `yehua.outbox.<id>`.
pub const ENTRY_PREFIX: &str = "yehua.outbox.";
/// Key prefix of unreadable entries moved aside: `yehua.quarantine.<id>`.
pub const QUARANTINE_PREFIX: &str = "yehua.quarantine.";
/// When the endpoint last confirmed an entry (ms since the epoch, as decimal text).
pub const LAST_SENT_KEY: &str = "yehua.outbox-meta.last_sent";
/// Key prefix of an endpoint's wait: `yehua.outbox-meta.not_before.<endpoint URL>` holds the
/// time (ms since the epoch, decimal text) before which nothing is sent to that endpoint.
pub const NOT_BEFORE_PREFIX: &str = "yehua.outbox-meta.not_before.";
/// The request header carrying the entry id, on which the endpoint deduplicates.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
/// First backoff ceiling; each failed attempt doubles it up to [`BACKOFF_CAP_MS`].
pub const BACKOFF_BASE_MS: u64 = 2_000;
pub const BACKOFF_CAP_MS: u64 = 5 * 60_000;
/// A `Retry-After` further away than this is shortened to it. It is also the longest wait
/// ever stored, so an entry waiting longer than this means the device clock went back: it is
/// treated as due rather than stuck until the clock catches up.
pub const RETRY_AFTER_CAP_MS: u64 = 60 * 60_000;
/// How long a claimed entry is left alone by other senders; the transport must time out sooner.
pub const CLAIM_MS: u64 = 30_000;
/// The longest endpoint reply kept with a held entry, in characters.
pub const REPLY_LIMIT: usize = 2_000;

/// One submission waiting for, or having had, the endpoint's confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    /// Random 128-bit hex from the caller's crypto source; the Idempotency-Key.
    pub id: String,
    pub created_at_ms: u64,
    /// The already-encoded request payload.
    pub body: String,
    pub content_type: String,
    /// Sends whose outcome was recorded.
    pub attempts: u32,
    /// Not sent again before this time.
    pub next_attempt_ms: u64,
    pub state: EntryState,
    /// The endpoint URL this entry is for; `None` (made with no endpoint configured) goes to
    /// whichever endpoint is configured later. Several widgets on one origin share the storage,
    /// so a runner only sends its own entries (see [`OutboxEntry::is_for`]).
    pub endpoint: Option<String>,
    /// `next_attempt_ms` is a lease taken by `claim` (a send under way), not a backoff.
    pub leased: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryState {
    /// Waiting to be sent, or to be sent again.
    Pending,
    /// Refused in a way a resend cannot fix; kept for staff with the endpoint's answer.
    Held { status: u16, reply: String },
    /// Confirmed by the endpoint; never sent again, kept until staff clear it.
    Delivered { at_ms: u64 },
}

/// What the transport observed for one send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// An HTTP answer; `retry_after` is the raw `Retry-After` header.
    Status {
        code: u16,
        retry_after: Option<String>,
        body: String,
    },
    /// No answer: offline, DNS, CORS, connection reset.
    NetworkError,
    /// No answer in time; the request may or may not have arrived.
    Timeout,
}

impl Outcome {
    /// True when the failure concerns the endpoint or the network rather than this entry, so
    /// the other due entries would fail the same way and are postponed instead of sent.
    pub fn is_endpoint_wide(&self) -> bool {
        matches!(
            self,
            Outcome::NetworkError
                | Outcome::Timeout
                | Outcome::Status {
                    code: 429 | 502..=504,
                    ..
                }
        )
    }
}

/// The policy's verdict on an [`Outcome`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Delivered,
    /// Send again later; not before `not_before_ms` when the endpoint asked so.
    Retry {
        not_before_ms: Option<u64>,
    },
    Hold,
}

/// What [`Outbox::record`] (or [`Outbox::postpone`]) did to the stored entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    Delivered,
    Retry {
        attempts: u32,
        next_attempt_ms: u64,
    },
    Held {
        status: u16,
    },
    /// Not attempted, because an earlier entry found the endpoint unreachable.
    Postponed {
        next_attempt_ms: u64,
    },
    /// Nothing done: the entry is gone, unreadable, or no longer pending (another tab won).
    NotPending,
}

/// What [`Outbox::send_due`] did, entry by entry (by id), in sending order.
pub type SendReport = Vec<(String, Result<Recorded, StorageError>)>;

/// An unreadable stored entry, moved aside with its raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarantined {
    /// The key it was found under.
    pub key: String,
    /// Where it now lives; `None` when moving failed and it stays (unsent) where it was.
    pub moved_to: Option<String>,
    pub raw: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadResult {
    /// Oldest first (by `created_at_ms`, then `id`).
    pub entries: Vec<OutboxEntry>,
    /// Entries found unreadable by this load.
    pub quarantined: Vec<Quarantined>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub pending: usize,
    pub held: usize,
    pub delivered: usize,
    /// Everything under the quarantine prefix, from this and earlier loads.
    pub quarantined: usize,
}

/// What one page could not write (storage full or failing): entries whose new state (an
/// outcome, a lease, a postponement) storage refused, and endpoints' waits. Kept for as long as
/// the page lives and read back by an [`Outbox`] made [`Outbox::with_unsaved`], so that a full
/// storage never turns into a faster resend. Each remembered entry stands for the stored text it
/// was meant to replace: once that text changes (another tab wrote it, staff cleared it), the
/// stored entry wins and the memory is dropped. A later write that succeeds replaces it too.
#[derive(Debug, Default)]
pub struct Unsaved {
    /// (the stored text it replaces, the entry as it should be); a few at most, so a plain
    /// list (a map's code would cost the residents' wasm more than it saves).
    entries: RefCell<Vec<(String, OutboxEntry)>>,
    /// (endpoint URL, not before in ms)
    not_before: RefCell<Vec<(String, u64)>>,
    full: Cell<bool>,
}

impl Unsaved {
    /// True after storage refused a write for lack of room, until a new submission fits again
    /// and nothing is left only in memory: for staff ("storage full": export, then clear the
    /// delivered submissions).
    pub fn storage_full(&self) -> bool {
        self.full.get() || !self.entries.borrow().is_empty() || !self.not_before.borrow().is_empty()
    }
}

/// Decides what an outcome means for the entry:
///
/// | observed | decision | why |
/// |---|---|---|
/// | 2xx | Delivered | stored |
/// | 409 | Delivered | the endpoint already stored this Idempotency-Key (our endpoint's contract) |
/// | 408 | Retry | the server gave up waiting for the request; sending again is safe |
/// | 425 | Retry | "too early": refused for now, fine later |
/// | 429 | Retry | rate limited; `Retry-After` honoured |
/// | 5xx | Retry | server or gateway trouble, usually passing; `Retry-After` honoured |
/// | network error, timeout | Retry | nothing is known to have arrived; the key makes a resend safe |
/// | other 4xx | Hold | the request itself is refused; an unchanged resend cannot succeed |
/// | 1xx, 3xx, other | Hold | nothing we can follow; kept for review rather than guessed at |
pub fn classify(outcome: &Outcome, now_ms: u64) -> Decision {
    match outcome {
        Outcome::NetworkError | Outcome::Timeout => Decision::Retry {
            not_before_ms: None,
        },
        Outcome::Status {
            code, retry_after, ..
        } => match code {
            200..=299 | 409 => Decision::Delivered,
            408 | 425 | 429 | 500..=599 => Decision::Retry {
                not_before_ms: retry_after
                    .as_deref()
                    .and_then(|raw| parse_retry_after(raw, now_ms)),
            },
            _ => Decision::Hold,
        },
    }
}

/// Delay before the next send after `attempts` failed sends ("equal jitter"): the ceiling
/// doubles from [`BACKOFF_BASE_MS`] up to [`BACKOFF_CAP_MS`], and the delay lies in
/// `[ceiling / 2, ceiling]`, placed by the caller's random `jitter`. Never zero, so a device
/// does not hammer, and spread, so a kiosk fleet does not retry in step.
pub fn backoff_ms(attempts: u32, jitter: u32) -> u64 {
    let ceiling = (BACKOFF_BASE_MS << attempts.saturating_sub(1).min(20)).min(BACKOFF_CAP_MS);
    let half = ceiling / 2;
    half + u64::from(jitter) % (half + 1)
}

/// When to send again: after the backoff, or at the endpoint's `Retry-After` when that is
/// later (but no more than [`RETRY_AFTER_CAP_MS`] ahead).
pub fn retry_at(attempts: u32, not_before_ms: Option<u64>, now_ms: u64, jitter: u32) -> u64 {
    let asked = not_before_ms.map_or(0, |t| t.min(now_ms.saturating_add(RETRY_AFTER_CAP_MS)));
    now_ms
        .saturating_add(backoff_ms(attempts, jitter))
        .max(asked)
}

/// A `Retry-After` header as an absolute time in ms: delta-seconds, or an HTTP date in the
/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`)
/// or asctime (`Sun Nov  6 08:49:37 1994`) form. `None` for anything else.
pub fn parse_retry_after(raw: &str, now_ms: u64) -> Option<u64> {
    let raw = raw.trim();
    if raw.bytes().all(|b| b.is_ascii_digit()) {
        let secs = raw.parse::<u64>().ok()?;
        return Some(now_ms.saturating_add(secs.saturating_mul(1000)));
    }
    http_date_secs(raw).map(|secs| secs.saturating_mul(1000))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Seconds since the epoch of an HTTP date in any of its three forms: after the weekday, the
/// first number is the day and the second the year, wherever the month and time stand.
fn http_date_secs(raw: &str) -> Option<u64> {
    let mut tokens = raw.split([' ', ',', '-']).filter(|t| !t.is_empty());
    tokens
        .next()
        .filter(|t| t.bytes().all(|b| b.is_ascii_alphabetic()))?;
    let (mut month, mut time, mut day, mut year) = (None, None, None, None);
    for token in tokens {
        if let Some(m) = MONTHS.iter().position(|m| *m == token) {
            month = Some(m as i64 + 1);
        } else if token.contains(':') {
            let mut parts = token.split(':').map(two_digits);
            let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
            (parts.next().is_none() && h < 24 && m < 60 && s <= 60).then_some(())?;
            time = Some(h * 3600 + m * 60 + s);
        } else if token.bytes().all(|b| b.is_ascii_digit()) && token.len() <= 4 {
            let n: i64 = token.parse().ok()?;
            match (day, token.len()) {
                (None, 1 | 2) => day = Some(n),
                (Some(_), 2) => year = Some(if n < 70 { 2000 + n } else { 1900 + n }),
                (Some(_), 4) => year = Some(n),
                _ => return None,
            }
        } else if token != "GMT" {
            return None;
        }
    }
    let (y, m, d) = (year?, month?, day?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = if m == 2 {
        28 + leap as i64
    } else {
        30 + (m + m / 8) % 2
    };
    (1..=month_days).contains(&d).then_some(())?;
    u64::try_from(days_from_civil(y, m, d) * 86_400 + time?).ok()
}

fn two_digits(s: &str) -> Option<i64> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

impl OutboxEntry {
    /// A fresh pending entry, due at once.
    pub fn new(
        id: impl Into<String>,
        body: impl Into<String>,
        content_type: impl Into<String>,
        now_ms: u64,
    ) -> Self {
        OutboxEntry {
            id: id.into(),
            created_at_ms: now_ms,
            body: body.into(),
            content_type: content_type.into(),
            attempts: 0,
            next_attempt_ms: now_ms,
            state: EntryState::Pending,
            endpoint: None,
            leased: false,
        }
    }

    /// Whether a runner sending to `endpoint` may send this entry.
    pub fn is_for(&self, endpoint: &str) -> bool {
        self.endpoint.as_deref().is_none_or(|e| e == endpoint)
    }

    pub fn is_pending(&self) -> bool {
        self.state == EntryState::Pending
    }

    /// Pending and its time has come (or its wait is impossibly long: the clock went back).
    pub fn is_due(&self, now_ms: u64) -> bool {
        self.is_pending()
            && (self.next_attempt_ms <= now_ms
                || self.next_attempt_ms > now_ms.saturating_add(RETRY_AFTER_CAP_MS))
    }

    /// The stored form: one flat JSON object.
    pub fn to_json(&self) -> String {
        let num = |n: u64| Value::Number(n.to_string());
        let text = |s: &str| Value::String(s.to_owned());
        let mut pairs = vec![
            ("id", text(&self.id)),
            ("created_at_ms", num(self.created_at_ms)),
            ("content_type", text(&self.content_type)),
            ("body", text(&self.body)),
            ("attempts", num(self.attempts.into())),
            ("next_attempt_ms", num(self.next_attempt_ms)),
        ];
        if let Some(e) = &self.endpoint {
            pairs.push(("endpoint", text(e)));
        }
        if self.leased {
            pairs.push(("leased", Value::Bool(true)));
        }
        match &self.state {
            EntryState::Pending => pairs.push(("state", text("pending"))),
            EntryState::Held { status, reply } => pairs.extend([
                ("state", text("held")),
                ("status", num((*status).into())),
                ("reply", text(reply)),
            ]),
            EntryState::Delivered { at_ms } => pairs.extend([
                ("state", text("delivered")),
                ("delivered_at_ms", num(*at_ms)),
            ]),
        }
        json::object(pairs).to_json()
    }

    /// Reads the stored form; the error says what is wrong, for the quarantine report.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let value = json::parse(text).map_err(|e| e.to_string())?;
        let field = |key: &'static str| value.get(key).ok_or_else(|| bad(key));
        let string = |key| {
            field(key)?
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| bad(key))
        };
        let number = |key| {
            let n = field(key)?.as_i64().ok_or_else(|| bad(key))?;
            u64::try_from(n).map_err(|_| bad(key))
        };
        let state = match field("state")?.as_str() {
            Some("pending") => EntryState::Pending,
            Some("held") => EntryState::Held {
                status: u16::try_from(number("status")?).map_err(|_| bad("status"))?,
                reply: string("reply")?,
            },
            Some("delivered") => EntryState::Delivered {
                at_ms: number("delivered_at_ms")?,
            },
            _ => return Err(bad("state")),
        };
        Ok(OutboxEntry {
            id: string("id")?,
            created_at_ms: number("created_at_ms")?,
            body: string("body")?,
            content_type: string("content_type")?,
            attempts: u32::try_from(number("attempts")?).map_err(|_| bad("attempts"))?,
            next_attempt_ms: number("next_attempt_ms")?,
            state,
            endpoint: value
                .get("endpoint")
                .and_then(Value::as_str)
                .map(str::to_owned),
            leased: value
                .get("leased")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
    }
}

fn bad(key: &str) -> String {
    format!("field `{key}` missing or invalid")
}

/// The outbox over a storage; cheap to create, holds no state of its own (beyond the page's
/// [`Unsaved`] it may be given), so several (tabs, restarts) over the same storage agree.
pub struct Outbox<'s, S: Storage + ?Sized> {
    storage: &'s S,
    unsaved: Option<&'s Unsaved>,
}

/// What [`Outbox::settle`] did with one send's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub recorded: Result<Recorded, StorageError>,
    /// The endpoint as a whole failed: the rest of this batch waits until then, untried.
    pub halt_until: Option<u64>,
}

impl<'s, S: Storage + ?Sized> Outbox<'s, S> {
    pub fn new(storage: &'s S) -> Self {
        Outbox {
            storage,
            unsaved: None,
        }
    }

    /// An outbox that keeps in `unsaved` what storage refuses to take (and reads it back), so
    /// that a full storage never makes a resend sooner. Enqueueing still needs storage.
    pub fn with_unsaved(storage: &'s S, unsaved: &'s Unsaved) -> Self {
        Outbox {
            storage,
            unsaved: Some(unsaved),
        }
    }

    /// Persists a new submission; call it BEFORE any send and show the error if it fails.
    /// An id already stored is left as it is (a repeated submit is not a second submission).
    pub fn enqueue(&self, entry: &OutboxEntry) -> Result<(), StorageError> {
        let key = entry_key(&entry.id);
        if self.storage.get(&key)?.is_some() {
            return Ok(());
        }
        let stored = self.storage.set(&key, &entry.to_json());
        self.note(&stored);
        if let (Some(unsaved), Ok(())) = (self.unsaved, &stored) {
            unsaved.full.set(false); // there was room for a whole submission
        }
        stored
    }

    /// Every readable entry, oldest first; unreadable ones are moved to quarantine.
    pub fn load(&self) -> Result<LoadResult, StorageError> {
        let mut result = LoadResult::default();
        for key in self.storage.keys(ENTRY_PREFIX)? {
            let Some(raw) = self.storage.get(&key)? else {
                continue; // removed by another tab meanwhile
            };
            let name = key.strip_prefix(ENTRY_PREFIX).unwrap_or(&key);
            if let Some(entry) = self.remembered(name, &raw) {
                result.entries.push(entry);
                continue;
            }
            match OutboxEntry::from_json(&raw) {
                Ok(entry) if entry_key(&entry.id) == key => result.entries.push(entry),
                Ok(_) => result.quarantined.push(self.quarantine(
                    &key,
                    raw,
                    "id does not match key".into(),
                )),
                Err(reason) => result.quarantined.push(self.quarantine(&key, raw, reason)),
            }
        }
        // Unstable is enough (and smaller in wasm): ids are unique, so the order is total.
        result
            .entries
            .sort_unstable_by(|a, b| (a.created_at_ms, &a.id).cmp(&(b.created_at_ms, &b.id)));
        Ok(result)
    }

    /// Pending entries whose time has come, oldest first (whatever their endpoint).
    pub fn due(&self, now_ms: u64) -> Result<Vec<OutboxEntry>, StorageError> {
        let mut entries = self.load()?.entries;
        entries.retain(|e| e.is_due(now_ms));
        Ok(entries)
    }

    /// What a runner sending to `endpoint` may send now, oldest first: its due entries, or
    /// none while the endpoint asked everyone to wait ([`Outbox::endpoint_not_before`]).
    pub fn due_for(&self, endpoint: &str, now_ms: u64) -> Result<Vec<OutboxEntry>, StorageError> {
        if self.endpoint_not_before(endpoint, now_ms).is_some() {
            return Ok(Vec::new());
        }
        let mut entries = self.due(now_ms)?;
        entries.retain(|e| e.is_for(endpoint));
        Ok(entries)
    }

    /// Until when `endpoint` asked (by `Retry-After` on an endpoint-wide failure) that nothing
    /// be sent to it, in this tab or any other; `None` when that time has passed. A stored time
    /// that cannot be read, or further away than [`RETRY_AFTER_CAP_MS`] (a corrupt value, or the
    /// clock went back), is ignored: it never blocks sending for longer than an hour.
    pub fn endpoint_not_before(&self, endpoint: &str, now_ms: u64) -> Option<u64> {
        let stored = self
            .storage
            .get(&not_before_key(endpoint))
            .ok()
            .flatten()
            .and_then(|raw| raw.trim().parse::<u64>().ok());
        let remembered = self.unsaved.and_then(|u| {
            let waits = u.not_before.borrow();
            waits.iter().find(|(e, _)| e == endpoint).map(|(_, t)| *t)
        });
        stored
            .into_iter()
            .chain(remembered)
            .filter(|t| *t > now_ms && *t <= now_ms.saturating_add(RETRY_AFTER_CAP_MS))
            .max()
    }

    /// Holds every entry for `endpoint` until `until_ms` (at most [`RETRY_AFTER_CAP_MS`] ahead;
    /// never sooner than a wait already stored). Kept in memory when storage refuses it.
    pub fn hold_endpoint(&self, endpoint: &str, until_ms: u64, now_ms: u64) {
        let until = until_ms.min(now_ms.saturating_add(RETRY_AFTER_CAP_MS));
        if until <= now_ms || self.endpoint_not_before(endpoint, now_ms) >= Some(until) {
            return;
        }
        let stored = self
            .storage
            .set(&not_before_key(endpoint), &until.to_string());
        self.note(&stored);
        if let Some(unsaved) = self.unsaved {
            let mut waits = unsaved.not_before.borrow_mut();
            waits.retain(|(e, _)| e != endpoint);
            if stored.is_err() {
                waits.push((endpoint.to_owned(), until));
            }
        }
    }

    /// Makes pending entries whose wait is only a lease due now. Call it only while holding the
    /// origin-wide Web Lock that every sender takes: then no other sender can be under way, so a
    /// lease left by a page that was reloaded or closed mid-send is stale, and its submission
    /// need not wait out [`CLAIM_MS`]. (A send that did reach the endpoint is then sent again
    /// with the same `Idempotency-Key`, which the endpoint deduplicates.)
    pub fn release_leases(&self, now_ms: u64) -> Result<usize, StorageError> {
        let mut released = 0;
        for mut entry in self.load()?.entries {
            if entry.is_pending() && entry.leased {
                entry.next_attempt_ms = entry.next_attempt_ms.min(now_ms);
                entry.leased = false;
                if self.write(&entry).is_ok() {
                    released += 1;
                }
            }
        }
        Ok(released)
    }

    /// Makes every pending entry due now, without counting an attempt: for when the network
    /// is back (the browser's `online` event), so the queue does not sit out a backoff that
    /// was only about the outage. A `Retry-After` an entry was given is not kept (an outage
    /// long enough to go offline outlasts it in practice); the endpoint's own wait
    /// ([`Outbox::endpoint_not_before`]) still stands.
    pub fn wake(&self, now_ms: u64) -> Result<usize, StorageError> {
        let mut woken = 0;
        for mut entry in self.load()?.entries {
            if entry.is_pending() && entry.next_attempt_ms > now_ms {
                entry.next_attempt_ms = now_ms;
                entry.leased = false;
                if self.write(&entry).is_ok() {
                    woken += 1;
                }
            }
        }
        Ok(woken)
    }

    /// Takes a due entry for sending: re-reads it and, if it is still pending and due, leases
    /// it for [`CLAIM_MS`] so no other sender takes it meanwhile. `None`: leave it alone. The
    /// lease is best effort: if storage cannot write it, the entry is still returned, since a
    /// full storage must not stop the queue from draining.
    pub fn claim(&self, id: &str, now_ms: u64) -> Result<Option<OutboxEntry>, StorageError> {
        let Some(mut entry) = self.read(id)? else {
            return Ok(None);
        };
        if !entry.is_due(now_ms) {
            return Ok(None);
        }
        let due = entry.clone();
        entry.next_attempt_ms = now_ms.saturating_add(CLAIM_MS);
        entry.leased = true;
        let _ = self.write(&entry); // best effort, see above
        Ok(Some(due))
    }

    /// Applies the outcome of a send to the stored entry (re-read first; an entry that is no
    /// longer pending is left alone). `jitter` is a random number for the backoff.
    pub fn record(
        &self,
        id: &str,
        outcome: &Outcome,
        now_ms: u64,
        jitter: u32,
    ) -> Result<Recorded, StorageError> {
        let Some(mut entry) = self.read(id)?.filter(OutboxEntry::is_pending) else {
            return Ok(Recorded::NotPending);
        };
        entry.attempts = entry.attempts.saturating_add(1);
        entry.leased = false;
        let recorded = match classify(outcome, now_ms) {
            Decision::Delivered => {
                entry.state = EntryState::Delivered { at_ms: now_ms };
                // Not kept in memory: a confirmed entry that cannot be rewritten is removed,
                // which also frees room (a page reloaded meanwhile must not resend it).
                let written = self.storage.set(&entry_key(id), &entry.to_json());
                self.note(&written);
                if written.is_err() {
                    self.storage.remove(&entry_key(id))?; // confirmed: removing loses nothing
                }
                self.forget(id);
                // Informational only: the entry itself is already settled.
                let _ = self.storage.set(LAST_SENT_KEY, &now_ms.to_string());
                return Ok(Recorded::Delivered);
            }
            Decision::Retry { not_before_ms } => {
                entry.next_attempt_ms = retry_at(entry.attempts, not_before_ms, now_ms, jitter);
                Recorded::Retry {
                    attempts: entry.attempts,
                    next_attempt_ms: entry.next_attempt_ms,
                }
            }
            Decision::Hold => {
                let (status, reply) = match outcome {
                    Outcome::Status { code, body, .. } => {
                        (*code, body.chars().take(REPLY_LIMIT).collect())
                    }
                    _ => (0, String::new()), // unreachable: only HTTP answers are held
                };
                entry.state = EntryState::Held { status, reply };
                Recorded::Held { status }
            }
        };
        self.write(&entry)?;
        Ok(recorded)
    }

    /// Records one send's outcome for the runner sending to `endpoint` ([`Outbox::record`]),
    /// and says whether the rest of the batch waits: after an endpoint-wide failure
    /// ([`Outcome::is_endpoint_wide`]) it waits as long as this entry does, untried. A
    /// `Retry-After` on such a failure holds every entry for the endpoint, in every tab and in
    /// entries made meanwhile, until that time ([`Outbox::hold_endpoint`]).
    pub fn settle(
        &self,
        endpoint: &str,
        id: &str,
        outcome: &Outcome,
        now_ms: u64,
        jitter: u32,
    ) -> Settled {
        let recorded = self.record(id, outcome, now_ms, jitter);
        let mut halt_until = None;
        if outcome.is_endpoint_wide() {
            if let Decision::Retry {
                not_before_ms: Some(t),
            } = classify(outcome, now_ms)
            {
                self.hold_endpoint(endpoint, t, now_ms);
            }
            if let Ok(Recorded::Retry {
                next_attempt_ms, ..
            }) = recorded
            {
                halt_until = Some(next_attempt_ms);
            }
        }
        Settled {
            recorded,
            halt_until,
        }
    }

    /// Moves a pending entry's next attempt to `until_ms` (if sooner) without counting an
    /// attempt: used for the rest of a batch once the endpoint is found unreachable.
    pub fn postpone(&self, id: &str, until_ms: u64) -> Result<Recorded, StorageError> {
        let Some(mut entry) = self.read(id)?.filter(OutboxEntry::is_pending) else {
            return Ok(Recorded::NotPending);
        };
        // A lease is not a wait of its own: the postponement replaces it.
        entry.next_attempt_ms = if entry.leased {
            until_ms
        } else {
            entry.next_attempt_ms.max(until_ms)
        };
        entry.leased = false;
        self.write(&entry)?;
        Ok(Recorded::Postponed {
            next_attempt_ms: entry.next_attempt_ms,
        })
    }

    /// Sends every entry due for `endpoint`, oldest first, through `send` (which must put the
    /// entry id in the [`IDEMPOTENCY_HEADER`]) and settles each outcome ([`Outbox::settle`]);
    /// once the endpoint fails as a whole the rest are postponed, untried. A storage error on
    /// one entry does not stop the others; only failing to list the entries at all is an `Err`.
    pub fn send_due<T>(
        &self,
        endpoint: &str,
        now_ms: u64,
        jitter: u32,
        mut send: T,
    ) -> Result<SendReport, StorageError>
    where
        T: FnMut(&OutboxEntry) -> Outcome,
    {
        let mut report = Vec::new();
        let mut halted_until = None;
        for entry in self.due_for(endpoint, now_ms)? {
            let result = if let Some(until) = halted_until {
                self.postpone(&entry.id, until)
            } else {
                match self.claim(&entry.id, now_ms) {
                    Ok(None) => continue,
                    Ok(Some(claimed)) => {
                        let outcome = send(&claimed);
                        let settled = self.settle(endpoint, &claimed.id, &outcome, now_ms, jitter);
                        halted_until = settled.halt_until;
                        settled.recorded
                    }
                    Err(e) => Err(e),
                }
            };
            report.push((entry.id, result));
        }
        Ok(report)
    }

    pub fn counts(&self) -> Result<Counts, StorageError> {
        let mut counts = Counts::default();
        for entry in self.load()?.entries {
            match entry.state {
                EntryState::Pending => counts.pending += 1,
                EntryState::Held { .. } => counts.held += 1,
                EntryState::Delivered { .. } => counts.delivered += 1,
            }
        }
        counts.quarantined = self.storage.keys(QUARANTINE_PREFIX)?.len();
        Ok(counts)
    }

    /// When the runner sending to `endpoint` should next wake: the earliest next attempt of a
    /// pending entry for it (`now_ms` when one is due), but not before the endpoint's own wait;
    /// `None` when nothing for it is pending.
    pub fn next_wake_ms(&self, endpoint: &str, now_ms: u64) -> Result<Option<u64>, StorageError> {
        let entries = self.load()?.entries;
        let next = entries
            .iter()
            .filter(|e| e.is_pending() && e.is_for(endpoint))
            .map(|e| {
                if e.is_due(now_ms) {
                    now_ms
                } else {
                    e.next_attempt_ms
                }
            })
            .min();
        let wait = self.endpoint_not_before(endpoint, now_ms);
        Ok(next.map(|t| wait.map_or(t, |w| t.max(w))))
    }

    /// Staff requeue a held entry: pending again, due at once, backoff from the start.
    /// `false` when there is no such held entry.
    pub fn retry_held(&self, id: &str, now_ms: u64) -> Result<bool, StorageError> {
        let Some(mut entry) = self.read(id)? else {
            return Ok(false);
        };
        if !matches!(entry.state, EntryState::Held { .. }) {
            return Ok(false);
        }
        entry.state = EntryState::Pending;
        entry.attempts = 0;
        entry.next_attempt_ms = now_ms;
        self.write(&entry)?;
        Ok(true)
    }

    /// Staff clear the delivered entries (after confirming); returns how many were removed.
    pub fn clear_delivered(&self) -> Result<usize, StorageError> {
        let mut cleared = 0;
        for entry in self.load()?.entries {
            if matches!(entry.state, EntryState::Delivered { .. }) {
                self.storage.remove(&entry_key(&entry.id))?;
                self.forget(&entry.id);
                cleared += 1;
            }
        }
        if let (Some(unsaved), true) = (self.unsaved, cleared > 0) {
            unsaved.full.set(false); // room again (what is still only in memory says otherwise)
        }
        Ok(cleared)
    }

    /// Writes what is kept only in memory, where storage now has room (staff cleared delivered
    /// entries, another tab freed some); what still does not fit stays in memory.
    pub fn save_unsaved(&self) {
        let Some(unsaved) = self.unsaved else {
            return;
        };
        let ids: Vec<String> = unsaved
            .entries
            .borrow()
            .iter()
            .map(|(_, e)| e.id.clone())
            .collect();
        for id in ids {
            if let Ok(Some(entry)) = self.read(&id) {
                let _ = self.write(&entry);
            }
        }
        let waits = unsaved.not_before.borrow().clone();
        for (endpoint, until) in waits {
            if self
                .storage
                .set(&not_before_key(&endpoint), &until.to_string())
                .is_ok()
            {
                unsaved
                    .not_before
                    .borrow_mut()
                    .retain(|(e, _)| *e != endpoint);
            }
        }
    }

    /// When the endpoint last confirmed an entry.
    pub fn last_sent_ms(&self) -> Result<Option<u64>, StorageError> {
        Ok(self
            .storage
            .get(LAST_SENT_KEY)?
            .and_then(|s| s.parse().ok()))
    }

    /// The entry `id` as this page knows it (what storage holds, or what it could not take);
    /// `None` when absent or unreadable (`load` quarantines those).
    pub fn read(&self, id: &str) -> Result<Option<OutboxEntry>, StorageError> {
        let Some(raw) = self.storage.get(&entry_key(id))? else {
            self.forget(id);
            return Ok(None);
        };
        if let Some(entry) = self.remembered(id, &raw) {
            return Ok(Some(entry));
        }
        Ok(OutboxEntry::from_json(&raw).ok().filter(|e| e.id == id))
    }

    /// The remembered state of entry `id` if it still stands for the stored text `raw`;
    /// a memory of an older text is dropped (the stored entry is newer).
    fn remembered(&self, id: &str, raw: &str) -> Option<OutboxEntry> {
        let unsaved = self.unsaved?;
        let mut entries = unsaved.entries.borrow_mut();
        let at = entries.iter().position(|(_, e)| e.id == id)?;
        if entries[at].0 == raw {
            return Some(entries[at].1.clone());
        }
        entries.swap_remove(at);
        None
    }

    fn forget(&self, id: &str) {
        if let Some(unsaved) = self.unsaved {
            unsaved.entries.borrow_mut().retain(|(_, e)| e.id != id);
        }
    }

    /// Notes a refused write for lack of room (for staff: "storage full").
    fn note(&self, result: &Result<(), StorageError>) {
        if let (Some(unsaved), Err(StorageError::Full)) = (self.unsaved, result) {
            unsaved.full.set(true);
        }
    }

    /// Stores the entry's new state; when storage refuses it and this outbox has an
    /// [`Unsaved`], keeps it there instead (over the text still stored) and reports success.
    fn write(&self, entry: &OutboxEntry) -> Result<(), StorageError> {
        let key = entry_key(&entry.id);
        let written = self.storage.set(&key, &entry.to_json());
        self.note(&written);
        let Some(unsaved) = self.unsaved else {
            return written;
        };
        self.forget(&entry.id);
        if written.is_ok() {
            return written;
        }
        let Ok(Some(base)) = self.storage.get(&key) else {
            return written; // gone meanwhile: nothing to stand in for
        };
        unsaved.entries.borrow_mut().push((base, entry.clone()));
        Ok(())
    }

    /// Copies the raw text under the quarantine prefix (never over a different text), then
    /// removes the original; if either step fails the original stays where it was.
    fn quarantine(&self, key: &str, raw: String, reason: String) -> Quarantined {
        let name = key.strip_prefix(ENTRY_PREFIX).unwrap_or(key);
        let mut target = format!("{QUARANTINE_PREFIX}{name}");
        let mut n = 1;
        while let Ok(Some(existing)) = self.storage.get(&target) {
            if existing == raw {
                break;
            }
            n += 1;
            target = format!("{QUARANTINE_PREFIX}{name}.{n}");
        }
        let moved = self.storage.set(&target, &raw).is_ok() && self.storage.remove(key).is_ok();
        Quarantined {
            key: key.to_owned(),
            moved_to: moved.then_some(target),
            raw,
            reason,
        }
    }
}

fn entry_key(id: &str) -> String {
    format!("{ENTRY_PREFIX}{id}")
}

fn not_before_key(endpoint: &str) -> String {
    format!("{NOT_BEFORE_PREFIX}{endpoint}")
}
