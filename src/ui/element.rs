//! Renders one definition element: a question (as a memoised `QuestionView`), a panel with its
//! nested elements, or an `html` note (always as text).
//!
//! Owns: walking panels and picking each question's props from the form. Must not: decide
//! visibility (it asks the `Form`) or hold state.

use yew::prelude::*;

use super::question::QuestionView;
use super::store::FormStore;
use super::Lang;
use crate::core::definition::Element;
use crate::core::form::Form;

pub fn element_html(
    e: &Element,
    form: &Form,
    dispatch: &UseReducerDispatcher<FormStore>,
    lang: &Lang,
) -> Html {
    let locale = lang.locale;
    match e {
        Element::Question(q) => {
            if !form.is_visible(q) {
                return html! {};
            }
            html! {
                <QuestionView key={q.name.clone()} question={q.clone()}
                    answer={form.answers.get(&q.name).cloned()}
                    other={AttrValue::from(form.answers.other(&q.name).to_string())}
                    problem={form.shown_problem(q)}
                    required={form.is_required(q)}
                    dispatch={dispatch.clone()} lang={lang.clone()} />
            }
        }
        Element::Panel(p) => {
            if !form.shows(&p.visible_if) {
                return html! {};
            }
            html! {
                <section key={format!("panel:{}", p.name)} class="yh-panel" data-name={p.name.clone()}>
                    if let Some(t) = &p.title { <h3 class="yh-panel-title">{ t.get(locale) }</h3> }
                    if let Some(d) = &p.description { <p class="yh-panel-description">{ d.get(locale) }</p> }
                    { for p.elements.iter().map(|e| element_html(e, form, dispatch, lang)) }
                </section>
            }
        }
        Element::Note(n) => {
            if !form.shows(&n.visible_if) {
                return html! {};
            }
            html! { <p key={format!("note:{}", n.name)} class="yh-note" data-name={n.name.clone()}>{ n.text.get(locale) }</p> }
        }
    }
}
