//! A resident's answers while they fill in the form, and how conditions see them.
//!
//! Owns: `Answer` (the value of one question: a text, choices, yes/no, or the fields of a
//! matrix or multipletext), `Answers` (all of them, plus the text typed for
//! an "other" choice) and their JSON form for drafts and submissions.
//! Must not: validate, decide visibility, or know about the browser.

use crate::condition::{self, Operand};
use crate::json::Value;

/// The value of one answered question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Text, comment (and number, phone, e-mail as typed).
    Text(String),
    /// A radiogroup, dropdown or rating value.
    Choice(String),
    /// Checkbox values, in the order the resident chose them.
    Choices(Vec<String>),
    Bool(bool),
    /// A `matrix` (row value -> column value) or `multipletext` (item name -> text) answer,
    /// sorted by key; a key without a value is absent.
    Fields(Vec<(String, String)>),
}

impl Answer {
    /// A `Fields` answer from `(key, value)` pairs in any order: sorted, empty values dropped,
    /// the last of a repeated key kept.
    pub fn fields(pairs: Vec<(String, String)>) -> Answer {
        let mut out = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            put(&mut out, &k, Some(v).filter(|v| !v.trim().is_empty()));
        }
        Answer::Fields(out)
    }

    /// The value of `key` in a `Fields` answer ("" when absent or not `Fields`).
    pub fn field(&self, key: &str) -> &str {
        match self {
            Answer::Fields(f) => find(f, key).map_or("", String::as_str),
            _ => "",
        }
    }

    /// This `Fields` answer with `key` set to `value` (or removed, when `value` is blank).
    pub fn with_field(answer: Option<&Answer>, key: &str, value: String) -> Answer {
        let mut fields = match answer {
            Some(Answer::Fields(f)) => f.clone(),
            _ => Vec::new(),
        };
        put(
            &mut fields,
            key,
            Some(value).filter(|v| !v.trim().is_empty()),
        );
        Answer::Fields(fields)
    }

    /// True for an answer that says nothing: empty text, no choices.
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Text(s) | Answer::Choice(s) => s.trim().is_empty(),
            Answer::Choices(v) => v.is_empty(),
            Answer::Bool(_) => false,
            Answer::Fields(f) => f.is_empty(),
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            Answer::Text(s) | Answer::Choice(s) => Value::String(s.clone()),
            Answer::Choices(v) => Value::Array(v.iter().cloned().map(Value::String).collect()),
            Answer::Bool(b) => Value::Bool(*b),
            Answer::Fields(f) => Value::Object(
                f.iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            ),
        }
    }

    /// Reads an answer back; a string becomes `Text` (the form treats `Text` and `Choice` alike).
    pub fn from_json(v: &Value) -> Option<Answer> {
        match v {
            Value::String(s) => Some(Answer::Text(s.clone())),
            Value::Number(n) => Some(Answer::Choice(n.clone())),
            Value::Bool(b) => Some(Answer::Bool(*b)),
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .map(Answer::Choices),
            Value::Object(members) => members
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) | Value::Number(s) => Some((k.clone(), s.clone())),
                    Value::Bool(b) => Some((k.clone(), b.to_string())),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .map(Answer::fields),
            _ => None,
        }
    }

    /// A one-line text of the answer, for CSV cells.
    pub fn display(&self) -> String {
        match self {
            Answer::Text(s) | Answer::Choice(s) => s.clone(),
            Answer::Choices(v) => v.join("; "),
            Answer::Bool(b) => b.to_string(),
            Answer::Fields(f) => f
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// All answers of one resident, keyed by question name. Small sorted vectors rather than
/// B-trees: a consultation has tens of questions, and the B-tree code costs the widget ~10 KB.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answers {
    values: Vec<(String, Answer)>,
    other: Vec<(String, String)>,
}

/// Sets (`Some`) or removes (`None`) `name` in a vector kept sorted by name.
fn put<V>(list: &mut Vec<(String, V)>, name: &str, value: Option<V>) {
    match (list.binary_search_by(|(k, _)| k.as_str().cmp(name)), value) {
        (Ok(i), Some(v)) => {
            if let Some(slot) = list.get_mut(i) {
                slot.1 = v;
            }
        }
        (Ok(i), None) => {
            list.remove(i);
        }
        (Err(i), Some(v)) => list.insert(i, (name.to_string(), v)),
        (Err(_), None) => {}
    }
}

fn find<'a, V>(list: &'a [(String, V)], name: &str) -> Option<&'a V> {
    list.binary_search_by(|(k, _)| k.as_str().cmp(name))
        .ok()
        .and_then(|i| list.get(i))
        .map(|(_, v)| v)
}

impl Answers {
    pub fn get(&self, name: &str) -> Option<&Answer> {
        find(&self.values, name)
    }

    /// Sets or (with `None` or an empty answer) clears the answer to `name`.
    pub fn set(&mut self, name: &str, answer: Option<Answer>) {
        put(&mut self.values, name, answer.filter(|a| !a.is_empty()));
    }

    /// The text typed for the "other" choice of `name`.
    pub fn other(&self, name: &str) -> &str {
        find(&self.other, name).map_or("", String::as_str)
    }

    pub fn set_other(&mut self, name: &str, text: String) {
        put(&mut self.other, name, Some(text).filter(|t| !t.is_empty()));
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.other.is_empty()
    }

    /// `{"answers": {...}, "other": {...}}` for drafts.
    pub fn to_json(&self) -> Value {
        Value::Object(vec![
            (
                "answers".into(),
                Value::Object(
                    self.values
                        .iter()
                        .map(|(k, v)| (k.clone(), v.to_json()))
                        .collect(),
                ),
            ),
            (
                "other".into(),
                Value::Object(
                    self.other
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                        .collect(),
                ),
            ),
        ])
    }

    /// Reads a draft; unreadable members are dropped, never a panic.
    pub fn from_json(v: &Value) -> Answers {
        let mut answers = Answers::default();
        for (k, a) in v
            .get("answers")
            .and_then(Value::as_object)
            .unwrap_or_default()
        {
            answers.set(k, Answer::from_json(a));
        }
        for (k, t) in v
            .get("other")
            .and_then(Value::as_object)
            .unwrap_or_default()
        {
            if let Some(t) = t.as_str() {
                answers.set_other(k, t.to_string());
            }
        }
        answers
    }
}

impl condition::Answers for Answers {
    /// `{name}`, or `{name.key}` for one row of a matrix or one item of a multipletext (as in
    /// SurveyJS). A whole matrix or multipletext answer is only "not empty" (`Bool(true)`).
    fn operand(&self, name: &str) -> Operand<'_> {
        let answer = match (self.get(name), name.split_once('.')) {
            (None, Some((question, key))) => match self.get(question) {
                Some(Answer::Fields(f)) => {
                    return find(f, key).map_or(Operand::Empty, |v| Operand::Text(v));
                }
                _ => None,
            },
            (answer, _) => answer,
        };
        match answer {
            None => Operand::Empty,
            Some(Answer::Text(s) | Answer::Choice(s)) => Operand::Text(s),
            Some(Answer::Choices(v)) => Operand::List(v),
            Some(Answer::Bool(b)) => Operand::Bool(*b),
            Some(Answer::Fields(_)) => Operand::Bool(true),
        }
    }
}
