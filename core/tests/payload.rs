//! Native tests of what leaves the device (core/src/payload.rs): `encode` for each endpoint
//! format (json passes the stored payload through; form fields as an HTML form would send them;
//! Open311 GeoReport v2 fields), the percent-encoding, and `Endpoint::from_json` (string or
//! object, format, headers, timeout clamped below the outbox lease, Open311 mapping).
//!
//! Owns: the evidence that the three formats carry every answer, that nothing a resident wrote
//! is mangled on the way (Chinese, spaces, `&`, `=`, `+`), and that a stored text which is not a
//! `yehua.submission/1` payload is refused (None: the transport then holds it for staff).
//! Must not: read the clock or generate randomness (ids and times are fixed here).

mod common;
use common::answer;
use yehua_core::answer::Answer;
use yehua_core::definition::Intent;
use yehua_core::json::{self, Value};
use yehua_core::payload::{encode, form_urlencode, Endpoint, Format, DEFAULT_TIMEOUT_MS};
use yehua_core::submission::Submission;

const ID: &str = "0123456789abcdef0123456789abcdef";
/// 2026-11-26T08:05:57.250Z
const AT_MS: u64 = 1_795_680_357_250;

/// A submission with every kind of answer, an "other" text, all three intents and text that
/// needs percent-encoding.
fn submission() -> Submission {
    Submission {
        id: ID.into(),
        consultation_id: "heping-yehua-2026-12".into(),
        consultation_version: "2".into(),
        locale: "zh-CN".into(),
        created_at_ms: AT_MS,
        device: Some("前台 平板 1".into()),
        answers: vec![
            answer("zone", Answer::Text("grid_2".into()), None, None),
            answer(
                "needs",
                Answer::Choices(vec![
                    "parking".into(),
                    "other".into(),
                    "elevator_retrofit".into(),
                ]),
                Some("楼道灯 & 电梯"),
                Some(Intent::Need),
            ),
            answer("volunteer", Answer::Bool(true), None, Some(Intent::Skill)),
            answer(
                "suggestion",
                Answer::Text("3 号楼前的路灯坏了 a+b=c & d".into()),
                None,
                Some(Intent::Suggestion),
            ),
            answer("age", Answer::Text("68".into()), None, None),
        ],
    }
}

fn stored(s: &Submission) -> String {
    s.to_json().to_json()
}

fn endpoint(format: Format) -> Endpoint {
    Endpoint {
        format,
        ..Endpoint::new("https://jiedao.example.cn/api/yehua")
    }
}

fn endpoint_from(text: &str) -> Option<Endpoint> {
    Endpoint::from_json(&json::parse(text).expect("test JSON parses"))
}

/// A strict `application/x-www-form-urlencoded` decoder (as a server would parse the body):
/// fails on any byte that a browser would have percent-encoded.
fn decode_form(body: &str) -> Vec<(String, String)> {
    fn dec(s: &str) -> String {
        let b = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("two hex digits");
                    assert!(
                        hex.bytes()
                            .all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(&c)),
                        "upper-case hex escape, got %{hex}"
                    );
                    out.push(u8::from_str_radix(hex, 16).expect("hex"));
                    i += 2;
                }
                c @ (b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_') => {
                    out.push(c)
                }
                c => panic!(
                    "byte {:?} should have been percent-encoded in {s:?}",
                    c as char
                ),
            }
            i += 1;
        }
        String::from_utf8(out).expect("UTF-8")
    }
    if body.is_empty() {
        return Vec::new();
    }
    body.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("every field has '='");
            (dec(k), dec(v))
        })
        .collect()
}

fn values<'a>(fields: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn one<'a>(fields: &'a [(String, String)], key: &str) -> &'a str {
    let v = values(fields, key);
    assert_eq!(v.len(), 1, "exactly one `{key}` field in {fields:?}");
    v[0]
}

// --- json ---------------------------------------------------------------------------------

#[test]
fn json_passes_the_stored_payload_through_unchanged() {
    let text = stored(&submission());
    let body = encode(&endpoint(Format::Json), &text).expect("json body");
    assert_eq!(
        body, text,
        "byte for byte: the endpoint gets exactly what was stored"
    );
    let v = json::parse(&body).expect("valid JSON");
    assert_eq!(
        v.get("schema").and_then(Value::as_str),
        Some("yehua.submission/1")
    );
    assert_eq!(v.get("id").and_then(Value::as_str), Some(ID));
    assert_eq!(Format::Json.content_type(), "application/json");
    assert_eq!(Format::default(), Format::Json);
}

#[test]
fn json_does_not_reencode_or_validate_what_was_stored() {
    // The json format is a pass-through: whatever the UI stored is what is sent (stored
    // payloads are written by Submission::to_json only). Documented here so that a change to
    // this rule is a conscious one.
    let odd = r#"{"schema":"yehua.submission/1","id":"x","answers":{"a":{"value":"\u2028"}}}"#;
    assert_eq!(encode(&endpoint(Format::Json), odd).as_deref(), Some(odd));
}

// --- form ---------------------------------------------------------------------------------

#[test]
fn form_has_the_envelope_fields_then_every_answer_in_order() {
    let body = encode(&endpoint(Format::Form), &stored(&submission())).expect("form body");
    let f = decode_form(&body);
    let keys: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "submission_id",
            "consultation_id",
            "consultation_version",
            "locale",
            "created_at",
            "device",
            "zone",
            "needs",
            "needs",
            "needs",
            "needs-Comment",
            "volunteer",
            "suggestion",
            "age",
        ]
    );
    assert_eq!(one(&f, "submission_id"), ID);
    assert_eq!(one(&f, "consultation_id"), "heping-yehua-2026-12");
    assert_eq!(one(&f, "consultation_version"), "2");
    assert_eq!(one(&f, "locale"), "zh-CN");
    assert_eq!(one(&f, "created_at"), "2026-11-26T08:05:57Z");
    assert_eq!(one(&f, "device"), "前台 平板 1");
    assert_eq!(one(&f, "zone"), "grid_2");
    assert_eq!(one(&f, "volunteer"), "true");
    assert_eq!(one(&f, "age"), "68");
    assert_eq!(
        Format::Form.content_type(),
        "application/x-www-form-urlencoded;charset=UTF-8"
    );
}

#[test]
fn form_repeats_the_key_for_each_checkbox_value_and_adds_the_other_text_as_comment() {
    let body = encode(&endpoint(Format::Form), &stored(&submission())).unwrap();
    let f = decode_form(&body);
    assert_eq!(
        values(&f, "needs"),
        ["parking", "other", "elevator_retrofit"],
        "order chosen"
    );
    assert_eq!(one(&f, "needs-Comment"), "楼道灯 & 电梯");
    assert!(body.contains("needs=parking&needs=other&needs=elevator_retrofit&needs-Comment="));
}

#[test]
fn form_percent_encodes_chinese_space_and_the_separators() {
    let body = encode(&endpoint(Format::Form), &stored(&submission())).unwrap();
    // 3 号楼前的路灯坏了 a+b=c & d
    assert!(
        body.contains(
            "&suggestion=3+%E5%8F%B7%E6%A5%BC%E5%89%8D%E7%9A%84%E8%B7%AF%E7%81%AF%E5%9D%8F%E4%BA%86+a%2Bb%3Dc+%26+d&"
        ),
        "{body}"
    );
    assert_eq!(
        one(&decode_form(&body), "suggestion"),
        "3 号楼前的路灯坏了 a+b=c & d"
    );
    // decode_form panics on any byte a browser would have escaped: none is left raw
    assert_eq!(decode_form(&body).len(), 14);
}

#[test]
fn form_urlencode_matches_what_browsers_write() {
    let fields = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(form_urlencode(&[]), "");
    assert_eq!(form_urlencode(&fields(&[("a", "")])), "a=");
    assert_eq!(
        form_urlencode(&fields(&[("a b", "c&d=e+f"), ("x", "y")])),
        "a+b=c%26d%3De%2Bf&x=y"
    );
    // The application/x-www-form-urlencoded byte set: only ALPHA DIGIT * - . _ stay as they are.
    assert_eq!(
        form_urlencode(&fields(&[("k", "*-._~!'()/?#%\"\n")])),
        "k=*-._%7E%21%27%28%29%2F%3F%23%25%22%0A"
    );
    assert_eq!(
        form_urlencode(&fields(&[("意见", "好")])),
        "%E6%84%8F%E8%A7%81=%E5%A5%BD"
    );
    // 4-byte UTF-8 (emoji) and a round trip through the strict decoder
    let tricky = "😀 é 〇 \t+%";
    let body = form_urlencode(&fields(&[("t", tricky)]));
    assert_eq!(decode_form(&body), fields(&[("t", tricky)]));
}

#[test]
fn form_leaves_out_device_when_none_and_keeps_empty_answers_as_empty_fields() {
    let mut s = submission();
    s.device = None;
    s.answers = vec![
        answer("empty", Answer::Text(String::new()), None, None),
        answer("none", Answer::Choices(vec![]), None, None),
        answer("no", Answer::Bool(false), None, None),
    ];
    let f = decode_form(&encode(&endpoint(Format::Form), &stored(&s)).unwrap());
    assert!(values(&f, "device").is_empty());
    assert_eq!(values(&f, "empty"), [""]);
    assert!(
        values(&f, "none").is_empty(),
        "no checkbox value: no field (as an HTML form)"
    );
    assert_eq!(values(&f, "no"), ["false"]);
}

// --- open311 ------------------------------------------------------------------------------

fn open311(config: &str) -> Endpoint {
    endpoint_from(config).expect("endpoint config")
}

#[test]
fn open311_fields_service_code_description_attributes() {
    let e = open311(
        r#"{"url": "https://311.example/requests.json", "format": "open311",
            "open311": {"serviceCodes": {"suggestion": "S-100", "need": "N-200", "skill": "K-300"},
                        "jurisdictionId": "heping.tianjin"}}"#,
    );
    let body = encode(&e, &stored(&submission())).expect("open311 body");
    let f = decode_form(&body);
    let keys: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "service_code",
            "jurisdiction_id",
            "description",
            "attribute[yehua_submission_id]",
            "attribute[yehua_consultation]",
            "attribute[zone]",
            "attribute[needs]",
            "attribute[needs-Comment]",
            "attribute[volunteer]",
            "attribute[suggestion]",
            "attribute[age]",
        ]
    );
    assert_eq!(one(&f, "service_code"), "S-100", "a suggestion comes first");
    assert_eq!(one(&f, "jurisdiction_id"), "heping.tianjin");
    assert_eq!(one(&f, "description"), "3 号楼前的路灯坏了 a+b=c & d");
    assert_eq!(one(&f, "attribute[yehua_submission_id]"), ID);
    assert_eq!(
        one(&f, "attribute[yehua_consultation]"),
        "heping-yehua-2026-12"
    );
    assert_eq!(
        one(&f, "attribute[needs]"),
        "parking; other; elevator_retrofit"
    );
    assert_eq!(one(&f, "attribute[needs-Comment]"), "楼道灯 & 电梯");
    assert_eq!(one(&f, "attribute[volunteer]"), "true");
    // brackets are percent-encoded, as a browser form would
    assert!(body.contains("&attribute%5Byehua_submission_id%5D=0123456789abcdef0123456789abcdef&"));
}

#[test]
fn open311_service_code_from_the_configured_question_wins() {
    let mut s = submission();
    s.answers.push(answer(
        "category",
        Answer::Text("street light".into()),
        None,
        None,
    ));
    let e = open311(
        r#"{"url": "https://311.example/", "format": "open311",
            "open311": {"serviceCodes": {"suggestion": "S-100"}, "serviceCodeQuestion": "category"}}"#,
    );
    let f = decode_form(&encode(&e, &stored(&s)).unwrap());
    assert_eq!(one(&f, "service_code"), "street light");
    assert!(
        values(&f, "jurisdiction_id").is_empty(),
        "only when configured"
    );

    // the question configured but not answered: back to the intents
    let f = decode_form(&encode(&e, &stored(&submission())).unwrap());
    assert_eq!(one(&f, "service_code"), "S-100");
}

#[test]
fn open311_service_code_by_intent_suggestion_then_need_then_skill_else_yehua() {
    let codes = r#"{"suggestion": "S", "need": "N", "skill": "K"}"#;
    let e = open311(&format!(
        r#"{{"url": "https://311.example/", "format": "open311", "open311": {{"serviceCodes": {codes}}}}}"#
    ));
    let with_intents = |intents: &[Intent]| {
        let mut s = submission();
        s.answers = intents
            .iter()
            .enumerate()
            .map(|(i, it)| {
                answer(
                    &format!("q{i}"),
                    Answer::Text(format!("t{i}")),
                    None,
                    Some(*it),
                )
            })
            .collect();
        let f = decode_form(&encode(&e, &stored(&s)).unwrap());
        one(&f, "service_code").to_string()
    };
    assert_eq!(
        with_intents(&[Intent::Skill, Intent::Need, Intent::Suggestion]),
        "S"
    );
    assert_eq!(with_intents(&[Intent::Skill, Intent::Need]), "N");
    assert_eq!(with_intents(&[Intent::Skill]), "K");
    assert_eq!(with_intents(&[]), "yehua");

    // an intent without a configured code is skipped, not answered with "yehua"
    let only_need = open311(
        r#"{"url": "https://311.example/", "format": "open311", "open311": {"serviceCodes": {"need": "N"}}}"#,
    );
    let f = decode_form(&encode(&only_need, &stored(&submission())).unwrap());
    assert_eq!(one(&f, "service_code"), "N");

    // no open311 block at all
    let f = decode_form(&encode(&endpoint(Format::Open311), &stored(&submission())).unwrap());
    assert_eq!(one(&f, "service_code"), "yehua");
}

#[test]
fn open311_description_joins_suggestions_else_summarises_the_answers() {
    let mut s = submission();
    s.answers.push(answer(
        "more",
        Answer::Text("第二条\n建议".into()),
        None,
        Some(Intent::Suggestion),
    ));
    s.answers.push(answer(
        "blank",
        Answer::Text("   ".into()),
        None,
        Some(Intent::Suggestion),
    ));
    let e = endpoint(Format::Open311);
    let f = decode_form(&encode(&e, &stored(&s)).unwrap());
    assert_eq!(
        one(&f, "description"),
        "3 号楼前的路灯坏了 a+b=c & d\n第二条\n建议"
    );

    s.answers.retain(|a| a.intent != Some(Intent::Suggestion));
    let f = decode_form(&encode(&e, &stored(&s)).unwrap());
    assert_eq!(
        one(&f, "description"),
        "zone: grid_2\nneeds: parking; other; elevator_retrofit\nvolunteer: true\nage: 68"
    );
}

// --- not a submission ---------------------------------------------------------------------

#[test]
fn a_stored_text_that_is_not_a_submission_is_refused_by_form_and_open311() {
    let s = stored(&submission());
    let cases = [
        "".to_string(),
        "not json".to_string(),
        "[]".to_string(),
        r#"{"id": "x"}"#.to_string(),
        s.replace("yehua.submission/1", "yehua.submission/2"),
        s.replace("\"consultation\"", "\"consultaton\""),
        s.replace("\"answers\"", "\"answerz\""),
        s.replace(&format!("\"id\":\"{ID}\""), "\"id\":7"),
        s[..s.len() - 1].to_string(), // truncated
    ];
    for text in &cases {
        for format in [Format::Form, Format::Open311] {
            assert_eq!(encode(&endpoint(format), text), None, "{format:?}: {text}");
        }
    }
}

// --- Endpoint::from_json ------------------------------------------------------------------

#[test]
fn endpoint_from_a_string_has_the_defaults() {
    let e = endpoint_from(r#""https://jiedao.example.cn/api""#).expect("endpoint");
    assert_eq!(e, Endpoint::new("https://jiedao.example.cn/api"));
    assert_eq!(e.format, Format::Json);
    assert_eq!(e.timeout_ms, DEFAULT_TIMEOUT_MS);
    assert_eq!(DEFAULT_TIMEOUT_MS, 15_000);
    assert!(e.headers.is_empty() && e.service_codes.is_empty());
    assert_eq!(endpoint_from(r#""""#), None);
    assert_eq!(endpoint_from(r#""   ""#), None);
}

#[test]
fn endpoint_from_an_object_reads_every_key() {
    let e = endpoint_from(
        r#"{"url": " https://311.example/requests.json ", "format": "OPEN311",
            "headers": {"X-Api-Key": "k-1", "X-Count": 3, "Authorization": "Bearer t"},
            "timeoutMs": 8000,
            "open311": {"serviceCodes": {"need": "N-1", "suggestion": "S-1", "wish": "W"},
                        "serviceCodeQuestion": "category", "jurisdictionId": "heping"}}"#,
    )
    .expect("endpoint");
    assert_eq!(e.url, "https://311.example/requests.json", "trimmed");
    assert_eq!(e.format, Format::Open311, "format is case-insensitive");
    assert_eq!(
        e.headers,
        [
            ("X-Api-Key".to_string(), "k-1".to_string()),
            ("Authorization".to_string(), "Bearer t".to_string()),
        ],
        "string header values only, in order"
    );
    assert_eq!(e.timeout_ms, 8000);
    assert_eq!(
        e.service_codes,
        [
            (Intent::Need, "N-1".to_string()),
            (Intent::Suggestion, "S-1".to_string())
        ],
        "unknown intents are skipped"
    );
    assert_eq!(e.service_code_question.as_deref(), Some("category"));
    assert_eq!(e.jurisdiction_id.as_deref(), Some("heping"));
}

#[test]
fn endpoint_timeout_is_clamped_below_the_outbox_lease() {
    let timeout = |t: &str| {
        endpoint_from(&format!(
            r#"{{"url": "https://a.example/", "timeoutMs": {t}}}"#
        ))
        .unwrap()
        .timeout_ms
    };
    assert_eq!(timeout("2000"), 2000);
    assert_eq!(timeout("1000"), 1000);
    assert_eq!(timeout("25000"), 25_000);
    assert_eq!(timeout("25001"), 25_000);
    assert_eq!(timeout("600000"), 25_000);
    assert_eq!(timeout("18446744073709551615"), 25_000);
    const {
        assert!(
            25_000 < yehua_core::outbox::CLAIM_MS,
            "a send ends before its lease does"
        )
    };
    // too small, negative, fractional or not a number: the default
    for t in [
        "999", "0", "-5", "2500.5", "3e3", "\"5000\"", "null", "true",
    ] {
        assert_eq!(timeout(t), DEFAULT_TIMEOUT_MS, "timeoutMs {t}");
    }
}

#[test]
fn endpoint_unknown_format_or_missing_keys_keep_the_defaults() {
    let e = endpoint_from(
        r#"{"url": "https://a.example/", "format": "xml", "headers": "x", "open311": 5}"#,
    )
    .expect("endpoint");
    assert_eq!(e, Endpoint::new("https://a.example/"));
    for f in ["json", "form", "open311", " Form "] {
        let e = endpoint_from(&format!(
            r#"{{"url": "https://a.example/", "format": "{f}"}}"#
        ))
        .unwrap();
        assert_eq!(Some(e.format), Format::parse(f), "{f}");
    }
    assert_eq!(Format::parse("json"), Some(Format::Json));
    assert_eq!(Format::parse(" Form "), Some(Format::Form));
    assert_eq!(Format::parse("open311"), Some(Format::Open311));
    assert_eq!(Format::parse("xml"), None);
}

#[test]
fn endpoint_without_a_usable_url_is_none() {
    for text in [
        r#"{}"#,
        r#"{"url": ""}"#,
        r#"{"url": "   "}"#,
        r#"{"url": 5}"#,
        r#"{"href": "https://a.example/"}"#,
        r#"null"#,
        r#"42"#,
        r#"["https://a.example/"]"#,
        r#"true"#,
    ] {
        assert_eq!(endpoint_from(text), None, "{text}");
    }
}
