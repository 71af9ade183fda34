//! SHA-256 through the browser's `crypto.subtle`, for the staff PIN.
//!
//! Owns: `sha256_hex`. Must not: know what is hashed or compare anything (`core::pin` does),
//! or fall back to a hash of its own: `crypto.subtle` exists only in secure contexts (https,
//! or http on localhost), and without it the staff panel says so and stays locked.

use wasm_bindgen_futures::JsFuture;

/// Why no digest could be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DigestError {
    /// No `crypto.subtle`: the page is not a secure context (plain http on a LAN address).
    #[error("crypto.subtle unavailable")]
    Unavailable,
    #[error("digest failed")]
    Failed,
}

/// Lower-case hex SHA-256 of `text` as UTF-8.
pub async fn sha256_hex(text: &str) -> Result<String, DigestError> {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(DigestError::Unavailable)?;
    // `subtle` is undefined outside secure contexts; the binding would not notice.
    let subtle = js_sys::Reflect::get(&crypto, &"subtle".into())
        .ok()
        .filter(|s| !s.is_undefined() && !s.is_null())
        .ok_or(DigestError::Unavailable)?;
    let subtle: web_sys::SubtleCrypto = wasm_bindgen::JsCast::unchecked_into(subtle);
    let promise = subtle
        .digest_with_str_and_u8_array("SHA-256", text.as_bytes())
        .map_err(|_| DigestError::Failed)?;
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|_| DigestError::Failed)?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(crate::core::pin::hex(&bytes))
}
