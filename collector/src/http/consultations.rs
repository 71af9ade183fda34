//! The consultation API: registering and listing consultations (bearer token), each one's
//! current definition (public: the widget loads it), and the staff exports (bearer token),
//! which are yehua-core's own exports so they are byte for byte what a device exports for the
//! same submissions.
//!
//! Owns: the handlers and the bearer check. Staff sessions (cookies, CSRF) will replace or sit
//! beside the token; the handlers keep taking an `AppState` and returning a `Response`.
//! Must not: check definitions itself (consultations::register does, with yehua-core).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use yehua_core::definition;
use yehua_core::json;
use yehua_core::submission::{export_csv as core_csv, export_json as core_json, Submission};

use super::{reply, AppState, Problem};
use crate::consultations::{register, Refusal};

/// Compares in time that does not depend on where the texts differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn authorized(state: &AppState, headers: &HeaderMap) -> Result<(), Problem> {
    let Some(token) = &state.config.admin_token else {
        return Err(Problem::Unauthorized);
    };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if same_secret(sent.trim().as_bytes(), token.as_bytes()) {
        Ok(())
    } else {
        Err(Problem::Unauthorized)
    }
}

pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Err(p) = authorized(&state, &headers) {
        return p.into_response_for(&state.config);
    }
    let rows = match state.db.consultations().await {
        Ok(r) => r,
        Err(e) => return Problem::Unavailable(e).into_response_for(&state.config),
    };
    let mut items = Vec::new();
    for c in rows {
        let submissions = match state.db.count_submissions(&c.id).await {
            Ok(n) => n,
            Err(e) => return Problem::Unavailable(e).into_response_for(&state.config),
        };
        items.push(serde_json::json!({
            "id": c.id,
            "version": c.current_version,
            "title": c.title,
            "allowedOrigins": c.allowed_origins,
            "submissions": submissions,
            "createdAtMs": c.created_at_ms,
            "updatedAtMs": c.updated_at_ms,
        }));
    }
    reply(
        StatusCode::OK,
        serde_json::json!({ "consultations": items }),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddConsultation {
    /// The SurveyJS definition: an object, or its JSON text.
    definition: serde_json::Value,
    allowed_origins: Option<Vec<String>>,
}

/// `POST /api/consultations` `{"definition": {...}, "allowedOrigins": ["https://…"]}`.
pub async fn add(State(state): State<AppState>, headers: HeaderMap, body: String) -> Response {
    if let Err(p) = authorized(&state, &headers) {
        return p.into_response_for(&state.config);
    }
    let request: AddConsultation = match serde_json::from_str(&body) {
        Ok(r) => r,
        Err(e) => {
            return Problem::Malformed(format!("expected {{definition, allowedOrigins}}: {e}"))
                .into_response_for(&state.config)
        }
    };
    let text = match &request.definition {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match register(&state.db, &text, request.allowed_origins.as_deref()).await {
        Ok(r) => reply(
            if r.new_version {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            },
            serde_json::json!({
                "ok": true,
                "id": r.id,
                "version": r.version,
                "newVersion": r.new_version,
                "warnings": r.warnings,
            }),
        ),
        Err(Refusal::Storage(e)) => Problem::Unavailable(e).into_response_for(&state.config),
        Err(refusal) => Problem::Misfit(refusal.to_string()).into_response_for(&state.config),
    }
}

/// `GET /api/consultations/{id}/definition`: the current version's definition, as registered.
pub async fn definition(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let text = async {
        let Some(c) = state.db.consultation(&id).await? else {
            return Ok(None);
        };
        state.definition(&id, &c.current_version).await
    }
    .await;
    match text {
        Ok(Some(text)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            ],
            text.to_string(),
        )
            .into_response(),
        Ok(None) => Problem::UnknownConsultation(format!("no consultation '{id}'"))
            .into_response_for(&state.config),
        Err(e) => Problem::Unavailable(e).into_response_for(&state.config),
    }
}

/// The stored submissions and the current definition of a consultation, for an export.
async fn export_parts(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
) -> Result<(Vec<Submission>, String), Problem> {
    authorized(state, headers)?;
    let Some(c) = state.db.consultation(id).await? else {
        return Err(Problem::UnknownConsultation(format!(
            "no consultation '{id}'"
        )));
    };
    let definition = state
        .definition(id, &c.current_version)
        .await?
        .map(|d| d.to_string())
        .unwrap_or_default();
    let submissions = state
        .db
        .payloads(id)
        .await?
        .iter()
        .filter_map(|p| Submission::from_json(&json::parse(p).ok()?))
        .collect();
    Ok((submissions, definition))
}

fn download(content_type: &'static str, name: String, body: String) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /api/consultations/{id}/export.json`: yehua-core's JSON export.
pub async fn export_json(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    match export_parts(&state, &headers, &id).await {
        Ok((submissions, _)) => download(
            "application/json; charset=utf-8",
            format!("{id}.json"),
            core_json(&submissions),
        ),
        Err(p) => p.into_response_for(&state.config),
    }
}

/// `GET /api/consultations/{id}/export.csv`: yehua-core's CSV export (UTF-8 BOM, columns in the
/// current definition's order).
pub async fn export_csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    match export_parts(&state, &headers, &id).await {
        Ok((submissions, definition)) => {
            let survey = definition::parse(&definition).ok();
            let csv = core_csv(&submissions, survey.as_ref());
            download("text/csv; charset=utf-8", format!("{id}.csv"), csv)
        }
        Err(p) => p.into_response_for(&state.config),
    }
}
