//! Starting without network: registers the service worker (src/assets/sw.js) that keeps the app
//! shell, the config file and the definition on a kiosk tablet.
//!
//! Owns: the conditions (http or https, the top-level page, a browser with service workers)
//! and telling the worker which of this page's URLs to keep (the page itself, and the config
//! file and definition when same-origin). Must not: decide caching (sw.js does) or run in an
//! iframe or inside someone else's page: a service worker governs the whole origin's scope.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The worker script, next to the page (Trunk copies src/assets/sw.js to the dist root).
const SCRIPT: &str = "sw.js";

/// Registers the worker and asks it to keep `urls` (same-origin ones; others are ignored).
/// Does nothing when the page is not a top-level http(s) page.
pub fn register(urls: Vec<String>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let protocol = window.location().protocol().unwrap_or_default();
    let top_level = window
        .top()
        .ok()
        .flatten()
        .is_some_and(|top| JsValue::from(top) == JsValue::from(window.clone()));
    let navigator = window.navigator();
    let has_workers = js_sys::Reflect::get(&navigator, &"serviceWorker".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !matches!(protocol.as_str(), "http:" | "https:") || !top_level || !has_workers {
        return;
    }
    let container = navigator.service_worker();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = JsFuture::from(container.register(SCRIPT)).await {
            web_sys::console::warn_2(&"yehua: service worker not registered".into(), &e);
            return;
        }
        let Ok(ready) = container.ready() else {
            return;
        };
        let active = JsFuture::from(ready)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<web_sys::ServiceWorkerRegistration>().ok())
            .and_then(|r| r.active());
        if let Some(worker) = active {
            let message = js_sys::Object::new();
            let list: js_sys::Array = urls.iter().map(|u| JsValue::from_str(u)).collect();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"yehua-precache".into());
            let _ = js_sys::Reflect::set(&message, &"urls".into(), &list);
            let _ = worker.post_message(&message);
        }
    });
}
