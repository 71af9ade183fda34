//! Fetching text over HTTP (definitions and config files) with the browser's `fetch`.
//!
//! Owns: `get_text`. Must not: interpret what it fetched. Requests never send cookies
//! (`credentials: omit`): Yehua sets none and carries none.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The text of `url`; the error is the reason in words, for the error screen's detail line.
/// Takes the answer the start script already fetched for this URL (`window.__yehuaPrefetch`,
/// filled by src/assets/yehua-start.js in parallel with the wasm), once; a failed or missing
/// prefetch is fetched here again.
pub async fn get_text(url: &str) -> Result<String, String> {
    if let Some(text) = take_prefetched(url).await {
        return Ok(text);
    }
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

async fn take_prefetched(url: &str) -> Option<String> {
    let window = web_sys::window()?;
    let href = window.location().href().ok()?;
    let absolute = web_sys::Url::new_with_base(url, &href).ok()?.href();
    let map = js_sys::Reflect::get(&window, &"__yehuaPrefetch".into()).ok()?;
    let map: js_sys::Object = map.dyn_into().ok()?;
    let key = wasm_bindgen::JsValue::from(absolute);
    let promise: js_sys::Promise = js_sys::Reflect::get(&map, &key).ok()?.dyn_into().ok()?;
    // Once: a retry after a failure must fetch anew.
    let _ = js_sys::Reflect::delete_property(&map, &key);
    JsFuture::from(promise).await.ok()?.as_string()
}
