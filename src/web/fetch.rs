//! Fetching text over HTTP (definitions and config files) with the browser's `fetch`, and the
//! deadline every request of the widget has.
//!
//! Owns: `get_text` (with its deadline, `TIMEOUT_MS`), `Deadline` (also the transport's), and
//! where the default consultation lives (`bundled_consultation_url`). Must not: interpret what
//! it fetched. Requests never send cookies (`credentials: omit`): Yehua sets none and carries
//! none.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::timer;

/// How long a definition or config file may take to arrive, the start script's early request
/// included. On a flaky link a request can hang without ever failing (a stalled connection, a
/// captive portal): after this the error screen and its "try again" show instead of a loading
/// line that never ends. A 200-question definition takes well under a second at 1.6 Mbit/s.
pub const TIMEOUT_MS: u32 = 30_000;

/// An `AbortController` that aborts at a deadline; dropping it clears the timer.
pub struct Deadline {
    controller: web_sys::AbortController,
    _timer: Option<timer::Timer>,
}

impl Deadline {
    /// A deadline `ms` from now; `None` where the browser has no `AbortController` (requests
    /// then simply have none).
    pub fn after(ms: u32) -> Option<Deadline> {
        let controller = web_sys::AbortController::new().ok()?;
        let timer = {
            let controller = controller.clone();
            timer::after(u64::from(ms), move || controller.abort())
        };
        Some(Deadline {
            controller,
            _timer: timer,
        })
    }

    /// The signal to give a request: it aborts the request (and the reading of its body).
    pub fn signal(&self) -> web_sys::AbortSignal {
        self.controller.signal()
    }

    /// Whether the deadline has passed.
    pub fn passed(&self) -> bool {
        self.controller.signal().aborted()
    }

    /// A promise that resolves (with the abort event) when the deadline passes.
    fn reached(&self) -> js_sys::Promise {
        let signal = self.signal();
        js_sys::Promise::new(&mut |resolve, _| {
            let _ = signal.add_event_listener_with_callback("abort", &resolve);
        })
    }
}

/// The default consultation's file in dist, next to the wasm-bindgen module: index.html copies
/// it there (minified from core/src/default_consultation.json by .ci/trunk_hook.py).
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
/// Takes the answer a loader already fetched for this URL (handed over by `accept_prefetched`,
/// fetched by src/assets/yehua-start.js or yehua-embed.js in parallel with the wasm), once; a
/// failed or missing prefetch is fetched here again. Both within one `TIMEOUT_MS` deadline.
pub async fn get_text(url: &str) -> Result<String, String> {
    let deadline = Deadline::after(TIMEOUT_MS);
    let passed = || deadline.as_ref().is_some_and(Deadline::passed);
    let late = || format!("{url}: no answer within {} s", TIMEOUT_MS / 1000);
    if let Some(prefetched) = take_prefetched(url) {
        // That request cannot be aborted from here: whichever comes first.
        let first = match &deadline {
            Some(d) => js_sys::Promise::race(&js_sys::Array::of2(&prefetched, &d.reached())),
            None => prefetched,
        };
        if let Some(text) = JsFuture::from(first).await.ok().and_then(|t| t.as_string()) {
            return Ok(text);
        }
        if passed() {
            return Err(late());
        }
    }
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_credentials(web_sys::RequestCredentials::Omit);
    if let Some(d) = &deadline {
        init.set_signal(Some(&d.signal()));
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| {
            if passed() {
                late()
            } else {
                format!("{url}: network error")
            }
        })?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "bad response".to_string())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = response.text().map_err(|_| "unreadable body".to_string())?;
    match JsFuture::from(text).await {
        Ok(t) => t
            .as_string()
            .ok_or_else(|| format!("{url}: unreadable body")),
        Err(_) if passed() => Err(late()),
        Err(_) => Err(format!("{url}: unreadable body")),
    }
}

thread_local! {
    /// The loaders' maps of early requests (URL -> promise of the text), as handed over; never
    /// a page global, which a host page could overwrite.
    static PREFETCHED: std::cell::RefCell<Vec<js_sys::Object>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Keeps a loader's map of early requests for `get_text` (the element loader hands the same
/// map with every element: kept once). Anything but an object is ignored. (The loaders' maps
/// have no prototype, so they are not `instanceof Object`: checked with `typeof`.)
pub fn accept_prefetched(map: JsValue) {
    if !map.is_object() {
        return;
    }
    let map: js_sys::Object = map.unchecked_into();
    PREFETCHED.with(|maps| {
        let mut maps = maps.borrow_mut();
        if !maps.iter().any(|m| js_sys::Object::is(m, &map)) {
            maps.push(map);
        }
    });
}

/// A loader's request for `url`, if it made one; taken once (a retry after a failure must
/// fetch anew).
fn take_prefetched(url: &str) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let href = window.location().href().ok()?;
    let absolute = web_sys::Url::new_with_base(url, &href).ok()?.href();
    let key = wasm_bindgen::JsValue::from(absolute);
    let maps = PREFETCHED.with(|maps| maps.borrow().clone());
    maps.iter().find_map(|map| {
        let promise = js_sys::Reflect::get(map, &key).ok()?.dyn_into().ok()?;
        let _ = js_sys::Reflect::delete_property(map, &key);
        Some(promise)
    })
}
