//! What a kiosk wipe does in the browser: storage and the address bar.
//!
//! Owns: removing the resident's traces from `localStorage` and `sessionStorage` (every
//! `yehua.` key that `core::kiosk::wipe_removes`, so outbox entries and the kiosk's own state
//! stay) and putting the page's URL back to the kiosk's start URL with `replaceState` (no
//! fragment, no history state). Must not: decide when to wipe (`core::kiosk` does).

use crate::core::kiosk::wipe_removes;

/// The kiosk page's address as it started: path and query, without a fragment.
pub fn start_url() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            format!(
                "{}{}",
                l.pathname().unwrap_or_default(),
                l.search().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// Removes the resident's traces; `start_url` is what the address bar shows afterwards.
pub fn wipe(start_url: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    for store in [window.local_storage(), window.session_storage()] {
        let Ok(Some(store)) = store else {
            continue;
        };
        let n = store.length().unwrap_or(0);
        let doomed: Vec<String> = (0..n)
            .filter_map(|i| store.key(i).ok().flatten())
            .filter(|k| wipe_removes(k))
            .collect();
        for key in doomed {
            let _ = store.remove_item(&key);
        }
    }
    if let Ok(history) = window.history() {
        if !start_url.is_empty() {
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(start_url));
        }
    }
}
