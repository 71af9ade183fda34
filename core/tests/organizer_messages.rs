//! Native tests of what organizers are told about their definitions (`core::check`): a typing
//! slip in `type` is an error with a suggestion, a SurveyJS type Yehua does not read is a
//! warning, a missing `type` is called missing; every message is translated in full in zh-CN,
//! zh-TW and en, places are counted from 1, and a message about a question names its title.
//!
//! Owns: the evidence that organizers get precise, translated messages. Must not: touch the
//! browser (what residents see of a broken definition is an end-to-end test).

use yehua_core::check::{self, location, Severity};
use yehua_core::definition::{self, DefinitionError, Expected};
use yehua_core::i18n::{self, Locale, Msg};

fn error(text: &str) -> DefinitionError {
    match definition::parse(text) {
        Ok(_) => panic!("should fail: {text}"),
        Err(e) => e,
    }
}

fn one_element(element: &str) -> String {
    format!(r#"{{ "consultation": {{"id": "t"}}, "elements": [ {element} ] }}"#)
}

#[test]
fn a_type_close_to_a_known_one_is_an_error_with_the_suggestion() {
    for (typed, meant) in [
        ("radiogrup", "radiogroup"),
        ("chekbox", "checkbox"),
        ("dropdwon", "dropdown"),
        ("commment", "comment"),
        ("boolan", "boolean"),
        ("txet", "text"),
        ("matirx", "matrix"),
        ("textarea", "comment"),
        ("select", "dropdown"),
    ] {
        let e = error(&one_element(&format!(
            r#"{{ "type": "{typed}", "name": "q", "choices": ["a"] }}"#
        )));
        assert_eq!(
            e,
            DefinitionError::UnknownType {
                path: "elements[0].type".into(),
                found: typed.into(),
                suggestion: meant,
            }
        );
        let zh = check::error_message(&e, Locale::ZhCn);
        assert!(zh.contains(typed) && zh.contains(meant), "{zh}");
        assert!(check::error_message(&e, Locale::En).contains(&format!("did you mean {meant}?")));
    }
}

#[test]
fn type_names_are_read_without_regard_to_case_as_surveyjs_does() {
    let s = definition::parse(&one_element(
        r#"{ "type": "RadioGroup", "name": "q", "choices": ["a"] }"#,
    ))
    .expect("parses");
    assert_eq!(s.questions().len(), 1);
}

#[test]
fn surveyjs_types_yehua_does_not_read_and_unknown_far_ones_stay_warnings() {
    let s = definition::parse(&one_element(
        r#"{ "type": "text", "name": "a" },
           { "type": "matrixdynamic", "name": "grid" },
           { "type": "signaturepad", "name": "sign" },
           { "type": "my-custom-widget", "name": "custom" }"#,
    ))
    .expect("parses");
    let msgs: Vec<(String, Msg)> = s.warnings.iter().map(|w| (w.path.clone(), w.msg)).collect();
    assert_eq!(
        msgs,
        [
            ("elements[1]".into(), Msg::WarnUnsupportedType),
            ("elements[2]".into(), Msg::WarnUnsupportedType),
            ("elements[3]".into(), Msg::WarnNotSurveyJsType),
        ]
    );
    assert!(s.warnings[0]
        .message(Locale::ZhCn)
        .contains("matrixdynamic"));
}

#[test]
fn a_missing_type_is_reported_as_missing() {
    for element in [
        r#"{ "name": "q" }"#,
        r#"{ "name": "q", "type": "" }"#,
        r#"{ "name": "q", "type": null }"#,
    ] {
        let e = error(&one_element(element));
        assert_eq!(
            e,
            DefinitionError::MissingType {
                path: "elements[0].type".into()
            },
            "{element}"
        );
        assert_eq!(
            check::error_message(&e, Locale::ZhCn),
            "缺少元素类型（type）"
        );
    }
    // A type that is not text at all is a wrong value, named as such.
    let e = error(&one_element(r#"{ "name": "q", "type": 7 }"#));
    assert_eq!(
        e,
        DefinitionError::BadValue {
            path: "elements[0].type".into(),
            expected: Expected::TypeName
        }
    );
}

/// Definitions that fail in every way `definition` knows.
const BROKEN: &[&str] = &[
    "{ not json",
    "[]",
    r#"{ "elements": [] }"#,
    r#"{ "elements": [ { "type": "text", "name": "a" }, { "type": "text", "name": "a" } ] }"#,
    r#"{ "elements": [ { "type": "text", "name": "a", "visibleIf": "{b} = 'x" } ] }"#,
    r#"{ "elements": [ { "type": "text", "name": "a", "isRequired": "yes" } ] }"#,
    r#"{ "elements": [ { "type": "text", "name": "a", "title": ["x"] } ] }"#,
    r#"{ "elements": [ { "type": "text", "name": "a", "maxLength": "5" } ] }"#,
    r#"{ "elements": [ { "type": "text", "name": "a", "min": true } ] }"#,
    r#"{ "elements": [ { "type": "text", "name": "a", "visibleIf": 3 } ] }"#,
    r#"{ "elements": [ { "type": "text", "name": "a", "intent": "wish" } ] }"#,
    r#"{ "elements": [ { "name": "a", "type": 7 } ] }"#,
    r#"{ "pages": {} }"#,
    r#"{ "consultation": [], "elements": [ { "type": "text", "name": "a" } ] }"#,
    r#"{ "elements": [ { "type": "radiogroup", "name": "a", "choices": "x, y" } ] }"#,
    r#"{ "elements": [ { "type": "rating", "name": "a", "rateMin": 5, "rateMax": 1 } ] }"#,
    r#"{ "elements": [ { "name": "a" } ] }"#,
    r#"{ "elements": [ { "type": "radiogrup", "name": "a" } ] }"#,
    r#"{ "elements": [ { "type": "radiogroup", "name": "a", "choicesFromQuestion": "b" } ] }"#,
    r#"{ "elements": [ { "type": "radiogroup", "name": "a", "choicesFromQuestion": "x", "choicesFromQuestionMode": "some" } ] }"#,
    r#"{ "elements": [ { "type": "radiogroup", "name": "a", "choicesFromQuestion": 1 } ] }"#,
    r#"{ "elements": [ { "type": "checkbox", "name": "a" } ] }"#,
    r#"{ "elements": [ { "type": "dropdown", "name": "a", "choicesMin": 1, "choicesMax": 9, "choicesStep": 0 } ] }"#,
];

/// The identifiers a Chinese message may carry as they are: JSON keys and values organizers
/// write, and names.
const IDENTIFIERS: &[&str] = &[
    "JSON",
    "pages",
    "elements",
    "questions",
    "type",
    "choices",
    "choicesFromQuestion",
    "rateMin",
    "rateMax",
    "rateStep",
    "rateValues",
    "true",
    "false",
    "need",
    "skill",
    "suggestion",
    "all",
    "selected",
    "unselected",
    "default",
    "en",
    "zh",
    "TW",
    "radiogroup",
    "dropdown",
    "consultation",
    "id",
    "inputType",
    "SurveyJS",
    "name",
];

fn english_words(message: &str, definition: &str) -> Vec<String> {
    message
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .filter(|w| !IDENTIFIERS.contains(w) && !definition.contains(*w))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_error_is_translated_in_full() {
    for text in BROKEN {
        let e = error(text);
        for locale in [Locale::ZhCn, Locale::ZhTw] {
            let d = check::messages(text, locale);
            assert_eq!(d.len(), 1, "{text}");
            assert_eq!(d[0].severity, Severity::Error);
            let line = d[0].to_string();
            assert!(
                english_words(&line, text).is_empty(),
                "{locale:?}: {line} (English words {:?}) for {text}",
                english_words(&line, text)
            );
        }
        let en = check::error_message(&e, Locale::En);
        assert!(
            !en.chars().any(|c| ('\u{3000}'..='\u{9fff}').contains(&c)),
            "{en}"
        );
    }
}

#[test]
fn every_warning_and_expected_value_is_translated_in_full() {
    let text = r#"{ "pages": [ { "name": "p", "bogus": 1, "elements": [
            { "type": "text", "title": "无名" },
            { "type": "text", "name": "d", "inputType": "color" },
            { "type": "signaturepad", "name": "s" },
            { "type": "widget-x", "name": "w" },
            { "type": "radiogroup", "name": "r", "choices": ["a"], "choicesMin": 1 },
            { "type": "panel", "name": "pn", "elements": [], "questions": [] }
        ] } ], "elements": [], "triggers": [] }"#;
    let all = check::messages(text, Locale::ZhCn);
    assert!(all.len() >= 8, "{all:#?}");
    for locale in [Locale::ZhCn, Locale::ZhTw] {
        for d in check::messages(text, locale) {
            assert_eq!(d.severity, Severity::Warning);
            let line = d.to_string();
            assert!(english_words(&line, text).is_empty(), "{locale:?}: {line}");
        }
    }
    for expected in [
        Expected::Text,
        Expected::Bool,
        Expected::WholeNumber,
        Expected::Number,
        Expected::Array,
        Expected::Object,
        Expected::Expression,
        Expected::Intent,
        Expected::TypeName,
        Expected::FromMode,
        Expected::QuestionName,
    ] {
        for locale in [Locale::ZhCn, Locale::ZhTw] {
            let m = i18n::text(locale, expected.msg());
            assert!(english_words(m, "").is_empty(), "{m}");
        }
    }
}

#[test]
fn places_count_from_one() {
    assert_eq!(
        location("pages[0].elements[2].choices[1]", Locale::ZhCn),
        "第 1 页，第 3 个元素，choices 第 2 项"
    );
    assert_eq!(
        location("pages[0].elements[2].choices[1]", Locale::ZhTw),
        "第 1 頁，第 3 個元素，choices 第 2 項"
    );
    assert_eq!(
        location("pages[1].questions[0].visibleIf", Locale::En),
        "page 2, element 1, visibleIf"
    );
    assert_eq!(location("", Locale::En), "");
    // The position in a condition, too: the quote opens at character 7 of "{b} = 'x".
    let d = &check::messages(BROKEN[4], Locale::ZhCn)[0];
    assert!(d.message.contains("第 7 个字符"), "{}", d.message);
    assert_eq!(d.path, "elements[0].visibleIf");
    assert_eq!(d.location, "第 1 个元素，visibleIf");
}

#[test]
fn a_message_about_a_question_names_its_title() {
    let text = r#"{ "pages": [ {}, { "elements": [
        { "type": "panel", "name": "box", "elements": [
            { "type": "text", "name": "plate", "title": { "default": "车牌号", "en": "Plate" },
              "isRequired": "yes" }
        ] }
    ] } ] }"#;
    let d = &check::messages(text, Locale::ZhCn)[0];
    assert_eq!(d.question, Some(("plate".into(), "车牌号".into())));
    assert_eq!(
        d.to_string(),
        "第 2 页，第 1 个元素，第 1 个元素，isRequired，问题“车牌号”（plate）：属性值类型不对：需要 true 或 false"
    );
    let en = &check::messages(text, Locale::En)[0];
    assert_eq!(en.question, Some(("plate".into(), "Plate".into())));
    assert!(
        en.to_string().contains("question \"Plate\" (plate): "),
        "{en}"
    );
    // A warning about a question names it too; one about the whole definition does not.
    let w = check::messages(
        r#"{ "elements": [ { "type": "text", "name": "q", "title": "您的需求", "inputType": "color" } ], "bogus": 1 }"#,
        Locale::ZhCn,
    );
    assert_eq!(w.len(), 3, "{w:#?}");
    let input = w
        .iter()
        .find(|d| d.path.ends_with("inputType"))
        .expect("inputType");
    assert_eq!(input.question, Some(("q".into(), "您的需求".into())));
    let bogus = w.iter().find(|d| d.path == "bogus").expect("bogus");
    assert_eq!(bogus.question, None);
}
