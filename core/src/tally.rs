//! The forum's live board in numbers: what the submissions stored on this device add up to.
//!
//! Owns: [`tally`], which counts, for one consultation, the answers to every choice, check-box,
//! yes/no and rating question (one bar per value, in definition order; "other" and values an
//! older version of the definition had get bars of their own), the rating mean, how many
//! submissions hold a need, a skill or a suggestion, and (only when asked) the latest
//! suggestion texts. Must not: show anything a resident typed unless the caller asks (texts
//! may identify people), read storage, or use f64 (means are integer tenths).

use crate::answer::Answer;
use crate::definition::{Choice, Intent, Kind, Question, Survey, OTHER_VALUE};
use crate::submission::Submission;
use crate::text::Text;

#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// Submissions of this consultation (any version).
    pub submissions: usize,
    /// Submissions with at least one answer of that intent.
    pub needs: usize,
    pub skills: usize,
    pub suggestions: usize,
    /// One per chartable question, in definition order.
    pub charts: Vec<Chart>,
    /// Suggestion texts, newest first; empty unless the caller asked for some.
    pub latest_suggestions: Vec<String>,
    /// Answers to questions this definition no longer has (they still count for intents).
    pub unknown_answers: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// radiogroup or dropdown: one value per submission.
    Single,
    /// checkbox: several values per submission, each counted once.
    Multi,
    Boolean,
    Rating,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub name: String,
    pub title: Text,
    pub kind: ChartKind,
    pub bars: Vec<Bar>,
    /// Submissions that answered this question.
    pub answered: usize,
    /// The mean rating in tenths (42 = 4.2) when every value given is a whole number.
    pub mean_tenths: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The value as submitted.
    pub value: String,
    pub label: BarLabel,
    pub count: usize,
}

/// What a bar is called; the view translates the generic ones.
#[derive(Debug, Clone, PartialEq)]
pub enum BarLabel {
    Choice(Choice),
    /// The "other" choice, with the definition's own text for it if any.
    Other(Option<Text>),
    Yes(Option<Text>),
    No(Option<Text>),
    /// A value the definition does not list (an older version had it): shown as it is.
    Unlisted,
}

/// Adds up `submissions` of `survey`'s consultation (others are skipped); `latest` is how many
/// suggestion texts to return (0 = none).
pub fn tally(survey: &Survey, submissions: &[Submission], latest: usize) -> Tally {
    let mine: Vec<&Submission> = submissions
        .iter()
        .filter(|s| s.consultation_id == survey.info.id)
        .collect();
    let questions = survey.questions();
    let mut t = Tally {
        submissions: mine.len(),
        needs: 0,
        skills: 0,
        suggestions: 0,
        charts: questions.iter().filter_map(|q| empty_chart(q)).collect(),
        latest_suggestions: Vec::new(),
        unknown_answers: 0,
    };
    let mut texts: Vec<(u64, &str, &str)> = Vec::new();
    for s in &mine {
        let mut has = [false; 3];
        for a in &s.answers {
            let question = questions.iter().find(|q| q.name == a.name);
            if question.is_none() {
                t.unknown_answers += 1;
            }
            let intent = a.intent.or_else(|| question.and_then(|q| q.intent));
            if let Some(i) = intent {
                has[i as usize] = true;
            }
            // Only what was typed into a text or comment box (a chosen value read back from
            // storage is text too, so the definition decides).
            let typed = question
                .is_some_and(|q| matches!(q.kind, Kind::Text { .. } | Kind::Comment { .. }));
            if let (Some(Intent::Suggestion), Answer::Text(text), true) = (intent, &a.value, typed)
            {
                if !text.trim().is_empty() {
                    texts.push((s.created_at_ms, &s.id, text.trim()));
                }
            }
            if let Some(chart) = t.charts.iter_mut().find(|c| c.name == a.name) {
                chart.count(&a.value);
            }
        }
        t.needs += usize::from(has[Intent::Need as usize]);
        t.skills += usize::from(has[Intent::Skill as usize]);
        t.suggestions += usize::from(has[Intent::Suggestion as usize]);
    }
    for chart in &mut t.charts {
        chart.mean_tenths = chart.mean();
    }
    texts.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)));
    t.latest_suggestions = texts
        .into_iter()
        .take(latest)
        .map(|(_, _, text)| text.to_string())
        .collect();
    t
}

fn empty_chart(q: &Question) -> Option<Chart> {
    if !q.visible {
        return None;
    }
    let bar = |value: &str, label| Bar {
        value: value.to_string(),
        label,
        count: 0,
    };
    let choice_bars = |choices: &[Choice], other: &Option<Text>| {
        let mut bars: Vec<Bar> = choices
            .iter()
            .map(|c| bar(&c.value, BarLabel::Choice(c.clone())))
            .collect();
        if let Some(o) = other {
            if !choices.iter().any(|c| c.value == OTHER_VALUE) {
                let text = Some(o.clone()).filter(|t| !t.is_empty());
                bars.push(bar(OTHER_VALUE, BarLabel::Other(text)));
            }
        }
        bars
    };
    let (kind, bars) = match &q.kind {
        Kind::Single { choices, other, .. } => (ChartKind::Single, choice_bars(choices, other)),
        Kind::Multi { choices, other, .. } => (ChartKind::Multi, choice_bars(choices, other)),
        Kind::Rating { values, .. } => (ChartKind::Rating, choice_bars(values, &None)),
        Kind::Boolean {
            label_true,
            label_false,
        } => (
            ChartKind::Boolean,
            vec![
                bar("true", BarLabel::Yes(label_true.clone())),
                bar("false", BarLabel::No(label_false.clone())),
            ],
        ),
        // Texts, and the fields of a matrix or multipletext, are not charted as bars.
        Kind::Text { .. }
        | Kind::Comment { .. }
        | Kind::Matrix { .. }
        | Kind::MultipleText { .. } => return None,
    };
    Some(Chart {
        name: q.name.clone(),
        title: q.title.clone(),
        kind,
        bars,
        answered: 0,
        mean_tenths: None,
    })
}

impl Chart {
    fn count(&mut self, answer: &Answer) {
        let values: Vec<String> = match answer {
            Answer::Text(v) | Answer::Choice(v) => vec![v.clone()],
            Answer::Bool(b) => vec![b.to_string()],
            Answer::Fields(_) => Vec::new(),
            Answer::Choices(vs) => {
                let mut unique: Vec<String> = Vec::new();
                for v in vs {
                    if !unique.contains(v) {
                        unique.push(v.clone());
                    }
                }
                unique
            }
        };
        if values.is_empty() {
            return;
        }
        self.answered += 1;
        for v in values {
            match self.bars.iter_mut().find(|b| b.value == v) {
                Some(b) => b.count += 1,
                None => self.bars.push(Bar {
                    value: v,
                    label: BarLabel::Unlisted,
                    count: 1,
                }),
            }
        }
    }

    fn mean(&self) -> Option<i64> {
        if self.kind != ChartKind::Rating {
            return None;
        }
        let (mut sum, mut n) = (0i64, 0i64);
        for b in self.bars.iter().filter(|b| b.count > 0) {
            let v: i64 = b.value.trim().parse().ok()?;
            let c = i64::try_from(b.count).ok()?;
            sum = sum.checked_add(v.checked_mul(c)?)?;
            n += c;
        }
        if n == 0 {
            return None;
        }
        // Rounded half away from zero.
        let tenths = sum.checked_mul(10)?;
        Some((tenths + tenths.signum() * n / 2) / n)
    }

    /// The largest bar, for scaling (at least 1).
    pub fn max_count(&self) -> usize {
        self.bars.iter().map(|b| b.count).max().unwrap_or(0).max(1)
    }
}

/// `42` → `"4.2"`, `-5` → `"-0.5"`, `40` → `"4.0"`.
pub fn tenths_text(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// `label` cut to fit about `width` full-width characters (a Latin letter or digit counts as
/// half), with "…" when cut: chart labels in the SVG cannot wrap. The full text stays in the
/// chart's table.
pub fn short_label(label: &str, width: usize) -> String {
    let budget = width * 2;
    let cost = |c: char| if c.is_ascii() { 1 } else { 2 };
    if label.chars().map(cost).sum::<usize>() <= budget {
        return label.to_string();
    }
    let mut used = 2; // the ellipsis
    let mut out = String::new();
    for c in label.chars() {
        used += cost(c);
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}
