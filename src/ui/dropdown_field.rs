//! A dropdown question: a native `<select>` (large, keyboard and screen-reader friendly), with
//! the "other" text box where the definition asks for one.
//!
//! Owns: mapping the select's value to an answer. Must not: validate or hold state.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::choice_field::other_box;
use super::Lang;
use crate::core::answer::Answer;
use crate::core::definition::{Choice, OTHER_VALUE};
use crate::core::form::ShownChoice;
use crate::core::i18n::Msg;
use crate::core::text::Text;

pub struct DropdownFieldProps<'a> {
    pub id: AttrValue,
    pub choices: &'a [Choice],
    /// The choices offered now when they depend on answers (else `choices`, all enabled).
    pub shown: Option<&'a [ShownChoice]>,
    pub other: Option<&'a Text>,
    pub placeholder: Option<&'a Text>,
    pub value: AttrValue,
    pub other_text: AttrValue,
    pub described_by: AttrValue,
    pub invalid: bool,
    pub required: bool,
    pub disabled: bool,
    pub on_change: Callback<Option<Answer>>,
    pub on_other: Callback<String>,
}

/// Renders the select (a plain function: it has no state of its own).
pub fn dropdown_field(props: DropdownFieldProps<'_>, lang: &Lang) -> Html {
    let props = &props;
    let locale = lang.locale;
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value());
            on_change.emit(value.filter(|v| !v.is_empty()).map(Answer::Choice));
        })
    };
    let placeholder = props
        .placeholder
        .as_ref()
        .filter(|p| !p.is_empty())
        .map_or_else(
            || lang.t(Msg::ChoiceSelectPlaceholder).to_string(),
            |p| p.get(locale).to_string(),
        );
    let option = |value: &str, label: &str, enabled: bool| {
        html! { <option key={value.to_string()} value={value.to_string()} selected={props.value == value} disabled={!enabled}>{ label.to_string() }</option> }
    };
    let described = (!props.described_by.is_empty()).then(|| props.described_by.clone());
    html! {
        <>
            <select id={props.id.clone()} class="yh-select" aria-describedby={described}
                aria-invalid={props.invalid.then_some("true")} aria-required={props.required.then_some("true")} disabled={props.disabled} {onchange}>
                <option value="" selected={props.value.is_empty()}>{ placeholder }</option>
                if let Some(shown) = props.shown {
                    { for shown.iter().map(|c| option(&c.choice.value, c.choice.label(locale), c.enabled)) }
                } else {
                    { for props.choices.iter().map(|c| option(&c.value, c.label(locale), true)) }
                }
                { for props.other.as_ref().map(|t| option(OTHER_VALUE, if t.is_empty() { lang.t(Msg::ChoiceOther) } else { t.get(locale) }, true)) }
            </select>
            if props.value == OTHER_VALUE {
                { other_box(&props.id, &props.other_text, &props.on_other, lang) }
            }
        </>
    }
}
