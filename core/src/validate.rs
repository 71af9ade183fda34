//! Validation of one question's answer: returns a problem code with its parameters.
//!
//! Owns: `Problem`, `check` (the required check, each type's own checks, then the question's
//! `validators`, as SurveyJS orders them) and `Patterns`, the port through which `regex`
//! validators reach a JavaScript-compatible regular-expression engine (the browser's `RegExp`
//! in the widget, a fake in native tests). Lengths count graphemes; numbers and phone numbers
//! accept the full-width digits Chinese input methods produce. Must not: produce text for people
//! (the view translates codes through i18n, and shows a validator's own `text`), decide
//! visibility or whether a question is enabled (the form does), or hold a regex engine of its
//! own.

use std::fmt;

use crate::answer::{Answer, Answers};
use crate::decimal::Decimal;
use crate::definition::{InputType, Kind, Question, Rule, Validator, OTHER_VALUE};
use crate::i18n::Msg;
use crate::text::{grapheme_len, Text};

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
    /// A `text` validator's `minLength` (with no `maxLength`).
    TooShort {
        min: usize,
    },
    /// A `text` validator with both `minLength` and `maxLength`.
    LengthOutside {
        min: usize,
        max: usize,
    },
    /// A `text` validator with `allowDigits: false`, and a text ending in digits.
    NoDigits,
    /// A date or time before the input's `min`.
    TooEarly {
        min: String,
    },
    /// A date or time after the input's `max`.
    TooLate {
        max: String,
    },
    /// A number that is not a multiple of the input's `step`.
    NotStep {
        step: String,
    },
    /// A `regex` validator without its own text failed.
    NotPattern,
    /// An `expression` validator without its own text failed.
    NotExpected,
    /// A matrix with `isAllRowRequired` has a row without an answer.
    AllRowsRequired,
    /// A validator failed and has its own message (the organizer's `text`).
    Custom(Text),
    /// One text box of a multipletext question (by its index in `items`) has this problem.
    Item {
        index: usize,
        problem: Box<Problem>,
    },
}

impl Problem {
    /// The message saying what is wrong (for `Custom`, a general one: show its text instead).
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
            Problem::TooShort { .. } => Msg::ValidationTooShort,
            Problem::LengthOutside { .. } => Msg::ValidationLengthOutside,
            Problem::NoDigits => Msg::ValidationNoDigits,
            Problem::TooEarly { .. } => Msg::ValidationTooEarly,
            Problem::TooLate { .. } => Msg::ValidationTooLate,
            Problem::NotStep { .. } => Msg::ValidationNotStep,
            Problem::NotPattern => Msg::ValidationNotPattern,
            Problem::NotExpected | Problem::Custom(_) => Msg::ValidationNotExpected,
            Problem::AllRowsRequired => Msg::ValidationAllRowsRequired,
            Problem::Item { problem, .. } => problem.msg(),
        }
    }

    /// The message parameters, as `(name, value)` pairs.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Problem::TooLong { max } | Problem::TooMany { max } => vec![("max", max.to_string())],
            Problem::TooFew { min } | Problem::TooShort { min } => vec![("min", min.to_string())],
            Problem::OutOfRange { min, max } => vec![("min", min.clone()), ("max", max.clone())],
            Problem::LengthOutside { min, max } => {
                vec![("min", min.to_string()), ("max", max.to_string())]
            }
            Problem::TooSmall { min } | Problem::TooEarly { min } => vec![("min", min.clone())],
            Problem::TooLarge { max } | Problem::TooLate { max } => vec![("max", max.clone())],
            Problem::NotStep { step } => vec![("step", step.clone())],
            Problem::Item { problem, .. } => problem.params(),
            _ => Vec::new(),
        }
    }

    /// The problem itself, without the multipletext item it is in.
    pub fn inner(&self) -> &Problem {
        match self {
            Problem::Item { problem, .. } => problem.inner(),
            p => p,
        }
    }
}

/// The regular-expression engine `regex` validators run on: `test(pattern, case_insensitive,
/// value)` answers whether JavaScript's `new RegExp(pattern, flags).test(value)` holds, or `None`
/// when the pattern is not a valid JavaScript regular expression or there is no engine (then
/// the validator passes: a broken pattern never blocks a resident; the widget logs it).
#[derive(Clone, Copy)]
pub struct Patterns(pub fn(&str, bool, &str) -> Option<bool>);

impl Patterns {
    /// No engine: every pattern is unknown (native tools that never show a form).
    pub const NONE: Patterns = Patterns(|_, _, _| None);
}

/// One engine per program: two `Patterns` are always equal, so a form's equality (which decides
/// whether the view renders again) is that of its answers and state.
impl PartialEq for Patterns {
    fn eq(&self, _: &Patterns) -> bool {
        true
    }
}

impl Eq for Patterns {}

impl fmt::Debug for Patterns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Patterns")
    }
}

/// Checks the answer to `q` without a regex engine (see [`check_with`]).
pub fn check(q: &Question, answers: &Answers, required: bool) -> Option<Problem> {
    check_with(q, answers, required, Patterns::NONE)
}

/// Checks the answer to `q`; `required` is the question's effective requiredness. As in
/// SurveyJS: the required check first, then the type's own checks, then `validators` in order
/// (on an empty answer only `expression` validators run).
pub fn check_with(
    q: &Question,
    answers: &Answers,
    required: bool,
    patterns: Patterns,
) -> Option<Problem> {
    let answer = answers.get(&q.name).filter(|a| !a.is_empty());
    let Some(answer) = answer else {
        if required {
            return Some(Problem::Required);
        }
        // A multipletext's required items are required even when nothing is typed.
        if let Kind::MultipleText { .. } = q.kind {
            if let Some(p) = own_problem(q, &Answer::Fields(Vec::new()), answers, patterns) {
                return Some(p);
            }
        }
        return validators(&q.validators, None, answers, patterns);
    };
    own_problem(q, answer, answers, patterns)
        .or_else(|| validators(&q.validators, Some(answer), answers, patterns))
}

/// The checks of the question's type.
fn own_problem(
    q: &Question,
    answer: &Answer,
    answers: &Answers,
    patterns: Patterns,
) -> Option<Problem> {
    // Only a question that offers an "other" box asks for its text; a plain choice whose
    // value happens to be "other" does not.
    let offers_other = matches!(
        &q.kind,
        Kind::Single { other: Some(_), .. } | Kind::Multi { other: Some(_), .. }
    );
    let chose_other = offers_other && answer_has_other(answer);
    match (&q.kind, answer) {
        (kind @ Kind::Text { .. }, Answer::Text(s)) => text_problem(kind, s),
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
        (
            Kind::Matrix {
                rows,
                all_rows_required: true,
                ..
            },
            a,
        ) => rows
            .iter()
            .any(|r| a.field(&r.value).is_empty())
            .then_some(Problem::AllRowsRequired),
        (Kind::MultipleText { items }, a) => items.iter().enumerate().find_map(|(index, item)| {
            let text = a.field(&item.name);
            let problem = if text.trim().is_empty() {
                if item.required {
                    Some(Problem::Required)
                } else {
                    validators(&item.validators, None, answers, patterns)
                }
            } else {
                let value = Answer::Text(text.to_string());
                text_problem(&item.kind, text)
                    .or_else(|| validators(&item.validators, Some(&value), answers, patterns))
            };
            problem.map(|p| Problem::Item {
                index,
                problem: Box::new(p),
            })
        }),
        _ => None,
    }
}

/// The checks of a text input (a text question, or an item of a multipletext): length, then
/// what its `inputType` asks for.
fn text_problem(kind: &Kind, s: &str) -> Option<Problem> {
    let Kind::Text {
        input,
        max_length,
        min,
        max,
        step,
        earliest,
        latest,
        ..
    } = kind
    else {
        return None;
    };
    if let Some(m) = max_length.filter(|m| grapheme_len(s) > *m) {
        return Some(Problem::TooLong { max: m });
    }
    match input {
        InputType::Number | InputType::Range => match Decimal::parse(s) {
            None => Some(Problem::NotNumber),
            Some(n) => out_of_range(&n, min, max).or_else(|| {
                let step = step.as_ref().filter(|_| *input == InputType::Number)?;
                (n.is_multiple_of(step) == Some(false)).then(|| Problem::NotStep {
                    step: step.to_string(),
                })
            }),
        },
        InputType::Email => (!is_email(s)).then_some(Problem::NotEmail),
        InputType::Tel => (!is_phone(s)).then_some(Problem::NotPhone),
        InputType::Date | InputType::Time | InputType::DateTimeLocal => {
            // ISO texts of one kind order as their dates and times do.
            let s = s.trim();
            if let Some(m) = earliest.as_ref().filter(|m| s < m.as_str()) {
                Some(Problem::TooEarly { min: m.clone() })
            } else {
                latest
                    .as_ref()
                    .filter(|m| s > m.as_str())
                    .map(|m| Problem::TooLate { max: m.clone() })
            }
        }
        InputType::Text | InputType::Url | InputType::Password => None,
    }
}

/// The first failing validator's problem. `answer` is `None` for an empty answer, which only
/// `expression` validators check.
fn validators(
    list: &[Validator],
    answer: Option<&Answer>,
    answers: &Answers,
    patterns: Patterns,
) -> Option<Problem> {
    list.iter().find_map(|v| {
        let problem = rule_problem(&v.rule, answer, answers, patterns)?;
        Some(match &v.text {
            Some(t) if !t.is_empty() => Problem::Custom(t.clone()),
            _ => problem,
        })
    })
}

fn rule_problem(
    rule: &Rule,
    answer: Option<&Answer>,
    answers: &Answers,
    patterns: Patterns,
) -> Option<Problem> {
    if let Rule::Expression(c) = rule {
        return (!c.evaluate(answers)).then_some(Problem::NotExpected);
    }
    let text = match answer? {
        Answer::Text(s) | Answer::Choice(s) => s.as_str(),
        // SurveyJS tests each chosen value against a pattern; the other rules read texts only.
        Answer::Choices(values) => {
            return match rule {
                Rule::Regex { .. } => values.iter().find_map(|v| {
                    rule_problem(rule, Some(&Answer::Text(v.clone())), answers, patterns)
                }),
                _ => None,
            }
        }
        Answer::Bool(_) | Answer::Fields(_) => return None,
    };
    match rule {
        Rule::Numeric { min, max } => match Decimal::parse(text) {
            None => Some(Problem::NotNumber),
            Some(n) => out_of_range(&n, min, max),
        },
        Rule::Text {
            min_length,
            max_length,
            allow_digits,
        } => {
            let n = grapheme_len(text);
            let ends_in_digit = to_half_width(text)
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_digit());
            let short = min_length.is_some_and(|m| n < m);
            let long = max_length.is_some_and(|m| n > m);
            if !allow_digits && ends_in_digit {
                Some(Problem::NoDigits)
            } else if !short && !long {
                None
            } else {
                Some(match (min_length, max_length) {
                    (Some(min), Some(max)) => Problem::LengthOutside {
                        min: *min,
                        max: *max,
                    },
                    (Some(min), None) => Problem::TooShort { min: *min },
                    (_, max) => Problem::TooLong {
                        max: max.unwrap_or_default(),
                    },
                })
            }
        }
        Rule::Email => (!is_email(text)).then_some(Problem::NotEmail),
        Rule::Regex {
            pattern,
            case_insensitive,
        } => ((patterns.0)(pattern, *case_insensitive, text) == Some(false))
            .then_some(Problem::NotPattern),
        Rule::Expression(_) => None,
    }
}

/// True when the answer includes the "other" choice.
pub fn answer_has_other(answer: &Answer) -> bool {
    match answer {
        Answer::Choice(v) | Answer::Text(v) => v == OTHER_VALUE,
        Answer::Choices(v) => v.iter().any(|c| c == OTHER_VALUE),
        Answer::Bool(_) | Answer::Fields(_) => false,
    }
}

fn out_of_range(n: &Decimal, min: &Option<Decimal>, max: &Option<Decimal>) -> Option<Problem> {
    let below = min.as_ref().is_some_and(|m| n < m);
    let above = max.as_ref().is_some_and(|m| n > m);
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

/// An e-mail address as SurveyJS's e-mail check accepts it (after trimming and mapping
/// full-width forms): a local part of dot-separated atoms (or a quoted text), `@`, and two or
/// more dot-separated domain labels, the last at least two characters long. Atoms and labels
/// hold no spaces and none of `<>()[],;:@"` (labels no `=` either).
pub fn is_email(s: &str) -> bool {
    let s = to_half_width(s.trim());
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let plain = |part: &str, extra: &str| {
        !part.is_empty()
            && !part
                .chars()
                .any(|c| c.is_whitespace() || "<>()[],;:@\"".contains(c) || extra.contains(c))
    };
    let quoted = local.len() > 2 && local.starts_with('"') && local.ends_with('"');
    let labels: Vec<&str> = domain.split('.').collect();
    (quoted || local.split('.').all(|atom| plain(atom, "")))
        && labels.len() >= 2
        && labels.iter().all(|label| plain(label, "="))
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2)
}
