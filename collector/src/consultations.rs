//! Registering a consultation: its SurveyJS definition is checked by yehua-core, exactly as the
//! widget reads it, and refused with the core's own messages; a version once registered never
//! changes (stored submissions keep meaning what they meant).
//!
//! Owns: `register` (used by the CLI and the consultation API) and `Registered`, `Refusal`.
//! Must not: accept a definition the widget would not show, or overwrite a registered version.

use yehua_core::definition::{self, DefinitionError};
use yehua_core::i18n::Locale;

use crate::storage::{Db, StorageError};

/// What a successful registration did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    pub id: String,
    pub version: String,
    /// False when this exact definition was registered already (nothing changed but origins).
    pub new_version: bool,
    /// The definition's warnings (what the widget skips), `path: message`.
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// The core refuses the definition; its message, with the path where it broke.
    #[error("the definition cannot be used: {0}")]
    Definition(#[from] DefinitionError),
    #[error(
        "consultation '{id}' version '{version}' is registered with another definition: \
         give the changed definition a new consultation.version"
    )]
    VersionTaken { id: String, version: String },
    #[error("allowed origin '{0}': expected '*' or scheme://host[:port] without a path")]
    BadOrigin(String),
    #[error("{0} may not contain the NUL character")]
    Nul(&'static str),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// `*`, or an origin as browsers send it: `scheme://host[:port]`, nothing after.
pub fn valid_origin(origin: &str) -> bool {
    if origin == "*" {
        return true;
    }
    let Some((scheme, rest)) = origin.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.contains(['/', '?', '#', ' ', '@'])
}

/// Registers `text` (a definition) as the current version of its consultation. `origins`, when
/// given, replace the consultation's allowed origins.
pub async fn register(
    db: &Db,
    text: &str,
    origins: Option<&[String]>,
) -> Result<Registered, Refusal> {
    if let Some(bad) = origins
        .unwrap_or_default()
        .iter()
        .find(|o| !valid_origin(o))
    {
        return Err(Refusal::BadOrigin(bad.clone()));
    }
    // The survey model is not Send: read what is needed before any await.
    let (id, version, title, warnings) = {
        let survey = definition::parse(text)?;
        let warnings = survey
            .warnings
            .iter()
            .map(|w| format!("{}: {}", w.path, w.message(Locale::En)))
            .collect::<Vec<_>>();
        (
            survey.info.id.clone(),
            survey.info.version.clone(),
            survey.title.get(Locale::ZhCn).to_string(),
            warnings,
        )
    };
    // PostgreSQL refuses NUL in text; the definition's own text keeps it escaped.
    for (what, text) in [
        ("consultation.id", &id),
        ("consultation.version", &version),
        ("title", &title),
    ] {
        if text.contains('\0') {
            return Err(Refusal::Nul(what));
        }
    }
    let existing = db.definition(&id, &version).await?;
    if existing.as_deref().is_some_and(|e| e != text) {
        return Err(Refusal::VersionTaken { id, version });
    }
    db.register(&id, &version, &title, text, origins).await?;
    Ok(Registered {
        id,
        version,
        new_version: existing.is_none(),
        warnings,
    })
}
