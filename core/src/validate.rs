//! Validation of one question's answer: returns a problem code with its parameters.
//!
//! Owns: `Problem` and `check`. Lengths count graphemes; numbers and phone numbers accept the
//! full-width digits Chinese input methods produce. Must not: produce text for people (the view
//! translates codes through i18n), or decide visibility (the form does).

use crate::answer::{Answer, Answers};
use crate::decimal::Decimal;
use crate::definition::{InputType, Kind, Question, OTHER_VALUE};
use crate::i18n::Msg;
use crate::text::grapheme_len;

/// What is wrong with an answer. Parameters are for the translated message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    NotNumber,
    OutOfRange {
        min: String,
        max: String,
    },
    /// Below the minimum, with no maximum set.
    TooSmall {
        min: String,
    },
    /// Above the maximum, with no minimum set.
    TooLarge {
        max: String,
    },
    NotEmail,
    NotPhone,
    TooFew {
        min: usize,
    },
    TooMany {
        max: usize,
    },
    /// "Other" was chosen but its text is empty.
    OtherRequired,
}

impl Problem {
    /// The message saying what is wrong.
    pub fn msg(&self) -> Msg {
        match self {
            Problem::Required => Msg::ValidationRequired,
            Problem::TooLong { .. } => Msg::ValidationTooLong,
            Problem::NotNumber => Msg::ValidationNotNumber,
            Problem::OutOfRange { .. } => Msg::ValidationOutOfRange,
            Problem::TooSmall { .. } => Msg::ValidationTooSmall,
            Problem::TooLarge { .. } => Msg::ValidationTooLarge,
            Problem::NotEmail => Msg::ValidationNotEmail,
            Problem::NotPhone => Msg::ValidationNotPhone,
            Problem::TooFew { .. } => Msg::ValidationTooFew,
            Problem::TooMany { .. } => Msg::ValidationTooMany,
            Problem::OtherRequired => Msg::ValidationOtherRequired,
        }
    }

    /// The message parameters, as `(name, value)` pairs.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Problem::TooLong { max } | Problem::TooMany { max } => vec![("max", max.to_string())],
            Problem::TooFew { min } => vec![("min", min.to_string())],
            Problem::OutOfRange { min, max } => vec![("min", min.clone()), ("max", max.clone())],
            Problem::TooSmall { min } => vec![("min", min.clone())],
            Problem::TooLarge { max } => vec![("max", max.clone())],
            _ => Vec::new(),
        }
    }
}

/// Checks the answer to `q`; `required` is the question's effective requiredness.
pub fn check(q: &Question, answers: &Answers, required: bool) -> Option<Problem> {
    let answer = answers.get(&q.name);
    let Some(answer) = answer.filter(|a| !a.is_empty()) else {
        return required.then_some(Problem::Required);
    };
    // Only a question that offers an "other" box asks for its text; a plain choice whose
    // value happens to be "other" does not.
    let offers_other = matches!(
        &q.kind,
        Kind::Single { other: Some(_), .. } | Kind::Multi { other: Some(_), .. }
    );
    let chose_other = offers_other && answer_has_other(answer);
    match (&q.kind, answer) {
        (
            Kind::Text {
                input,
                max_length,
                min,
                max,
                ..
            },
            Answer::Text(s),
        ) => {
            if let Some(m) = max_length.filter(|m| grapheme_len(s) > *m) {
                return Some(Problem::TooLong { max: m });
            }
            match input {
                InputType::Number => match Decimal::parse(s) {
                    None => Some(Problem::NotNumber),
                    Some(n) => out_of_range(n, min, max),
                },
                InputType::Email => (!is_email(s)).then_some(Problem::NotEmail),
                InputType::Tel => (!is_phone(s)).then_some(Problem::NotPhone),
                InputType::Text => None,
            }
        }
        (Kind::Comment { max_length, .. }, Answer::Text(s)) => max_length
            .filter(|m| grapheme_len(s) > *m)
            .map(|max| Problem::TooLong { max }),
        (Kind::Multi { min, max, .. }, Answer::Choices(v)) => {
            if let Some(m) = min.filter(|m| v.len() < *m) {
                Some(Problem::TooFew { min: m })
            } else if let Some(m) = max.filter(|m| v.len() > *m) {
                Some(Problem::TooMany { max: m })
            } else {
                other_missing(chose_other, answers, &q.name)
            }
        }
        (Kind::Single { .. }, _) => other_missing(chose_other, answers, &q.name),
        _ => None,
    }
}

/// True when the answer includes the "other" choice.
pub fn answer_has_other(answer: &Answer) -> bool {
    match answer {
        Answer::Choice(v) | Answer::Text(v) => v == OTHER_VALUE,
        Answer::Choices(v) => v.iter().any(|c| c == OTHER_VALUE),
        Answer::Bool(_) => false,
    }
}

fn out_of_range(n: Decimal, min: &Option<Decimal>, max: &Option<Decimal>) -> Option<Problem> {
    let below = min.as_ref().is_some_and(|m| n < *m);
    let above = max.as_ref().is_some_and(|m| n > *m);
    if !below && !above {
        return None;
    }
    Some(match (min, max) {
        (Some(lo), Some(hi)) => Problem::OutOfRange {
            min: lo.to_string(),
            max: hi.to_string(),
        },
        (Some(lo), None) => Problem::TooSmall {
            min: lo.to_string(),
        },
        (_, hi) => Problem::TooLarge {
            max: hi.as_ref().map(|h| h.to_string()).unwrap_or_default(),
        },
    })
}

fn other_missing(chose_other: bool, answers: &Answers, name: &str) -> Option<Problem> {
    (chose_other && answers.other(name).trim().is_empty()).then_some(Problem::OtherRequired)
}

/// Maps full-width ASCII forms (from Chinese input methods) to ASCII.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// A phone number: 5 to 20 digits, optionally with `+`, spaces, dashes and parentheses.
pub fn is_phone(s: &str) -> bool {
    let s = to_half_width(s.trim());
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (5..=20).contains(&digits)
        && s.chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || " -()".contains(c) || (c == '+' && i == 0))
}

/// A plausible e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_email(s: &str) -> bool {
    let s = to_half_width(s.trim());
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !s.contains(char::is_whitespace)
        && !domain.contains('@')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}
