//! The elderly-friendly (适老化) switch bar: "大字" (large text) and "高对比" (high contrast),
//! two toggle buttons in the survey header next to the language buttons.
//!
//! Owns: `Display` (what the resident chose) and rendering the toggles (a plain view function:
//! its callers get the `DisplayContext` from `App` in `Shared`). The choice becomes a
//! class on `.yh-root` (`yh-large`, `yh-contrast`), never an inline style (strict CSP), and
//! the stylesheet does the rest. Must not: store the choice: a shared kiosk must forget it
//! with the resident, so `App` holds it in memory only.

use crate::core::i18n::Msg;
use yew::prelude::*;

use super::Lang;

/// How the resident wants the widget shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Display {
    /// Text (and every target) 1.5 times larger.
    pub large: bool,
    /// Light text on black, thicker borders.
    pub contrast: bool,
}

impl Display {
    /// The root element's `class` for this choice: `yh-root`, plus `yh-large` and `yh-contrast`
    /// when chosen. (Literal strings rather than `classes!`: no `Classes` set in the wasm.)
    pub fn root_class(self) -> &'static str {
        match (self.large, self.contrast) {
            (false, false) => "yh-root",
            (true, false) => "yh-root yh-large",
            (false, true) => "yh-root yh-contrast",
            (true, true) => "yh-root yh-large yh-contrast",
        }
    }
}

/// The current display choice and how to change it; provided by `App`.
#[derive(Clone, PartialEq)]
pub struct DisplayContext {
    pub display: Display,
    pub set: Callback<Display>,
}

/// The two toggles; nothing without a `DisplayContext`.
pub fn settings_bar(ctx: Option<&DisplayContext>, lang: &Lang) -> Html {
    let Some(ctx) = ctx else {
        return html! {};
    };
    let d = ctx.display;
    // Each button's class is written out literally: a computed `class` becomes a `Classes` set
    // (hashed, joined into a new string) on every render of the survey.
    let set = |next: Display| {
        let set = ctx.set.clone();
        move |_| set.emit(next)
    };
    html! {
        <div class="yh-settings" role="group" aria-label={lang.t(Msg::SettingsLabel)}>
            <button type="button" class="yh-toggle yh-toggle-large" aria-pressed={d.large.to_string()}
                onclick={set(Display { large: !d.large, ..d })}>{ lang.t(Msg::SettingsLargeText) }</button>
            <button type="button" class="yh-toggle yh-toggle-contrast" aria-pressed={d.contrast.to_string()}
                onclick={set(Display { contrast: !d.contrast, ..d })}>{ lang.t(Msg::SettingsContrast) }</button>
        </div>
    }
}
