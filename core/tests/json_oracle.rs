//! Keeps the widget's hand-written JSON reader (`yehua_core::json`) honest with serde_json as
//! the oracle: over documents proptest generates (valid ones written compactly and pretty,
//! valid ones with one character changed, and strings of JSON's own characters), both readers
//! give the same value or both refuse.
//!
//! Owns: that comparison and its list of documented exceptions (below). Must not: be built for
//! wasm32 (serde_json is a native dev-dependency only; the widget never links it).
//!
//! Documented exceptions, where Yehua reads differently on purpose:
//! 1. A number too large for an f64 (`1e1001`): serde_json refuses the document; Yehua keeps the
//!    literal text (its numbers are exact decimals), and the definition reader refuses such a
//!    limit itself (`elements[0].max: expected a number`).
//! 2. A leading byte order mark: Yehua skips it (files saved by Windows editors), serde_json
//!    refuses it.
//!
//! Duplicate keys are NOT an exception: both keep the last value (as `JSON.parse` does).

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::Value as Oracle;
use yehua_core::json::{self, Value};

/// Yehua's value as serde_json would hold it, each member as `Value::get` finds it; `None` when
/// a number is one serde_json cannot hold (exception 1).
fn as_oracle(v: &Value) -> Option<Oracle> {
    Some(match v {
        Value::Null => Oracle::Null,
        Value::Bool(b) => Oracle::Bool(*b),
        Value::Number(n) => serde_json::from_str(n).ok()?,
        Value::String(s) => Oracle::String(s.clone()),
        Value::Array(items) => Oracle::Array(items.iter().map(as_oracle).collect::<Option<_>>()?),
        Value::Object(members) => {
            let mut map = serde_json::Map::new();
            for (k, _) in members {
                if !map.contains_key(k) {
                    map.insert(k.clone(), as_oracle(v.get(k)?)?);
                }
            }
            Oracle::Object(map)
        }
    })
}

/// True when some number in `v` is one serde_json cannot hold (exception 1).
fn has_unholdable_number(v: &Value) -> bool {
    match v {
        Value::Number(n) => serde_json::from_str::<Oracle>(n).is_err(),
        Value::Array(items) => items.iter().any(has_unholdable_number),
        Value::Object(members) => members.iter().any(|(_, v)| has_unholdable_number(v)),
        _ => false,
    }
}

/// The assertion every generated document goes through.
fn same_reading(text: &str) -> Result<(), TestCaseError> {
    let ours = json::parse(text);
    let oracle = serde_json::from_str::<Oracle>(text);
    match (&ours, &oracle) {
        (Ok(v), Ok(o)) => {
            let read = as_oracle(v);
            prop_assert_eq!(read.as_ref(), Some(o), "{:?}", text);
        }
        (Err(_), Err(_)) => {}
        (Ok(v), Err(e)) => prop_assert!(
            has_unholdable_number(v),
            "Yehua read {:?} as {:?}; serde_json refused it: {}",
            text,
            v,
            e
        ),
        (Err(e), Ok(o)) => {
            prop_assert!(
                false,
                "Yehua refused {:?} ({}); serde_json read {}",
                text,
                e,
                o
            )
        }
    }
    Ok(())
}

/// Any JSON value serde_json can write: every kind, nested, with keys and strings drawn from
/// characters that need escaping, Chinese and emoji.
fn any_value() -> impl Strategy<Value = Oracle> {
    let text = "[a-c\"\\\\/\u{0}-\u{1f}\u{7f}中文\u{2028}😀 ]{0,6}";
    let leaf = prop_oneof![
        Just(Oracle::Null),
        any::<bool>().prop_map(Oracle::Bool),
        any::<i64>().prop_map(Oracle::from),
        any::<u64>().prop_map(Oracle::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Oracle::from),
        text.prop_map(Oracle::String),
    ];
    leaf.prop_recursive(5, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Oracle::Array),
            prop::collection::vec((text, inner), 0..6)
                .prop_map(|pairs| Oracle::Object(pairs.into_iter().collect())),
        ]
    })
}

/// One small edit of `text` at a place chosen by `at` (a fraction of its length).
fn edit(text: &str, at: f64, how: u8, with: char) -> String {
    let chars: Vec<char> = text.chars().collect();
    let i = ((chars.len() as f64) * at) as usize;
    let i = i.min(chars.len());
    let mut out: Vec<char> = chars.clone();
    match how % 3 {
        0 if i < out.len() => {
            out.remove(i);
        }
        1 => out.insert(i, with),
        _ if i < out.len() => out[i] = with,
        _ => out.push(with),
    }
    out.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn valid_documents_read_the_same(v in any_value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&v)
        } else {
            serde_json::to_string(&v)
        };
        let text = text.map_err(|e| TestCaseError::fail(e.to_string()))?;
        same_reading(&text)?;
    }

    #[test]
    fn documents_with_one_character_changed_read_the_same_or_both_fail(
        v in any_value(),
        at in 0.0..1.0f64,
        how in any::<u8>(),
        with in prop::sample::select(vec![
            '[', ']', '{', '}', ':', ',', '"', '\\', '0', '1', '-', '+', '.', 'e', 'E', 'u',
            't', 'n', ' ', '\n', '\u{0}', '中', 'x',
        ]),
    ) {
        let text = serde_json::to_string(&v).map_err(|e| TestCaseError::fail(e.to_string()))?;
        same_reading(&edit(&text, at, how, with))?;
    }

    #[test]
    fn strings_of_json_characters_read_the_same_or_both_fail(
        text in "[\\[\\]{}:,\" \\\\0-9eE+\\-.tfrueanlsx\\\\u]{0,24}"
    ) {
        same_reading(&text)?;
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_as_serde_json_does(
        keys in prop::collection::vec("[ab]", 1..8),
        values in prop::collection::vec(any::<i32>(), 8),
    ) {
        let members: Vec<String> = keys
            .iter()
            .zip(&values)
            .map(|(k, v)| format!("\"{k}\":{v}"))
            .collect();
        same_reading(&format!("{{{}}}", members.join(",")))?;
    }
}

#[test]
fn the_documented_exceptions_and_the_nesting_limit() {
    // 1. A number too large for an f64: the literal is kept.
    assert!(serde_json::from_str::<Oracle>("[1e1001]").is_err());
    assert_eq!(
        json::parse("[1e1001]").unwrap(),
        Value::Array(vec![Value::Number("1e1001".into())])
    );
    // 2. A leading byte order mark is skipped.
    assert!(serde_json::from_str::<Oracle>("\u{feff}[]").is_err());
    assert_eq!(json::parse("\u{feff}[]").unwrap(), Value::Array(vec![]));
    // Not an exception: both refuse nesting deeper than 128 and read 127 levels.
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    for depth in [127, 129, 1000] {
        assert_eq!(
            json::parse(&nested(depth)).is_ok(),
            serde_json::from_str::<Oracle>(&nested(depth)).is_ok(),
            "depth {depth}"
        );
    }
}
