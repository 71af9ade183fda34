//! Fetching text over HTTP (definitions and config files) with the browser's `fetch`.
//!
//! Owns: `get_text`. Must not: interpret what it fetched. Requests never send cookies
//! (`credentials: omit`): Yehua sets none and carries none.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Why a fetch failed, in words for the error screen's detail line.
pub async fn get_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_credentials(web_sys::RequestCredentials::Omit);
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| format!("{url}: network error"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "bad response".to_string())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = response.text().map_err(|_| "unreadable body".to_string())?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("{url}: unreadable body"))
}
