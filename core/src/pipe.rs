//! Text piping: `{name}` in a title, a description, an `html` element or `completedHtml` shows
//! the answer to the question `name` as the resident sees it, as SurveyJS does.
//!
//! Owns: finding `{name}` in a text (SurveyJS's rules: the last `{` before a `}` opens it, the
//! name is trimmed, a name holding `:` or only spaces is no reference), the shown text of an
//! answer (a choice's text, the "other" text, checkbox texts joined with ", ", 是/否 for a
//! boolean, empty when unanswered) and filling a text in. A name that is not a question stays
//! as written, as in SurveyJS. Must not: read an answer as HTML (the view inserts it as text
//! only), or know about the browser.

use std::borrow::Cow;

use crate::answer::{Answer, Answers};
use crate::definition::{Element, Kind, Question, Survey, OTHER_VALUE};
use crate::i18n::{self, Locale, Msg};

/// A piece of a text: as written, or a `{name}` reference (`name` as written between the
/// braces, untrimmed, so an unknown one can be shown as it was).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Name(&'a str),
}

/// The pieces of `s` in order. A text with no reference is one `Text` piece.
pub fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let (mut from, mut open) = (0, None);
    for (i, c) in s.char_indices() {
        match c {
            '{' => open = Some(i),
            '}' => {
                if let Some(start) = open.take() {
                    let name = &s[start + 1..i];
                    if is_reference(name) {
                        if start > from {
                            out.push(Piece::Text(&s[from..start]));
                        }
                        out.push(Piece::Name(name));
                        from = i + 1;
                    }
                }
            }
            _ => {}
        }
    }
    if from < s.len() || out.is_empty() {
        out.push(Piece::Text(&s[from..]));
    }
    out
}

fn is_reference(name: &str) -> bool {
    !name.trim().is_empty() && !name.contains(':')
}

/// The names `s` refers to, trimmed, in order (repeats included).
pub fn names(s: &str) -> impl Iterator<Item = &str> {
    // Most texts have no brace: no allocation for them.
    let pieces = if s.contains('}') {
        pieces(s)
    } else {
        Vec::new()
    };
    pieces.into_iter().filter_map(|p| match p {
        Piece::Name(n) => Some(n.trim()),
        Piece::Text(_) => None,
    })
}

/// The shown texts of the names one text refers to: what the view needs to fill it in, and
/// what it compares to decide whether that text must be drawn again. Empty for a text without
/// references (no allocation).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Values(Vec<(String, String)>);

impl Values {
    /// The shown texts of every name that `texts` refer to and that is a question.
    pub fn of<'a>(
        texts: impl IntoIterator<Item = &'a str>,
        survey: &Survey,
        answers: &Answers,
        locale: Locale,
    ) -> Values {
        let mut out: Vec<(String, String)> = Vec::new();
        for name in texts.into_iter().flat_map(names) {
            if out.iter().any(|(n, _)| n == name) {
                continue;
            }
            if let Some(v) = shown(survey, answers, name, locale) {
                out.push((name.to_string(), v));
            }
        }
        Values(out)
    }

    /// The shown text for `{name}` (`name` as written between the braces); `None`: no such
    /// question, the reference stays as written.
    pub fn get(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `s` with its references filled in; borrowed when it has none.
    pub fn fill<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if !s.contains('}') {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len());
        for piece in pieces(s) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Name(n) => match self.get(n) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(n);
                        out.push('}');
                    }
                },
            }
        }
        Cow::Owned(out)
    }
}

/// `s` as shown where no resident's answers are (a kiosk's start screen, the live board):
/// every reference to a question empty, as in SurveyJS before anything is answered.
pub fn unanswered<'a>(survey: &Survey, s: &'a str, locale: Locale) -> Cow<'a, str> {
    if !s.contains('}') {
        return Cow::Borrowed(s);
    }
    Values::of([s], survey, &Answers::default(), locale).fill(s)
}

/// Of `answers`, only those to the questions `texts` refer to (with their "other" texts): what
/// the receipt keeps to fill `completedHtml` in, once the form itself is cleared.
pub fn kept<'a>(
    survey: &Survey,
    answers: &Answers,
    texts: impl IntoIterator<Item = &'a str>,
) -> Answers {
    let mut out = Answers::default();
    for name in texts.into_iter().flat_map(names) {
        each_element(survey, &mut |e| {
            if let Element::Question(q) = e {
                if q.name.eq_ignore_ascii_case(name) {
                    out.set(&q.name, answers.get(&q.name).cloned());
                    out.set_other(&q.name, answers.other(&q.name).to_string());
                }
            }
        });
    }
    out
}

/// Whether `name` (trimmed, matched without regard to ASCII case as SurveyJS does) names a
/// question or an `html` element of `survey`: what piping can refer to.
pub fn is_known(survey: &Survey, name: &str) -> bool {
    let mut found = false;
    each_element(survey, &mut |e| {
        found |= match e {
            Element::Question(q) => q.name.eq_ignore_ascii_case(name),
            Element::Note(n) => n.name.eq_ignore_ascii_case(name),
            Element::Panel(_) => false,
        }
    });
    found
}

/// The text `{name}` shows: the answer's shown text, `""` when unanswered or for an `html`
/// element; `None` when `name` is neither a question nor an `html` element.
pub fn shown(survey: &Survey, answers: &Answers, name: &str, locale: Locale) -> Option<String> {
    let name = name.trim();
    let mut question: Option<&Question> = None;
    each_element(survey, &mut |e| {
        if let Element::Question(q) = e {
            if question.is_none() && q.name.eq_ignore_ascii_case(name) {
                question = Some(q);
            }
        }
    });
    let Some(q) = question else {
        return is_known(survey, name).then(String::new);
    };
    Some(match answers.get(&q.name) {
        None => String::new(),
        Some(answer) => shown_answer(q, answer, answers.other(&q.name), locale),
    })
}

/// Every element of `survey`, panels' own elements after the panel.
fn each_element<'a>(survey: &'a Survey, f: &mut dyn FnMut(&'a Element)) {
    fn walk<'a>(elements: &'a [Element], f: &mut dyn FnMut(&'a Element)) {
        for e in elements {
            f(e);
            if let Element::Panel(p) = e {
                walk(&p.elements, f);
            }
        }
    }
    for page in &survey.pages {
        walk(&page.elements, f);
    }
}

/// An answer as SurveyJS shows it in a piped text.
fn shown_answer(q: &Question, answer: &Answer, other: &str, locale: Locale) -> String {
    let choice = |value: &str| -> String {
        let (choices, other_text) = match &q.kind {
            Kind::Single { choices, other, .. } | Kind::Multi { choices, other, .. } => {
                (&choices[..], other.as_ref())
            }
            Kind::Rating { values, .. } => (&values[..], None),
            _ => (&[][..], None),
        };
        if value == OTHER_VALUE {
            if let Some(label) = other_text {
                return if !other.is_empty() {
                    other.to_string()
                } else if label.is_empty() {
                    i18n::text(locale, Msg::ChoiceOther).to_string()
                } else {
                    label.get(locale).to_string()
                };
            }
        }
        choices
            .iter()
            .find(|c| c.value == value)
            .map_or_else(|| value.to_string(), |c| c.label(locale).to_string())
    };
    match answer {
        Answer::Text(s) | Answer::Choice(s) => match q.kind {
            Kind::Text { .. } | Kind::Comment { .. } => s.clone(),
            _ => choice(s),
        },
        Answer::Choices(values) => values
            .iter()
            .map(|v| choice(v))
            .collect::<Vec<_>>()
            .join(", "),
        // A matrix or multipletext: its keys and values as submitted.
        Answer::Fields(fields) => fields
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        Answer::Bool(b) => {
            let (label, msg) = match &q.kind {
                Kind::Boolean {
                    label_true,
                    label_false,
                } => {
                    if *b {
                        (label_true.as_ref(), Msg::BooleanYes)
                    } else {
                        (label_false.as_ref(), Msg::BooleanNo)
                    }
                }
                _ => (None, if *b { Msg::BooleanYes } else { Msg::BooleanNo }),
            };
            match label {
                Some(t) if !t.is_empty() => t.get(locale).to_string(),
                _ => i18n::text(locale, msg).to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references_as_surveyjs_does() {
        let names = |s| names(s).collect::<Vec<_>>();
        assert_eq!(names("您好 {name}，{ q1 }"), ["name", "q1"]);
        // The last `{` before a `}` opens it; `:` or only spaces make no reference.
        assert_eq!(names("A{x{q1}y}B {} { } {a:b}"), ["q1"]);
        assert_eq!(names("no braces"), Vec::<&str>::new());
        assert_eq!(
            pieces("a{b}c"),
            [Piece::Text("a"), Piece::Name("b"), Piece::Text("c")]
        );
        assert_eq!(pieces(""), [Piece::Text("")]);
        assert_eq!(pieces("{x}"), [Piece::Name("x")]);
    }

    #[test]
    fn fills_known_names_and_keeps_the_others_as_written() {
        let values = Values(vec![("q1".into(), "甲".into()), ("e".into(), "".into())]);
        assert_eq!(
            values.fill("选了{q1}{e}，{ q1 }。{nope} { }"),
            "选了甲，甲。{nope} { }"
        );
        assert!(matches!(values.fill("plain"), Cow::Borrowed("plain")));
    }
}
