//! The Yew view: thin components that render the core's state and dispatch its actions.
//!
//! Owns: components (one per file), the form store wrapper and the language context.
//! Must not: decide anything the core can decide (validation, visibility, policy) or call
//! browser APIs other than through `web`.

mod app;
mod choice_field;
mod device_panel;
mod dropdown_field;
mod element;
mod error_screen;
mod lang_switch;
mod question;
mod receipt;
mod store;
mod survey;
mod text_field;

pub use app::{App, AppProps};

use yew::prelude::*;

use crate::core::i18n::{self, Locale};

/// The current language and how to change it; provided by `App` to every component.
#[derive(Clone, PartialEq)]
pub struct Lang {
    pub locale: Locale,
    pub set: Callback<Locale>,
}

impl Lang {
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        i18n::text(self.locale, key)
    }
    pub fn f(&self, key: &str, params: &[(&str, &str)]) -> String {
        i18n::format(self.locale, key, params)
    }
}

/// The language context; outside an `App` (never in practice) it is zh-CN.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or(Lang {
        locale: Locale::ZhCn,
        set: Callback::noop(),
    })
}
