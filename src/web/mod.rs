//! Browser adapters: the only code that calls web-sys, js-sys and wasm-bindgen.
//!
//! Owns: start-up (panic screen, mount element, config, taking over a prerendered first
//! screen; run only when the start script calls `startPage`), storage, the browser's grapheme
//! counter, the survey's draft written after the paint, clock, randomness, fetching,
//! the `RegExp` that regex validators run on (pattern),
//! downloads, DOM events for hosts, and for kiosks activity listeners, wipes, the service worker
//! and PBKDF2 for the staff PIN (those four only with the `kiosk` feature: the kiosk variant, see
//! docs/KIOSK.md). Must not: make decisions; each adapter is thin and the policy lives in `core`.

pub mod clock;
pub mod config;
#[cfg(feature = "kiosk")]
pub mod digest;
pub mod download;
pub mod draft;
pub mod embed;
pub mod events;
pub mod fetch;
pub mod frame;
#[cfg(feature = "kiosk")]
pub mod idle;
#[cfg(feature = "kiosk")]
pub mod offline;
pub mod pattern;
pub mod prerender;
pub mod random;
pub mod runner;
#[cfg(feature = "kiosk")]
pub mod session;
pub mod speech;
pub mod storage;
pub mod text;
pub mod timer;
pub mod transport;

use wasm_bindgen::prelude::*;

use crate::core::i18n::{self, Locale, Msg};

/// The standalone page's start-up, called by yehua-start.js and by nothing else (the module has
/// no start function of its own, so `<yehua-feedback>` on a host page never runs it).
/// `prefetched`: the start script's early requests, URL -> promise of the text
/// (`fetch::get_text` takes them).
#[wasm_bindgen(js_name = startPage)]
pub fn start_page(prefetched: JsValue) {
    fetch::accept_prefetched(prefetched);
    text::install();
    start();
}

/// Mounts the widget on `#yehua` (or a new element at the end of `<body>`).
fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let root = match document.get_element_by_id("yehua") {
        Some(el) => el,
        None => {
            let Ok(el) = document.create_element("div") else {
                return;
            };
            el.set_id("yehua");
            if let Some(body) = document.body() {
                let _ = body.append_child(&el);
            }
            el
        }
    };
    let mut config = config::read(&root);
    // Kiosk mode and the live board belong to the standalone page (docs/KIOSK.md); the query
    // string goes last again, since it may switch kiosk mode on and choose the view.
    let page_modes = crate::core::config::Config::from_attributes(
        ["kiosk", "view"]
            .iter()
            .filter_map(|n| Some((*n, root.get_attribute(&format!("data-{n}"))?))),
    );
    config.kiosk.enabled |= page_modes.kiosk.enabled;
    config.view = page_modes.view;
    if let Some(search) = config::query() {
        config.apply_query(&search);
    }
    let embedding = config::read_embedding(&root, "data-", true);
    register_mount(&root);
    // Yew empties the element it mounts on: beside a prerendered first screen it mounts on a
    // new element after it, so the copy keeps its focus and any composition until the live
    // form takes over (prerender::take_over).
    let host = match root.query_selector(":scope > [data-yehua-prerendered]") {
        Ok(Some(_)) => match document.create_element("div") {
            Ok(live) => {
                live.set_class_name("yh-live");
                let _ = root.append_child(&live);
                live
            }
            Err(_) => root,
        },
        _ => root,
    };
    yew::Renderer::<crate::ui::App>::with_root_and_props(
        host,
        crate::ui::AppProps {
            config: config.into(),
            embedding: embedding.into(),
        },
    )
    .render();
}

thread_local! {
    /// Every element a widget is mounted on (the standalone page's `#yehua`, each custom
    /// element's target in its shadow root), so a crash can put its message in each of them.
    static MOUNTS: std::cell::RefCell<Vec<web_sys::Element>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Remembers `el` as a widget's mount point (see `show_crash`); installs the panic hook once.
pub fn register_mount(el: &web_sys::Element) {
    let first = MOUNTS.with(|m| {
        let mut m = m.borrow_mut();
        m.push(el.clone());
        m.len() == 1
    });
    if first {
        std::panic::set_hook(Box::new(|info| show_crash(&info.to_string())));
    }
}

/// Replaces every mounted widget with a plain, translated message after a panic (the module is
/// unusable after one): never a blank page or an empty element.
fn show_crash(detail: &str) {
    web_sys::console::error_1(&detail.into());
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let mounts = MOUNTS.with(|m| m.try_borrow().map(|m| m.clone()).unwrap_or_default());
    for root in mounts {
        // The widget's own language, else the page's, else zh-CN.
        let tag = root
            .query_selector(".yh-root")
            .ok()
            .flatten()
            .and_then(|r| r.get_attribute("lang"))
            .or_else(|| document.document_element()?.get_attribute("lang"))
            .unwrap_or_default();
        root.set_inner_html("");
        if let Ok(p) = document.create_element("p") {
            p.set_class_name("yh-crash");
            p.set_attribute("role", "alert").ok();
            p.set_text_content(Some(i18n::text(
                Locale::from_tag(&tag),
                Msg::ErrorUnexpected,
            )));
            root.append_child(&p).ok();
        }
        root.set_attribute("data-yehua-state", "error").ok();
        events::dispatch(&root, "yehua:error", detail);
    }
}
