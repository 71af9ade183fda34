//! Choice groups: radio buttons (radiogroup), check boxes (checkbox), a rating scale and a
//! yes/no pair (boolean), with the "other" text box where the definition asks for one.
//!
//! Owns: native radio and checkbox inputs wrapped in large labels (keyboard, touch and screen
//! readers work without scripting tricks), and the selection limit of check boxes. Must not:
//! validate (the core does) or hold state.

use std::rc::Rc;

use yew::prelude::*;

use super::text_field::TextField;
use super::Lang;
use crate::core::answer::Answer;
use crate::core::definition::{Choice, InputType, Kind, Question, OTHER_VALUE};
use crate::core::form::ShownChoice;
use crate::core::i18n::Msg;

#[derive(Clone, Copy, PartialEq)]
pub enum ChoiceStyle {
    One,
    Many,
    Rating,
    Boolean,
}

pub struct ChoiceFieldProps {
    /// Given to the first input, so the error summary can link to the group.
    pub id: AttrValue,
    pub question: Rc<Question>,
    pub style: ChoiceStyle,
    /// The choices offered now when they depend on answers (else the definition's, all enabled).
    pub shown: Option<Rc<Vec<ShownChoice>>>,
    pub answer: Option<Answer>,
    pub other_text: AttrValue,
    pub on_change: Callback<Option<Answer>>,
    pub on_other: Callback<String>,
}

/// Renders the group (a plain function: it has no state of its own).
pub fn choice_field(props: ChoiceFieldProps, lang: &Lang) -> Html {
    let props = &props;
    let locale = lang.locale;
    let q = &props.question;
    let boolean_choices;
    let (choices, other, max, min_label, max_label): (&[Choice], _, _, _, _) = match &q.kind {
        Kind::Single { choices, other, .. } => (choices, other.as_ref(), None, None, None),
        Kind::Multi {
            choices,
            other,
            max,
            ..
        } => (choices, other.as_ref(), *max, None, None),
        Kind::Rating {
            values,
            min_label,
            max_label,
        } => (values, None, None, min_label.as_ref(), max_label.as_ref()),
        Kind::Boolean {
            label_true,
            label_false,
        } => {
            let label = |t: &Option<crate::core::text::Text>, key| {
                t.clone()
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| crate::core::text::Text::plain(lang.t(key)))
            };
            boolean_choices = [
                Choice::new("true", Some(label(label_true, Msg::BooleanYes))),
                Choice::new("false", Some(label(label_false, Msg::BooleanNo))),
            ];
            (&boolean_choices[..], None, None, None, None)
        }
        _ => (&[][..], None, None, None, None),
    };
    let selected: Vec<String> = match &props.answer {
        Some(Answer::Choices(v)) => v.clone(),
        Some(Answer::Text(s) | Answer::Choice(s)) => vec![s.clone()],
        Some(Answer::Bool(b)) => vec![b.to_string()],
        Some(Answer::Fields(_)) | None => Vec::new(),
    };
    let many = props.style == ChoiceStyle::Many;
    let full = max.is_some_and(|m| selected.len() >= m);
    let group = format!("{}-group", props.id);

    let option = |index: usize, value: &str, label: &str, enabled: bool| {
        let checked = selected.iter().any(|s| s == value);
        let on_change = props.on_change.clone();
        let (style, value_owned, current) = (props.style, value.to_string(), selected.clone());
        let onchange = Callback::from(move |_: Event| {
            let answer = match style {
                ChoiceStyle::Many => {
                    let mut next = current.clone();
                    if let Some(i) = next.iter().position(|v| *v == value_owned) {
                        next.remove(i);
                    } else {
                        next.push(value_owned.clone());
                    }
                    Answer::Choices(next)
                }
                ChoiceStyle::Boolean => Answer::Bool(value_owned == "true"),
                _ => Answer::Choice(value_owned.clone()),
            };
            on_change.emit(Some(answer));
        });
        let id = if index == 0 {
            props.id.to_string()
        } else {
            format!("{}-{index}", props.id)
        };
        html! {
            <label key={value.to_string()} class="yh-choice" data-checked={checked.then_some("true")}>
                <input type={if many { "checkbox" } else { "radio" }} class="yh-choice-input" {id} name={group.clone()}
                    value={value.to_string()} {checked} disabled={!enabled || (many && full && !checked)} {onchange} />
                <span class="yh-choice-text">{ label.to_string() }</span>
            </label>
        }
    };
    let other_label = other.map(|t| {
        if t.is_empty() {
            lang.t(Msg::ChoiceOther).to_string()
        } else {
            t.get(locale).to_string()
        }
    });
    let other_chosen = selected.iter().any(|s| s == OTHER_VALUE);
    let layout = match props.style {
        ChoiceStyle::Rating => Some("rating"),
        ChoiceStyle::Boolean => Some("boolean"),
        _ => None,
    };
    html! {
        <>
            <div class="yh-choices" data-layout={layout}>
                if let Some(l) = min_label { <span class="yh-rating-end">{ l.get(locale) }</span> }
                if let Some(shown) = &props.shown {
                    { for shown.iter().enumerate().map(|(i, c)| option(i, &c.choice.value, c.choice.label(locale), c.enabled)) }
                } else {
                    { for choices.iter().enumerate().map(|(i, c)| option(i, &c.value, c.label(locale), true)) }
                }
                { for other_label.as_ref().map(|l| option(props.shown.as_ref().map_or(choices.len(), |s| s.len()), OTHER_VALUE, l, true)) }
                if let Some(l) = max_label { <span class="yh-rating-end">{ l.get(locale) }</span> }
            </div>
            if other_chosen {
                { other_box(&props.id, &props.other_text, &props.on_other, lang) }
            }
        </>
    }
}

/// The text box for an "other" choice, described by its question's title so that two
/// "please specify" boxes on one page are told apart. Shared by choice groups and dropdowns.
pub fn other_box(
    input_id: &str,
    text: &AttrValue,
    on_other: &Callback<String>,
    lang: &Lang,
) -> Html {
    let other_id = format!("{input_id}-other");
    let title_id = format!(
        "{}-title",
        input_id.strip_suffix("-input").unwrap_or(input_id)
    );
    html! {
        <div class="yh-other">
            <label class="yh-other-label" for={other_id.clone()}>{ lang.t(Msg::ChoiceOtherLabel) }</label>
            <TextField id={AttrValue::from(other_id)} value={text.clone()} multiline={false} rows={1}
                kind={InputType::Text} placeholder={None::<AttrValue>} described_by={AttrValue::from(title_id)}
                invalid={false} required={true} on_change={on_other.clone()} />
        </div>
    }
}
