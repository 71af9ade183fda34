//! yehua-core's side of the differential tests against SurveyJS (tests/surveyjs/): a definition
//! walked as a resident would, page by page, with one of the scripted ways of answering, and
//! what the form showed, required and submitted, as JSON in the shape the SurveyJS side
//! (tests/surveyjs/surveyjs-walk.mjs) reports.
//!
//! Owns: the scripts' answering rules for yehua-core's question kinds (kept identical to the
//! SurveyJS side's) and the report's JSON. Must not: decide anything the core decides
//! (visibility, requiredness, validation and the payload all come from `Form` and `Submission`).

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{json, Map, Value};
use yehua_core::answer::Answer;
use yehua_core::definition::{self, Kind, Question};
use yehua_core::form::{Action, Form, Phase};
use yehua_core::submission::Submission;

/// How the walk answers (tests/surveyjs/README.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Every visible question, first choice.
    First,
    /// Every visible question, last choice.
    Last,
    /// Only the questions required at that moment, first choice.
    Required,
}

impl Script {
    pub fn parse(s: &str) -> Option<Script> {
        match s {
            "first" => Some(Script::First),
            "last" => Some(Script::Last),
            "required" => Some(Script::Required),
            _ => None,
        }
    }
}

/// What a resident types into a text question of this `inputType` (the same table as
/// ANSWER_FOR_INPUT in surveyjs-walk.mjs).
fn answer_for_input(input: &str) -> Option<&'static str> {
    Some(match input {
        "date" => "2024-01-15",
        "time" => "10:30",
        "datetime-local" => "2024-01-15T10:30",
        "month" => "2024-01",
        "week" => "2024-W03",
        "email" => "resident@example.org",
        "tel" => "13800000000",
        "url" => "https://example.org/",
        "color" => "#336699",
        "password" => "secret-1",
        _ => return None,
    })
}

const TEXT_ANSWER: &str = "answer";
const COMMENT_ANSWER: &str = "comment";
const MAX_STEPS: usize = 100;

/// `inputType`, `min` and `maxLength` of each question as the definition writes them, so that
/// both sides type the same text whatever each engine makes of them.
#[derive(Default)]
struct RawInputs(HashMap<String, RawInput>);

struct RawInput {
    input: String,
    min: Option<String>,
    max_length: Option<usize>,
}

impl RawInputs {
    fn read(root: &Value) -> RawInputs {
        fn walk(v: &Value, out: &mut HashMap<String, RawInput>) {
            match v {
                Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
                Value::Object(o) => {
                    if let Some(Value::String(name)) = o.get("name") {
                        let input = o.get("inputType").and_then(Value::as_str).unwrap_or("text");
                        let min = match o.get("min") {
                            Some(Value::Number(n)) => Some(n.to_string()),
                            Some(Value::String(s)) if s.trim().parse::<f64>().is_ok() => {
                                Some(s.trim().to_string())
                            }
                            _ => None,
                        };
                        let max_length = o
                            .get("maxLength")
                            .and_then(Value::as_u64)
                            .filter(|n| *n > 0)
                            .and_then(|n| usize::try_from(n).ok());
                        out.entry(name.clone()).or_insert(RawInput {
                            input: input.to_string(),
                            min,
                            max_length,
                        });
                    }
                    for key in ["pages", "elements", "questions"] {
                        if let Some(child) = o.get(key) {
                            walk(child, out);
                        }
                    }
                }
                _ => {}
            }
        }
        let mut out = HashMap::new();
        walk(root, &mut out);
        RawInputs(out)
    }

    fn text_answer(&self, name: &str) -> String {
        let raw = self.0.get(name);
        match raw.map_or("text", |r| r.input.as_str()) {
            "number" | "range" => raw.and_then(|r| r.min.clone()).unwrap_or("1".into()),
            other => self.fit(name, answer_for_input(other).unwrap_or(TEXT_ANSWER)),
        }
    }

    /// A resident cannot type past `maxLength` (SurveyJS's input refuses it): cut there.
    fn fit(&self, name: &str, text: &str) -> String {
        match self.0.get(name).and_then(|r| r.max_length) {
            Some(max) => text.chars().take(max).collect(),
            None => text.to_string(),
        }
    }
}

fn pick<T: Clone>(list: &[T], script: Script) -> Option<T> {
    match script {
        Script::Last => list.last().cloned(),
        Script::First | Script::Required => list.first().cloned(),
    }
}

/// The script's answer to `q`, or `None` when the walk has none for its kind.
fn answer(q: &Question, script: Script, raw: &RawInputs) -> Option<Answer> {
    let values = |choices: &[definition::Choice]| -> Vec<String> {
        choices
            .iter()
            .map(|c| c.value.clone())
            .filter(|v| !matches!(v.as_str(), "other" | "none" | "selectall"))
            .collect()
    };
    match &q.kind {
        Kind::Text { .. } => Some(Answer::Text(raw.text_answer(&q.name))),
        Kind::Comment { .. } => Some(Answer::Text(raw.fit(&q.name, COMMENT_ANSWER))),
        Kind::Single { choices, .. } => pick(&values(choices), script).map(Answer::Choice),
        Kind::Multi { choices, .. } => {
            pick(&values(choices), script).map(|v| Answer::Choices(vec![v]))
        }
        Kind::Boolean { .. } => Some(Answer::Bool(script != Script::Last)),
        Kind::Rating { values: rates, .. } => pick(&values(rates), script).map(Answer::Choice),
        // Every row gets the script's column.
        Kind::Matrix { rows, columns, .. } => pick(&values(columns), script).map(|column| {
            Answer::fields(
                rows.iter()
                    .map(|r| (r.value.clone(), column.clone()))
                    .collect(),
            )
        }),
        Kind::MultipleText { items } => Some(Answer::fields(
            items
                .iter()
                .map(|item| {
                    let input = match &item.kind {
                        Kind::Text { input, .. } => *input,
                        _ => definition::InputType::Text,
                    };
                    let text = match input {
                        definition::InputType::Number | definition::InputType::Range => "1",
                        definition::InputType::Date => "2024-01-15",
                        definition::InputType::Time => "10:30",
                        definition::InputType::DateTimeLocal => "2024-01-15T10:30",
                        definition::InputType::Email => "resident@example.org",
                        definition::InputType::Tel => "13800000000",
                        definition::InputType::Url => "https://example.org/",
                        definition::InputType::Password => "secret-1",
                        definition::InputType::Text => TEXT_ANSWER,
                    };
                    (item.name.clone(), text.to_string())
                })
                .collect(),
        )),
    }
}

fn names(questions: &[&Question]) -> Vec<Value> {
    questions.iter().map(|q| json!(q.name)).collect()
}

/// Walks the definition `text` with `script`; the report as JSON.
pub fn walk(text: &str, script: Script) -> Value {
    let survey = match definition::parse(text) {
        Ok(s) => Rc::new(s),
        Err(e) => {
            return json!({
                "loaded": false, "error": e.to_string(), "steps": [], "outcome": "refused",
                "data": {}, "warnings": [],
            })
        }
    };
    let raw = serde_json::from_str::<Value>(text)
        .map(|v| RawInputs::read(&v))
        .unwrap_or_default();
    let warnings: Vec<Value> = survey
        .warnings
        .iter()
        .map(|w| json!({ "path": w.path, "message": w.message(yehua_core::i18n::Locale::En) }))
        .collect();
    let mut form = Form::new(survey.clone());
    let mut steps = Vec::new();
    let mut answered: Vec<String> = Vec::new();
    let mut outcome = "blocked";
    let mut blocked = Value::Null;
    for _ in 0..MAX_STEPS {
        let page = form.page;
        for _round in 0..20 {
            let mut changed = false;
            let shown: Vec<String> = form
                .visible_questions_on(page)
                .iter()
                .map(|q| q.name.clone())
                .collect();
            for name in shown {
                let Some(q) = survey.question(&name) else {
                    continue;
                };
                if answered.contains(&q.name)
                    || (script == Script::Required && !form.is_required(q))
                {
                    continue;
                }
                answered.push(q.name.clone());
                if let Some(a) = answer(q, script, &raw) {
                    if let Some(next) = form.reduce(Action::Answer {
                        name: q.name.clone(),
                        answer: Some(a),
                    }) {
                        form = next;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let shown = form.visible_questions_on(page);
        let required: Vec<&Question> = shown
            .iter()
            .copied()
            .filter(|q| form.is_required(q))
            .collect();
        steps.push(json!({
            "page": survey.pages.get(page).map_or("", |p| p.name.as_str()),
            "visible": names(&shown),
            "required": names(&required),
        }));
        let last = form.is_last_page();
        let next = form
            .reduce(if last { Action::Submit } else { Action::Next })
            .unwrap_or_else(|| form.clone());
        if next.phase == Phase::Submitting {
            form = next;
            outcome = "completed";
            break;
        }
        if next.page == page {
            let problems: Vec<&Question> = next
                .page_problems(page)
                .into_iter()
                .map(|(q, _)| q)
                .collect();
            blocked = json!({
                "page": survey.pages.get(page).map_or("", |p| p.name.as_str()),
                "problems": names(&problems),
            });
            break;
        }
        form = next;
    }
    let data = if outcome == "completed" {
        submitted_data(&form)
    } else {
        json!({})
    };
    let mut report = json!({
        "loaded": true, "steps": steps, "outcome": outcome, "data": data, "warnings": warnings,
    });
    if !blocked.is_null() {
        report["blocked"] = blocked;
    }
    report
}

/// The submitted answers as SurveyJS's `survey.data` holds them: `name: value`, and an
/// "other" text as `name-Comment`.
fn submitted_data(form: &Form) -> Value {
    let submission = Submission::new(
        &form.survey,
        &form.submitted_answers(),
        "walk".into(),
        "en",
        0,
    );
    let mut data = Map::new();
    for a in &submission.answers {
        let value = serde_json::from_str(&a.value.to_json().to_json()).unwrap_or(Value::Null);
        data.insert(a.name.clone(), value);
        if let Some(other) = &a.other {
            data.insert(format!("{}-Comment", a.name), json!(other));
        }
    }
    Value::Object(data)
}
