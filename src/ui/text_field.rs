//! A text or comment input that is safe with Chinese input methods.
//!
//! Owns: composition handling, and which native input an `inputType` becomes (text, number,
//! phone, e-mail, url, password, range, date, time, datetime-local). The value is written into
//! the DOM only when it differs from what the resident sees and no composition is under way;
//! input during composition is not dispatched (the committed text is, at `compositionend`);
//! Enter while composing is swallowed. Must not: validate, trim or rewrite what the resident
//! typed.

use std::cell::Cell;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::core::decimal::Decimal;
use crate::core::definition::{InputType, Kind};

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub value: AttrValue,
    pub multiline: bool,
    pub rows: u32,
    pub kind: InputType,
    pub placeholder: Option<AttrValue>,
    pub described_by: AttrValue,
    pub invalid: bool,
    pub required: bool,
    pub on_change: Callback<String>,
    /// Called for Enter outside composition in a single-line field (e.g. to go to the next page).
    #[prop_or_default]
    pub on_enter: Option<Callback<()>>,
    /// Shown but not answerable (`enableIf`, `readOnly`).
    #[prop_or_default]
    pub disabled: bool,
    /// `min`, `max` and `step` of a range, date or time input.
    #[prop_or_default]
    pub limits: Option<Limits>,
}

/// The `min`, `max` and `step` attributes of an input, and what a slider announces as its value
/// (`aria-valuetext`: a slider always shows a position, even before it is answered).
#[derive(Clone, PartialEq, Default)]
pub struct Limits {
    pub min: Option<AttrValue>,
    pub max: Option<AttrValue>,
    pub step: Option<AttrValue>,
    pub value_text: Option<AttrValue>,
}

impl Limits {
    /// The limits of a range, date or time input of kind `kind` (`None` for other inputs,
    /// whose limits the core checks without the browser's help).
    pub fn of(kind: &Kind) -> Option<Limits> {
        let Kind::Text {
            input,
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
        if !input.is_temporal() && *input != InputType::Range {
            return None;
        }
        let limit = |number: &Option<Decimal>, iso: &Option<String>| {
            iso.clone()
                .or_else(|| number.as_ref().map(ToString::to_string))
                .map(AttrValue::from)
        };
        Some(Limits {
            min: limit(min, earliest),
            max: limit(max, latest),
            step: step.as_ref().map(|s| AttrValue::from(s.to_string())),
            value_text: None,
        })
    }
}

fn current_value(target: Option<web_sys::EventTarget>) -> Option<String> {
    let target = target?;
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(i.value());
    }
    target
        .dyn_ref::<web_sys::HtmlTextAreaElement>()
        .map(|t| t.value())
}

#[function_component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let node = use_node_ref();
    let composing = use_memo((), |_| Cell::new(false));

    // Effects: write the value into the DOM only when it differs and nobody is composing.
    {
        let (node, composing) = (node.clone(), composing.clone());
        use_effect_with(props.value.clone(), move |value| {
            if composing.get() {
                return;
            }
            if let Some(i) = node.cast::<web_sys::HtmlInputElement>() {
                if i.value() != value.as_str() {
                    i.set_value(value);
                }
            } else if let Some(t) = node.cast::<web_sys::HtmlTextAreaElement>() {
                if t.value() != value.as_str() {
                    t.set_value(value);
                }
            }
        });
    }

    // Callbacks
    let oninput = {
        let (composing, on_change) = (composing.clone(), props.on_change.clone());
        Callback::from(move |e: InputEvent| {
            if e.is_composing() || composing.get() {
                return;
            }
            if let Some(v) = current_value(e.target()) {
                on_change.emit(v);
            }
        })
    };
    // Composition listeners go on the element directly (Yew has no composition attributes).
    {
        let (node, composing, on_change) =
            (node.clone(), composing.clone(), props.on_change.clone());
        use_effect_with((), move |_| {
            let listeners = node.cast::<web_sys::HtmlElement>().map(|target| {
                let c = composing.clone();
                let start = EventListener::new(&target, "compositionstart", move |_| c.set(true));
                let end = EventListener::new(&target, "compositionend", move |e| {
                    composing.set(false);
                    if let Some(v) = current_value(e.target()) {
                        on_change.emit(v);
                    }
                });
                (start, end)
            });
            move || drop(listeners)
        });
    }
    let onkeydown = {
        let (composing, on_enter, multiline) =
            (composing.clone(), props.on_enter.clone(), props.multiline);
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Enter" {
                return;
            }
            if e.is_composing() || composing.get() || e.key_code() == 229 {
                e.prevent_default();
                e.stop_propagation();
            } else if let (false, Some(cb)) = (multiline, &on_enter) {
                e.prevent_default();
                cb.emit(());
            }
        })
    };
    let invalid = props.invalid.then_some("true");
    let required = props.required.then_some("true");
    let described = (!props.described_by.is_empty()).then(|| props.described_by.clone());
    if props.multiline {
        return html! {
            <textarea ref={node} id={props.id.clone()} class="yh-input yh-textarea" rows={props.rows.to_string()}
                placeholder={props.placeholder.clone()} aria-describedby={described} aria-invalid={invalid}
                aria-required={required} disabled={props.disabled} {oninput} {onkeydown} />
        };
    }
    let (ty, mode, autocomplete) = match props.kind {
        InputType::Number => ("text", Some("decimal"), "off"),
        InputType::Tel => ("tel", None, "tel"),
        InputType::Email => ("email", None, "email"),
        InputType::Url => ("url", None, "url"),
        InputType::Password => ("password", None, "off"),
        InputType::Range => ("range", None, "off"),
        InputType::Date => ("date", None, "off"),
        InputType::Time => ("time", None, "off"),
        InputType::DateTimeLocal => ("datetime-local", None, "off"),
        InputType::Text => ("text", None, "off"),
    };
    let limits = props.limits.clone().unwrap_or_default();
    html! {
        <input ref={node} id={props.id.clone()} class="yh-input" type={ty} inputmode={mode} autocomplete={autocomplete}
            placeholder={props.placeholder.clone()} aria-describedby={described} aria-invalid={invalid}
            aria-required={required} disabled={props.disabled} min={limits.min} max={limits.max}
            step={limits.step} aria-valuetext={limits.value_text} {oninput} {onkeydown} />
    }
}
