//! Native tests of the expression language as definitions use it: the table of cases that
//! tests/surveyjs/expressions.mjs runs through survey-core itself (so yehua-core and SurveyJS
//! agree case by case), and the checks a definition gets at load: unknown question names with
//! a suggestion, unsupported syntax named with its column, choice values that are none of the
//! choices (a warning), and today's date reaching conditions through the form.
//!
//! Owns: the evidence that a condition means what SurveyJS means by it. Must not: touch the
//! browser or read a clock (today is fixed by each test).

use std::rc::Rc;

use yehua_core::answer::Answer;
use yehua_core::condition::{self, Answers, Date, Operand};
use yehua_core::decimal::Decimal;
use yehua_core::definition::{self, DefinitionError};
use yehua_core::form::{Action, Form};
use yehua_core::i18n::Locale;
use yehua_core::json::{self, Value};

const TABLE: &str = include_str!("../../tests/surveyjs/expressions.json");

/// The table's answers as yehua-core sees them: numbers and texts as text, lists of texts.
struct TableAnswers {
    values: Vec<(String, TableAnswer)>,
    today: Option<Date>,
}

enum TableAnswer {
    Text(String),
    Bool(bool),
    List(Vec<String>),
}

impl Answers for TableAnswers {
    fn operand(&self, name: &str) -> Operand<'_> {
        match self.values.iter().find(|(k, _)| k == name).map(|(_, v)| v) {
            None => Operand::Empty,
            Some(TableAnswer::Text(s)) => Operand::Text(s),
            Some(TableAnswer::Bool(b)) => Operand::Bool(*b),
            Some(TableAnswer::List(l)) => Operand::List(l),
        }
    }
    fn today(&self) -> Option<Date> {
        self.today
    }
}

fn table_answers(table: &Value) -> TableAnswers {
    let values = table
        .get("answers")
        .and_then(Value::as_object)
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| {
            let a = match v {
                Value::String(s) | Value::Number(s) => TableAnswer::Text(s.clone()),
                Value::Bool(b) => TableAnswer::Bool(*b),
                Value::Array(items) => TableAnswer::List(
                    items
                        .iter()
                        .map(|i| i.as_str().unwrap_or_default().to_string())
                        .collect(),
                ),
                other => panic!("answer {k}: unexpected {other:?}"),
            };
            (k.clone(), a)
        })
        .collect();
    TableAnswers {
        values,
        today: table
            .get("today")
            .and_then(Value::as_str)
            .and_then(Date::parse),
    }
}

/// Equal as the table means it: numbers by value, everything else exactly.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => Decimal::parse(x) == Decimal::parse(y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        _ => a == b,
    }
}

#[test]
fn every_case_of_the_survey_core_table_gives_survey_cores_value() {
    let table = json::parse(TABLE).expect("expressions.json is JSON");
    let answers = table_answers(&table);
    let cases = table
        .get("cases")
        .and_then(Value::as_array)
        .unwrap_or_default();
    assert!(cases.len() >= 140, "the table has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let src = case
            .get("expression")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let c = match condition::parse(src) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{src}: does not parse: {e}"));
                continue;
            }
        };
        // A known departure says what Yehua gives instead, and why.
        let expected = match case.get("yehua") {
            Some(v) => {
                assert!(case.get("why").is_some(), "{src}: a departure needs a why");
                Value::Number(v.as_str().unwrap_or_default().into())
            }
            None => case.get("expected").cloned().unwrap_or(Value::Null),
        };
        let got = c.value_json(&answers);
        if !same(&got, &expected) {
            failures.push(format!(
                "{src}: yehua gives {got:?}, survey-core {expected:?}"
            ));
        }
        let holds = case
            .get("yehua_holds")
            .or(case.get("holds"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if c.evaluate(&answers) != holds {
            failures.push(format!(
                "{src}: yehua holds {}, survey-core {holds}",
                !holds
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn parse_err(text: &str) -> DefinitionError {
    match definition::parse(text) {
        Ok(_) => panic!("definition should fail: {text}"),
        Err(e) => e,
    }
}

fn expression_error(text: &str) -> (String, condition::ConditionError) {
    match parse_err(text) {
        DefinitionError::BadExpression { path, error } => (path, error),
        other => panic!("expected BadExpression, got {other:?}"),
    }
}

const JOIN: &str = r#"{"elements": [
  {"type": "radiogroup", "name": "join_meeting", "choices": ["yes", "no"]},
  {"type": "text", "name": "phone", "visibleIf": "CONDITION"}
]}"#;

fn with(condition: &str) -> String {
    JOIN.replace("CONDITION", condition)
}

#[test]
fn a_condition_naming_an_unknown_question_is_an_error_with_the_closest_name() {
    let (path, e) = expression_error(&with("{join_meting} = 'yes'"));
    assert_eq!(path, "elements[1].visibleIf");
    assert_eq!(
        (
            e.message,
            e.name.as_str(),
            e.suggestion.as_deref(),
            e.column
        ),
        ("unknown question", "join_meting", Some("join_meeting"), 1)
    );
    assert_eq!(
        parse_err(&with("{join_meting} = 'yes'")).to_string(),
        "elements[1].visibleIf: unknown question 'join_meting' (did you mean join_meeting?) at column 1"
    );
    let (_, far) = expression_error(&with("{phone} = 1 or {budget} > 3"));
    assert_eq!(
        (far.name.as_str(), far.suggestion, far.column),
        ("budget", None, 16)
    );
    // A question defined after the condition is known; so is the condition's own question.
    let later = r#"{"elements": [
      {"type": "text", "name": "a", "visibleIf": "{b} notempty and {a} empty"},
      {"type": "text", "name": "b"}]}"#;
    assert!(definition::parse(later).is_ok());
}

#[test]
fn unsupported_syntax_is_an_error_naming_it_with_its_column() {
    let cases = [
        ("{support = 'no' or {x} = 1", "unclosed '{'", "", 1),
        (
            "{$join_meeting.visible} = true",
            "unsupported variable",
            "$join_meeting.visible",
            1,
        ),
        (
            "not {join_meeting} = 'yes'",
            "unsupported operator",
            "not",
            1,
        ),
        (
            "{join_meeting} = 'yes' and sum(1, 2) > 1",
            "unsupported function",
            "sum",
            28,
        ),
        ("iif({join_meeting})", "wrong number of arguments", "iif", 1),
    ];
    for (src, message, name, column) in cases {
        let (path, e) = expression_error(&with(src));
        assert_eq!(path, "elements[1].visibleIf", "{src}");
        assert_eq!(
            (e.message, e.name.as_str(), e.column),
            (message, name, column),
            "{src}"
        );
    }
}

#[test]
fn comparing_a_choice_question_with_a_shown_text_warns_naming_the_values() {
    let text = r#"{"elements": [
      {"type": "radiogroup", "name": "support", "choices": [
        {"value": "yes", "text": "支持"}, {"value": "no", "text": "不支持"}]},
      {"type": "checkbox", "name": "needs", "choices": ["canteen", "clinic"], "showOtherItem": true},
      {"type": "comment", "name": "why", "visibleIf": "{support} = '不支持'"},
      {"type": "comment", "name": "fine", "visibleIf": "{support} = 'no' or {needs} anyof ['clinic', 'other']"},
      {"type": "comment", "name": "more", "visibleIf": "{needs} contains ['canteen', 'park']"},
      {"type": "boolean", "name": "consent"},
      {"type": "text", "name": "phone", "visibleIf": "{consent} = 'yes' or {consent} = true or {consent} = 1"}
    ]}"#;
    let s = definition::parse(text).expect("warnings only");
    let found: Vec<(&str, String, String)> = s
        .warnings
        .iter()
        .filter(|w| w.path.ends_with("visibleIf"))
        .map(|w| {
            (
                w.path.as_str(),
                w.message(Locale::ZhCn),
                w.message(Locale::En),
            )
        })
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found[0].0, "elements[2].visibleIf");
    assert_eq!(
        found[0].1,
        "“不支持”不是问题“support”的选项值（选项值有：yes, no）。条件比较的是选项的值，不是显示的文字"
    );
    assert_eq!(found[1].0, "elements[4].visibleIf");
    assert_eq!(
        found[1].2,
        "'park' is not a choice value of 'needs' (its values: canteen, clinic, other); a condition compares choice values, not the texts shown"
    );
    assert_eq!(found[2].0, "elements[6].visibleIf");
    assert!(found[2]
        .2
        .starts_with("'yes' is not a choice value of 'consent' (its values: true, false)"));
}

#[test]
fn date_functions_read_the_date_the_form_was_given() {
    let text = r#"{"elements": [
      {"type": "text", "name": "born", "inputType": "date"},
      {"type": "boolean", "name": "senior_help", "visibleIf": "age({born}) >= 60"},
      {"type": "text", "name": "since", "visibleIf": "{born} notempty and diffDays({born}, today()) < 366"}
    ]}"#;
    let survey = Rc::new(definition::parse(text).expect("parses"));
    fn visible(form: &Form) -> Vec<String> {
        form.visible_questions()
            .iter()
            .map(|q| q.name.clone())
            .collect()
    }
    let born = |d: &str| Action::Answer {
        name: "born".into(),
        answer: Some(Answer::Text(d.into())),
    };
    let form = Form::dated(survey.clone(), Date::from_ymd(2026, 12, 8));
    let older = form.reduce(born("1966-12-08")).expect("changes");
    assert_eq!(visible(&older), ["born", "senior_help"]);
    let younger = form.reduce(born("1966-12-09")).expect("changes");
    assert_eq!(visible(&younger), ["born"]);
    let baby = form.reduce(born("2026-01-01")).expect("changes");
    assert_eq!(visible(&baby), ["born", "since"]);
    // The date stays through a restart; without one, `age()` is null.
    let again = older.reduce(Action::Restart).expect("changes");
    assert_eq!(again.today, Date::from_ymd(2026, 12, 8));
    let undated = Form::new(survey)
        .reduce(born("1900-01-01"))
        .expect("changes");
    assert!(!visible(&undated).contains(&"senior_help".to_string()));
}
