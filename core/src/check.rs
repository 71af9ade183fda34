//! A definition's errors and warnings as organizers read them: translated in full (zh-CN,
//! zh-TW, en), each with where it is (positions counted from 1: "第 2 页，第 3 个元素") and,
//! when it is about a question, that question's title.
//!
//! Owns: `Diagnostic` (one message as data: severity, the raw path for tools, the translated
//! location, message and question title), `messages` (every message of a definition's text) and
//! the translation of `DefinitionError` and `Warning`. The check view and the console render
//! these; residents never see them (they get a short "cannot be opened" screen).
//! Must not: decide what is an error (`definition` does) or touch the browser.

use crate::condition::ConditionError;
use crate::definition::{DefinitionError, Warning};
use crate::i18n::{format, text, Locale, Msg};
use crate::json::{self, Value};
use crate::text::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The definition cannot be used.
    Error,
    /// Something was skipped or read differently; the rest works.
    Warning,
}

/// One message about a definition, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where, as a path into the JSON (0-based indices, for tools): `pages[1].elements[2]`.
    pub path: String,
    /// Where, for people (1-based): `第 2 页，第 3 个元素`; empty for the whole text.
    pub location: String,
    /// The question it is about: its name, and its title in the locale.
    pub question: Option<(String, String)>,
    /// What is wrong, translated in full.
    pub message: String,
    /// The language of the texts above.
    pub locale: Locale,
}

impl std::fmt::Display for Diagnostic {
    /// One line: `第 1 页，第 2 个元素，问题“您的需求”（need）：message`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let en = self.locale == Locale::En;
        let mut parts = Vec::new();
        if !self.location.is_empty() {
            parts.push(self.location.clone());
        }
        if let Some((name, title)) = &self.question {
            let q = format(self.locale, Msg::PathQuestion, &[("title", title)]);
            parts.push(if en {
                format!("{q} ({name})")
            } else {
                format!("{q}（{name}）")
            });
        }
        if !parts.is_empty() {
            f.write_str(&parts.join(if en { ", " } else { "，" }))?;
            f.write_str(if en { ": " } else { "：" })?;
        }
        f.write_str(&self.message)
    }
}

/// Every message about a definition's text: its error (reading stops at the first), or its
/// warnings in definition order.
pub fn messages(definition: &str, locale: Locale) -> Vec<Diagnostic> {
    let root = json::parse(definition).ok();
    match crate::definition::parse(definition) {
        Ok(survey) => survey
            .warnings
            .iter()
            .map(|w| of_warning(w, root.as_ref(), locale))
            .collect(),
        Err(e) => vec![of_error(&e, root.as_ref(), locale)],
    }
}

/// An error, translated; `root` (the definition's JSON, when it is JSON) names the question.
pub fn of_error(e: &DefinitionError, root: Option<&Value>, locale: Locale) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        path: e.path().to_string(),
        location: location(e.path(), locale),
        question: root.and_then(|r| question_at(r, e.path(), locale)),
        message: error_message(e, locale),
        locale,
    }
}

/// A warning, translated; `root` (the definition's JSON) names the question.
pub fn of_warning(w: &Warning, root: Option<&Value>, locale: Locale) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        path: w.path.clone(),
        location: location(&w.path, locale),
        question: root.and_then(|r| question_at(r, &w.path, locale)),
        message: w.message(locale),
        locale,
    }
}

/// The question a path leads into (the innermost element of an `elements` or `questions`
/// list on the way that is not a panel or note): its name and its title in `locale` (its
/// name when it has no title).
pub fn question_at(root: &Value, path: &str, locale: Locale) -> Option<(String, String)> {
    let mut at = root;
    let mut found = None;
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let (key, index) = match segment
            .strip_suffix(']')
            .and_then(|s| s.split_once('['))
            .and_then(|(k, i)| Some((k, i.parse::<usize>().ok()?)))
        {
            Some((k, i)) => (k, Some(i)),
            None => (segment, None),
        };
        at = at.get(key)?;
        if let Some(i) = index {
            at = at.as_array()?.get(i)?;
            let kind = at.get("type").and_then(Value::as_str).unwrap_or("");
            let element = key == "elements" || key == "questions";
            if element && !matches!(kind, "panel" | "html" | "") {
                found = Some(at);
            }
        }
    }
    let q = found?;
    let name = match q.get("name")? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.clone(),
        _ => return None,
    };
    let title = q
        .get("title")
        .and_then(Text::from_json)
        .map(|t| t.get(locale).to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| name.clone());
    Some((name, title))
}

/// What an error says, in `locale` (without where: see [`location`]).
pub fn error_message(e: &DefinitionError, locale: Locale) -> String {
    let f = |msg, params: &[(&str, &str)]| format(locale, msg, params);
    match e {
        DefinitionError::NotJson(j) => {
            let at = f(
                Msg::DefJsonAt,
                &[
                    ("line", &j.line.to_string()),
                    ("column", &j.column.to_string()),
                    ("what", &detail(locale, j.message)),
                ],
            );
            f(Msg::DefNotJson, &[("detail", &at)])
        }
        DefinitionError::NotObject { .. } => text(locale, Msg::DefNotObject).to_string(),
        DefinitionError::NoElements => text(locale, Msg::DefNoElements).to_string(),
        DefinitionError::DuplicateName { name, .. } => f(Msg::DefDuplicateName, &[("name", name)]),
        DefinitionError::BadExpression { error, .. } => {
            let at = f(
                Msg::DefExprAt,
                &[
                    ("position", &error.column.to_string()),
                    ("what", &condition_detail(locale, error)),
                ],
            );
            f(Msg::DefBadExpression, &[("detail", &at)])
        }
        DefinitionError::BadValue { expected, .. } => f(
            Msg::DefBadValue,
            &[("expected", text(locale, expected.msg()))],
        ),
        DefinitionError::BadChoices { .. } => text(locale, Msg::DefBadChoices).to_string(),
        DefinitionError::BadRating { .. } => text(locale, Msg::DefBadRating).to_string(),
        DefinitionError::MissingType { .. } => text(locale, Msg::DefMissingType).to_string(),
        DefinitionError::UnknownType {
            found, suggestion, ..
        } => f(
            Msg::DefUnknownType,
            &[("type", found), ("suggestion", suggestion)],
        ),
        DefinitionError::BadChoicesFrom {
            name, suggestion, ..
        } => {
            let mut m = f(Msg::DefBadChoicesFrom, &[("name", name)]);
            if let Some(s) = suggestion {
                m.push_str(if locale == Locale::En { "; " } else { "。" });
                m.push_str(&f(Msg::DefDidYouMean, &[("suggestion", s)]));
            }
            m
        }
        DefinitionError::NoChoices { .. } => text(locale, Msg::DefNoChoices).to_string(),
    }
}

/// A JSON path (`pages[1].elements[0].choices[2]`) for people, positions from 1:
/// `第 2 页，第 1 个元素，choices 第 3 项` / `page 2, element 1, choices item 3`.
pub fn location(path: &str, locale: Locale) -> String {
    let separator = if locale == Locale::En { ", " } else { "，" };
    let mut parts: Vec<String> = Vec::new();
    for segment in path.split('.').filter(|s| !s.is_empty() && *s != "(root)") {
        let Some((key, index)) = segment
            .strip_suffix(']')
            .and_then(|s| s.split_once('['))
            .and_then(|(k, i)| Some((k, i.parse::<usize>().ok()?)))
        else {
            parts.push(segment.to_string());
            continue;
        };
        let n = (index + 1).to_string();
        parts.push(match key {
            "pages" => format(locale, Msg::PathPage, &[("n", &n)]),
            "elements" | "questions" => format(locale, Msg::PathElement, &[("n", &n)]),
            _ => format(locale, Msg::PathItem, &[("key", key), ("n", &n)]),
        });
    }
    parts.join(separator)
}

/// The text of an expression error, with the name it is about.
fn condition_detail(locale: Locale, e: &ConditionError) -> String {
    let msg = match (e.message, &e.suggestion) {
        _ if e.name.is_empty() => return detail(locale, e.message),
        ("unknown question", Some(s)) => {
            let params = [("name", e.name.as_str()), ("suggestion", s.as_str())];
            return format(locale, Msg::DetailUnknownQuestionHint, &params);
        }
        ("unknown question", None) => Msg::DetailUnknownQuestion,
        ("unsupported operator", _) if e.name.eq_ignore_ascii_case("not") => Msg::DetailUseBang,
        ("unsupported operator", _) => Msg::DetailUnsupportedOperator,
        ("unsupported variable", _) => Msg::DetailUnsupportedVariable,
        ("unsupported function", _) => Msg::DetailUnsupportedFunction,
        ("wrong number of arguments", _) => Msg::DetailArguments,
        _ => Msg::DetailTokenNamed,
    };
    format(locale, msg, &[("name", &e.name)])
}

/// The text of a JSON or expression parser message (the parsers keep English `&'static str`
/// codes for logs and tests; an unknown one is shown as it is).
fn detail(locale: Locale, message: &'static str) -> String {
    let msg = match message {
        "unexpected end of input" => Msg::DetailEnd,
        "nesting too deep" => Msg::DetailDeep,
        "expected a string key" => Msg::DetailKey,
        "expected ':'" => Msg::DetailColon,
        "expected ',' or '}'" => Msg::DetailCommaObject,
        "expected ',' or ']'" => Msg::DetailCommaArray,
        "expected a value" => Msg::DetailValue,
        "invalid literal" => Msg::DetailLiteral,
        "invalid number" => Msg::DetailNumber,
        "invalid escape" => Msg::DetailEscape,
        "lone surrogate" => Msg::DetailSurrogate,
        "control character in string" => Msg::DetailControl,
        "trailing characters" => Msg::DetailTrailing,
        "unclosed '{'" => Msg::DetailUnclosedBrace,
        "empty variable name" => Msg::DetailEmptyName,
        "unterminated string" => Msg::DetailUnterminated,
        "unclosed '('" => Msg::DetailUnclosedParen,
        "unclosed '['" => Msg::DetailUnclosedBracket,
        "unexpected token" => Msg::DetailToken,
        _ => return message.to_string(),
    };
    text(locale, msg).to_string()
}
