//! The error screen: a definition that could not be loaded (with a retry), or one that cannot
//! be used (a short, friendly "cannot be opened right now"), never a blank page. Residents see
//! no technical detail: what failed, or what is wrong in the definition, is for organizers
//! (the console, the `yehua:error` event, the check view).
//!
//! Owns: `Problem` (what went wrong while loading) and translating it. Must not: retry by
//! itself (the app does, when asked).

use yew::prelude::*;

use super::Lang;
use crate::core::definition::DefinitionError;
use crate::core::i18n::Msg;

#[derive(Clone, PartialEq)]
pub enum Problem {
    Definition(DefinitionError),
    Load(String),
}

impl Problem {
    pub fn load(detail: impl Into<String>) -> Problem {
        Problem::Load(detail.into())
    }
    /// An English one-line description for the console and the `yehua:error` event.
    pub fn detail(&self) -> String {
        match self {
            Problem::Definition(e) => e.to_string(),
            Problem::Load(d) => format!("load failed: {d}"),
        }
    }
}

pub struct ErrorScreenProps {
    pub problem: Problem,
    pub retry: Callback<MouseEvent>,
}

pub fn error_screen(props: ErrorScreenProps, lang: &Lang) -> Html {
    let props = &props;
    // A definition that cannot be used: residents get a short, friendly screen; what is wrong
    // is for organizers (the console and the check view, `core::check`).
    let (title, message) = match &props.problem {
        // What failed (the URL, the HTTP status) is on the console and in `yehua:error`.
        Problem::Load(_) => (
            lang.t(Msg::ErrorTitle).to_string(),
            lang.t(Msg::ErrorLoadFailed).to_string(),
        ),
        Problem::Definition(_) => (
            lang.t(Msg::ErrorUnavailable).to_string(),
            lang.t(Msg::ErrorUnavailableHint).to_string(),
        ),
    };
    html! {
        <section class="yh-error-screen" role="alert" aria-labelledby="yh-error-title">
            <h1 id="yh-error-title" class="yh-title">{ title }</h1>
            <p class="yh-error-message">{ message }</p>
            if matches!(props.problem, Problem::Load(_)) {
                <button type="button" class="yh-button yh-button-primary" onclick={props.retry.clone()}>{ lang.t(Msg::ErrorRetry) }</button>
            }
        </section>
    }
}
