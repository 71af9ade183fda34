//! The organizers' check view (`?check=1`, `data-view="check"`; kiosk variant only): the
//! definition's errors and warnings with where each is, its outline with every condition as
//! written, and a preview of every page that sends and stores nothing.
//!
//! Owns: `CheckData` (what loading gave the check) and laying these three parts out.
//! Must not: judge the definition (`core::check` and `core::definition` do), build its own
//! outline (`core::outline`), store or send anything.

use std::rc::Rc;

use yew::prelude::*;

use super::error_screen::Problem;
use super::lang_switch::lang_switch;
use super::survey::SurveyView;
use super::{Lang, Shared};
use crate::core::check::{self, Diagnostic, Severity};
use crate::core::config::Config;
use crate::core::definition::Survey;
use crate::core::i18n::{Locale, Msg};
use crate::core::outline::{self, OutlineElement, OutlinePage};

/// What loading gave the check view.
#[derive(PartialEq)]
pub struct CheckData {
    /// The definition's text, when it arrived.
    pub text: Option<Rc<str>>,
    /// The survey, or why it cannot be used.
    pub result: Result<Rc<Survey>, Problem>,
    pub config: Rc<Config>,
}

#[derive(Properties, PartialEq)]
pub struct CheckProps {
    pub check: Rc<CheckData>,
    pub on_phase: Callback<&'static str>,
    pub root: NodeRef,
    pub shared: Shared,
}

#[function_component]
pub fn CheckView(props: &CheckProps) -> Html {
    let lang = props.shared.lang.clone();
    let locale = lang.locale;
    let check = &props.check;
    let messages = use_memo((check.text.clone(), locale), |(text, locale)| {
        text.as_deref()
            .map(|t| check::messages(t, *locale))
            .unwrap_or_default()
    });
    let outline = use_memo(check.text.clone(), |text| {
        text.as_deref()
            .and_then(outline::outline)
            .unwrap_or_default()
    });
    {
        let on_phase = props.on_phase.clone();
        use_effect_with((), move |_| on_phase.emit("check"));
    }
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        messages.iter().partition(|d| d.severity == Severity::Error);
    let counts = lang.f(
        Msg::CheckCounts,
        &[
            ("errors", &errors.len().to_string()),
            ("warnings", &warnings.len().to_string()),
        ],
    );
    html! {
        <div class="yh-check">
            <header class="yh-header">
                <div class="yh-toolbar">{ lang_switch(&lang) }</div>
                <h1 class="yh-title" id="yh-check-title">{ lang.t(Msg::CheckTitle) }</h1>
                <p class="yh-description">{ lang.t(Msg::CheckIntro) }</p>
            </header>
            <section class="yh-check-messages" aria-labelledby="yh-check-counts">
                <h2 id="yh-check-counts" class="yh-page-title">{ counts }</h2>
                if messages.is_empty() && check.result.is_ok() {
                    <p class="yh-check-good" role="status">{ lang.t(Msg::CheckAllGood) }</p>
                }
                if !errors.is_empty() {
                    { diagnostic_list("yh-check-errors", Msg::CheckErrors, &errors, &lang) }
                }
                if !warnings.is_empty() {
                    { diagnostic_list("yh-check-warnings", Msg::CheckWarnings, &warnings, &lang) }
                }
            </section>
            <section class="yh-check-outline" aria-labelledby="yh-check-outline-title">
                <h2 id="yh-check-outline-title" class="yh-page-title">{ lang.t(Msg::CheckOutline) }</h2>
                <ol class="yh-outline-pages">
                    { for outline.iter().enumerate().map(|(i, p)| outline_page(i, p, locale, &lang)) }
                </ol>
            </section>
            <section class="yh-check-preview" aria-labelledby="yh-check-preview-title">
                <h2 id="yh-check-preview-title" class="yh-page-title">{ lang.t(Msg::CheckPreview) }</h2>
                { match &check.result {
                    Ok(survey) => html! {
                        <div class="yh-preview">
                            <SurveyView survey={survey.clone()} config={check.config.clone()} on_phase={Callback::noop()}
                                root={props.root.clone()} shared={props.shared.clone()} preview=true />
                        </div>
                    },
                    Err(_) => html! { <p class="yh-notice">{ lang.t(Msg::CheckNoPreview) }</p> },
                } }
            </section>
        </div>
    }
}

/// Errors or warnings, each with its place, the question's title and the JSON path.
fn diagnostic_list(class: &'static str, heading: Msg, list: &[&Diagnostic], lang: &Lang) -> Html {
    let id = format!("{class}-title");
    html! {
        <div class={class} role={(class == "yh-check-errors").then_some("alert")}>
            <h3 id={id.clone()} class="yh-check-heading">{ lang.t(heading) }</h3>
            <ul aria-labelledby={id}>
                { for list.iter().map(|d| html! {
                    <li>
                        <p class="yh-check-message">{ d.to_string() }</p>
                        if !d.path.is_empty() {
                            <p class="yh-check-path"><code>{ lang.f(Msg::CheckPath, &[("path", &d.path)]) }</code></p>
                        }
                    </li>
                }) }
            </ul>
        </div>
    }
}

fn outline_page(index: usize, page: &OutlinePage, locale: Locale, lang: &Lang) -> Html {
    let n = (index + 1).to_string();
    html! {
        <li key={page.name.clone()}>
            <h3 class="yh-check-heading">{ lang.f(Msg::CheckPage, &[("n", &n), ("name", &page.name)]) }
                if let Some(t) = &page.title { {" — "}{ t.get(locale) } }
            </h3>
            if let Some(c) = &page.visible_if {
                <p class="yh-outline-condition"><code>{ format!("visibleIf: {c}") }</code></p>
            }
            { outline_elements(&page.elements, locale, lang) }
        </li>
    }
}

fn outline_elements(elements: &[OutlineElement], locale: Locale, lang: &Lang) -> Html {
    if elements.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="yh-outline-elements">
            { for elements.iter().map(|e| html! {
                <li key={e.path.clone()}>
                    <span class="yh-outline-type"><code>{ if e.kind.is_empty() { lang.t(Msg::CheckNoType).to_string() } else { e.kind.clone() } }</code></span>
                    {" "}<span class="yh-outline-name">{ &e.name }</span>
                    if let Some(t) = &e.title { {" — "}{ t.get(locale) } }
                    if e.required { {" "}<span class="yh-outline-required">{ lang.t(Msg::CheckRequired) }</span> }
                    { for e.conditions.iter().map(|(k, c)| html! {
                        <p class="yh-outline-condition"><code>{ format!("{k}: {c}") }</code></p>
                    }) }
                    { outline_elements(&e.elements, locale, lang) }
                </li>
            }) }
        </ul>
    }
}
