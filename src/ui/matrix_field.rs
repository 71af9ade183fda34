//! A `matrix` question (one choice per row, the common satisfaction grid): each row is a
//! fieldset whose legend is the row's text, holding one native radio group of the columns.
//!
//! Owns: the rows' groups. A radio group per row gives keyboard use for free (Tab reaches a
//! row, arrow keys move within it) and each row is announced with its own text; rows stack,
//! so a 320 px phone and large text need no sideways scrolling. Must not: validate, hold state,
//! or build the answer (the form sets one row with `Action::AnswerField`).

use yew::prelude::*;

use super::Lang;
use crate::core::answer::Answer;
use crate::core::definition::Choice;

pub struct MatrixFieldProps<'a> {
    /// Given to the first radio, so the error summary can link to the question.
    pub id: AttrValue,
    pub rows: &'a [Choice],
    pub columns: &'a [Choice],
    pub answer: Option<&'a Answer>,
    /// `(row, column)` values of the radio the resident chose.
    pub on_field: Callback<(String, String)>,
}

/// Renders the rows (a plain function: it has no state of its own).
pub fn matrix_field(props: MatrixFieldProps<'_>, lang: &Lang) -> Html {
    let locale = lang.locale;
    let row_html = |r: usize, row: &Choice| {
        let chosen = props.answer.map_or("", |a| a.field(&row.value));
        let group = format!("{}-r{r}", props.id);
        let option = |c: usize, column: &Choice| {
            let checked = chosen == column.value;
            let onchange = {
                let (on_field, row, column) = (
                    props.on_field.clone(),
                    row.value.clone(),
                    column.value.clone(),
                );
                Callback::from(move |_: Event| on_field.emit((row.clone(), column.clone())))
            };
            let id = if r == 0 && c == 0 {
                props.id.to_string()
            } else {
                format!("{group}-{c}")
            };
            html! {
                <label key={column.value.clone()} class="yh-choice" data-checked={checked.then_some("true")}>
                    <input type="radio" class="yh-choice-input" {id} name={group.clone()}
                        value={column.value.clone()} {checked} {onchange} />
                    <span class="yh-choice-text">{ column.label(locale).to_string() }</span>
                </label>
            }
        };
        html! {
            <fieldset key={row.value.clone()} class="yh-matrix-row" data-answered={(!chosen.is_empty()).then_some("true")}>
                <legend class="yh-matrix-row-title">{ row.label(locale).to_string() }</legend>
                <div class="yh-choices" data-layout="matrix">
                    { for props.columns.iter().enumerate().map(|(c, column)| option(c, column)) }
                </div>
            </fieldset>
        }
    };
    html! {
        <div class="yh-matrix">
            { for props.rows.iter().enumerate().map(|(r, row)| row_html(r, row)) }
        </div>
    }
}
