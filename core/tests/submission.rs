//! Native tests of submissions: building one from answers, the `yehua.submission/1` payload and
//! its round trip, receipt codes, UTC timestamps, the staff CSV export, and the payload checked
//! against docs/submission.schema.json by a tiny checker over our own JSON `Value`.
//!
//! Owns: the evidence that what leaves the device is complete, stable, in definition order and
//! safe to open in a spreadsheet. Must not: read the clock or generate randomness (ids and times
//! are fixed here).

mod common;
use common::answer;
use yehua_core::answer::{Answer, Answers};
use yehua_core::definition::{self, Intent, Survey};
use yehua_core::json::{self, Value};
use yehua_core::outbox::OutboxEntry;
use yehua_core::submission::{
    civil_from_days, csv_cell, export_csv, export_json, iso_utc, receipt_code, submissions_of,
    Submission, RECEIPT_ALPHABET, SCHEMA,
};

const SURVEY: &str = include_str!("fixtures/submission.json");
const SCHEMA_JSON: &str = include_str!("../../docs/submission.schema.json");

const ID: &str = "0123456789abcdef0123456789abcdef";
/// 2026-11-26T08:05:57.250Z
const AT_MS: u64 = 1_795_680_357_250;

fn survey() -> Survey {
    definition::parse(SURVEY).expect("fixture parses")
}

/// Answers set in an order unlike the definition's, plus one the definition does not know.
fn answers() -> Answers {
    let mut a = Answers::default();
    a.set("urgency", Some(Answer::Choice("4".into())));
    a.set("age", Some(Answer::Text("６８".into())));
    a.set(
        "suggestion",
        Some(Answer::Text("3 号楼前的路灯坏了".into())),
    );
    a.set("ghost", Some(Answer::Text("not in the definition".into())));
    a.set(
        "needs",
        Some(Answer::Choices(vec![
            "elevator_retrofit".into(),
            "other".into(),
            "parking".into(),
        ])),
    );
    a.set_other("needs", "楼道灯".into());
    a.set("volunteer", Some(Answer::Bool(false)));
    a.set("zone", Some(Answer::Choice("grid_2".into())));
    a
}

fn submission() -> Submission {
    Submission::new(&survey(), &answers(), ID.into(), "zh-CN", AT_MS)
}

// Submission::new

#[test]
fn new_keeps_definition_order_and_drops_unknown_names() {
    let s = submission();
    let names: Vec<&str> = s.answers.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["zone", "needs", "volunteer", "suggestion", "age", "urgency"]
    );
    assert_eq!(s.id, ID);
    assert_eq!(s.consultation_id, "heping-yehua-2026-12");
    assert_eq!(s.consultation_version, "2");
    assert_eq!(s.locale, "zh-CN");
    assert_eq!(s.created_at_ms, AT_MS);
    assert_eq!(s.device, None);
}

#[test]
fn new_carries_values_intents_and_other_text() {
    let s = submission();
    assert_eq!(
        s.answers[1],
        answer(
            "needs",
            Answer::Choices(vec![
                "elevator_retrofit".into(),
                "other".into(),
                "parking".into()
            ]),
            Some("楼道灯"),
            Some(Intent::Need)
        )
    );
    assert_eq!(
        s.answers[0],
        answer("zone", Answer::Choice("grid_2".into()), None, None)
    );
    let intents: Vec<Option<Intent>> = s.answers.iter().map(|a| a.intent).collect();
    assert_eq!(
        intents,
        [
            None,
            Some(Intent::Need),
            Some(Intent::Skill),
            Some(Intent::Suggestion),
            None,
            Some(Intent::Need)
        ]
    );
    assert_eq!(
        s.answers[4].value,
        Answer::Text("６８".into()),
        "kept as typed"
    );
}

#[test]
fn new_with_no_answers_has_an_empty_answer_list() {
    let s = Submission::new(&survey(), &Answers::default(), ID.into(), "en", 0);
    assert!(s.answers.is_empty());
}

// The payload

#[test]
fn payload_has_the_documented_shape_exactly() {
    let mut s = submission();
    s.answers.truncate(3);
    assert_eq!(
        s.to_json().to_json(),
        concat!(
            r#"{"schema":"yehua.submission/1","id":"0123456789abcdef0123456789abcdef","#,
            r#""consultation":{"id":"heping-yehua-2026-12","version":"2"},"#,
            r#""locale":"zh-CN","createdAt":"2026-11-26T08:05:57Z","createdAtMs":1795680357250,"#,
            r#""answers":{"zone":{"value":"grid_2"},"#,
            r#""needs":{"value":["elevator_retrofit","other","parking"],"other":"楼道灯","intent":"need"},"#,
            r#""volunteer":{"value":false,"intent":"skill"}}}"#
        )
    );
}

#[test]
fn payload_fields_are_readable_by_key() {
    let mut s = submission();
    s.device = Some("服务中心 1 号平板".into());
    let v = s.to_json();
    assert_eq!(v.get("schema").and_then(Value::as_str), Some(SCHEMA));
    assert_eq!(SCHEMA, "yehua.submission/1");
    assert_eq!(v.get("id").and_then(Value::as_str), Some(ID));
    let c = v.get("consultation").expect("consultation");
    assert_eq!(
        c.get("id").and_then(Value::as_str),
        Some("heping-yehua-2026-12")
    );
    assert_eq!(c.get("version").and_then(Value::as_str), Some("2"));
    assert_eq!(v.get("locale").and_then(Value::as_str), Some("zh-CN"));
    assert_eq!(
        v.get("createdAt").and_then(Value::as_str),
        Some("2026-11-26T08:05:57Z")
    );
    assert_eq!(v.get("createdAtMs").and_then(Value::as_u64), Some(AT_MS));
    assert_eq!(
        v.get("device").and_then(Value::as_str),
        Some("服务中心 1 号平板")
    );
    let answers = v
        .get("answers")
        .and_then(Value::as_object)
        .expect("answers object");
    let keys: Vec<&str> = answers.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["zone", "needs", "volunteer", "suggestion", "age", "urgency"]
    );
    let urgency = v
        .get("answers")
        .and_then(|a| a.get("urgency"))
        .expect("urgency");
    assert_eq!(
        urgency.get("value"),
        Some(&Value::String("4".into())),
        "ratings are strings"
    );
    assert_eq!(urgency.get("intent").and_then(Value::as_str), Some("need"));
    assert_eq!(urgency.get("other"), None);
}

#[test]
fn payload_round_trips_through_text_and_from_json() {
    let mut s = submission();
    s.device = Some("kiosk-2".into());
    let text = s.to_json().to_json();
    let back = Submission::from_json(&json::parse(&text).expect("payload is JSON"))
        .expect("a yehua.submission/1 payload");
    assert_eq!(back.to_json().to_json(), text);
    assert_eq!(back.id, s.id);
    assert_eq!(back.consultation_id, s.consultation_id);
    assert_eq!(back.consultation_version, s.consultation_version);
    assert_eq!(back.locale, s.locale);
    assert_eq!(
        back.created_at_ms, AT_MS,
        "milliseconds survive, not just seconds"
    );
    assert_eq!(back.device.as_deref(), Some("kiosk-2"));
    assert_eq!(back.answers.len(), s.answers.len());
    for (b, a) in back.answers.iter().zip(&s.answers) {
        assert_eq!(b.name, a.name);
        assert_eq!(b.other, a.other);
        assert_eq!(b.intent, a.intent);
        // A single choice reads back as text: same string, same payload.
        assert_eq!(b.value.to_json(), a.value.to_json(), "{}", a.name);
    }
    assert_eq!(back.receipt_code(), s.receipt_code());
}

#[test]
fn from_json_refuses_what_is_not_a_submission() {
    let good = submission().to_json();
    let without = |key: &str| match &good {
        Value::Object(m) => Value::Object(m.iter().filter(|(k, _)| k != key).cloned().collect()),
        _ => unreachable!("a payload is an object"),
    };
    let replaced = |key: &str, v: Value| match &good {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, old)| (k.clone(), if k == key { v.clone() } else { old.clone() }))
                .collect(),
        ),
        _ => unreachable!("a payload is an object"),
    };
    assert!(Submission::from_json(&good).is_some());
    for bad in [
        without("schema"),
        replaced("schema", Value::str("yehua.submission/2")),
        without("id"),
        without("consultation"),
        without("answers"),
        replaced("answers", Value::Array(Vec::new())),
        Value::Array(vec![good.clone()]),
        Value::Null,
    ] {
        assert_eq!(Submission::from_json(&bad), None, "{}", bad.to_json());
    }
}

// Receipt codes and timestamps

#[test]
fn receipt_code_is_six_characters_of_the_alphabet_grouped_three_three() {
    // Expected values computed by hand: the first 48 bits of the id modulo 21^6, in base 21.
    assert_eq!(receipt_code(ID), "7QH-D7H");
    assert_eq!(receipt_code("00000000000000000000000000000000"), "333-333");
    assert_eq!(receipt_code("ffffffffffffffffffffffffffffffff"), "3HM-473");
    assert_eq!(receipt_code("deadbeef00000000"), "RM6-3QC");
    assert_eq!(
        receipt_code("000000000014"),
        "333-33X",
        "20 is the last character"
    );
    assert_eq!(submission().receipt_code(), receipt_code(ID));
    assert_eq!(RECEIPT_ALPHABET.len(), 21);
}

#[test]
fn receipt_codes_are_stable_and_never_hold_a_vowel_or_a_look_alike() {
    let mut seen = std::collections::BTreeSet::new();
    let mut used = std::collections::BTreeSet::new();
    // Many ids: a multiplicative walk over the 48 bits the code is made of, plus every hex digit.
    let ids = (0..5000u64)
        .map(|i| {
            format!(
                "{:012x}{:020x}",
                i.wrapping_mul(0x9e37_79b9_7f4a) & 0xffff_ffff_ffff,
                i
            )
        })
        .chain((0..16u32).map(|d| format!("{d:x}").repeat(32)));
    for id in ids {
        let code = receipt_code(&id);
        assert_eq!(code, receipt_code(&id), "stable for {id}");
        let chars: Vec<char> = code.chars().collect();
        assert_eq!(chars.len(), 7, "{code}");
        assert_eq!(chars[3], '-', "{code}");
        for c in chars
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 3)
            .map(|(_, c)| *c)
        {
            assert!(c.is_ascii_digit() || c.is_ascii_uppercase(), "{code}");
            assert!(!"AEIOUY".contains(c), "{code} holds a vowel");
            assert!(!"0O1IL2Z5S8B".contains(c), "{code} holds a look-alike");
            used.insert(c);
        }
        seen.insert(code);
    }
    assert!(
        seen.len() > 4900,
        "codes differ between ids: {}",
        seen.len()
    );
    assert_eq!(used.len(), 21, "every character of the alphabet occurs");
}

#[test]
fn iso_utc_on_known_instants() {
    assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
    assert_eq!(
        iso_utc(999),
        "1970-01-01T00:00:00Z",
        "milliseconds are truncated"
    );
    assert_eq!(iso_utc(1_709_164_800_000), "2024-02-29T00:00:00Z");
    assert_eq!(iso_utc(1_709_251_199_999), "2024-02-29T23:59:59Z");
    assert_eq!(iso_utc(1_709_251_200_000), "2024-03-01T00:00:00Z");
    assert_eq!(iso_utc(1_795_680_357_000), "2026-11-26T08:05:57Z");
    assert_eq!(iso_utc(951_868_800_000), "2000-03-01T00:00:00Z");
    assert_eq!(
        iso_utc(4_107_542_400_000),
        "2100-03-01T00:00:00Z",
        "2100 is no leap year"
    );
    assert_eq!(civil_from_days(-1), (1969, 12, 31));
    assert_eq!(civil_from_days(19_782), (2024, 2, 29));
}

// CSV export

/// Splits CSV text (RFC 4180, CRLF rows) back into cells, so tests compare values, not bytes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut cell) = (Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted cell");
    assert!(
        row.is_empty() && cell.is_empty(),
        "the last row ends with CRLF"
    );
    rows
}

fn tricky_submission() -> Submission {
    let mut a = Answers::default();
    a.set("zone", Some(Answer::Choice("other".into())));
    a.set_other(
        "zone",
        "=HYPERLINK(\"http://example.invalid\",\"点我\")".into(),
    );
    a.set(
        "suggestion",
        Some(Answer::Text(
            "路灯坏了, 他说\"尽快修\"\r\n第二行\n第三行".into(),
        )),
    );
    a.set("age", Some(Answer::Text("-5".into())));
    let mut s = Submission::new(&survey(), &a, "fedcba9876543210".into(), "zh-TW", 0);
    s.device = Some("+1 平板".into());
    s
}

#[test]
fn csv_starts_with_a_bom_and_uses_crlf_rows() {
    let csv = export_csv(&[submission()], Some(&survey()));
    assert!(
        csv.starts_with('\u{FEFF}'),
        "Excel needs the BOM to read UTF-8"
    );
    assert!(csv.ends_with("\r\n"));
    assert_eq!(csv.matches("\r\n").count(), 2, "header and one row");
}

#[test]
fn csv_header_follows_the_definition_with_comment_columns_last() {
    let csv = export_csv(&[submission(), tricky_submission()], Some(&survey()));
    let rows = parse_csv(csv.trim_start_matches('\u{FEFF}'));
    assert_eq!(
        rows[0],
        [
            "id",
            "receipt",
            "createdAt",
            "consultation",
            "version",
            "locale",
            "device",
            "zone",
            "needs",
            "volunteer",
            "suggestion",
            "age",
            "urgency",
            "zone-Comment",
            "needs-Comment"
        ]
    );
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
}

#[test]
fn csv_rows_hold_the_values_with_chinese_intact() {
    let csv = export_csv(&[submission()], Some(&survey()));
    let rows = parse_csv(csv.trim_start_matches('\u{FEFF}'));
    assert_eq!(
        rows[1],
        [
            ID,
            "7QH-D7H",
            "2026-11-26T08:05:57Z",
            "heping-yehua-2026-12",
            "2",
            "zh-CN",
            "",
            "grid_2",
            "elevator_retrofit; other; parking",
            "false",
            "3 号楼前的路灯坏了",
            "６８",
            "4",
            "楼道灯"
        ]
    );
    assert!(
        csv.contains("3 号楼前的路灯坏了"),
        "Chinese is written as is, not escaped"
    );
}

#[test]
fn csv_escapes_commas_quotes_and_newlines_and_guards_formulas() {
    let csv = export_csv(&[tricky_submission()], Some(&survey()));
    let rows = parse_csv(csv.trim_start_matches('\u{FEFF}'));
    let header = &rows[0];
    let cell = |name: &str| {
        let i = header.iter().position(|h| h == name).expect("column");
        rows[1][i].clone()
    };
    assert_eq!(
        cell("suggestion"),
        "路灯坏了, 他说\"尽快修\"\r\n第二行\n第三行"
    );
    assert_eq!(cell("age"), "'-5");
    assert_eq!(cell("device"), "'+1 平板");
    assert_eq!(
        cell("zone-Comment"),
        "'=HYPERLINK(\"http://example.invalid\",\"点我\")"
    );
    assert_eq!(cell("zone"), "other");
    assert_eq!(cell("locale"), "zh-TW");
    assert_eq!(cell("createdAt"), "1970-01-01T00:00:00Z");
    // The raw text: one quoted cell with doubled quotes and its line breaks kept inside.
    assert!(csv.contains("\"路灯坏了, 他说\"\"尽快修\"\"\r\n第二行\n第三行\""));
}

#[test]
fn csv_cell_quotes_only_when_needed_and_guards_every_formula_start() {
    assert_eq!(csv_cell("停车难"), "停车难");
    assert_eq!(csv_cell(""), "");
    assert_eq!(csv_cell("a,b"), "\"a,b\"");
    assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_cell("one\ntwo"), "\"one\ntwo\"");
    assert_eq!(csv_cell("one\rtwo"), "\"one\rtwo\"");
    assert_eq!(csv_cell("=1+2"), "'=1+2");
    assert_eq!(csv_cell("+86 138"), "'+86 138");
    assert_eq!(csv_cell("-1"), "'-1");
    assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(csv_cell("\tcmd"), "'\tcmd");
    assert_eq!(csv_cell("\r=1"), "\"'\r=1\"");
    assert_eq!(csv_cell("=A1,B1"), "\"'=A1,B1\"");
    assert_eq!(csv_cell("a=b"), "a=b", "only a leading sign is a formula");
}

#[test]
fn csv_without_a_definition_uses_the_order_names_first_appear() {
    let mut first = Answers::default();
    first.set("b", Some(Answer::Text("1".into())));
    let mut second = Answers::default();
    second.set("a", Some(Answer::Text("2".into())));
    second.set("b", Some(Answer::Text("3".into())));
    let survey_b = definition::parse(
        r#"{"consultation": {"id": "x"}, "elements": [{"type": "text", "name": "b"}, {"type": "text", "name": "a"}]}"#,
    )
    .expect("parses");
    let subs = [
        Submission::new(&survey_b, &first, "1".into(), "en", 0),
        Submission::new(&survey_b, &second, "2".into(), "en", 0),
    ];
    let rows = parse_csv(export_csv(&subs, None).trim_start_matches('\u{FEFF}'));
    assert_eq!(&rows[0][7..], ["b", "a"]);
    assert_eq!(&rows[1][7..], ["1", ""]);
    assert_eq!(&rows[2][7..], ["3", "2"]);

    // With a definition, its questions come first, then names only the submissions know.
    let survey_a = definition::parse(
        r#"{"consultation": {"id": "x"}, "elements": [{"type": "text", "name": "a"}]}"#,
    )
    .expect("parses");
    let rows = parse_csv(export_csv(&subs, Some(&survey_a)).trim_start_matches('\u{FEFF}'));
    assert_eq!(&rows[0][7..], ["a", "b"]);
}

#[test]
fn json_export_is_an_array_of_payloads() {
    let subs = [submission(), tricky_submission()];
    let v = json::parse(&export_json(&subs)).expect("export is JSON");
    let items = v.as_array().expect("an array");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0], subs[0].to_json());
    assert_eq!(items[1], subs[1].to_json());
    assert_eq!(export_json(&[]), "[]");
}

// The payload against docs/submission.schema.json

/// Checks `v` against `schema`, pushing one message per violation. Knows only the keywords the
/// schema uses; any other keyword fails loudly so the schema cannot outgrow the checker.
fn conform(schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let members = schema.as_object().expect("a schema is an object");
    let declared: Vec<&str> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.iter().map(|(k, _)| k.as_str()).collect())
        .unwrap_or_default();
    for (keyword, rule) in members {
        match keyword.as_str() {
            "$schema" | "$id" | "title" | "description" | "format" => {}
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
                    other => other.as_str().into_iter().collect(),
                };
                let is_integer = matches!(v, Value::Number(n) if !n.contains(['.', 'e', 'E']));
                if !types
                    .iter()
                    .any(|t| *t == v.kind() || (*t == "integer" && is_integer))
                {
                    errors.push(format!("{at}: {} is not {types:?}", v.kind()));
                }
            }
            "const" if v != rule => errors.push(format!("{at}: not {}", rule.to_json())),
            "enum" if !rule.as_array().unwrap_or_default().contains(v) => {
                errors.push(format!("{at}: not one of {}", rule.to_json()))
            }
            "required" => {
                for key in rule
                    .as_array()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(Value::as_str)
                {
                    if v.as_object().is_some() && v.get(key).is_none() {
                        errors.push(format!("{at}: {key} missing"));
                    }
                }
            }
            "properties" => {
                for (key, sub) in rule.as_object().unwrap_or_default() {
                    if let Some(member) = v.get(key) {
                        conform(sub, member, &format!("{at}.{key}"), errors);
                    }
                }
            }
            "additionalProperties" => {
                for (key, member) in v.as_object().unwrap_or_default() {
                    if declared.contains(&key.as_str()) {
                        continue;
                    }
                    match rule {
                        Value::Bool(false) => errors.push(format!("{at}: {key} not allowed")),
                        Value::Bool(true) => {}
                        sub => conform(sub, member, &format!("{at}.{key}"), errors),
                    }
                }
            }
            "items" => {
                for (i, item) in v.as_array().unwrap_or_default().iter().enumerate() {
                    conform(rule, item, &format!("{at}[{i}]"), errors);
                }
            }
            "const" | "enum" => {}
            other => panic!("the checker does not know the keyword {other} (at {at})"),
        }
    }
}

/// A matrix (or multipletext) answer: an object of strings.
fn matrix_submission() -> Submission {
    let mut s = submission();
    s.answers.push(answer(
        "satisfaction",
        Answer::fields(vec![
            ("cleaning".into(), "1".into()),
            ("parking".into(), "3".into()),
        ]),
        None,
        None,
    ));
    s
}

fn schema() -> Value {
    json::parse(SCHEMA_JSON).expect("docs/submission.schema.json is JSON")
}

fn violations(payload: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    conform(&schema(), payload, "$", &mut errors);
    errors
}

/// Every optional part present: device, other text, intent, each kind of value.
fn full_payload() -> Value {
    let mut s = submission();
    s.device = Some("kiosk-1".into());
    s.to_json()
}

#[test]
fn schema_is_draft_2020_12_and_names_the_payload_version() {
    let s = schema();
    assert_eq!(
        s.get("$schema").and_then(Value::as_str),
        Some("https://json-schema.org/draft/2020-12/schema")
    );
    let version = s.get("properties").and_then(|p| p.get("schema"));
    assert_eq!(
        version.and_then(|v| v.get("const")).and_then(Value::as_str),
        Some(SCHEMA)
    );
}

#[test]
fn produced_payloads_conform_to_the_schema() {
    let empty = Submission::new(&survey(), &Answers::default(), ID.into(), "en", 0);
    for payload in [
        full_payload(),
        submission().to_json(),
        empty.to_json(),
        tricky_submission().to_json(),
        matrix_submission().to_json(),
    ] {
        assert_eq!(
            violations(&payload),
            Vec::<String>::new(),
            "{}",
            payload.to_json()
        );
    }
}

#[test]
fn schema_documents_every_field_the_payload_has() {
    let keys = |v: &Value| -> Vec<String> {
        let mut k: Vec<String> = v
            .as_object()
            .unwrap_or_default()
            .iter()
            .map(|(k, _)| k.clone())
            .collect();
        k.sort();
        k
    };
    let s = schema();
    let payload = full_payload();
    let props = s.get("properties").expect("properties");
    assert_eq!(keys(props), keys(&payload));
    // Everything but `device` is always there, and the schema requires exactly that.
    let mut required: Vec<String> = s
        .get("required")
        .and_then(Value::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect();
    required.sort();
    let mut always = keys(&submission().to_json());
    always.retain(|k| k != "device");
    assert_eq!(required, always);

    let answer_schema = props
        .get("answers")
        .and_then(|a| a.get("additionalProperties"))
        .and_then(|a| a.get("properties"))
        .expect("answer properties");
    let needs = payload
        .get("answers")
        .and_then(|a| a.get("needs"))
        .expect("needs answer");
    assert_eq!(keys(answer_schema), keys(needs));
}

#[test]
fn the_checker_catches_payloads_that_break_the_schema() {
    let edit = |path: &[&str], new: Option<Value>| {
        fn go(v: &mut Value, path: &[&str], new: Option<Value>) {
            let Value::Object(members) = v else {
                unreachable!("edits walk objects")
            };
            match path {
                [last] => {
                    members.retain(|(k, _)| k != last);
                    if let Some(n) = new {
                        members.push((last.to_string(), n));
                    }
                }
                [first, rest @ ..] => {
                    let (_, child) = members
                        .iter_mut()
                        .find(|(k, _)| k == first)
                        .expect("path exists");
                    go(child, rest, new);
                }
                [] => unreachable!("non-empty path"),
            }
        }
        let mut v = full_payload();
        go(&mut v, path, new);
        v
    };
    let cases = [
        edit(&["schema"], Some(Value::str("yehua.submission/2"))),
        edit(&["createdAt"], None),
        edit(&["createdAtMs"], Some(Value::Number("1.5".into()))),
        edit(&["extra"], Some(Value::Bool(true))),
        edit(
            &["consultation", "version"],
            Some(Value::Number("2".into())),
        ),
        edit(&["answers", "needs", "intent"], Some(Value::str("wish"))),
        edit(
            &["answers", "needs", "value"],
            Some(Value::Array(vec![Value::Null])),
        ),
        edit(
            &["answers", "age", "value"],
            Some(Value::Number("68".into())),
        ),
        edit(&["answers", "age", "value"], None),
        edit(&["answers", "age", "label"], Some(Value::str("年龄"))),
        edit(&["device"], Some(Value::Null)),
    ];
    for payload in cases {
        assert_eq!(violations(&payload).len(), 1, "{}", payload.to_json());
    }
}

/// `Outbox::load` sorts the entries oldest first; the submissions keep that order (no sort of
/// their own) and skip bodies that are not submissions.
#[test]
fn submissions_of_keeps_the_entries_order_and_skips_other_bodies() {
    let stored = |id: &str, at: u64| {
        let mut s = submission();
        s.id = id.into();
        s.created_at_ms = at;
        OutboxEntry::new(id, s.to_json().to_json(), "application/json", at)
    };
    let entries = [
        stored("a1", AT_MS),
        OutboxEntry::new("x", "{}", "application/json", AT_MS + 1),
        stored("b2", AT_MS + 2),
        stored("c3", AT_MS + 3),
    ];
    let ids: Vec<String> = submissions_of(&entries).into_iter().map(|s| s.id).collect();
    assert_eq!(ids, ["a1", "b2", "c3"]);
}
