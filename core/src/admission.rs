//! Whether a received `yehua.submission/1` payload may be stored for its consultation: the
//! receiving end's check (the collector's 400 and 422 answers), next to the writer in
//! `submission` so that both sides read the same schema and the same definition the same way.
//!
//! Owns: [`admit`], which reads a payload's JSON value strictly by
//! docs/submission.schema.json (anything else is [`Misfit::Malformed`]) and then against the
//! consultation's definition: an unknown question, a value of the wrong kind, a choice the
//! question does not offer, a matrix row or multipletext item it does not have, an intent the
//! question does not have, a text longer than its `maxLength`, another consultation or version are each a [`Misfit`] with the path where it
//! broke. Must not: decide visibility or requiredness (a resident may skip and the definition's
//! conditions depend on the device's answers), touch storage or the network, or panic.

use crate::definition::{Choice, Kind, Question, Survey, OTHER_VALUE};
use crate::json::Value;
use crate::submission::{Submission, SCHEMA};

/// Why a payload is not stored. The text (English) is the reason the endpoint answers with,
/// which the widget keeps for staff.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Misfit {
    /// Not a `yehua.submission/1` payload at all (a 400: it can never be stored unchanged).
    #[error("{path}: expected {expected}")]
    Malformed {
        path: String,
        expected: &'static str,
    },
    #[error("consultation.id: the submission is for '{found}', not '{expected}'")]
    WrongConsultation { expected: String, found: String },
    #[error("consultation.version: version '{found}' is checked against version '{expected}'")]
    WrongVersion { expected: String, found: String },
    #[error("answers.{name}: the consultation has no question '{name}'")]
    UnknownQuestion { name: String },
    #[error("answers.{name}.value: expected {expected}, found {found}")]
    WrongKind {
        name: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("answers.{name}.value: '{value}' is not a choice of this question")]
    NotAChoice { name: String, value: String },
    #[error("answers.{name}.intent: the question's intent is {expected}, not '{found}'")]
    WrongIntent {
        name: String,
        expected: &'static str,
        found: String,
    },
    #[error("answers.{name}.value.{key}: the question has no row or item '{key}'")]
    NotAField { name: String, key: String },
    #[error("answers.{name}.value: {length} characters, the question allows {max}")]
    TooLong {
        name: String,
        length: usize,
        max: usize,
    },
}

impl Misfit {
    /// True when the body is not a submission payload at all (rather than one that does not
    /// fit this consultation).
    pub fn is_malformed(&self) -> bool {
        matches!(self, Misfit::Malformed { .. })
    }
}

const TOP_MEMBERS: &[&str] = &[
    "schema",
    "id",
    "consultation",
    "locale",
    "createdAt",
    "createdAtMs",
    "device",
    "answers",
];

fn malformed(path: impl Into<String>, expected: &'static str) -> Misfit {
    Misfit::Malformed {
        path: path.into(),
        expected,
    }
}

fn text<'a>(v: &'a Value, key: &str, path: &str) -> Result<&'a str, Misfit> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| malformed(format!("{path}{key}"), "a string"))
}

/// Reads `payload` as a submission to `survey`'s consultation, or says why it cannot be stored.
pub fn admit(survey: &Survey, payload: &Value) -> Result<Submission, Misfit> {
    let members = payload
        .as_object()
        .ok_or_else(|| malformed("(root)", "an object"))?;
    if let Some((k, _)) = members
        .iter()
        .find(|(k, _)| !TOP_MEMBERS.contains(&k.as_str()))
    {
        return Err(malformed(
            k.clone(),
            "no such member (schema yehua.submission/1)",
        ));
    }
    if payload.get("schema").and_then(Value::as_str) != Some(SCHEMA) {
        return Err(malformed("schema", "\"yehua.submission/1\""));
    }
    if text(payload, "id", "")?.trim().is_empty() {
        return Err(malformed("id", "a submission id"));
    }
    text(payload, "locale", "")?;
    text(payload, "createdAt", "")?;
    if payload.get("createdAtMs").and_then(Value::as_u64).is_none() {
        return Err(malformed("createdAtMs", "a whole number of milliseconds"));
    }
    if payload.get("device").is_some() {
        text(payload, "device", "")?;
    }
    let consultation = payload
        .get("consultation")
        .filter(|c| c.as_object().is_some())
        .ok_or_else(|| malformed("consultation", "an object"))?;
    if let Some((k, _)) = consultation
        .as_object()
        .unwrap_or_default()
        .iter()
        .find(|(k, _)| k != "id" && k != "version")
    {
        return Err(malformed(format!("consultation.{k}"), "no such member"));
    }
    let id = text(consultation, "id", "consultation.")?;
    let version = text(consultation, "version", "consultation.")?;
    let answers = payload
        .get("answers")
        .and_then(Value::as_object)
        .ok_or_else(|| malformed("answers", "an object"))?;
    for (name, answer) in answers {
        answer_shape(name, answer)?;
    }
    if id != survey.info.id {
        return Err(Misfit::WrongConsultation {
            expected: survey.info.id.clone(),
            found: id.into(),
        });
    }
    if version != survey.info.version {
        return Err(Misfit::WrongVersion {
            expected: survey.info.version.clone(),
            found: version.into(),
        });
    }
    let questions = survey.questions();
    for (name, answer) in answers {
        let question = questions
            .iter()
            .find(|q| &q.name == name)
            .ok_or_else(|| Misfit::UnknownQuestion { name: name.clone() })?;
        fits(question, answer)?;
    }
    Submission::from_json(payload).ok_or_else(|| malformed("(root)", "a submission"))
}

/// The schema's shape of one answer: `{"value", "other"?, "intent"?}`.
fn answer_shape(name: &str, answer: &Value) -> Result<(), Misfit> {
    let path = format!("answers.{name}");
    let members = answer
        .as_object()
        .ok_or_else(|| malformed(path.clone(), "an object"))?;
    for (k, v) in members {
        let ok = match k.as_str() {
            "value" => match v {
                Value::String(_) | Value::Bool(_) => true,
                Value::Array(items) => items.iter().all(|i| i.as_str().is_some()),
                // A matrix or multipletext answer: an object of strings.
                Value::Object(members) => members.iter().all(|(_, m)| m.as_str().is_some()),
                _ => false,
            },
            "other" => v.as_str().is_some(),
            "intent" => matches!(v.as_str(), Some("need" | "skill" | "suggestion")),
            _ => false,
        };
        if !ok {
            let expected = match k.as_str() {
                "value" => "a string, true/false, an array of strings or an object of strings",
                "other" => "a string",
                "intent" => "'need', 'skill' or 'suggestion'",
                _ => "no such member",
            };
            return Err(malformed(format!("{path}.{k}"), expected));
        }
    }
    if answer.get("value").is_none() {
        return Err(malformed(format!("{path}.value"), "a value"));
    }
    Ok(())
}

/// One answer against its question.
fn fits(q: &Question, answer: &Value) -> Result<(), Misfit> {
    let name = &q.name;
    let value = answer.get("value").unwrap_or(&Value::Null);
    if let Some(found) = answer.get("intent").and_then(Value::as_str) {
        if q.intent.map(|i| i.as_str()) != Some(found) {
            return Err(Misfit::WrongIntent {
                name: name.clone(),
                expected: q.intent.map_or("none", |i| i.as_str()),
                found: found.into(),
            });
        }
    }
    let wrong = |expected| Misfit::WrongKind {
        name: name.clone(),
        expected,
        found: value.kind(),
    };
    let offered = |v: &str, choices: &[Choice], other: bool| {
        if choices.iter().any(|c| c.value == v) || (other && v == OTHER_VALUE) {
            Ok(())
        } else {
            Err(Misfit::NotAChoice {
                name: name.clone(),
                value: v.into(),
            })
        }
    };
    match &q.kind {
        Kind::Text { max_length, .. } | Kind::Comment { max_length, .. } => {
            let t = value.as_str().ok_or_else(|| wrong("a text"))?;
            let length = t.chars().count();
            match max_length {
                Some(max) if length > *max => Err(Misfit::TooLong {
                    name: name.clone(),
                    length,
                    max: *max,
                }),
                _ => Ok(()),
            }
        }
        Kind::Single { choices, other, .. } => {
            let v = value.as_str().ok_or_else(|| wrong("one choice"))?;
            offered(v, choices, other.is_some())
        }
        Kind::Rating { values, .. } => {
            let v = value.as_str().ok_or_else(|| wrong("one rating value"))?;
            offered(v, values, false)
        }
        Kind::Multi { choices, other, .. } => {
            let items = value.as_array().ok_or_else(|| wrong("a list of choices"))?;
            items
                .iter()
                .filter_map(Value::as_str)
                .try_for_each(|v| offered(v, choices, other.is_some()))
        }
        Kind::Boolean { .. } => value
            .as_bool()
            .map(|_| ())
            .ok_or_else(|| wrong("true or false")),
        Kind::Matrix { rows, columns, .. } => {
            let members = value
                .as_object()
                .ok_or_else(|| wrong("an object of rows"))?;
            members.iter().try_for_each(|(row, column)| {
                if !rows.iter().any(|r| &r.value == row) {
                    return Err(Misfit::NotAField {
                        name: name.clone(),
                        key: row.clone(),
                    });
                }
                offered(column.as_str().unwrap_or_default(), columns, false)
            })
        }
        Kind::MultipleText { items } => {
            let members = value
                .as_object()
                .ok_or_else(|| wrong("an object of items"))?;
            members.iter().try_for_each(|(key, text)| {
                let item =
                    items
                        .iter()
                        .find(|i| &i.name == key)
                        .ok_or_else(|| Misfit::NotAField {
                            name: name.clone(),
                            key: key.clone(),
                        })?;
                let length = text.as_str().unwrap_or_default().chars().count();
                match &item.kind {
                    Kind::Text {
                        max_length: Some(max),
                        ..
                    } if length > *max => Err(Misfit::TooLong {
                        name: format!("{name}.{key}"),
                        length,
                        max: *max,
                    }),
                    _ => Ok(()),
                }
            })
        }
    }
}
