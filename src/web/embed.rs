//! The `<yehua-feedback>` custom element's way in: `mount` renders the widget into an element
//! that the loader (src/assets/yehua-embed.js) created inside the host element's shadow root.
//!
//! Owns: reading the host element's plain attributes (`definition-url`, `endpoint`, `locale`,
//! `config`, `theme`, …) and the handle that takes the widget down again. The host page's
//! query string and `<html lang>` are the host's: an element never reads or sets them.
//! Must not: create the shadow root or load the stylesheet (the loader does), or touch
//! anything in the host document outside its own shadow root.

use wasm_bindgen::prelude::*;

use crate::ui::{App, AppProps};

/// One mounted widget; `unmount()` removes it and stops its outbox runner.
#[wasm_bindgen]
pub struct Widget(Option<yew::AppHandle<App>>);

#[wasm_bindgen]
impl Widget {
    pub fn unmount(mut self) {
        if let Some(handle) = self.0.take() {
            handle.destroy();
        }
    }
}

/// Renders the widget into `target` (inside `host`'s shadow root), configured by `host`'s
/// attributes. `prefetched`: the loader's early requests, URL -> promise of the text
/// (`fetch::get_text` takes them).
#[wasm_bindgen]
pub fn mount(host: web_sys::Element, target: web_sys::Element, prefetched: JsValue) -> Widget {
    super::fetch::accept_prefetched(prefetched);
    super::text::install();
    let props = AppProps {
        config: super::config::read_attributes(&host, "").into(),
        embedding: super::config::read_embedding(&host, "", false).into(),
    };
    super::register_mount(&target);
    Widget(Some(
        yew::Renderer::<App>::with_root_and_props(target, props).render(),
    ))
}
