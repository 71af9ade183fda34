//! PBKDF2-HMAC-SHA256 through the browser's `crypto.subtle`, for the staff PIN.
//!
//! Owns: `pbkdf2_sha256` (`importKey` + `deriveBits`). Must not: know what is derived or
//! compare anything (`core::pin` does), or fall back to a hash of its own: `crypto.subtle`
//! exists only in secure contexts (https, or http on localhost), and without it the staff panel
//! says so and stays locked.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why nothing could be derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DigestError {
    /// No `crypto.subtle`: the page is not a secure context (plain http on a LAN address).
    #[error("crypto.subtle unavailable")]
    Unavailable,
    #[error("derivation failed")]
    Failed,
}

/// `bytes` bytes of PBKDF2-HMAC-SHA256 of `password` (as UTF-8) with `salt`, `iterations`
/// times. At 600,000 iterations this takes about 0.3–1 s on a weak tablet, off the main
/// thread's JavaScript (the browser's own code).
pub async fn pbkdf2_sha256(
    password: &str,
    salt: &[u8],
    iterations: u32,
    bytes: usize,
) -> Result<Vec<u8>, DigestError> {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(DigestError::Unavailable)?;
    // `subtle` is undefined outside secure contexts; the binding would not notice.
    let subtle = js_sys::Reflect::get(&crypto, &"subtle".into())
        .ok()
        .filter(|s| !s.is_undefined() && !s.is_null())
        .ok_or(DigestError::Unavailable)?;
    let subtle: web_sys::SubtleCrypto = subtle.unchecked_into();
    let usages = js_sys::Array::of1(&"deriveBits".into());
    let key = subtle
        .import_key_with_str(
            "raw",
            &js_sys::Uint8Array::from(password.as_bytes()),
            "PBKDF2",
            false,
            &usages,
        )
        .map_err(|_| DigestError::Failed)?;
    let key: web_sys::CryptoKey = JsFuture::from(key)
        .await
        .map_err(|_| DigestError::Failed)?
        .unchecked_into();
    let params = web_sys::Pbkdf2Params::new_with_str(
        "PBKDF2",
        "SHA-256",
        iterations,
        &js_sys::Uint8Array::from(salt),
    );
    let bits = u32::try_from(bytes * 8).map_err(|_| DigestError::Failed)?;
    let derived = subtle
        .derive_bits_with_object(&params, &key, bits)
        .map_err(|_| DigestError::Failed)?;
    let buffer = JsFuture::from(derived)
        .await
        .map_err(|_| DigestError::Failed)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
