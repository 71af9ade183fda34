//! Renders a page's definition elements: a question (as a memoised `QuestionView`), a panel with
//! its nested elements, or an `html` element (as a memoised `NoteView`), in groups of five.
//!
//! Owns: walking panels, picking each question's and note's props from the form (the answers
//! their texts pipe in among them), and the groups the page's elements are laid out in.
//! Must not: decide visibility (it asks the `Form`), how many groups are built
//! (`core::layout::Building`, held by the survey view), or hold state.

use std::rc::Rc;

use yew::prelude::*;

use super::question::QuestionView;
use super::rich::NoteView;
use super::store::FormStore;
use super::Lang;
use crate::core::definition::Element;
use crate::core::form::Form;
use crate::core::layout::GROUP;

// Each group (`core::layout::GROUP` elements) is one `content-visibility: auto` box
// (style/yehua.css `.yh-group`): Chromium skips the layout and paint of groups off screen, and a
// question that appears or goes costs the style and layout of the groups after it, so fewer,
// larger boxes than one per question make a revealing click cheaper (docs/BENCHMARKS.md).

/// A group's `data-shown`: how many of its elements are shown, which sets the size it is given
/// while off screen and not yet rendered (`contain-intrinsic-size`); none shown: not displayed.
/// An attribute, not a class: Yew turns a computed `class` into a `Classes` set (hashing each
/// class, joining them into a new string) on every render.
const SHOWN: [&str; GROUP + 1] = ["0", "1", "2", "3", "4", "5"];

/// What every element of a page is drawn with.
pub struct Ctx<'a> {
    pub form: &'a Form,
    pub dispatch: &'a UseReducerDispatcher<FormStore>,
    pub lang: &'a Lang,
    /// Kiosk mode (an `html` element's links are shown as text).
    pub kiosk: bool,
}

/// The heading level of a note's highest heading: below the page title (`h2`), or below a
/// panel's title (`h3`).
const NOTE_HEADING: u8 = 3;
const PANEL_NOTE_HEADING: u8 = 4;

/// The first `groups` groups of a page's elements, keyed (the same groups whatever is shown, so
/// a question appearing changes only its own group, and a later step only adds groups).
pub fn page_html(elements: &[Element], groups: usize, ctx: &Ctx<'_>) -> Html {
    let form = ctx.form;
    elements
        .chunks(GROUP)
        .take(groups)
        .enumerate()
        .map(|(i, group)| {
            // Each element's visibility once per render: it sets the group's size and which
            // elements it renders (a hidden one keeps its place as an empty node).
            let shown: [bool; GROUP] =
                std::array::from_fn(|j| group.get(j).is_some_and(|e| form.element_shown(e)));
            let count = shown.iter().filter(|s| **s).count();
            html! {
                <div key={i} class="yh-group" data-shown={SHOWN[count]}>
                    { for group.iter().zip(shown).map(|(e, s)| if s { shown_html(e, ctx, NOTE_HEADING) } else { html! {} }) }
                </div>
            }
        })
        .collect()
}

/// The "other" text as a prop: most questions have none, and an empty text needs no allocation
/// (this runs for every question of the page on every render).
fn other_text(text: &str) -> AttrValue {
    if text.is_empty() {
        AttrValue::Static("")
    } else {
        AttrValue::from(text.to_string())
    }
}

/// A panel's nested element: nothing when hidden.
fn element_html(e: &Element, ctx: &Ctx<'_>) -> Html {
    if !ctx.form.element_shown(e) {
        return html! {};
    }
    shown_html(e, ctx, PANEL_NOTE_HEADING)
}

/// An element already known to be shown; `heading`: the level of a note's highest heading.
fn shown_html(e: &Element, ctx: &Ctx<'_>, heading: u8) -> Html {
    let Ctx {
        form,
        dispatch,
        lang,
        kiosk,
    } = *ctx;
    let locale = lang.locale;
    match e {
        Element::Question(q) => {
            let texts = [Some(&q.title), q.description.as_ref()];
            let pipes = form.values(texts.into_iter().flatten().map(|t| t.get(locale)), locale);
            html! {
                <QuestionView key={q.name.clone()} question={q.clone()} {pipes}
                    choices={form.shown_choices(q).map(Rc::new)}
                    answer={form.answers.get(&q.name).cloned()}
                    other={other_text(form.answers.other(&q.name))}
                    problem={form.shown_problem(q)}
                    required={form.is_required(q)}
                    enabled={form.is_enabled(q)}
                    dispatch={dispatch.clone()} lang={lang.clone()} />
            }
        }
        Element::Panel(p) => {
            html! {
                <section key={format!("panel:{}", p.name)} class="yh-panel" data-name={p.name.clone()}>
                    if let Some(t) = &p.title { <h3 class="yh-panel-title">{ form.piped(t.get(locale), locale).into_owned() }</h3> }
                    if let Some(d) = &p.description { <p class="yh-panel-description">{ form.piped(d.get(locale), locale).into_owned() }</p> }
                    { for p.elements.iter().map(|e| element_html(e, ctx)) }
                </section>
            }
        }
        Element::Note(n) => {
            let values = form.values([n.text.get(locale)], locale);
            html! { <NoteView key={format!("note:{}", n.name)} note={n.clone()} {values} {locale} base={heading} {kiosk} /> }
        }
    }
}
