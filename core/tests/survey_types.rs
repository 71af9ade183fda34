//! Native tests of what real SurveyJS surveys use most and Yehua reads faithfully:
//! `validators` (numeric, text, email, regex through the `Patterns` port, expression),
//! `defaultValue`, `matrix`, `multipletext`, `enableIf` / `readOnly`, and the native input types
//! date, time, datetime-local, url, password and range with their `min` / `max` / `step`.
//!
//! Owns: the evidence that each of these parses, validates, answers, restores from a draft and
//! exports (CSV, JSON, form and Open311 bodies) as docs/DEFINITIONS.md says, and that what is
//! not supported (`defaultValueExpression`, `minValueExpression`, a password) is a warning.
//! Must not: touch the browser: the regex engine is a fake with a few known patterns.

use std::rc::Rc;

use yehua_core::answer::{Answer, Answers};
use yehua_core::condition::{self, Operand};
use yehua_core::definition::{self, is_iso, InputType, Kind, Rule, Survey};
use yehua_core::form::{Action, Form, Phase};
use yehua_core::json;
use yehua_core::payload::{encode, Endpoint, Format};
use yehua_core::submission::{export_csv, Submission};
use yehua_core::text::Text;
use yehua_core::validate::{check, check_with, is_email, Patterns, Problem};

const TYPES: &str = include_str!("fixtures/survey_types.json");

fn survey() -> Rc<Survey> {
    Rc::new(definition::parse(TYPES).expect("fixture parses"))
}

/// A stand-in for the browser's `RegExp` that knows the fixture's patterns.
fn fake_regex(pattern: &str, case_insensitive: bool, value: &str) -> Option<bool> {
    match pattern {
        "^\\d{6}$" => Some(value.len() == 6 && value.bytes().all(|b| b.is_ascii_digit())),
        "^ab" if case_insensitive => Some(value.to_ascii_lowercase().starts_with("ab")),
        "^ab" => Some(value.starts_with("ab")),
        _ => None,
    }
}

fn form() -> Form {
    let mut form = Form::new(survey());
    form.patterns = Patterns(fake_regex);
    form
}

fn set(form: &Form, name: &str, answer: Option<Answer>) -> Form {
    form.reduce(Action::Answer {
        name: name.into(),
        answer,
    })
    .unwrap_or_else(|| panic!("answering {name} changes the form"))
}

fn text(s: &str) -> Option<Answer> {
    Some(Answer::Text(s.into()))
}

fn fields(pairs: &[(&str, &str)]) -> Option<Answer> {
    Some(Answer::fields(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    ))
}

/// The problem `name` has with `answer` (not required), with the fake regex engine.
fn problem(name: &str, answer: Option<Answer>) -> Option<Problem> {
    let s = survey();
    let q = s.question(name).expect("question exists");
    let mut answers = Answers::default();
    answers.set(name, answer);
    check_with(q, &answers, false, Patterns(fake_regex))
}

fn warning(s: &Survey, path: &str) -> String {
    s.warnings
        .iter()
        .find(|w| w.path == path)
        .map(|w| w.message(yehua_core::i18n::Locale::En))
        .unwrap_or_else(|| panic!("a warning at {path}: {:?}", s.warnings))
}

// Parsing

#[test]
fn every_feature_of_the_fixture_parses_with_only_the_expected_warnings() {
    let s = survey();
    let mut paths: Vec<&str> = s.warnings.iter().map(|w| w.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "consultation.id",
            "pages[0].elements[6].validators[0]",
            "pages[0].elements[8].validators[0]",
            "pages[1].elements[4].defaultValueExpression",
            "pages[4].elements[2].maxValueExpression",
            "pages[4].elements[4].inputType",
        ]
        .into_iter()
        .filter(|p| *p != "consultation.id")
        .collect::<Vec<_>>()
    );
    assert!(warning(&s, "pages[0].elements[6].validators[0]").contains("no text"));
    assert!(warning(&s, "pages[1].elements[4].defaultValueExpression").contains("not supported"));
    assert!(warning(&s, "pages[4].elements[4].inputType").contains("password"));
}

#[test]
fn validators_are_read_in_order_with_their_texts() {
    let s = survey();
    let age = &s.question("age").unwrap().validators;
    assert_eq!(age.len(), 1);
    assert!(matches!(
        &age[0].rule,
        Rule::Numeric {
            min: Some(_),
            max: Some(_)
        }
    ));
    assert_eq!(age[0].text, None);
    let adults = &s.question("adults").unwrap().validators[0];
    assert_eq!(
        adults
            .text
            .as_ref()
            .map(|t| t.get(yehua_core::i18n::Locale::En)),
        Some("At least one adult")
    );
    let code = &s.question("code").unwrap().validators[0];
    assert_eq!(
        code.rule,
        Rule::Regex {
            pattern: "^ab".into(),
            case_insensitive: true
        }
    );
}

#[test]
fn broken_validators_are_errors_and_unknown_ones_warnings() {
    let bad = |v: &str| {
        let text =
            format!(r#"{{"elements": [{{"type": "text", "name": "a", "validators": {v}}}]}}"#);
        definition::parse(&text)
    };
    let e = bad(r#"[{"minValue": 1}]"#).unwrap_err();
    assert_eq!(e.path(), "elements[0].validators[0].type");
    let e = bad(r#"[{"type": "numeric", "minValue": "many"}]"#).unwrap_err();
    assert_eq!(e.path(), "elements[0].validators[0].minValue");
    let e = bad(r#"[{"type": "expression", "expression": "{a} = "}]"#).unwrap_err();
    assert_eq!(e.path(), "elements[0].validators[0].expression");
    let e = bad(r#""numeric""#).unwrap_err();
    assert_eq!(e.path(), "elements[0].validators");
    let s = bad(r#"[{"type": "answercount", "minCount": 1}]"#).unwrap();
    assert!(s.question("a").unwrap().validators.is_empty());
    assert!(s
        .warnings
        .iter()
        .any(|w| w.path == "elements[0].validators[0].type"
            && w.message(yehua_core::i18n::Locale::En)
                .contains("answercount")));
}

#[test]
fn matrix_and_multipletext_need_rows_columns_and_named_items() {
    let cases = [
        (
            r#"{"type": "matrix", "name": "m", "columns": [1, 2]}"#,
            "elements[0].rows",
        ),
        (
            r#"{"type": "matrix", "name": "m", "rows": ["a"], "columns": []}"#,
            "elements[0].columns",
        ),
        (
            r#"{"type": "multipletext", "name": "m"}"#,
            "elements[0].items",
        ),
        (
            r#"{"type": "multipletext", "name": "m", "items": [{"title": "x"}]}"#,
            "elements[0].items[0].name",
        ),
        (
            r#"{"type": "multipletext", "name": "m", "items": ["a", {"name": "a"}]}"#,
            "elements[0].items[1].name",
        ),
    ];
    for (element, path) in cases {
        let e = definition::parse(&format!(r#"{{"elements": [{element}]}}"#)).unwrap_err();
        assert_eq!(e.path(), path, "{element}");
    }
}

#[test]
fn input_types_read_their_limits_as_numbers_or_iso_texts() {
    let s = survey();
    let kind = |n: &str| s.question(n).unwrap().kind.clone();
    let Kind::Text {
        input,
        earliest,
        latest,
        ..
    } = kind("day")
    else {
        panic!()
    };
    assert_eq!(input, InputType::Date);
    assert_eq!(
        (earliest.as_deref(), latest.as_deref()),
        (Some("2026-12-01"), Some("2026-12-31"))
    );
    let Kind::Text {
        input,
        earliest,
        latest,
        ..
    } = kind("when")
    else {
        panic!()
    };
    assert_eq!(input, InputType::DateTimeLocal);
    assert_eq!(
        (earliest.as_deref(), latest),
        (Some("2026-12-08T18:00"), None)
    );
    let Kind::Text {
        input,
        min,
        max,
        step,
        ..
    } = kind("loud")
    else {
        panic!()
    };
    assert_eq!(input, InputType::Range);
    assert_eq!(
        (
            min.map(|d| d.to_string()),
            max.map(|d| d.to_string()),
            step.map(|d| d.to_string())
        ),
        (Some("0".into()), Some("10".into()), Some("2".into()))
    );
    assert!(matches!(
        kind("site"),
        Kind::Text {
            input: InputType::Url,
            ..
        }
    ));
    assert!(matches!(
        kind("secret"),
        Kind::Text {
            input: InputType::Password,
            ..
        }
    ));
    let e = definition::parse(r#"{"elements": [{"type": "text", "name": "d", "inputType": "date", "min": "12/01/2026"}]}"#)
        .unwrap_err();
    assert_eq!(e.path(), "elements[0].min");
    assert!(e.to_string().contains("2026-12-08"), "{e}");
}

#[test]
fn iso_forms_are_those_the_browser_pickers_give() {
    assert!(is_iso(InputType::Date, "2026-12-08"));
    assert!(!is_iso(InputType::Date, "2026-13-08"));
    assert!(!is_iso(InputType::Date, "2026-1-8"));
    assert!(is_iso(InputType::Time, "18:30"));
    assert!(is_iso(InputType::Time, "18:30:05.250"));
    assert!(!is_iso(InputType::Time, "24:00"));
    assert!(!is_iso(InputType::Time, "18:3０"));
    assert!(is_iso(InputType::DateTimeLocal, "2026-12-08T18:30"));
    assert!(!is_iso(InputType::DateTimeLocal, "2026-12-08 18:30"));
}

// Validators

#[test]
fn numeric_validator_wants_a_number_within_its_limits() {
    assert_eq!(problem("age", text("十八")), Some(Problem::NotNumber));
    assert_eq!(
        problem("age", text("17")),
        Some(Problem::OutOfRange {
            min: "18".into(),
            max: "120".into()
        })
    );
    assert_eq!(problem("age", text("１８")), None);
    assert_eq!(problem("age", None), None);
    // The organizer's own message replaces Yehua's.
    let custom = Text::from_json(
        &json::parse(r#"{"default": "至少一位成人", "en": "At least one adult"}"#).unwrap(),
    )
    .unwrap();
    assert_eq!(problem("adults", text("0")), Some(Problem::Custom(custom)));
    assert_eq!(problem("adults", text("2")), None);
}

#[test]
fn text_validator_counts_characters_and_refuses_a_trailing_number() {
    assert_eq!(
        problem("story", text("路灯")),
        Some(Problem::LengthOutside { min: 5, max: 10 })
    );
    assert_eq!(problem("story", text("路灯坏了三天")), None);
    assert_eq!(
        problem("story", text("路灯坏了三天了还没有修好")),
        Some(Problem::LengthOutside { min: 5, max: 10 })
    );
    assert_eq!(
        problem("nick", text("王")),
        Some(Problem::TooShort { min: 2 })
    );
    // SurveyJS tests /\d+$/: digits at the end, full-width ones too here.
    assert_eq!(problem("nick", text("小王12")), Some(Problem::NoDigits));
    assert_eq!(problem("nick", text("小王１")), Some(Problem::NoDigits));
    assert_eq!(problem("nick", text("12号楼小王")), None);
}

#[test]
fn email_follows_surveyjs_pattern() {
    for good in [
        "a@b.cn",
        "wang.li@mail.example.org",
        "\"x y\"@b.cn",
        "ｗａｎｇ@ｂ.ｃｎ",
    ] {
        assert!(is_email(good), "{good}");
    }
    for bad in [
        "a@b",
        "a@b.c",
        "a..b@c.cn",
        "a@b..cn",
        "a b@c.cn",
        "a@b=c.cn",
        "a@",
        "@b.cn",
        "a(b)@c.cn",
    ] {
        assert!(!is_email(bad), "{bad}");
    }
    assert_eq!(problem("mail", text("wang@")), Some(Problem::NotEmail));
    assert_eq!(problem("mail", text("wang@example.cn")), None);
}

#[test]
fn regex_validator_runs_on_the_patterns_port() {
    let own = Problem::Custom(Text::plain("请填 6 位邮编"));
    assert_eq!(problem("postcode", text("10001")), Some(own));
    assert_eq!(problem("postcode", text("100010")), None);
    assert_eq!(problem("code", text("ABC")), None, "caseInsensitive");
    assert_eq!(problem("code", text("xab")), Some(Problem::NotPattern));
    // Without an engine (or with a pattern it cannot read) nothing blocks the resident.
    let s = survey();
    let mut answers = Answers::default();
    answers.set("code", text("xab"));
    assert_eq!(check(s.question("code").unwrap(), &answers, false), None);
}

#[test]
fn expression_validator_reads_other_answers_and_runs_on_an_empty_answer() {
    let s = survey();
    let q = s.question("confirm").unwrap();
    let mut answers = Answers::default();
    answers.set("mail", text("a@b.cn"));
    answers.set("confirm", text("a@b.cm"));
    assert_eq!(
        check(q, &answers, false),
        Some(Problem::Custom(Text::plain("两次填写不一致")))
    );
    answers.set("confirm", text("a@b.cn"));
    assert_eq!(check(q, &answers, false), None);
    // As in SurveyJS, an expression validator also checks an empty answer.
    let either = s.question("either").unwrap();
    assert_eq!(
        check(either, &Answers::default(), false),
        Some(Problem::NotExpected)
    );
    answers.set("confirm", None);
    assert_eq!(check(either, &answers, false), None);
    // The required check comes first.
    assert_eq!(
        check(either, &Answers::default(), true),
        Some(Problem::Required)
    );
}

#[test]
fn a_failing_validator_blocks_next_page_like_any_problem() {
    let f = set(&form(), "age", text("200"));
    let f = f.reduce(Action::Next).unwrap();
    assert_eq!(f.page, 0);
    let age = f.survey.question("age").unwrap().clone();
    assert_eq!(
        f.shown_problem(&age),
        Some(Problem::OutOfRange {
            min: "18".into(),
            max: "120".into()
        })
    );
}

// defaultValue

#[test]
fn a_new_form_starts_with_the_default_values() {
    let f = form();
    assert_eq!(
        f.answers.get("district"),
        Some(&Answer::Text("东城".into()))
    );
    assert_eq!(
        f.answers.get("often"),
        Some(&Answer::Choice("monthly".into()))
    );
    assert_eq!(
        f.answers.get("topics"),
        Some(&Answer::Choices(vec!["lights".into(), "noise".into()]))
    );
    assert_eq!(f.answers.get("attend"), Some(&Answer::Bool(true)));
    assert_eq!(f.answers.get("mood"), Some(&Answer::Choice("3".into())));
    assert_eq!(f.answers.get("contact"), fields(&[("note", "无")]).as_ref());
    assert!(!f.edited, "defaults alone are no draft");
}

#[test]
fn a_cleared_default_stays_cleared_and_a_draft_wins() {
    let f = set(&form(), "district", None);
    assert!(f.edited);
    assert_eq!(f.answers.get("district"), None);
    let restored = Form::restore(f.survey.clone(), &f.draft_json());
    assert_eq!(restored.answers.get("district"), None, "not re-applied");
    // A draft reads a chosen value back as text (the form treats the two alike).
    assert_eq!(
        restored.answers.get("often").map(Answer::display),
        Some("monthly".into())
    );
    let changed = set(&f, "often", Some(Answer::Choice("weekly".into())));
    let restored = Form::restore(f.survey.clone(), &changed.draft_json());
    assert_eq!(
        restored.answers.get("often").map(Answer::display),
        Some("weekly".into())
    );
    // A new resident starts with the defaults again.
    let again = changed.reduce(Action::Restart).unwrap();
    assert_eq!(
        again.answers.get("district"),
        Some(&Answer::Text("东城".into()))
    );
    assert!(!again.edited);
}

#[test]
fn a_default_of_the_wrong_shape_is_a_warning() {
    let s = definition::parse(
        r#"{"elements": [{"type": "boolean", "name": "b", "defaultValue": [1]},
                         {"type": "matrix", "name": "m", "rows": ["r"], "columns": ["c"], "defaultValue": "c"}]}"#,
    )
    .unwrap();
    assert!(s.question("b").unwrap().default_value.is_none());
    assert!(s.question("m").unwrap().default_value.is_none());
    assert_eq!(
        warning(&s, "elements[0].defaultValue"),
        warning(&s, "elements[1].defaultValue")
    );
}

// matrix

#[test]
fn matrix_answer_is_an_object_of_row_to_column() {
    let f = set(
        &form(),
        "satisfaction",
        fields(&[("security", "3"), ("cleaning", "1")]),
    );
    let a = f.answers.get("satisfaction").unwrap();
    assert_eq!(a.to_json().to_json(), r#"{"cleaning":"1","security":"3"}"#);
    assert_eq!(a.field("cleaning"), "1");
    // `{matrix.row}` reads one row, as in SurveyJS.
    assert_eq!(
        condition::Answers::operand(&f.answers, "satisfaction.cleaning"),
        Operand::Text("1")
    );
    assert_eq!(
        condition::Answers::operand(&f.answers, "satisfaction.parking"),
        Operand::Empty
    );
    let why = f.survey.question("why").unwrap();
    assert!(f.is_visible(why));
    let f = set(
        &f,
        "satisfaction",
        Some(Answer::with_field(
            f.answers.get("satisfaction"),
            "cleaning",
            "2".into(),
        )),
    );
    assert!(!f.is_visible(f.survey.question("why").unwrap()));
}

#[test]
fn matrix_required_wants_a_row_and_all_rows_required_every_row() {
    let s = survey();
    let q = s.question("satisfaction").unwrap();
    let mut answers = Answers::default();
    assert_eq!(check(q, &answers, true), Some(Problem::Required));
    answers.set("satisfaction", fields(&[("cleaning", "2")]));
    assert_eq!(check(q, &answers, true), Some(Problem::AllRowsRequired));
    answers.set(
        "satisfaction",
        fields(&[("cleaning", "2"), ("security", "1"), ("parking", "3")]),
    );
    assert_eq!(check(q, &answers, true), None);
    // Clearing the last row clears the answer.
    let one = Answer::with_field(None, "cleaning", "2".into());
    assert!(Answer::with_field(Some(&one), "cleaning", String::new()).is_empty());
}

// multipletext

#[test]
fn multipletext_checks_each_item_and_names_it() {
    let s = survey();
    let q = s.question("contact").unwrap();
    let mut answers = Answers::default();
    answers.set("contact", fields(&[("phone", "12")]));
    assert_eq!(
        check(q, &answers, false),
        Some(Problem::Item {
            index: 0,
            problem: Box::new(Problem::Required)
        })
    );
    answers.set("contact", fields(&[("name", "王阿姨"), ("phone", "12")]));
    assert_eq!(
        check(q, &answers, false),
        Some(Problem::Item {
            index: 1,
            problem: Box::new(Problem::NotPhone)
        })
    );
    answers.set("contact", fields(&[("name", "王阿姨"), ("people", "12")]));
    let p = check(q, &answers, false).unwrap();
    assert_eq!(
        p.inner(),
        &Problem::OutOfRange {
            min: "1".into(),
            max: "9".into()
        }
    );
    assert_eq!(
        p.params(),
        vec![("min", "1".to_string()), ("max", "9".to_string())]
    );
    answers.set("contact", fields(&[("name", "王阿姨"), ("people", "3")]));
    assert_eq!(check(q, &answers, false), None);
    // Nothing typed: a required item is still required (SurveyJS checks each item's box).
    answers.set("contact", None);
    assert_eq!(
        check(q, &answers, false),
        Some(Problem::Item {
            index: 0,
            problem: Box::new(Problem::Required)
        })
    );
    // Without required items, nothing typed is no problem.
    let plain = definition::parse(
        r#"{"elements": [{"type": "multipletext", "name": "m", "items": ["a", "b"]}]}"#,
    )
    .unwrap();
    assert_eq!(check(plain.question("m").unwrap(), &answers, false), None);
}

// enableIf and readOnly

#[test]
fn a_disabled_question_keeps_its_value_is_not_checked_and_is_submitted() {
    let f = form();
    let plate = f.survey.question("plate").unwrap().clone();
    assert!(!f.is_enabled(&plate));
    assert!(f.is_visible(&plate), "shown, as in SurveyJS");
    // Not answerable while disabled.
    assert!(f
        .reduce(Action::Answer {
            name: "plate".into(),
            answer: text("京A")
        })
        .is_none());
    let f = set(&f, "has_car", Some(Answer::Bool(true)));
    assert!(f.is_enabled(&plate));
    assert_eq!(f.shown_problem(&plate), None);
    let f = set(&f, "plate", text("京A12345"));
    let f = set(&f, "has_car", Some(Answer::Bool(false)));
    assert!(!f.is_enabled(&plate));
    assert_eq!(
        f.answers.get("plate"),
        text("京A12345").as_ref(),
        "value kept"
    );
    assert!(
        f.submitted_answers().get("plate").is_some(),
        "and submitted"
    );
    // Required, empty and disabled: no problem.
    let f = set(&f, "has_car", Some(Answer::Bool(true)));
    let f = set(&f, "plate", None);
    let f = set(&f, "has_car", Some(Answer::Bool(false)));
    let page = f
        .survey
        .pages
        .iter()
        .position(|p| p.name == "enabling")
        .unwrap();
    assert!(f.page_problems(page).is_empty());
    // readOnly: never answerable, its default still submitted.
    let fixed = f.survey.question("fixed").unwrap();
    assert!(!f.is_enabled(fixed));
    assert!(f.submitted_answers().get("fixed").is_some());
}

// Input types

#[test]
fn dates_and_times_are_checked_against_min_and_max() {
    assert_eq!(
        problem("day", text("2026-11-30")),
        Some(Problem::TooEarly {
            min: "2026-12-01".into()
        })
    );
    assert_eq!(
        problem("day", text("2027-01-01")),
        Some(Problem::TooLate {
            max: "2026-12-31".into()
        })
    );
    assert_eq!(problem("day", text("2026-12-08")), None);
    assert_eq!(
        problem("at", text("17:59")),
        Some(Problem::TooEarly {
            min: "18:00".into()
        })
    );
    assert_eq!(
        problem("at", text("21:31")),
        Some(Problem::TooLate {
            max: "21:30".into()
        })
    );
    assert_eq!(
        problem("when", text("2026-12-08T17:00")),
        Some(Problem::TooEarly {
            min: "2026-12-08T18:00".into()
        })
    );
    assert_eq!(problem("when", text("2027-06-01T09:00")), None);
}

#[test]
fn numbers_follow_step_and_range_follows_min_and_max() {
    assert_eq!(problem("count", text("2.5")), None);
    assert_eq!(
        problem("count", text("2.25")),
        Some(Problem::NotStep { step: "0.5".into() })
    );
    assert_eq!(
        problem("loud", text("11")),
        Some(Problem::OutOfRange {
            min: "0".into(),
            max: "10".into()
        })
    );
    assert_eq!(problem("loud", text("4")), None);
    assert_eq!(
        problem("site", text("not a url")),
        None,
        "SurveyJS does not check urls"
    );
    assert_eq!(problem("secret", text("x")), None);
}

// Export and payloads

fn submitted(form: &Form) -> Submission {
    Submission::new(
        &form.survey,
        &form.submitted_answers(),
        "0123abcd".into(),
        "zh-CN",
        0,
    )
}

#[test]
fn csv_has_one_column_per_matrix_row_and_multipletext_item() {
    let f = set(
        &form(),
        "satisfaction",
        fields(&[("cleaning", "1"), ("parking", "3")]),
    );
    let f = set(&f, "contact", fields(&[("name", "王阿姨"), ("note", "无")]));
    let csv = export_csv(&[submitted(&f)], Some(&f.survey));
    let mut lines = csv.trim_start_matches('\u{FEFF}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let cell = |name: &str| {
        row[header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"))]
    };
    assert_eq!(cell("satisfaction.cleaning"), "1");
    assert_eq!(cell("satisfaction.security"), "");
    assert_eq!(cell("satisfaction.parking"), "3");
    assert_eq!(cell("contact.name"), "王阿姨");
    assert_eq!(cell("contact.people"), "");
    assert!(!header.contains(&"satisfaction"));
    // Without the definition, the keys the submissions hold.
    let csv = export_csv(&[submitted(&f)], None);
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .contains("satisfaction.cleaning,satisfaction.parking"));
}

#[test]
fn payloads_carry_an_object_as_json_form_fields_and_open311_attributes() {
    let f = set(
        &form(),
        "satisfaction",
        fields(&[("cleaning", "1"), ("parking", "3")]),
    );
    let s = submitted(&f);
    let stored = s.to_json().to_json();
    assert!(
        stored.contains(r#""satisfaction":{"value":{"cleaning":"1","parking":"3"}}"#),
        "{stored}"
    );
    let back = Submission::from_json(&json::parse(&stored).unwrap()).unwrap();
    assert_eq!(back.to_json(), s.to_json());
    let mut e = Endpoint::new("https://example.invalid/");
    e.format = Format::Form;
    let body = encode(&e, &stored).unwrap();
    assert!(
        body.contains("satisfaction%5Bcleaning%5D=1&satisfaction%5Bparking%5D=3"),
        "{body}"
    );
    e.format = Format::Open311;
    let body = encode(&e, &stored).unwrap();
    assert!(
        body.contains("attribute%5Bsatisfaction.parking%5D=3"),
        "{body}"
    );
}

#[test]
fn a_draft_keeps_fields_only_for_a_matrix_or_multipletext() {
    let f = set(&form(), "satisfaction", fields(&[("cleaning", "1")]));
    let restored = Form::restore(f.survey.clone(), &f.draft_json());
    assert_eq!(
        restored.answers.get("satisfaction"),
        f.answers.get("satisfaction")
    );
    let odd = r#"{"page": 0, "answers": {"answers": {"age": {"x": "1"}, "satisfaction": "1"}}}"#;
    let restored = Form::restore(f.survey.clone(), odd);
    assert_eq!(restored.answers.get("age"), None);
    assert_eq!(restored.answers.get("satisfaction"), None);
    assert_eq!(restored.phase, Phase::Answering);
}

#[test]
fn answer_field_sets_one_row_or_item_on_the_current_answer() {
    let field = |name: &str, key: &str, value: &str| Action::AnswerField {
        name: name.into(),
        key: key.into(),
        value: value.into(),
    };
    let f = form().reduce(field("contact", "name", "王阿姨")).unwrap();
    let f = f.reduce(field("contact", "phone", "12345678")).unwrap();
    assert_eq!(
        f.answers.get("contact"),
        fields(&[("name", "王阿姨"), ("note", "无"), ("phone", "12345678")]).as_ref()
    );
    assert!(
        f.reduce(field("contact", "phone", "12345678")).is_none(),
        "no-op"
    );
    let f = f.reduce(field("contact", "note", "")).unwrap();
    assert_eq!(f.answers.get("contact").unwrap().field("note"), "");
    let f = f.reduce(field("satisfaction", "parking", "2")).unwrap();
    assert_eq!(
        f.answers.get("satisfaction"),
        fields(&[("parking", "2")]).as_ref()
    );
    // Not while the question is disabled.
    assert!(f.reduce(field("fixed", "x", "y")).is_none());
}

#[test]
fn the_collector_admits_matrix_and_multipletext_objects_and_names_a_stray_key() {
    use yehua_core::admission::{admit, Misfit};
    let f = set(
        &form(),
        "satisfaction",
        fields(&[("cleaning", "1"), ("parking", "3")]),
    );
    let f = set(
        &f,
        "contact",
        fields(&[("name", "王阿姨"), ("phone", "13800138000")]),
    );
    let written = submitted(&f).to_json().to_json();
    let admitted = admit(&f.survey, &json::parse(&written).unwrap()).expect("admitted");
    assert_eq!(admitted.to_json().to_json(), written);
    let stray_row = written.replace(r#""parking":"3""#, r#""lifts":"3""#);
    assert_eq!(
        admit(&f.survey, &json::parse(&stray_row).unwrap()),
        Err(Misfit::NotAField {
            name: "satisfaction".into(),
            key: "lifts".into()
        })
    );
    let stray_column = written.replace(r#""parking":"3""#, r#""parking":"9""#);
    assert!(matches!(
        admit(&f.survey, &json::parse(&stray_column).unwrap()),
        Err(Misfit::NotAChoice { value, .. }) if value == "9"
    ));
    let stray_item = written.replace(r#""phone":"13800138000""#, r#""fax":"1""#);
    assert!(matches!(
        admit(&f.survey, &json::parse(&stray_item).unwrap()),
        Err(Misfit::NotAField { key, .. }) if key == "fax"
    ));
}
