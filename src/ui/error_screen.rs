//! The error screen: a definition that cannot be used, or one that could not be loaded,
//! explained in the resident's language with where it broke, never a blank page.
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
    let (message, path) = match &props.problem {
        Problem::Load(d) => (lang.f(Msg::ErrorLoadFailed, &[("detail", d)]), None),
        Problem::Definition(e) => {
            let detail = match e {
                DefinitionError::NotJson(j) => {
                    let at = lang.f(
                        Msg::DefJsonAt,
                        &[
                            ("line", &j.line.to_string()),
                            ("column", &j.column.to_string()),
                            ("what", &detail(lang, j.message)),
                        ],
                    );
                    lang.f(Msg::DefNotJson, &[("detail", &at)])
                }
                DefinitionError::NotObject { .. } => lang.t(Msg::DefNotObject).to_string(),
                DefinitionError::NoElements => lang.t(Msg::DefNoElements).to_string(),
                DefinitionError::DuplicateName { name, .. } => {
                    lang.f(Msg::DefDuplicateName, &[("name", name)])
                }
                DefinitionError::BadExpression { error, .. } => {
                    let at = lang.f(
                        Msg::DefExprAt,
                        &[
                            ("position", &(error.position + 1).to_string()),
                            ("what", &detail(lang, error.message)),
                        ],
                    );
                    lang.f(Msg::DefBadExpression, &[("detail", &at)])
                }
                DefinitionError::BadValue { expected, .. } => {
                    lang.f(Msg::DefBadValue, &[("expected", expected)])
                }
                DefinitionError::BadChoices { .. } => lang.t(Msg::DefBadChoices).to_string(),
                DefinitionError::BadRating { .. } => lang.t(Msg::DefBadRating).to_string(),
            };
            let path = Some(e.path().to_string()).filter(|p| !p.is_empty());
            (lang.f(Msg::ErrorDefinition, &[("detail", &detail)]), path)
        }
    };
    html! {
        <section class="yh-error-screen" role="alert" aria-labelledby="yh-error-title">
            <h1 id="yh-error-title" class="yh-title">{ lang.t(Msg::ErrorTitle) }</h1>
            <p class="yh-error-message">{ message }</p>
            if let Some(p) = path {
                <p class="yh-error-path">{ lang.f(Msg::ErrorDefinitionWhere, &[("path", &p)]) }</p>
            }
            if matches!(props.problem, Problem::Load(_)) {
                <button type="button" class="yh-button yh-button-primary" onclick={props.retry.clone()}>{ lang.t(Msg::ErrorRetry) }</button>
            }
        </section>
    }
}

/// The resident's-language text of a JSON or expression parser message (the parsers keep
/// English `&'static str` codes for logs and tests; unknown ones are shown as they are).
fn detail(lang: &Lang, message: &'static str) -> String {
    let msg = match message {
        "unexpected end of input" => Msg::DetailEnd,
        "nesting too deep" => Msg::DetailDeep,
        "expected a string key" => Msg::DetailKey,
        "expected ':'" => Msg::DetailColon,
        "expected ',' or '}'" => Msg::DetailCommaObject,
        "expected ',' or ']'" => Msg::DetailCommaArray,
        "expected a value" => Msg::DetailValue,
        "invalid literal" => Msg::DetailLiteral,
        "invalid number" => Msg::DetailNumber,
        "invalid escape" => Msg::DetailEscape,
        "lone surrogate" => Msg::DetailSurrogate,
        "control character in string" => Msg::DetailControl,
        "trailing characters" => Msg::DetailTrailing,
        "unclosed '{'" => Msg::DetailUnclosedBrace,
        "empty variable name" => Msg::DetailEmptyName,
        "unterminated string" => Msg::DetailUnterminated,
        "unclosed '('" => Msg::DetailUnclosedParen,
        "unclosed '['" => Msg::DetailUnclosedBracket,
        "unexpected token" => Msg::DetailToken,
        _ => return message.to_string(),
    };
    lang.t(msg).to_string()
}
