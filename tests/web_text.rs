#![cfg(target_arch = "wasm32")]
//! The browser's grapheme counter (`web::text`, `Intl.Segmenter`) held to the one table of
//! lengths (tests/grapheme_cases.json) that core's fallback and unicode-segmentation are held
//! to natively (core/tests/text.rs): every case, the scripts of China's residents included,
//! counted as a person counts it by `core::text::grapheme_len`, the count the live counter and
//! `maxLength` validation both use.
//!
//! Owns: that evidence in a real browser. Must not: sleep. Run:
//! `cargo test --target wasm32-unknown-unknown --test web_text`.

use wasm_bindgen_test::*;
use yehua::core::json::{self, Value};
use yehua::core::text;

wasm_bindgen_test_configure!(run_in_browser);

const CASES: &str = include_str!("grapheme_cases.json");

#[wasm_bindgen_test]
fn intl_segmenter_counts_every_case_of_the_table() {
    let has_segmenter = js_sys::Reflect::get(&js_sys::global(), &"Intl".into())
        .and_then(|intl| js_sys::Reflect::has(&intl, &"Segmenter".into()))
        .unwrap_or(false);
    assert!(has_segmenter, "this browser has Intl.Segmenter");
    yehua::web::text::install();
    let table = json::parse(CASES).expect("tests/grapheme_cases.json is JSON");
    let cases = table.get("cases").and_then(Value::as_array).expect("cases");
    assert!(cases.len() >= 20);
    let mut wrong = Vec::new();
    for case in cases {
        let name = case.get("name").and_then(Value::as_str).unwrap_or("?");
        let text = case.get("text").and_then(Value::as_str).expect("text");
        let count = case.get("count").and_then(Value::as_u64).expect("count") as usize;
        if text::grapheme_len(text) != count {
            wrong.push(format!("{name}: {} for {count}", text::grapheme_len(text)));
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
    // The fallback's known differences are counted right here: the browser's counter is in use.
    assert_eq!(text::grapheme_len("\u{1780}\u{17B6}"), 1);
    assert_eq!(text::fallback_len("\u{1780}\u{17B6}"), 2);
}
