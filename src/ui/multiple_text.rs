//! A `multipletext` question: one labelled, IME-safe text box (`TextField`) per item.
//!
//! Owns: the items' labels, ids and which item is marked invalid. Must not: validate, hold
//! state, or build the answer (the form sets one item with `Action::AnswerField`).

use yew::prelude::*;

use super::text_field::{Limits, TextField};
use super::Lang;
use crate::core::answer::Answer;
use crate::core::definition::{Item, Kind};
use crate::core::i18n::Msg;

pub struct MultipleTextProps<'a> {
    /// Given to the first item's box, so the error summary can link to the question.
    pub id: AttrValue,
    pub items: &'a [Item],
    pub answer: Option<&'a Answer>,
    /// The item with a problem, and the id of the message that describes it.
    pub invalid: Option<(usize, AttrValue)>,
    pub disabled: bool,
    /// `(item name, text)` as the resident types.
    pub on_field: Callback<(String, String)>,
}

/// The id of item `index`'s text box under a question whose first input is `id`.
pub fn item_id(id: &str, index: usize) -> String {
    if index == 0 {
        id.to_string()
    } else {
        format!("{id}-{index}")
    }
}

/// Renders the items (a plain function: it has no state of its own).
pub fn multiple_text(props: MultipleTextProps<'_>, lang: &Lang) -> Html {
    let locale = lang.locale;
    let item_html = |i: usize, item: &Item| {
        let id = AttrValue::from(item_id(&props.id, i));
        let Kind::Text {
            input, placeholder, ..
        } = &item.kind
        else {
            return html! {};
        };
        let value = props
            .answer
            .map(|a| AttrValue::from(a.field(&item.name).to_string()))
            .unwrap_or_default();
        let described = match &props.invalid {
            Some((index, error)) if *index == i => error.clone(),
            _ => AttrValue::default(),
        };
        let on_change = {
            let (on_field, name) = (props.on_field.clone(), item.name.clone());
            Callback::from(move |text: String| on_field.emit((name.clone(), text)))
        };
        let limits = Limits::of(&item.kind);
        html! {
            <div key={item.name.clone()} class="yh-item">
                <label class="yh-item-label" for={id.clone()}>
                    { item.label(locale).to_string() }
                    if item.required {
                        <span class="yh-required">{ " " }{ lang.t(Msg::QuestionRequired) }</span>
                    }
                </label>
                <TextField {id} {value} multiline={false} rows={1} kind={*input}
                    placeholder={placeholder.as_ref().map(|p| AttrValue::from(p.get(locale).to_string()))}
                    invalid={!described.is_empty()} described_by={described} required={item.required}
                    disabled={props.disabled} {limits} {on_change} />
            </div>
        }
    };
    html! {
        <div class="yh-items">
            { for props.items.iter().enumerate().map(|(i, item)| item_html(i, item)) }
        </div>
    }
}
