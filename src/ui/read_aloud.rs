//! The "read aloud" button of a question: reads its title, help text and choices in the
//! current language with the browser's speech synthesis.
//!
//! Owns: what is read and the button. It is absent where the browser has no voice for the
//! language, and appears when one arrives (`App` follows `voiceschanged` into `Lang::voice`).
//! Must not: call the Web Speech API itself (`web::speech` does) or hold state.

use std::rc::Rc;

use yew::prelude::*;

use super::Lang;
use crate::core::definition::{Kind, Question};
use crate::core::form::ShownChoice;
use crate::core::i18n::Msg;
use crate::core::pipe::Values;
use crate::core::text::Text;
use crate::web::speech;

/// What is read for `q`: its title, its help text (with the answers they pipe in, `pipes`) and
/// its choices (those offered now when they depend on answers: `shown`), each ending a sentence.
pub fn spoken_text(
    q: &Question,
    shown: Option<&[ShownChoice]>,
    pipes: &Values,
    lang: &Lang,
) -> String {
    let locale = lang.locale;
    let text = |t: &Option<Text>, msg: Msg| match t {
        Some(t) if !t.is_empty() => t.get(locale).to_string(),
        _ => lang.t(msg).to_string(),
    };
    let choices: Vec<String> = match &q.kind {
        Kind::Single { choices, other, .. } | Kind::Multi { choices, other, .. } => shown
            .map_or_else(
                || {
                    choices
                        .iter()
                        .map(|c| c.label(locale).to_string())
                        .collect()
                },
                |s| {
                    s.iter()
                        .map(|c| c.choice.label(locale).to_string())
                        .collect::<Vec<_>>()
                },
            )
            .into_iter()
            .chain(
                other
                    .as_ref()
                    .map(|o| text(&Some(o.clone()), Msg::ChoiceOther)),
            )
            .collect(),
        Kind::Rating {
            values,
            min_label,
            max_label,
        } => {
            let last = values.len().saturating_sub(1);
            let min = min_label.as_ref().map_or("", |t| t.get(locale));
            let max = max_label.as_ref().map_or("", |t| t.get(locale));
            values
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let label = match i {
                        0 => min,
                        i if i == last => max,
                        _ => "",
                    };
                    format!("{} {label}", c.label(locale))
                        .trim_end()
                        .to_string()
                })
                .collect()
        }
        Kind::Boolean {
            label_true,
            label_false,
        } => vec![
            text(label_true, Msg::BooleanYes),
            text(label_false, Msg::BooleanNo),
        ],
        // A matrix: its rows, then the choices each row offers.
        Kind::Matrix { rows, columns, .. } => rows
            .iter()
            .chain(columns)
            .map(|c| c.label(locale).to_string())
            .collect(),
        Kind::MultipleText { items } => items.iter().map(|i| i.label(locale).to_string()).collect(),
        Kind::Text { .. } | Kind::Comment { .. } => Vec::new(),
    };
    let end = lang.t(Msg::ReadAloudSentenceEnd);
    let sentence = |s: &str| {
        let s = s.trim();
        let ended = s.ends_with(['。', '？', '！', '.', '?', '!', '…']);
        if ended {
            s.to_string()
        } else {
            format!("{s}{end}")
        }
    };
    let mut parts = vec![sentence(&pipes.fill(q.title.get(locale)))];
    if let Some(d) = q.description.as_ref().filter(|d| !d.is_empty()) {
        parts.push(sentence(&pipes.fill(d.get(locale))));
    }
    if !choices.is_empty() {
        let separator = format!("{} ", lang.t(Msg::ReadAloudListSeparator));
        parts.push(lang.f(
            Msg::ReadAloudChoices,
            &[("choices", &choices.join(&separator))],
        ));
    }
    parts.join(" ")
}

/// The button, or nothing where the browser has no voice for the language (`Lang::voice`,
/// which `App` keeps up to date as voices arrive). A plain function: it holds no state.
pub fn read_aloud(
    q: &Rc<Question>,
    shown: Option<Rc<Vec<ShownChoice>>>,
    pipes: &Values,
    lang: &Lang,
) -> Html {
    if !lang.voice {
        return html! {};
    }
    let onclick = {
        let (q, pipes, lang) = (q.clone(), pipes.clone(), lang.clone());
        Callback::from(move |_: MouseEvent| {
            speech::speak(
                &spoken_text(&q, shown.as_deref().map(Vec::as_slice), &pipes, &lang),
                lang.locale,
            )
        })
    };
    // Listening is not answering: leaving this button must not mark the question as left
    // (which would show "please answer" before the resident had a chance to).
    let onfocusout = Callback::from(|e: FocusEvent| e.stop_propagation());
    html! {
        <button type="button" class="yh-read-aloud" aria-describedby={format!("yh-q{}-title", q.index)}
            {onclick} {onfocusout}>
            <svg class="yh-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M3 9h4l5-5v16l-5-5H3z" fill="currentColor" />
                <path d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9.5 9.5 0 0 1 0 13" fill="none"
                    stroke="currentColor" stroke-width="2" stroke-linecap="round" />
            </svg>
            { lang.t(Msg::ReadAloudButton) }
        </button>
    }
}
