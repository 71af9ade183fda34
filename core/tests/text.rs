//! Lengths as a person counts them, for every script of China's residents: the one table of
//! cases (tests/grapheme_cases.json) checked natively. Its expected counts must be what
//! Unicode's grapheme rules (UAX #29, through unicode-segmentation) say; the fallback counter
//! (`text::fallback_len`, used where the browser has no `Intl.Segmenter`) must match every case
//! but those the table lists in `fallback_differs`, and must really differ on those (so the
//! list stays honest). The browser's counter is held to the same table by tests/web_text.rs.
//!
//! Owns: that evidence. Must not: be built for wasm32 (unicode-segmentation is a native
//! dev-dependency only).

#![cfg(not(target_arch = "wasm32"))]

use unicode_segmentation::UnicodeSegmentation;
use yehua_core::json::{self, Value};
use yehua_core::text;

const CASES: &str = include_str!("../../tests/grapheme_cases.json");

struct Case {
    name: String,
    text: String,
    count: usize,
}

fn table() -> (Vec<Case>, Vec<String>) {
    let table = json::parse(CASES).expect("tests/grapheme_cases.json is JSON");
    let cases = table
        .get("cases")
        .and_then(Value::as_array)
        .expect("cases")
        .iter()
        .map(|c| Case {
            name: c.get("name").and_then(Value::as_str).expect("name").into(),
            text: c.get("text").and_then(Value::as_str).expect("text").into(),
            count: c.get("count").and_then(Value::as_u64).expect("count") as usize,
        })
        .collect();
    let differs = table
        .get("fallback_differs")
        .and_then(Value::as_array)
        .expect("fallback_differs")
        .iter()
        .map(|n| n.as_str().expect("a case name").to_string())
        .collect();
    (cases, differs)
}

#[test]
fn the_expected_counts_are_unicode_grapheme_clusters() {
    let (cases, _) = table();
    assert!(cases.len() >= 20);
    for case in &cases {
        assert_eq!(
            case.text.graphemes(true).count(),
            case.count,
            "{}: {:?}",
            case.name,
            case.text
        );
    }
}

#[test]
fn the_fallback_counts_every_case_but_the_listed_ones_as_a_person_does() {
    let (cases, differs) = table();
    for name in &differs {
        assert!(cases.iter().any(|c| &c.name == name), "no case {name}");
    }
    for case in &cases {
        let listed = differs.contains(&case.name);
        let same = text::fallback_len(&case.text) == case.count;
        assert!(
            same != listed,
            "{}: fallback counts {} for {}, and the case is {}listed in fallback_differs",
            case.name,
            text::fallback_len(&case.text),
            case.count,
            if listed { "" } else { "not " }
        );
    }
}
