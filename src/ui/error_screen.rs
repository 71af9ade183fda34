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
                    let at = lang.f(
                        "def.json_at",
                        &[
                            ("line", &j.line.to_string()),
                            ("column", &j.column.to_string()),
                            ("what", &detail(lang, j.message)),
                        ],
                    );
                    lang.f("def.not_json", &[("detail", &at)])
                }
                DefinitionError::NotObject { .. } => lang.t("def.not_object").to_string(),
                DefinitionError::NoElements => lang.t("def.no_elements").to_string(),
                DefinitionError::DuplicateName { name, .. } => {
                    lang.f("def.duplicate_name", &[("name", name)])
                }
                DefinitionError::BadExpression { error, .. } => {
                    let at = lang.f(
                        "def.expr_at",
                        &[
                            ("position", &(error.position + 1).to_string()),
                            ("what", &detail(lang, error.message)),
                        ],
                    );
                    lang.f("def.bad_expression", &[("detail", &at)])
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

/// The resident's-language text of a JSON or expression parser message (the parsers keep
/// English `&'static str` codes for logs and tests; unknown ones are shown as they are).
fn detail(lang: &Lang, message: &'static str) -> String {
    let key = match message {
        "unexpected end of input" => "detail.end",
        "nesting too deep" => "detail.deep",
        "expected a string key" => "detail.key",
        "expected ':'" => "detail.colon",
        "expected ',' or '}'" => "detail.comma_object",
        "expected ',' or ']'" => "detail.comma_array",
        "expected a value" => "detail.value",
        "invalid literal" => "detail.literal",
        "invalid number" => "detail.number",
        "invalid escape" => "detail.escape",
        "lone surrogate" => "detail.surrogate",
        "control character in string" => "detail.control",
        "trailing characters" => "detail.trailing",
        "unclosed '{'" => "detail.unclosed_brace",
        "empty variable name" => "detail.empty_name",
        "unterminated string" => "detail.unterminated",
        "unclosed '('" => "detail.unclosed_paren",
        "unclosed '['" => "detail.unclosed_bracket",
        "unexpected token" => "detail.token",
        _ => return message.to_string(),
    };
    lang.t(key).to_string()
}
