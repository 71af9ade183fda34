//! The widget's configuration as the host page gives it: which definition, which endpoint,
//! which language, which device label.
//!
//! Owns: `Config`, reading it from `data-*` attribute pairs and from a same-origin config file's
//! JSON, and the rule that the public URL's query string may only choose harmless things.
//! Must not: fetch anything or read the DOM (the `web::config` adapter does).

use crate::core::json::{self, Value};
use crate::core::payload::{Endpoint, Format};

/// Where the consultation definition comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DefinitionSource {
    /// The default consultation compiled into the widget.
    #[default]
    Embedded,
    /// JSON text given inline by the host.
    Inline(String),
    /// A URL to fetch the JSON from.
    Url(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    pub definition: DefinitionSource,
    /// Where submissions are POSTed; `None` keeps them on the device (the default).
    pub endpoint: Option<Endpoint>,
    pub locale: Option<String>,
    pub device: Option<String>,
    /// A same-origin JSON file with more settings (`data-config`).
    pub config_url: Option<String>,
}

impl Config {
    /// Reads the mount element's `data-*` attributes, given as `(name without "data-", value)`.
    /// `endpoint-format` must come after `endpoint`.
    pub fn from_attributes<'a>(attrs: impl IntoIterator<Item = (&'a str, String)>) -> Config {
        let mut c = Config::default();
        for (name, value) in attrs {
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            match name {
                "definition-url" => c.definition = DefinitionSource::Url(value),
                "definition" => c.definition = DefinitionSource::Inline(value),
                "endpoint" => c.endpoint = Some(Endpoint::new(value)),
                "endpoint-format" => {
                    if let (Some(e), Some(f)) = (c.endpoint.as_mut(), Format::parse(&value)) {
                        e.format = f;
                    }
                }
                "locale" => c.locale = Some(value),
                "device" => c.device = Some(value),
                "config" => c.config_url = Some(value),
                _ => {}
            }
        }
        c
    }

    /// Applies a config file's JSON over the attributes (attributes win where both are set).
    pub fn merge_file(&mut self, text: &str) -> Result<(), json::JsonError> {
        let v = json::parse(text)?;
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        if self.definition == DefinitionSource::Embedded {
            if let Some(d @ Value::Object(_)) = v.get("definition") {
                self.definition = DefinitionSource::Inline(d.to_json());
            } else if let Some(url) = s("definitionUrl") {
                self.definition = DefinitionSource::Url(url);
            }
        }
        self.endpoint = self
            .endpoint
            .take()
            .or_else(|| Endpoint::from_json(v.get("endpoint")?));
        self.locale = self.locale.take().or(s("locale"));
        self.device = self.device.take().or(s("device"));
        Ok(())
    }

    /// Applies the public page's query string: only the language may be chosen there, never
    /// the definition or the endpoint (a crafted link must not redirect residents' answers).
    pub fn apply_query(&mut self, query: &str) {
        for pair in query.trim_start_matches('?').split('&') {
            if let Some(("lang" | "locale", v)) = pair.split_once('=') {
                if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    self.locale = Some(v.to_string());
                }
            }
        }
    }
}
