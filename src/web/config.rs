//! Reads the host's configuration from the mount element's attributes (`data-*` on the
//! standalone page, plain ones on `<yehua-feedback>`) and the page's query string (harmless
//! choices only), and applies a theme through the CSSOM.
//!
//! Owns: turning DOM attributes into `core::config::Config`, and the same-origin check for a
//! config file URL. Must not: interpret the keys (core does) or fetch (the app does).

use wasm_bindgen::JsCast;

use crate::core::config::{Config, Embedding, Theme};

/// The standalone page's config: `#yehua`'s `data-*` attributes, then the page's query string.
pub fn read(root: &web_sys::Element) -> Config {
    let mut config = read_attributes(root, "data-");
    if let Some(search) = query() {
        config.apply_query(&search);
    }
    config
}

/// The config from `el`'s attributes named `<prefix><name>` (`data-` on the standalone page,
/// none on a `<yehua-feedback>` element).
pub fn read_attributes(el: &web_sys::Element, prefix: &str) -> Config {
    let names = [
        "definition-url",
        "definition",
        "endpoint",
        "endpoint-format",
        "locale",
        "device",
        "config",
        "one-per-page",
    ];
    Config::from_attributes(
        names
            .iter()
            .filter_map(|n| Some((*n, el.get_attribute(&format!("{prefix}{n}"))?))),
    )
}

/// The embedding from `el`'s `<prefix>theme` attribute; `owns_page` as the caller knows it.
pub fn read_embedding(el: &web_sys::Element, prefix: &str, owns_page: bool) -> Embedding {
    Embedding {
        owns_page,
        theme: Theme::parse(
            &el.get_attribute(&format!("{prefix}theme"))
                .unwrap_or_default(),
        ),
        ..Embedding::default()
    }
}

/// The page's query string (`?…`), if any.
pub fn query() -> Option<String> {
    web_sys::window().and_then(|w| w.location().search().ok())
}

/// Sets the theme's custom properties on `el` through the CSSOM, which a strict CSP allows
/// (unlike a `style` attribute).
pub fn apply_theme(el: &web_sys::Element, theme: &Theme) {
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        for (name, value) in theme.properties() {
            let _ = el.style().set_property(name, value);
        }
    }
}

/// True when `url` (relative or absolute) resolves to this page's own origin.
pub fn same_origin(url: &str) -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return false;
    };
    let (Ok(origin), Ok(base)) = (location.origin(), location.href()) else {
        return false;
    };
    web_sys::Url::new_with_base(url, &base).is_ok_and(|u| u.origin() == origin)
}
