//! The language switch: one button per interface language; switching keeps every answer.
//!
//! Owns: rendering the choice and calling `Lang::set` (which `App` hands down). Must not: store
//! the choice (a shared kiosk must forget it with the resident).

use yew::prelude::*;

use super::Lang;
use crate::core::i18n::Locale;
use crate::core::i18n::Msg;

pub fn lang_switch(lang: &Lang) -> Html {
    html! {
        <div class="yh-lang" role="group" aria-label={lang.t(Msg::LangLabel)}>
            { for Locale::ALL.iter().map(|l| {
                let (set, l) = (lang.set.clone(), *l);
                html! {
                    <button type="button" key={l.tag()} class="yh-lang-button" lang={l.tag()}
                        aria-pressed={(l == lang.locale).to_string()} onclick={move |_| set.emit(l)}>
                        { l.native_name() }
                    </button>
                }
            }) }
        </div>
    }
}
