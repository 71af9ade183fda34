//! The error screen: a definition that cannot be used, or one that could not be loaded,
//! explained in the resident's language with where it broke, never a blank page.
//!
//! Owns: `Problem` (what went wrong while loading) and translating it. Must not: retry by
//! itself (the app does, when asked).

use yew::prelude::*;

use super::Lang;
use crate::core::definition::DefinitionError;

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
    let (message, path) = match &props.problem {
        Problem::Load(d) => (lang.f("error.load_failed", &[("detail", d)]), None),
        Problem::Definition(e) => {
            let detail = match e {
                DefinitionError::NotJson(j) => {
                    lang.f("def.not_json", &[("detail", &j.to_string())])
                }
                DefinitionError::NotObject { .. } => lang.t("def.not_object").to_string(),
                DefinitionError::NoElements => lang.t("def.no_elements").to_string(),
                DefinitionError::DuplicateName { name, .. } => {
                    lang.f("def.duplicate_name", &[("name", name)])
                }
                DefinitionError::BadExpression { error, .. } => {
                    lang.f("def.bad_expression", &[("detail", &error.to_string())])
                }
                DefinitionError::BadValue { expected, .. } => {
                    lang.f("def.bad_value", &[("expected", expected)])
                }
                DefinitionError::BadChoices { .. } => lang.t("def.bad_choices").to_string(),
                DefinitionError::BadRating { .. } => lang.t("def.bad_rating").to_string(),
            };
            let path = Some(e.path().to_string()).filter(|p| !p.is_empty());
            (lang.f("error.definition", &[("detail", &detail)]), path)
        }
    };
    html! {
        <section class="yh-error-screen" role="alert" aria-labelledby="yh-error-title">
            <h1 id="yh-error-title" class="yh-title">{ lang.t("error.title") }</h1>
            <p class="yh-error-message">{ message }</p>
            if let Some(p) = path {
                <p class="yh-error-path">{ lang.f("error.definition_where", &[("path", &p)]) }</p>
            }
            if matches!(props.problem, Problem::Load(_)) {
                <button type="button" class="yh-button yh-button-primary" onclick={props.retry.clone()}>{ lang.t("error.retry") }</button>
            }
        </section>
    }
}
