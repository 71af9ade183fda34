//! The staff PIN policy: the configured value's format, what the browser derives from a typed
//! PIN, how the result is compared, and how wrong tries slow down.
//!
//! Owns: `pinHash` = `pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>` (version 1 of
//! the format; made by `make pin PIN=…`, docs/KIOSK.md): PBKDF2-HMAC-SHA256 of the normalised
//! PIN as UTF-8, at least [`MIN_ITERATIONS`], a salt of at least [`MIN_SALT_BYTES`] random
//! bytes, a 32-byte hash. The old form (hex SHA-256 of `pinSalt + PIN`, cracked in
//! milliseconds) is refused with its own reason, never accepted. Also the constant-time
//! comparison and [`PinGuard`]: three free tries, then a wait that doubles from five seconds up
//! to a cap, and its stored form.
//! Must not: compute PBKDF2 (the browser's `crypto.subtle` does, in `web::digest`), read a
//! clock (callers pass `now_ms`), or touch storage.

/// The prefix of version 1 of the `pinHash` format.
pub const SCHEME: &str = "pbkdf2-sha256";
/// The fewest PBKDF2 iterations accepted (OWASP's figure for PBKDF2-HMAC-SHA256).
pub const MIN_ITERATIONS: u32 = 600_000;
/// The most accepted: more would keep a weak tablet busy for many seconds per try.
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// The shortest salt accepted, in bytes (`make pin` makes 16 random ones).
pub const MIN_SALT_BYTES: usize = 8;
/// The derived hash's length in bytes (SHA-256's output).
pub const HASH_BYTES: usize = 32;
/// The fewest digits a PIN made by `make pin` may have.
pub const MIN_DIGITS: usize = 6;

/// Wrong tries allowed before the first wait.
pub const FREE_TRIES: u32 = 3;
/// The first wait; each further wrong try doubles it.
pub const FIRST_DELAY_MS: u64 = 5_000;
/// The longest wait, also the most a stored lock can ask for (a clock that went back must
/// not lock staff out for days).
pub const MAX_DELAY_MS: u64 = 5 * 60_000;

/// A usable `pinHash`: what the browser must derive from a typed PIN, and what it must equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinHash {
    pub iterations: u32,
    pub salt: Vec<u8>,
    pub hash: Vec<u8>,
}

/// Why a configured `pinHash` is refused (the staff panel then stays locked and says why).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PinRefused {
    /// The old form, 64 hex digits of SHA-256(`pinSalt + PIN`): too fast to guess.
    #[error("the old SHA-256 pinHash is no longer accepted: make a new one with `make pin`")]
    OldSha256,
    /// Not `pbkdf2-sha256$…`, or a part of it unreadable or too weak.
    #[error(
        "pinHash is not pbkdf2-sha256$<iterations>$<salt>$<hash> with at least 600000 iterations"
    )]
    Unreadable,
}

/// Reads a configured `pinHash` (surrounding spaces ignored).
pub fn parse_hash(configured: &str) -> Result<PinHash, PinRefused> {
    let text = configured.trim();
    if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(PinRefused::OldSha256);
    }
    let mut parts = text.split('$');
    let (Some(SCHEME), Some(n), Some(salt), Some(hash), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(PinRefused::Unreadable);
    };
    let iterations = n
        .parse::<u32>()
        .ok()
        .filter(|n| (MIN_ITERATIONS..=MAX_ITERATIONS).contains(n))
        .ok_or(PinRefused::Unreadable)?;
    let salt = base64_decode(salt)
        .filter(|s| s.len() >= MIN_SALT_BYTES)
        .ok_or(PinRefused::Unreadable)?;
    let hash = base64_decode(hash)
        .filter(|h| h.len() == HASH_BYTES)
        .ok_or(PinRefused::Unreadable)?;
    Ok(PinHash {
        iterations,
        salt,
        hash,
    })
}

/// The PIN as compared: surrounding spaces dropped, full-width digits (a Chinese input method
/// may type `１２３４５６`) made ASCII. Its UTF-8 is PBKDF2's password.
pub fn normalize_pin(pin: &str) -> String {
    crate::validate::to_half_width(pin.trim())
}

impl PinHash {
    /// True when the bits the browser derived from a typed PIN equal the configured hash.
    /// Every byte is looked at, whatever the first difference.
    pub fn matches(&self, derived: &[u8]) -> bool {
        derived.len() == self.hash.len()
            && derived
                .iter()
                .zip(&self.hash)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
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

/// Standard base64 (`+/`, `=` padding optional), as Python's `base64.b64encode` writes it;
/// `None` for anything else.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0);
    for b in text.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(v);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    // A lone sixth of a byte left over is not base64.
    (count < 6).then_some(out)
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
