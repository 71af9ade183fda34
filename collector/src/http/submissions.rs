//! Receiving submissions, exactly as docs/DELIVERY.md promises endpoints behave: the CORS
//! preflight per consultation, then for each POST (in this order) the rate limit (429), the
//! content type (415), the consultation (404) and the page's origin (403), the body's size
//! (413) and form (400), the `Idempotency-Key` (400 when it is not the submission's id), the fit
//! to the definition (422), and the write: 201 once committed, the same 201 replayed (with
//! `Idempotent-Replayed: true`) for a repeat, 409 when another submission holds the id, 503 with
//! `Retry-After` while the database is unavailable.
//!
//! Owns: `preflight`, `receive`, the CORS headers. Must not: answer 2xx before the commit, or
//! 409 for a key whose first request is still in flight (the unique constraint makes a second
//! writer wait for the first), or keep anything of a refused request.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use yehua_core::admission::{admit, Misfit};
use yehua_core::definition::{self, Survey};
use yehua_core::json::{self, Value};
use yehua_core::submission::Submission;

use super::{reply, AppState, Peer, Problem, IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED};
use crate::form;
use crate::storage::{ConsultationRow, NewSubmission, Stored};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Form,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Form => "form",
        }
    }
}

/// `OPTIONS`: 204 with the CORS headers for an origin the consultation allows (or the
/// collector's own); otherwise no `Access-Control-Allow-Origin`, so the browser never sends the
/// POST and the widget keeps retrying until the organizer allows the origin (nothing is held,
/// nothing is lost).
pub async fn preflight(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let found = if id.contains('\0') {
        Ok(None)
    } else {
        state.db.consultation(&id).await
    };
    let consultation = match found {
        Ok(Some(c)) => c,
        Ok(None) => {
            return Problem::UnknownConsultation(format!("no consultation '{id}'"))
                .into_response_for(&state.config)
        }
        Err(e) => return Problem::Unavailable(e).into_response_for(&state.config),
    };
    let origin = origin(&headers);
    if !allowed(&consultation, origin, &headers) {
        return Problem::Origin(format!("origin '{}' is not allowed", origin.unwrap_or("")))
            .into_response_for(&state.config);
    }
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let h = response.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, OPTIONS"),
    );
    let requested = headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or(HeaderValue::from_static("Content-Type, Idempotency-Key"));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested);
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    cors(&mut response, origin);
    response
}

/// `POST`: one submission in the `json` or `form` format.
pub async fn receive(
    State(state): State<AppState>,
    Path(id): Path<String>,
    axum::extract::ConnectInfo(peer): Peer,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let client = state.client(peer, &headers);
    if let Err(wait) = state.limiter.check(client, Instant::now()) {
        let mut r = Problem::RateLimited(wait).into_response_for(&state.config);
        cors(&mut r, origin(&headers));
        return r;
    }
    match receive_checked(&state, &id, &headers, body).await {
        Ok(r) => r,
        Err((problem, cors_origin)) => {
            let mut r = problem.into_response_for(&state.config);
            cors(&mut r, cors_origin.as_deref());
            r
        }
    }
}

/// A refusal, and the origin to name in `Access-Control-Allow-Origin` (none until the origin is
/// known to be allowed).
type Refused = (Problem, Option<String>);

async fn receive_checked(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, Refused> {
    let page = origin(headers);
    if id.contains('\0') {
        // PostgreSQL cannot even compare such a text: no consultation has it.
        return Err((
            Problem::UnknownConsultation(format!("no consultation {id:?}")),
            None,
        ));
    }
    let consultation = match state.db.consultation(id).await {
        Ok(Some(c)) => c,
        Ok(None) => {
            let reason = format!("no consultation '{id}'");
            return Err((Problem::UnknownConsultation(reason), None));
        }
        Err(e) => return Err((Problem::Unavailable(e), page.map(str::to_string))),
    };
    if !allowed(&consultation, page, headers) {
        let reason = format!("origin '{}' is not allowed", page.unwrap_or(""));
        return Err((Problem::Origin(reason), None));
    }
    let fail = |p: Problem| (p, page.map(str::to_string));
    let format = content_format(headers).map_err(fail)?;
    let bytes = read_body(body, headers, state.config.max_body_bytes)
        .await
        .map_err(fail)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| fail(Problem::Malformed(format!("the body is not UTF-8: {e}"))))?;
    // Which version's definition to check against.
    let (json_payload, version) = match format {
        Format::Json => {
            let value = json::parse(text)
                .map_err(|e| fail(Problem::Malformed(format!("the body is not JSON: {e}"))))?;
            let version = value
                .get("consultation")
                .and_then(|c| c.get("version"))
                .and_then(Value::as_str)
                .unwrap_or(&consultation.current_version)
                .to_string();
            (Some(value), version)
        }
        Format::Form => {
            let (_, version) = form::consultation_fields(text.as_bytes())
                .map_err(|e| fail(Problem::Malformed(e.to_string())))?;
            (None, version)
        }
    };
    let definition = state
        .definition(id, &version)
        .await
        .map_err(|e| fail(Problem::Unavailable(e)))?
        .ok_or_else(|| {
            fail(Problem::Misfit(format!(
                "consultation.version: version '{version}' of '{id}' is not registered on this \
                 collector"
            )))
        })?;
    // The survey model is not Send: everything that needs it happens here, before any await.
    let submission = {
        let survey = parsed(&definition).map_err(|e| {
            fail(Problem::Misfit(format!(
                "the registered definition cannot be read: {e}"
            )))
        })?;
        let payload = match json_payload {
            Some(v) => v,
            None => form::payload_from_form(text.as_bytes(), &survey)
                .map_err(|e| fail(Problem::Malformed(e.to_string())))?,
        };
        admit(&survey, &payload).map_err(|m| fail(misfit(m)))?
    };
    check_key(headers, &submission).map_err(fail)?;
    // Text columns of their own: PostgreSQL refuses NUL in text (the payload keeps it escaped).
    if submission.locale.contains('\0')
        || submission
            .device
            .as_deref()
            .is_some_and(|d| d.contains('\0'))
    {
        return Err(fail(Problem::Malformed(
            "locale and device may not contain the NUL character".into(),
        )));
    }
    let payload = submission.to_json().to_json();
    let stored = state
        .db
        .store(&NewSubmission {
            id: &submission.id,
            consultation_id: &submission.consultation_id,
            consultation_version: &submission.consultation_version,
            created_at_ms: i64::try_from(submission.created_at_ms).unwrap_or(i64::MAX),
            locale: &submission.locale,
            device: submission.device.as_deref(),
            format: format.name(),
            payload: &payload,
        })
        .await
        .map_err(|e| fail(Problem::Unavailable(e)))?;
    let replayed = match stored {
        Stored::New => false,
        Stored::Existing {
            consultation_id,
            payload: existing,
        } if consultation_id == submission.consultation_id && existing == payload => true,
        Stored::Existing { .. } => {
            return Err(fail(Problem::Conflict(format!(
                "a different submission is already stored under the id '{}'",
                submission.id
            ))))
        }
    };
    let mut response = reply(
        StatusCode::CREATED,
        serde_json::json!({
            "ok": true,
            "id": submission.id,
            "receipt": submission.receipt_code(),
        }),
    );
    if replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    cors(&mut response, page);
    Ok(response)
}

thread_local! {
    /// Definitions parsed on this worker thread, by their (immutable, shared) text: a
    /// registered version never changes, and the model is not Send, so each thread keeps its own.
    static SURVEYS: RefCell<Vec<(Arc<str>, Rc<Survey>)>> = const { RefCell::new(Vec::new()) };
}

/// The survey of a registered definition text, parsed once per thread.
fn parsed(text: &Arc<str>) -> Result<Rc<Survey>, definition::DefinitionError> {
    let known = SURVEYS.with(|s| {
        s.borrow()
            .iter()
            .find(|(t, _)| Arc::ptr_eq(t, text))
            .map(|(_, survey)| survey.clone())
    });
    if let Some(survey) = known {
        return Ok(survey);
    }
    let survey = Rc::new(definition::parse(text)?);
    SURVEYS.with(|s| s.borrow_mut().push((text.clone(), survey.clone())));
    Ok(survey)
}

fn misfit(m: Misfit) -> Problem {
    if m.is_malformed() {
        Problem::Malformed(m.to_string())
    } else {
        Problem::Misfit(m.to_string())
    }
}

/// A submission id: 1–128 of `A–Z a–z 0–9 - _` (the widget's are 32 hex digits); the
/// `Idempotency-Key`, when sent, must be that id.
fn check_key(headers: &HeaderMap, s: &Submission) -> Result<(), Problem> {
    let id_ok = (1..=128).contains(&s.id.len())
        && s.id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !id_ok {
        return Err(Problem::Malformed(
            "id: expected 1 to 128 letters, digits, '-' or '_'".into(),
        ));
    }
    match headers.get(IDEMPOTENCY_KEY).map(HeaderValue::to_str) {
        None => Ok(()),
        Some(Ok(key)) if key.trim() == s.id => Ok(()),
        Some(_) => Err(Problem::Malformed(format!(
            "the Idempotency-Key header is not the submission's id '{}'",
            s.id
        ))),
    }
}

fn content_format(headers: &HeaderMap) -> Result<Format, Problem> {
    let raw = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut parts = raw.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset_ok = parts.all(|p| match p.split_once('=') {
        Some((k, v)) if k.trim().eq_ignore_ascii_case("charset") => {
            v.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        }
        _ => true,
    });
    let format = match essence.as_str() {
        "application/json" => Some(Format::Json),
        "application/x-www-form-urlencoded" => Some(Format::Form),
        _ => None,
    };
    match format {
        Some(f) if charset_ok => Ok(f),
        _ => Err(Problem::ContentType(format!(
            "Content-Type '{raw}': expected application/json or \
             application/x-www-form-urlencoded (UTF-8)"
        ))),
    }
}

/// The whole body, at most `limit` bytes (413 beyond; 400 when it cannot be read to its end).
async fn read_body(body: Body, headers: &HeaderMap, limit: usize) -> Result<Vec<u8>, Problem> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(Problem::TooLarge(limit));
    }
    match axum::body::to_bytes(body, limit).await {
        Ok(b) => Ok(b.to_vec()),
        Err(e) => {
            let over = std::iter::successors(Some(&e as &(dyn std::error::Error + 'static)), |e| {
                e.source()
            })
            .any(|e| e.is::<http_body_util::LengthLimitError>());
            if over {
                Err(Problem::TooLarge(limit))
            } else {
                Err(Problem::Malformed(format!(
                    "the body could not be read: {e}"
                )))
            }
        }
    }
}

fn origin(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
}

/// May a page of `origin` submit? No `Origin` (not a browser's cross-origin request), the
/// collector's own origin, `*`, or one of the consultation's allowed origins.
fn allowed(c: &ConsultationRow, origin: Option<&str>, headers: &HeaderMap) -> bool {
    let Some(origin) = origin else {
        return true;
    };
    let own = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .zip(origin.split_once("://").map(|(_, authority)| authority))
        .is_some_and(|(host, authority)| host.eq_ignore_ascii_case(authority));
    own || c
        .allowed_origins
        .iter()
        .any(|o| o == "*" || o.eq_ignore_ascii_case(origin))
}

/// The CORS headers of an answer to a page of `origin` (already known to be allowed).
fn cors(response: &mut Response, origin: Option<&str>) {
    let Some(value) = origin.and_then(|o| HeaderValue::from_str(o).ok()) else {
        return;
    };
    let h = response.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Retry-After, Idempotent-Replayed"),
    );
}
