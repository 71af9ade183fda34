//! The staff PIN policy: what is hashed, how a computed hash is compared with the configured
//! one, and how wrong tries slow down.
//!
//! Owns: the digest input (`salt + pin`, the PIN normalised), hex encoding, the comparison, and
//! [`PinGuard`]: three free tries, then a wait that doubles from five seconds up to a cap, and
//! its stored form. The config holds only `pinHash` = hex SHA-256 of `pinSalt + pin`, made with
//! `printf '%s' "<salt><pin>" | sha256sum` (docs/KIOSK.md).
//! Must not: compute SHA-256 (the browser's `crypto.subtle` does, in `web::digest`), read a
//! clock (callers pass `now_ms`), or touch storage.

/// Wrong tries allowed before the first wait.
pub const FREE_TRIES: u32 = 3;
/// The first wait; each further wrong try doubles it.
pub const FIRST_DELAY_MS: u64 = 5_000;
/// The longest wait, also the most a stored lock can ask for (a clock that went back must
/// not lock staff out for days).
pub const MAX_DELAY_MS: u64 = 5 * 60_000;

/// The PIN as compared: surrounding spaces dropped, full-width digits (a Chinese input method
/// may type `１２３４`) made ASCII.
pub fn normalize_pin(pin: &str) -> String {
    crate::validate::to_half_width(pin.trim())
}

/// The text whose SHA-256 is compared with `pinHash`: the salt, then the normalised PIN, with
/// nothing between them, as UTF-8.
pub fn digest_input(salt: &str, pin: &str) -> String {
    format!("{salt}{}", normalize_pin(pin))
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

/// A configured `pinHash` in the form we compare (64 hex digits, lower case), or `None`.
pub fn parse_hash(configured: &str) -> Option<String> {
    let h = configured.trim().to_ascii_lowercase();
    (h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit())).then_some(h)
}

/// True when the computed hex digest equals the configured hash (case-insensitive). Every
/// byte is looked at, whatever the first difference.
pub fn hash_matches(computed_hex: &str, configured: &str) -> bool {
    let Some(expected) = parse_hash(configured) else {
        return false;
    };
    let computed = computed_hex.trim().to_ascii_lowercase();
    if computed.len() != expected.len() {
        return false;
    }
    computed
        .bytes()
        .zip(expected.bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// Wrong PIN tries and the lock they caused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PinGuard {
    /// Wrong tries since the last right one.
    pub failures: u32,
    /// No try is taken before this time.
    pub locked_until_ms: u64,
}

/// The wait after the `failures`-th wrong try in a row: none for the first two, then 5 s,
/// 10 s, 20 s… up to [`MAX_DELAY_MS`].
pub fn delay_ms(failures: u32) -> u64 {
    if failures < FREE_TRIES {
        return 0;
    }
    let doublings = (failures - FREE_TRIES).min(20);
    (FIRST_DELAY_MS << doublings).min(MAX_DELAY_MS)
}

impl PinGuard {
    /// How long until a try is taken; 0 = now. Never more than [`MAX_DELAY_MS`].
    pub fn wait_ms(&self, now_ms: u64) -> u64 {
        self.locked_until_ms
            .saturating_sub(now_ms)
            .min(MAX_DELAY_MS)
    }

    /// Whole seconds to wait (rounded up), for the message.
    pub fn wait_seconds(&self, now_ms: u64) -> u64 {
        self.wait_ms(now_ms).div_ceil(1000)
    }

    /// After a wrong PIN at `now_ms`.
    pub fn failed(&self, now_ms: u64) -> PinGuard {
        let failures = self.failures.saturating_add(1);
        PinGuard {
            failures,
            locked_until_ms: now_ms.saturating_add(delay_ms(failures)),
        }
    }

    /// After the right PIN: all is forgiven.
    pub fn succeeded(&self) -> PinGuard {
        PinGuard::default()
    }

    /// The stored form, `failures:locked_until_ms`.
    pub fn to_text(&self) -> String {
        format!("{}:{}", self.failures, self.locked_until_ms)
    }

    /// Reads the stored form; anything unreadable is a clean guard.
    pub fn from_text(text: &str) -> PinGuard {
        text.split_once(':')
            .and_then(|(f, t)| {
                Some(PinGuard {
                    failures: f.trim().parse().ok()?,
                    locked_until_ms: t.trim().parse().ok()?,
                })
            })
            .unwrap_or_default()
    }
}
