//! The regex engine of `regex` validators: the browser's own `RegExp`, so a pattern means
//! exactly what it means in SurveyJS (which runs `new RegExp(regex, flags).test(value)`), and
//! the residents' wasm carries no regex engine of its own.
//!
//! Owns: `test`, the `core::validate::Patterns` port's browser side. A pattern the browser
//! refuses is reported once per call on the console and passes (a broken pattern never blocks a
//! resident; organizers see it in the console). Must not: decide what a failing pattern means
//! (the core does).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = RegExp)]
    type Pattern;
    /// `new RegExp(source, flags)`, which throws on a pattern JavaScript cannot read.
    #[wasm_bindgen(constructor, js_class = "RegExp", catch)]
    fn new(source: &str, flags: &str) -> Result<Pattern, JsValue>;
    #[wasm_bindgen(method)]
    fn test(this: &Pattern, text: &str) -> bool;
}

/// Whether `value` matches `pattern` (`i` flag when `case_insensitive`); `None` when the
/// browser cannot read the pattern.
pub fn test(pattern: &str, case_insensitive: bool, value: &str) -> Option<bool> {
    match Pattern::new(pattern, if case_insensitive { "i" } else { "" }) {
        Ok(re) => Some(re.test(value)),
        Err(_) => {
            web_sys::console::warn_1(&JsValue::from_str(&format!(
                "yehua: the regex validator pattern /{pattern}/ is not a JavaScript regular expression; it is not checked"
            )));
            None
        }
    }
}
