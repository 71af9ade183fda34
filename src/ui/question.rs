//! One question: its label or legend, help text, the input for its kind and its error.
//!
//! Owns: the accessible structure around every input (ids, `aria-describedby`,
//! `aria-invalid`, fieldsets for choice groups, matrices and multiple texts), a question that
//! cannot be answered now (`disabled`) and translating problem codes. Must not: hold
//! state or validate; it is memoised on its props so typing elsewhere does not re-render it.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::choice_field::{choice_field, ChoiceFieldProps, ChoiceStyle};
use super::dropdown_field::{dropdown_field, DropdownFieldProps};
use super::matrix_field::{matrix_field, MatrixFieldProps};
use super::multiple_text::{multiple_text, MultipleTextProps};
use super::read_aloud::read_aloud;
use super::store::FormStore;
use super::text_field::{Limits, TextField};
use super::Lang;
use crate::core::answer::Answer;
use crate::core::definition::{InputType, Kind, Question};
use crate::core::form::{Action, ShownChoice};
use crate::core::i18n::Msg;
use crate::core::pipe::Values;
use crate::core::text::grapheme_len;
use crate::core::validate::Problem;

#[derive(Properties, PartialEq)]
pub struct QuestionProps {
    pub question: Rc<Question>,
    /// The choices offered now, when they depend on answers (`Form::shown_choices`).
    #[prop_or_default]
    pub choices: Option<Rc<Vec<ShownChoice>>>,
    /// The answers its title and description pipe in (`{name}`; empty for most questions).
    pub pipes: Values,
    pub answer: Option<Answer>,
    pub other: AttrValue,
    pub problem: Option<Problem>,
    pub required: bool,
    /// False while `enableIf` does not hold (or the question is `readOnly`).
    pub enabled: bool,
    pub dispatch: UseReducerDispatcher<FormStore>,
    pub lang: Lang,
}

#[function_component]
pub fn QuestionView(props: &QuestionProps) -> Html {
    let lang = &props.lang;
    let q = &props.question;
    let locale = lang.locale;
    let id = format!("yh-q{}", q.index);
    let input_id = AttrValue::from(format!("{id}-input"));
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described = [
        q.description.as_ref().map(|_| help_id.clone()),
        props.problem.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let described = AttrValue::from(described);

    // Callbacks
    let on_leave = {
        let (d, name) = (props.dispatch.clone(), q.name.clone());
        Callback::from(move |e: FocusEvent| {
            // Moving within the question (a choice to its own "other" box) is not leaving it.
            let inside = e
                .current_target()
                .and_then(|c| c.dyn_into::<web_sys::Node>().ok())
                .is_some_and(|c| {
                    e.related_target()
                        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                        .is_some_and(|t| c.contains(Some(&t)))
                });
            if !inside {
                d.dispatch(Action::Leave { name: name.clone() });
            }
        })
    };
    let on_answer = {
        let (d, name) = (props.dispatch.clone(), q.name.clone());
        Callback::from(move |answer: Option<Answer>| {
            d.dispatch(Action::Answer {
                name: name.clone(),
                answer,
            })
        })
    };
    let on_field = {
        let (d, name) = (props.dispatch.clone(), q.name.clone());
        Callback::from(move |(key, value): (String, String)| {
            d.dispatch(Action::AnswerField {
                name: name.clone(),
                key,
                value,
            })
        })
    };
    let on_other = {
        let (d, name) = (props.dispatch.clone(), q.name.clone());
        Callback::from(move |text: String| {
            d.dispatch(Action::AnswerOther {
                name: name.clone(),
                text,
            })
        })
    };

    let title = html! {
        <>
            <span id={format!("{id}-title")} class="yh-title-text">{ props.pipes.fill(q.title.get(locale)).into_owned() }</span>
            if props.required {
                <span class="yh-required">{ " " }{ lang.t(Msg::QuestionRequired) }</span>
            }
        </>
    };
    // Under the title: the read-aloud button (where the browser has a voice) and the help.
    let help = Some(html! {
        <>
            { read_aloud(q, props.choices.clone(), &props.pipes, lang) }
            if let Some(d) = &q.description { <p id={help_id.clone()} class="yh-help">{ props.pipes.fill(d.get(locale)).into_owned() }</p> }
        </>
    });
    // Always one node (empty without a problem): Yew matches unkeyed siblings from the end,
    // so an error that comes and goes would re-create the input and lose the focus.
    let error = props
        .problem
        .as_ref()
        .map(|p| html! { <p id={error_id.clone()} class="yh-error">{ lang.problem(q, p) }</p> });
    let disabled = !props.enabled;
    let invalid = props.problem.is_some();
    let text_value = match &props.answer {
        Some(Answer::Text(s) | Answer::Choice(s)) => AttrValue::from(s.clone()),
        _ => AttrValue::default(),
    };
    let counter = |max: &Option<usize>| {
        max.map(|m| {
            let n = grapheme_len(&text_value);
            // Announced only near the limit: a count after every keystroke drowns the typing.
            let live = (n * 10 >= m * 9).then_some("polite");
            html! { <p class="yh-counter" aria-live={live}>{ lang.f(Msg::QuestionChars, &[("count", &n.to_string()), ("max", &m.to_string())]) }</p> }
        })
    };
    let on_text = {
        let a = on_answer.clone();
        Callback::from(move |s: String| a.emit(Some(Answer::Text(s))))
    };

    // A slider and the date and time pickers get their limits; a slider also says what is
    // chosen (it always shows a position, even before it is answered).
    let mut range_value = None;
    let mut limits = Limits::of(&q.kind);
    if let (
        Kind::Text {
            input: InputType::Range,
            ..
        },
        Some(limits),
    ) = (&q.kind, limits.as_mut())
    {
        let shown = if text_value.is_empty() {
            lang.t(Msg::RangeUnset).to_string()
        } else {
            lang.f(Msg::RangeValue, &[("value", &text_value)])
        };
        limits.value_text = text_value
            .is_empty()
            .then(|| AttrValue::from(shown.clone()));
        range_value = Some(html! { <p class="yh-range-value" aria-hidden="true">{ shown }</p> });
    }

    // A one-line text and a comment box differ only in these (one branch: less wasm).
    let text_box = match &q.kind {
        Kind::Text {
            input,
            max_length,
            placeholder,
            ..
        } => Some((*input, false, 1, max_length, placeholder)),
        Kind::Comment {
            max_length,
            placeholder,
            rows,
        } => Some((InputType::Text, true, *rows, max_length, placeholder)),
        _ => None,
    };

    // The text box and the dropdown share one label-wrapped frame; choice groups a fieldset.
    let labelled = match (&q.kind, text_box) {
        (_, Some((kind, multiline, rows, max_length, placeholder))) => Some((
            html! {
                <TextField id={input_id.clone()} value={text_value.clone()} {multiline} {rows}
                    {kind} placeholder={placeholder.as_ref().map(|p| AttrValue::from(p.get(locale).to_string()))}
                    described_by={described.clone()} {invalid} required={props.required} {disabled}
                    {limits} on_change={on_text} />
            },
            counter(max_length).or(range_value),
        )),
        (
            Kind::Single {
                dropdown: true,
                choices,
                other,
                placeholder,
            },
            None,
        ) => Some((
            dropdown_field(
                DropdownFieldProps {
                    id: input_id.clone(),
                    choices,
                    shown: props.choices.as_deref().map(Vec::as_slice),
                    other: other.as_ref(),
                    placeholder: placeholder.as_ref(),
                    value: text_value.clone(),
                    other_text: props.other.clone(),
                    described_by: described.clone(),
                    invalid,
                    required: props.required,
                    disabled,
                    on_change: on_answer.clone(),
                    on_other: on_other.clone(),
                },
                lang,
            ),
            None,
        )),
        _ => None,
    };
    let body = match labelled {
        Some((input, counter)) => html! {
            <>
                <label class="yh-label" for={input_id}>{ title }</label>
                { for help }
                { input }
                { for counter }
                { error.unwrap_or_default() }
            </>
        },
        None => {
            let style = match &q.kind {
                Kind::Multi { .. } => ChoiceStyle::Many,
                Kind::Rating { .. } => ChoiceStyle::Rating,
                Kind::Boolean { .. } => ChoiceStyle::Boolean,
                _ => ChoiceStyle::One,
            };
            let inputs = match &q.kind {
                Kind::Matrix { rows, columns, .. } => matrix_field(
                    MatrixFieldProps {
                        id: input_id,
                        rows,
                        columns,
                        answer: props.answer.as_ref(),
                        on_field,
                    },
                    lang,
                ),
                Kind::MultipleText { items } => multiple_text(
                    MultipleTextProps {
                        id: input_id,
                        items,
                        answer: props.answer.as_ref(),
                        invalid: props.problem.as_ref().and_then(|p| match p {
                            crate::core::validate::Problem::Item { index, .. } => {
                                Some((*index, AttrValue::from(error_id.clone())))
                            }
                            _ => None,
                        }),
                        disabled,
                        on_field,
                    },
                    lang,
                ),
                _ => choice_field(
                    ChoiceFieldProps {
                        id: input_id,
                        question: q.clone(),
                        style,
                        shown: props.choices.clone(),
                        answer: props.answer.clone(),
                        other_text: props.other.clone(),
                        on_change: on_answer,
                        on_other,
                    },
                    lang,
                ),
            };
            html! {
                // No aria-required: a group does not support it (the legend says "必填").
                // `disabled` on the fieldset disables every control inside it.
                <fieldset class="yh-fieldset" aria-describedby={described}
                    aria-invalid={invalid.then_some("true")} {disabled}>
                    <legend class="yh-label">{ title }</legend>
                    { for help }
                    { inputs }
                    { error.unwrap_or_default() }
                </fieldset>
            }
        }
    };
    html! {
        <div class="yh-question" data-invalid={invalid.then_some("true")} data-disabled={disabled.then_some("true")}
            id={id} data-name={q.name.clone()} onfocusout={on_leave}>
            { body }
        </div>
    }
}
