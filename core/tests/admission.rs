//! Native tests of `admission::admit`, the receiving end's check of a `yehua.submission/1`
//! payload against its consultation's definition: what the widget writes is admitted unchanged,
//! and each way a payload can break the schema or not fit the definition is named with its path.
//!
//! Owns: the evidence that the collector's 400/422 reasons come from one reading shared with the
//! widget. Must not: read the clock or generate randomness.

use yehua_core::admission::{admit, Misfit};
use yehua_core::answer::{Answer, Answers};
use yehua_core::definition::{self, Survey};
use yehua_core::json::{self, Value};
use yehua_core::submission::Submission;

const SURVEY: &str = include_str!("fixtures/submission.json");
const ID: &str = "0123456789abcdef0123456789abcdef";

fn survey() -> Survey {
    definition::parse(SURVEY).expect("fixture parses")
}

/// Every kind of answer the fixture has, as the widget writes it.
fn written() -> String {
    let mut a = Answers::default();
    a.set("zone", Some(Answer::Choice("grid_2".into())));
    a.set(
        "needs",
        Some(Answer::Choices(vec![
            "elevator_retrofit".into(),
            "other".into(),
        ])),
    );
    a.set_other("needs", "楼道灯".into());
    a.set("volunteer", Some(Answer::Bool(true)));
    a.set("suggestion", Some(Answer::Text("路灯 ' OR 1=1 --".into())));
    a.set("age", Some(Answer::Text("６８".into())));
    a.set("urgency", Some(Answer::Choice("4".into())));
    let mut s = Submission::new(&survey(), &a, ID.into(), "zh-TW", 1_795_680_357_250);
    s.device = Some("kiosk-1".into());
    s.to_json().to_json()
}

fn check(text: &str) -> Result<Submission, Misfit> {
    admit(
        &survey(),
        &json::parse(text).expect("test payloads are JSON"),
    )
}

#[test]
fn what_the_widget_writes_is_admitted_and_reads_back_the_same() {
    let text = written();
    let s = check(&text).expect("admitted");
    assert_eq!(s.to_json().to_json(), text);
    assert_eq!(s.answers.len(), 6);
}

#[test]
fn schema_breaks_are_malformed_with_their_path() {
    let good = written();
    let cases = [
        (
            good.replace("yehua.submission/1", "yehua.submission/9"),
            "schema",
        ),
        (good.replacen("{", "{\"extra\":true,", 1), "extra"),
        (good.replace(&format!("\"{ID}\""), "42"), "id"),
        (good.replace(&format!("\"{ID}\""), "\"  \""), "id"),
        (
            good.replace("\"createdAtMs\":1795680357250", "\"createdAtMs\":-1"),
            "createdAtMs",
        ),
        (
            good.replace("\"device\":\"kiosk-1\"", "\"device\":7"),
            "device",
        ),
        (
            good.replace("\"locale\":\"zh-TW\"", "\"locale\":null"),
            "locale",
        ),
        (
            good.replace("\"value\":\"grid_2\"", "\"value\":{\"a\":1}"),
            "answers.zone.value",
        ),
        (
            good.replace("\"value\":\"grid_2\"", "\"value\":\"grid_2\",\"score\":1"),
            "answers.zone.score",
        ),
        (
            good.replace("\"other\":\"楼道灯\"", "\"other\":[]"),
            "answers.needs.other",
        ),
        (
            good.replace("\"intent\":\"need\"", "\"intent\":\"want\""),
            "answers.needs.intent",
        ),
        (
            good.replace("\"version\":\"2\"", "\"version\":\"2\",\"x\":1"),
            "consultation.x",
        ),
    ];
    for (text, path) in cases {
        assert_ne!(text, good, "the case for {path} changes the payload");
        match check(&text) {
            Err(m @ Misfit::Malformed { .. }) => {
                assert!(m.is_malformed());
                assert!(m.to_string().starts_with(path), "{m} should name {path}");
            }
            other => panic!("{path}: {other:?}"),
        }
    }
    assert!(matches!(
        admit(&survey(), &Value::Array(Vec::new())),
        Err(Misfit::Malformed { .. })
    ));
}

#[test]
fn answers_that_do_not_fit_the_definition_are_named() {
    let good = written();
    let cases: [(String, Misfit); 7] = [
        (
            good.replace("\"answers\":{", "\"answers\":{\"ghost\":{\"value\":\"x\"},"),
            Misfit::UnknownQuestion {
                name: "ghost".into(),
            },
        ),
        (
            good.replace("\"value\":true", "\"value\":\"true\""),
            Misfit::WrongKind {
                name: "volunteer".into(),
                expected: "true or false",
                found: "string",
            },
        ),
        (
            good.replace("\"value\":\"grid_2\"", "\"value\":[\"grid_2\"]"),
            Misfit::WrongKind {
                name: "zone".into(),
                expected: "one choice",
                found: "array",
            },
        ),
        (
            good.replace("elevator_retrofit", "moon_base"),
            Misfit::NotAChoice {
                name: "needs".into(),
                value: "moon_base".into(),
            },
        ),
        (
            good.replace("\"value\":\"4\"", "\"value\":\"9\""),
            Misfit::NotAChoice {
                name: "urgency".into(),
                value: "9".into(),
            },
        ),
        (
            good.replace("\"intent\":\"need\"", "\"intent\":\"skill\""),
            Misfit::WrongIntent {
                name: "needs".into(),
                expected: "need",
                found: "skill".into(),
            },
        ),
        (
            good.replace("\"id\":\"heping-yehua-2026-12\"", "\"id\":\"elsewhere\""),
            Misfit::WrongConsultation {
                expected: "heping-yehua-2026-12".into(),
                found: "elsewhere".into(),
            },
        ),
    ];
    for (text, expected) in cases {
        assert_ne!(text, good, "the case for {expected} changes the payload");
        assert_eq!(check(&text).err(), Some(expected.clone()));
        assert!(!expected.is_malformed());
    }
    let other_version = good.replace("\"version\":\"2\"", "\"version\":\"3\"");
    assert!(matches!(
        check(&other_version),
        Err(Misfit::WrongVersion { .. })
    ));
}

#[test]
fn a_text_longer_than_max_length_is_refused() {
    let survey = definition::parse(
        r#"{"consultation":{"id":"c","version":"1"},
            "elements":[{"type":"comment","name":"s","maxLength":5}]}"#,
    )
    .expect("parses");
    let payload = |text: &str| {
        json::parse(&format!(
            r#"{{"schema":"yehua.submission/1","id":"a1","consultation":{{"id":"c","version":"1"}},"locale":"en","createdAt":"2026-11-26T08:05:57Z","createdAtMs":1,"answers":{{"s":{{"value":"{text}"}}}}}}"#
        ))
        .expect("JSON")
    };
    assert!(admit(&survey, &payload("五个字正好")).is_ok());
    assert_eq!(
        admit(&survey, &payload("六个字多一个")).err(),
        Some(Misfit::TooLong {
            name: "s".into(),
            length: 6,
            max: 5,
        })
    );
}
