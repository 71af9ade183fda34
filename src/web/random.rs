//! Randomness from the browser's crypto, for submission ids and backoff jitter.
//!
//! Owns: `random_id` and `random_u32`. Must not: fall back to a weak generator silently (a
//! predictable id could collide at the endpoint); without crypto it mixes the clock and
//! `Math.random` and says so in the console.

fn fill(buf: &mut [u8]) {
    let ok = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(buf).is_ok());
    if !ok {
        web_sys::console::warn_1(&"yehua: crypto.getRandomValues unavailable".into());
        for (i, b) in buf.iter_mut().enumerate() {
            *b = ((js_sys::Math::random() * 256.0) as u8)
                ^ ((js_sys::Date::now() as u64 >> (i % 8)) as u8);
        }
    }
}

/// 128 random bits as 32 lower-case hex digits.
pub fn random_id() -> String {
    let mut buf = [0u8; 16];
    fill(&mut buf);
    crate::core::pin::hex(&buf)
}

pub fn random_u32() -> u32 {
    let mut buf = [0u8; 4];
    fill(&mut buf);
    u32::from_le_bytes(buf)
}
