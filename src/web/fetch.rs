//! Fetching text over HTTP (definitions and config files) with the browser's `fetch`.
//!
//! Owns: `get_text`, and where the default consultation lives (`bundled_consultation_url`).
//! Must not: interpret what it fetched. Requests never send cookies
//! (`credentials: omit`): Yehua sets none and carries none.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The default consultation's file in dist, next to the wasm-bindgen module: index.html copies
/// it there (minified from src/core/default_consultation.json by .ci/trunk_hook.py).
const BUNDLED_CONSULTATION: &str = "consultation.json";

#[wasm_bindgen]
extern "C" {
    type ImportMeta;
    /// `import.meta` of the wasm-bindgen module (`yehua-<hash>.js` in the widget's folder).
    #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
    static IMPORT_META: ImportMeta;
    #[wasm_bindgen(method, getter)]
    fn url(this: &ImportMeta) -> String;
}

/// The absolute URL of the default consultation: beside the widget's own files, not relative to
/// the page, so it is found on the standalone page, in an iframe and in `<yehua-feedback>` on
/// someone else's page alike.
pub fn bundled_consultation_url() -> String {
    let module = IMPORT_META.with(ImportMeta::url);
    web_sys::Url::new_with_base(BUNDLED_CONSULTATION, &module)
        .map(|u| u.href())
        .unwrap_or_else(|_| BUNDLED_CONSULTATION.to_string())
}

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
