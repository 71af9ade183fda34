//! The widget's configuration as the host page gives it: which definition, which endpoint,
//! which language, which device label, kiosk mode and its settings, survey or live board.
//!
//! Owns: `Config`, reading it from `data-*` attribute pairs and from a same-origin config file's
//! JSON, and the rule that the public URL's query string may only choose harmless things.
//! Must not: fetch anything or read the DOM (the `web::config` adapter does).

use crate::json::{self, Value};
use crate::kiosk;
use crate::payload::{Endpoint, Format};

/// Where the consultation definition comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DefinitionSource {
    /// The default consultation (core/src/default_consultation.json), shipped beside the
    /// widget's files as `consultation.json` and fetched like a URL.
    #[default]
    Bundled,
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
    /// One question per screen (`data-one-per-page="true"`, `"onePerPage": true`).
    pub one_per_page: Option<bool>,
    /// Kiosk mode for shared tablets (`data-kiosk="true"`, a `"kiosk": {…}` object, `?kiosk=1`).
    pub kiosk: KioskConfig,
    /// The survey, the forum's live board (`data-view="board"`, `"view"`, `?view=board`) or the
    /// organizers' check view (`data-view="check"`, `?view=check`, `?check=1`).
    pub view: View,
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
                "one-per-page" => c.one_per_page = Some(value.eq_ignore_ascii_case("true")),
                "kiosk" => c.kiosk.enabled |= is_on(&value),
                "view" => c.view = View::parse(&value).unwrap_or(c.view),
                _ => {}
            }
        }
        c
    }

    /// Applies a config file's JSON over the attributes (attributes win where both are set).
    pub fn merge_file(&mut self, text: &str) -> Result<(), json::JsonError> {
        let v = json::parse(text)?;
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        if self.definition == DefinitionSource::Bundled {
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
        self.one_per_page = self.one_per_page.or_else(|| v.get("onePerPage")?.as_bool());
        if let Some(k) = v.get("kiosk") {
            self.kiosk.merge_file(k);
        }
        if self.view == View::Survey {
            self.view = s("view").and_then(|t| View::parse(&t)).unwrap_or(self.view);
        }
        Ok(())
    }

    /// Applies the public page's query string: only harmless things may be chosen there: the
    /// language, the view (`view=board`; `view=check` or `check=1`, which sends and stores
    /// nothing), and kiosk mode switched ON (`kiosk=1`; never off, and none of its settings).
    /// Never the definition or the endpoint (a crafted link must not redirect residents'
    /// answers). Read as [`PageQuery`] reads it.
    pub fn apply_query(&mut self, query: &str) {
        let chosen = PageQuery::parse(query);
        if let Some(lang) = chosen.lang {
            self.locale = Some(lang);
        }
        self.kiosk.enabled |= chosen.kiosk;
        self.view = chosen.view.unwrap_or(self.view);
    }
}

/// What the page's query string chooses, read by the one rule the start script
/// (src/assets/yehua-start.js, `pageChoices`) also follows, so that both pick the same variant,
/// view and language; tests/query_cases.json holds the cases both are tested on.
///
/// The rule: `application/x-www-form-urlencoded` as the browser's `URLSearchParams` reads it
/// (pairs split at `&`, name and value at the first `=`, `+` is a space, `%XX` decoded as
/// UTF-8), and of a name given twice the FIRST value counts. `lang` (or, without one, `locale`)
/// is used when it is letters, digits and `-` only; `kiosk` turns kiosk mode on when it says
/// `true`, `1`, `yes` or `on`; `view` is `survey`, `board` or `check` (any case, spaces around
/// ignored), and `check` saying `true`, `1`, `yes` or `on` is `view=check` (it wins over `view`);
/// `definition-url` (else `definitionUrl`) is only a candidate, taken by
/// [`Config::apply_allowed_query`] when the embedder allowed it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageQuery {
    pub lang: Option<String>,
    pub kiosk: bool,
    pub view: Option<View>,
    pub definition_url: Option<String>,
}

impl PageQuery {
    pub fn parse(query: &str) -> PageQuery {
        let pairs: Vec<(String, String)> = query
            .strip_prefix('?')
            .unwrap_or(query)
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (name, value) = p.split_once('=').unwrap_or((p, ""));
                (form_decode(name), form_decode(value))
            })
            .collect();
        let first = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        PageQuery {
            lang: first("lang")
                .or_else(|| first("locale"))
                .filter(|v| {
                    !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
                .cloned(),
            kiosk: first("kiosk").is_some_and(|v| is_on(v)),
            view: if first("check").is_some_and(|v| is_on(v)) {
                Some(View::Check)
            } else {
                first("view").and_then(|v| View::parse(v))
            },
            definition_url: first("definition-url")
                .or_else(|| first("definitionUrl"))
                .cloned(),
        }
    }
}

/// One name or value of a query string decoded as `URLSearchParams` does: `+` is a space,
/// `%XX` a byte (a `%` not followed by two hex digits stays as it is), the bytes read as UTF-8
/// with U+FFFD for what is not.
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|d| char::from(*d).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b'+', ..) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `true`, `1`, `yes`, `on` (any case, ASCII spaces around ignored: HTML's and the start
/// script's idea of space, so that no other space counts differently in the two readers).
fn is_on(value: &str) -> bool {
    ["true", "1", "yes", "on"]
        .iter()
        .any(|t| trim_ascii(value).eq_ignore_ascii_case(t))
}

/// `text` without the ASCII spaces (space, tab, LF, FF, CR) around it.
fn trim_ascii(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_ascii_whitespace())
}

/// What the widget shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Survey,
    /// The forum's live board: tallies of the submissions stored on this device.
    Board,
    /// The organizers' check: the definition's messages, its outline and a preview that sends
    /// and stores nothing (docs/DEFINITIONS.md).
    Check,
}

impl View {
    pub fn parse(s: &str) -> Option<View> {
        match trim_ascii(s).to_ascii_lowercase().as_str() {
            "survey" => Some(View::Survey),
            "board" => Some(View::Board),
            "check" => Some(View::Check),
            _ => None,
        }
    }
}

/// Kiosk mode and its settings (docs/KIOSK.md). Mode is on when any source turns it on; the
/// settings come only from the config file (`"kiosk": {…}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskConfig {
    pub enabled: bool,
    /// Quiet seconds before "还在吗？", its countdown, and how long the receipt stays.
    pub idle_seconds: u32,
    pub countdown_seconds: u32,
    pub receipt_seconds: u32,
    /// The staff PIN's `pinHash` as the file has it (a value other than a text as its JSON),
    /// read by `core::pin::parse_hash` in the staff panel only, so that the residents' wasm
    /// carries none of it; `None` (not set) or refused: the staff panel stays locked and says why.
    pub pin_hash: Option<String>,
    /// The live board shows the latest suggestion texts (`liveBoard.showSuggestions`).
    pub show_suggestions: bool,
}

impl Default for KioskConfig {
    fn default() -> KioskConfig {
        KioskConfig {
            enabled: false,
            idle_seconds: kiosk::DEFAULT_IDLE_SECONDS,
            countdown_seconds: kiosk::DEFAULT_COUNTDOWN_SECONDS,
            receipt_seconds: kiosk::DEFAULT_RECEIPT_SECONDS,
            pin_hash: None,
            show_suggestions: false,
        }
    }
}

impl KioskConfig {
    /// The longest of the three durations the config may ask for: one day.
    pub const MAX_SECONDS: u32 = 86_400;

    /// Reads `"kiosk": true` or `"kiosk": {"enabled", "idleSeconds", "countdownSeconds",
    /// "receiptSeconds", "pinHash", "liveBoard": {"showSuggestions"}}`; an object
    /// turns kiosk mode on unless it says `"enabled": false`. Unusable values are ignored.
    pub fn merge_file(&mut self, v: &Value) {
        if let Some(on) = v.as_bool() {
            self.enabled |= on;
            return;
        }
        if v.as_object().is_none() {
            return;
        }
        self.enabled |= v.get("enabled").and_then(Value::as_bool).unwrap_or(true);
        let seconds = |k: &str| {
            v.get(k)
                .and_then(Value::as_u64)
                .filter(|n| *n > 0)
                .map(|n| n.min(u64::from(Self::MAX_SECONDS)) as u32)
        };
        self.idle_seconds = seconds("idleSeconds").unwrap_or(self.idle_seconds);
        self.countdown_seconds = seconds("countdownSeconds").unwrap_or(self.countdown_seconds);
        self.receipt_seconds = seconds("receiptSeconds").unwrap_or(self.receipt_seconds);
        match v.get("pinHash") {
            Some(Value::String(h)) => self.pin_hash = Some(h.clone()),
            Some(Value::Null) | None => {}
            Some(other) => self.pin_hash = Some(other.to_json()),
        }
        if let Some(b) = v
            .get("liveBoard")
            .and_then(|b| b.get("showSuggestions"))
            .and_then(Value::as_bool)
        {
            self.show_suggestions = b;
        }
    }

    /// The durations for the idle policy.
    pub fn timing(&self) -> kiosk::Timing {
        kiosk::Timing::from_seconds(
            self.idle_seconds,
            self.countdown_seconds,
            self.receipt_seconds,
        )
    }
}

// Embedding: the host's theme and the definition URLs a public link may choose.

/// How the widget sits in its page, beyond where answers go: whether it owns the page, the
/// host's theme, and which definition URLs the public page's query string may choose. Comes
/// from the host's attributes and same-origin config file, never from the query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embedding {
    /// The widget owns the page (the standalone page, also inside an iframe): it may set the
    /// document's language and honour the page's query string. False for a `<yehua-feedback>`
    /// element inside someone else's page, whose URL and `<html>` belong to that page.
    pub owns_page: bool,
    pub theme: Theme,
    /// Definition URLs a public link may pick with `?definition-url=` (`allowDefinitionUrls`).
    pub allow_definition_urls: Vec<String>,
}

impl Default for Embedding {
    fn default() -> Embedding {
        Embedding {
            owns_page: true,
            theme: Theme::default(),
            allow_definition_urls: Vec::new(),
        }
    }
}

impl Embedding {
    /// Applies a config file's `theme` object and `allowDefinitionUrls` list. Theme values
    /// from attributes win over the file's, name by name.
    pub fn merge_file(&mut self, text: &str) -> Result<(), json::JsonError> {
        let v = json::parse(text)?;
        if let Some(pairs) = v.get("theme").and_then(Value::as_object) {
            for (name, value) in pairs {
                let value = match value {
                    Value::String(s) | Value::Number(s) => s,
                    _ => continue,
                };
                if !self.theme.has(name) {
                    self.theme.set(name, value);
                }
            }
        }
        if let Some(urls) = v.get("allowDefinitionUrls").and_then(Value::as_array) {
            self.allow_definition_urls
                .extend(urls.iter().filter_map(Value::as_str).map(str::to_string));
        }
        Ok(())
    }
}

/// CSS custom properties the host sets on the widget root: `--yehua-<name>`, the public names
/// of style/yehua.css's `--yh-<name>` defaults (`accent`, `bg`, `fg`, `radius`, `space`,
/// `font-scale`, …). Names are lower-case words joined by `-`; values must be plain: no `url(`,
/// quotes, backslashes, braces or semicolons, so a theme can neither load anything nor break
/// out of its declaration.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Theme(Vec<(String, String)>);

impl Theme {
    /// Reads a `theme` attribute: `accent: #0a5; radius: 4px` (kebab- or camelCase names).
    /// Bad names and unsafe values are skipped.
    pub fn parse(text: &str) -> Theme {
        let mut theme = Theme::default();
        for (name, value) in text.split(';').filter_map(|d| d.split_once(':')) {
            theme.set(name, value);
        }
        theme
    }

    /// Sets `name` (kebab- or camelCase, with or without `--yehua-`) to `value`; false when
    /// the name is malformed or the value unsafe.
    pub fn set(&mut self, name: &str, value: &str) -> bool {
        let (Some(name), Some(value)) = (property_name(name), safe_value(value)) else {
            return false;
        };
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
        true
    }

    /// True when `name` is already set.
    pub fn has(&self, name: &str) -> bool {
        property_name(name).is_some_and(|p| self.0.iter().any(|(n, _)| *n == p))
    }

    /// `(custom property, value)` pairs, e.g. `("--yehua-accent", "#0a5")`.
    pub fn properties(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `accentFg`, `accent-fg` or `--yehua-accent-fg` → `--yehua-accent-fg`; `None` unless the
/// name is 1 to 32 ASCII letters, digits and single inner hyphens.
fn property_name(name: &str) -> Option<String> {
    let name = name.trim();
    let name = name.strip_prefix("--yehua-").unwrap_or(name);
    let mut kebab = String::with_capacity(name.len() + 2);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            kebab.push('-');
        }
        kebab.push(c.to_ascii_lowercase());
    }
    let ok = (1..=32).contains(&kebab.len())
        && kebab.split('-').all(|w| !w.is_empty())
        && kebab
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    ok.then(|| format!("--yehua-{kebab}"))
}

/// The trimmed value when it is a plain CSS value: at most 64 characters of letters, digits,
/// spaces and `#.,%()+-*/`, and no `url(`.
fn safe_value(value: &str) -> Option<String> {
    let value = value.trim();
    let plain = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " #.,%()+-*/".contains(c));
    let ok = plain
        && !value.is_empty()
        && value.len() <= 64
        && !value.to_ascii_lowercase().contains("url(");
    ok.then(|| value.to_string())
}

impl Config {
    /// Applies the public page's query string's `definition-url` (or `definitionUrl`), but only
    /// when its value (percent-decoded) is exactly one of `allowed`, the embedder's
    /// `allowDefinitionUrls`. Everything else in the query is left to [`Config::apply_query`];
    /// the endpoint can never be chosen there.
    pub fn apply_allowed_query(&mut self, query: &str, allowed: &[String]) {
        if let Some(url) = PageQuery::parse(query)
            .definition_url
            .filter(|u| allowed.contains(u))
        {
            self.definition = DefinitionSource::Url(url);
        }
    }
}
