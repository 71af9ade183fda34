//! The browser's grapheme counter, `Intl.Segmenter` (UAX #29, with the browser's own Unicode
//! data), installed as `core::text`'s platform counter: the widget then counts every length
//! (the live counter, `maxLength` on Next and Submit) as a person does, in every script,
//! without Unicode tables in the wasm.
//!
//! Owns: `install` and the one segmenter. Must not: decide anything about lengths (core does),
//! or fail where the browser has no `Intl.Segmenter` (core's fallback counts then).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl)]
    type Segmenter;
    /// `new Intl.Segmenter()`: the default granularity is the grapheme.
    #[wasm_bindgen(constructor, js_namespace = Intl, catch)]
    fn new() -> Result<Segmenter, JsValue>;
    #[wasm_bindgen(method)]
    fn segment(this: &Segmenter, input: &str) -> JsValue;
}

thread_local! {
    static SEGMENTER: Option<Segmenter> = Segmenter::new().ok();
}

/// Installs the browser's counter where it has one (once; later calls change nothing).
pub fn install() {
    if SEGMENTER.with(Option::is_some) {
        crate::core::text::install_counter(count);
    }
}

/// The number of grapheme clusters `Intl.Segmenter` finds in `s`. ASCII text is counted
/// without a call into the browser (one each, CR LF once: the fallback is exact there).
fn count(s: &str) -> Option<usize> {
    if s.is_ascii() {
        return Some(crate::core::text::fallback_len(s));
    }
    SEGMENTER.with(|segmenter| {
        let segments = segmenter.as_ref()?.segment(s);
        usize::try_from(js_sys::Array::from(&segments).length()).ok()
    })
}
