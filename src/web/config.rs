//! Reads the host's configuration from the mount element's `data-*` attributes and the page's
//! query string (language only).
//!
//! Owns: turning DOM attributes into `core::config::Config`, and the same-origin check for a
//! config file URL. Must not: interpret the keys (core does) or fetch (the app does).

use crate::core::config::Config;

pub fn read(root: &web_sys::Element) -> Config {
    let names = [
        "definition-url",
        "definition",
        "endpoint",
        "locale",
        "device",
        "config",
    ];
    let mut config = Config::from_attributes(
        names
            .iter()
            .filter_map(|n| Some((*n, root.get_attribute(&format!("data-{n}"))?))),
    );
    if let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) {
        config.apply_query(&search);
    }
    config
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
