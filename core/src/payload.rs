//! What is sent to the endpoint: the endpoint's settings and the request body for each format.
//!
//! Owns: `Endpoint` (url, format, extra headers, timeout, Open311 mapping) and `encode`, which
//! turns a stored `yehua.submission/1` payload into the body of the chosen format:
//! - `json` (default): the payload itself (schema in docs/submission.schema.json);
//! - `form`: `application/x-www-form-urlencoded` fields, as an HTML form would send them
//!   (several values of a checkbox repeat the field; a matrix row or multipletext item is
//!   `name[key]`), for form backends and spreadsheet scripts;
//! - `open311`: Open311 GeoReport v2 `POST requests.json` fields (`service_code`,
//!   `description`, `attribute[...]`; a matrix row or multipletext item is
//!   `attribute[name.key]`), for a city's 311 system.
//!
//! Must not: send anything or read the config from the page (web::config does).

use crate::definition::Intent;
use crate::json::{self, Value};
use crate::submission::{iso_utc, Submission};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Json,
    Form,
    Open311,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "form" => Some(Format::Form),
            "open311" => Some(Format::Open311),
            _ => None,
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Form | Format::Open311 => "application/x-www-form-urlencoded;charset=UTF-8",
        }
    }
}

/// Where and how submissions are delivered. Only the host page's config sets this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub url: String,
    pub format: Format,
    /// Extra request headers (e.g. an API key the endpoint expects).
    pub headers: Vec<(String, String)>,
    /// A send that takes longer is abandoned and retried later.
    pub timeout_ms: u64,
    /// Open311: the `service_code` for each intent, and optionally a question whose answer is
    /// the service code.
    pub service_codes: Vec<(Intent, String)>,
    pub service_code_question: Option<String>,
    pub jurisdiction_id: Option<String>,
}

pub const DEFAULT_TIMEOUT_MS: u64 = 15_000;

impl Endpoint {
    pub fn new(url: impl Into<String>) -> Endpoint {
        Endpoint {
            url: url.into(),
            format: Format::Json,
            headers: Vec::new(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
            service_codes: Vec::new(),
            service_code_question: None,
            jurisdiction_id: None,
        }
    }

    /// Reads `"https://..."` or `{"url", "format", "headers", "timeoutMs", "open311": {...}}`.
    pub fn from_json(v: &Value) -> Option<Endpoint> {
        if let Some(url) = v.as_str() {
            return Some(Endpoint::new(url)).filter(|e| !e.url.trim().is_empty());
        }
        let mut e = Endpoint::new(v.get("url")?.as_str()?.trim());
        if e.url.is_empty() {
            return None;
        }
        if let Some(f) = v
            .get("format")
            .and_then(Value::as_str)
            .and_then(Format::parse)
        {
            e.format = f;
        }
        for (k, h) in v
            .get("headers")
            .and_then(Value::as_object)
            .unwrap_or_default()
        {
            if let Some(h) = h.as_str() {
                e.headers.push((k.clone(), h.to_string()));
            }
        }
        if let Some(t) = v
            .get("timeoutMs")
            .and_then(Value::as_u64)
            .filter(|t| *t >= 1000)
        {
            // The outbox leases an entry for 30 s; a send must end before the lease does.
            e.timeout_ms = t.min(25_000);
        }
        if let Some(o) = v.get("open311") {
            for (k, code) in o
                .get("serviceCodes")
                .and_then(Value::as_object)
                .unwrap_or_default()
            {
                if let (Some(i), Some(c)) = (Intent::parse(k), code.as_str()) {
                    e.service_codes.push((i, c.to_string()));
                }
            }
            e.service_code_question = o
                .get("serviceCodeQuestion")
                .and_then(Value::as_str)
                .map(str::to_string);
            e.jurisdiction_id = o
                .get("jurisdictionId")
                .and_then(Value::as_str)
                .map(str::to_string);
        }
        Some(e)
    }
}

/// The request body for `stored` (a `yehua.submission/1` JSON text) in `format`. `None` when the
/// stored text is not such a payload (it is then held for staff, never dropped).
pub fn encode(endpoint: &Endpoint, stored: &str) -> Option<String> {
    if endpoint.format == Format::Json {
        return Some(stored.to_string());
    }
    let s = Submission::from_json(&json::parse(stored).ok()?)?;
    let mut fields: Vec<(String, String)> = Vec::new();
    match endpoint.format {
        Format::Json => {}
        Format::Form => {
            fields.push(("submission_id".into(), s.id.clone()));
            fields.push(("consultation_id".into(), s.consultation_id.clone()));
            fields.push((
                "consultation_version".into(),
                s.consultation_version.clone(),
            ));
            fields.push(("locale".into(), s.locale.clone()));
            fields.push(("created_at".into(), iso_utc(s.created_at_ms)));
            if let Some(d) = &s.device {
                fields.push(("device".into(), d.clone()));
            }
            for a in &s.answers {
                push_answer(&mut fields, &a.name, &a.value);
                if let Some(o) = &a.other {
                    fields.push((format!("{}-Comment", a.name), o.clone()));
                }
            }
        }
        Format::Open311 => {
            fields.push(("service_code".into(), service_code(endpoint, &s)));
            if let Some(j) = &endpoint.jurisdiction_id {
                fields.push(("jurisdiction_id".into(), j.clone()));
            }
            fields.push(("description".into(), description(&s)));
            fields.push(("attribute[yehua_submission_id]".into(), s.id.clone()));
            fields.push((
                "attribute[yehua_consultation]".into(),
                s.consultation_id.clone(),
            ));
            for a in &s.answers {
                if let crate::answer::Answer::Fields(f) = &a.value {
                    fields.extend(
                        f.iter()
                            .map(|(k, v)| (format!("attribute[{}.{k}]", a.name), v.clone())),
                    );
                    continue;
                }
                fields.push((format!("attribute[{}]", a.name), a.value.display()));
                if let Some(o) = &a.other {
                    fields.push((format!("attribute[{}-Comment]", a.name), o.clone()));
                }
            }
        }
    }
    Some(form_urlencode(&fields))
}

fn push_answer(fields: &mut Vec<(String, String)>, name: &str, value: &crate::answer::Answer) {
    match value {
        crate::answer::Answer::Choices(v) => {
            fields.extend(v.iter().map(|c| (name.to_string(), c.clone())))
        }
        // `name[key]`: how form backends (PHP, Rails, Express) read a nested object.
        crate::answer::Answer::Fields(f) => {
            fields.extend(f.iter().map(|(k, v)| (format!("{name}[{k}]"), v.clone())))
        }
        other => fields.push((name.to_string(), other.display())),
    }
}

/// The service code: the configured question's answer, else the code of the submission's
/// main intent (a suggestion first, then a need, then a skill), else `yehua`.
fn service_code(e: &Endpoint, s: &Submission) -> String {
    if let Some(q) = &e.service_code_question {
        if let Some(a) = s.answers.iter().find(|a| &a.name == q) {
            return a.value.display();
        }
    }
    [Intent::Suggestion, Intent::Need, Intent::Skill]
        .iter()
        .filter(|i| s.answers.iter().any(|a| a.intent == Some(**i)))
        .find_map(|i| {
            e.service_codes
                .iter()
                .find(|(k, _)| k == i)
                .map(|(_, c)| c.clone())
        })
        .unwrap_or_else(|| "yehua".into())
}

/// The free text of the submission (suggestions first), or a summary of its answers.
fn description(s: &Submission) -> String {
    let texts: Vec<String> = s
        .answers
        .iter()
        .filter(|a| a.intent == Some(Intent::Suggestion))
        .map(|a| a.value.display())
        .filter(|t| !t.trim().is_empty())
        .collect();
    if !texts.is_empty() {
        return texts.join("\n");
    }
    s.answers
        .iter()
        .map(|a| format!("{}: {}", a.name, a.value.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `application/x-www-form-urlencoded` as browsers write it (UTF-8, space as `+`).
pub fn form_urlencode(fields: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        percent_encode(&mut out, k);
        out.push('=');
        percent_encode(&mut out, v);
    }
    out
}

fn percent_encode(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
}
