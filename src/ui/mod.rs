//! The Yew view: thin components that render the core's state and dispatch its actions.
//!
//! Owns: components (one per file), the form store wrapper and what `App` hands down to every
//! component as a prop (`Shared`: language, display choice, delivery).
//! Must not: decide anything the core can decide (validation, visibility, policy) or call
//! browser APIs other than through `web`.

mod app;
// The organizers' check view: only in the kiosk variant (docs/DEFINITIONS.md).
#[cfg(feature = "kiosk")]
mod check_view;
mod choice_field;
mod device_panel;
mod dropdown_field;
mod element;
mod error_screen;
// Kiosk mode, staff panel, PIN gate and live board: only in the kiosk variant (docs/KIOSK.md).
#[cfg(feature = "kiosk")]
mod kiosk;
mod lang_switch;
#[cfg(feature = "kiosk")]
mod live_board;
mod matrix_field;
mod multiple_text;
#[cfg(feature = "kiosk")]
mod pin_gate;
mod question;
mod read_aloud;
mod receipt;
mod rich;
mod settings_bar;
#[cfg(feature = "kiosk")]
mod staff_panel;
mod store;
mod survey;
mod text_field;

pub use app::{App, AppProps};

use std::rc::Rc;

use yew::prelude::*;

use crate::web::runner::Runner;
use settings_bar::DisplayContext;

use crate::core::definition::{Kind, Question};
use crate::core::i18n::{self, Locale, Msg};
use crate::core::validate::Problem;

/// The current language and how to change it; provided by `App` to every component.
#[derive(Clone, PartialEq)]
pub struct Lang {
    pub locale: Locale,
    pub set: Callback<Locale>,
    /// The browser has a speech voice for `locale` (for "read aloud").
    pub voice: bool,
}

impl Lang {
    pub fn t(&self, msg: Msg) -> &'static str {
        i18n::text(self.locale, msg)
    }
    pub fn f(&self, msg: Msg, params: &[(&str, &str)]) -> String {
        i18n::format(self.locale, msg, params)
    }
    /// What is wrong with `q`'s answer: a validator's own text, or the translated message;
    /// for one item of a multipletext, the item's label first.
    pub fn problem(&self, q: &Question, p: &Problem) -> String {
        let inner = p.inner();
        let message = match inner {
            Problem::Custom(text) => text.get(self.locale).to_string(),
            _ => {
                let params = inner.params();
                let params: Vec<(&str, &str)> =
                    params.iter().map(|(k, v)| (*k, v.as_str())).collect();
                self.f(inner.msg(), &params)
            }
        };
        match (p, &q.kind) {
            (Problem::Item { index, .. }, Kind::MultipleText { items }) => {
                match items.get(*index) {
                    Some(item) => format!("{}：{message}", item.label(self.locale)),
                    None => message,
                }
            }
            _ => message,
        }
    }
}

/// Delivery to the endpoint: the page's outbox runner (none in local-only mode) and a counter
/// that changes whenever the outbox changed (here or in another tab), to re-read its status.
#[derive(Clone, Default)]
pub struct Delivery {
    pub runner: Option<Rc<Runner>>,
    pub revision: u32,
}

impl PartialEq for Delivery {
    fn eq(&self, other: &Delivery) -> bool {
        self.revision == other.revision
            && match (&self.runner, &other.runner) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

/// What `App` hands down to every component below it, as a prop: no context (each context type
/// is a provider component of its own in the wasm, and its `use_context` another hook).
#[derive(Clone, PartialEq)]
pub struct Shared {
    pub lang: Lang,
    pub display: DisplayContext,
    pub delivery: Delivery,
}
