//! The collector's HTTP surface: the router, the shared state, and the one way every answer is
//! made (a JSON body with a stable error code, the reason, and a short message in zh-CN, zh-TW
//! and en that the widget keeps for staff).
//!
//! Owns: `AppState`, `router`, `Problem` (every refusal and its status) and `reply`. One module
//! per resource: `submissions` (receiving, per docs/DELIVERY.md), `consultations` (the
//! consultation API, definitions, exports). Must not: query the database directly (storage
//! does) or decide what a definition or payload means (yehua-core does).

pub mod consultations;
pub mod submissions;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::config::Config;
use crate::rate_limit::RateLimiter;
use crate::storage::{Db, StorageError};

/// Definition texts by (consultation id, version).
type DefinitionCache = HashMap<(String, String), Arc<str>>;

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub limiter: Arc<RateLimiter>,
    /// Definition texts by (consultation, version): registered versions never change, so they
    /// are kept once read.
    pub definitions: Arc<Mutex<DefinitionCache>>,
}

impl AppState {
    pub fn new(db: Db, config: Config) -> AppState {
        AppState {
            limiter: Arc::new(RateLimiter::new(config.rate_burst, config.rate_per_second)),
            db,
            config: Arc::new(config),
            definitions: Arc::default(),
        }
    }

    /// The definition text of one registered version, from memory or the database.
    pub async fn definition(
        &self,
        consultation: &str,
        version: &str,
    ) -> Result<Option<Arc<str>>, StorageError> {
        let key = (consultation.to_string(), version.to_string());
        if let Some(text) = self.cache().get(&key) {
            return Ok(Some(text.clone()));
        }
        let Some(text) = self.db.definition(consultation, version).await? else {
            return Ok(None);
        };
        let text: Arc<str> = Arc::from(text);
        self.cache().insert(key, text.clone());
        Ok(Some(text))
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, DefinitionCache> {
        // Poisoning only means a panic elsewhere; the map itself is still whole.
        self.definitions.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The client's address for rate limiting: the peer, or the last `X-Forwarded-For` hop when
    /// the collector is configured to trust its proxy.
    pub fn client(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        if self.config.trust_forwarded_for {
            let last = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
                .next_back();
            if let Some(ip) = last {
                return ip;
            }
        }
        peer.ip()
    }
}

pub fn router(state: AppState) -> Router {
    let mut app = Router::new()
        .route(
            "/api/consultations/{id}/submissions",
            post(submissions::receive).options(submissions::preflight),
        )
        .route(
            "/api/consultations",
            get(consultations::list).post(consultations::add),
        )
        .route(
            "/api/consultations/{id}/definition",
            get(consultations::definition),
        )
        .route(
            "/api/consultations/{id}/export.json",
            get(consultations::export_json),
        )
        .route(
            "/api/consultations/{id}/export.csv",
            get(consultations::export_csv),
        )
        .route("/healthz", get(health));
    if let Some(dist) = &state.config.dist {
        app = app.fallback_service(tower_http::services::ServeDir::new(dist));
    }
    app.with_state(state)
}

async fn health(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => reply(StatusCode::OK, serde_json::json!({"ok": true})),
        Err(e) => Problem::Unavailable(e).into_response_for(&state.config),
    }
}

/// A JSON answer.
pub fn reply(status: StatusCode, body: serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

/// Why a request is refused. Each has a status, a stable code and a reason.
#[derive(Debug)]
pub enum Problem {
    /// 400: not a request that could ever be stored.
    Malformed(String),
    /// 401: the consultation API needs its bearer token.
    Unauthorized,
    /// 403: the page's origin may not submit to this consultation.
    Origin(String),
    /// 404
    UnknownConsultation(String),
    /// 409: the key's submission is stored, and it is not this one.
    Conflict(String),
    /// 413
    TooLarge(usize),
    /// 415
    ContentType(String),
    /// 422: a submission that does not fit its consultation's definition.
    Misfit(String),
    /// 429 with Retry-After (seconds).
    RateLimited(u32),
    /// 503 with Retry-After: the database is unavailable.
    Unavailable(StorageError),
}

impl Problem {
    pub fn status(&self) -> StatusCode {
        match self {
            Problem::Malformed(_) => StatusCode::BAD_REQUEST,
            Problem::Unauthorized => StatusCode::UNAUTHORIZED,
            Problem::Origin(_) => StatusCode::FORBIDDEN,
            Problem::UnknownConsultation(_) => StatusCode::NOT_FOUND,
            Problem::Conflict(_) => StatusCode::CONFLICT,
            Problem::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Problem::ContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Problem::Misfit(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Problem::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            Problem::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The stable code, then the message in zh-CN, zh-TW and en.
    fn code_and_messages(&self) -> (&'static str, [&'static str; 3]) {
        match self {
            Problem::Malformed(_) => (
                "malformed",
                [
                    "收到的内容不是一份完整的意见，无法保存。",
                    "收到的內容不是一份完整的意見，無法儲存。",
                    "The request is not a complete submission and cannot be stored.",
                ],
            ),
            Problem::Unauthorized => (
                "unauthorized",
                [
                    "需要工作人员的凭证。",
                    "需要工作人員的憑證。",
                    "Staff credentials are required.",
                ],
            ),
            Problem::Origin(_) => (
                "origin_not_allowed",
                [
                    "这个网页不在此征询允许提交的网站之列，请工作人员检查设置。",
                    "這個網頁不在此徵詢允許提交的網站之列，請工作人員檢查設定。",
                    "This page's site may not submit to this consultation; staff should check the settings.",
                ],
            ),
            Problem::UnknownConsultation(_) => (
                "unknown_consultation",
                [
                    "服务器上没有这个征询，请工作人员检查设置。",
                    "伺服器上沒有這個徵詢，請工作人員檢查設定。",
                    "The server has no such consultation; staff should check the settings.",
                ],
            ),
            Problem::Conflict(_) => (
                "conflict",
                [
                    "这份意见的编号已被另一份意见使用。",
                    "這份意見的編號已被另一份意見使用。",
                    "A different submission is already stored under this id.",
                ],
            ),
            Problem::TooLarge(_) => (
                "too_large",
                [
                    "内容太长，服务器无法接收。",
                    "內容太長，伺服器無法接收。",
                    "The submission is too large for the server.",
                ],
            ),
            Problem::ContentType(_) => (
                "unsupported_content_type",
                [
                    "服务器不接受这种格式。",
                    "伺服器不接受這種格式。",
                    "The server does not accept this format.",
                ],
            ),
            Problem::Misfit(_) => (
                "does_not_fit",
                [
                    "这份意见与服务器上的问卷不符，已留给工作人员处理。",
                    "這份意見與伺服器上的問卷不符，已留給工作人員處理。",
                    "The submission does not fit the consultation on the server; it is kept for staff.",
                ],
            ),
            Problem::RateLimited(_) => (
                "rate_limited",
                [
                    "提交太频繁，稍后会自动重试。",
                    "提交太頻繁，稍後會自動重試。",
                    "Too many submissions at once; it will be retried shortly.",
                ],
            ),
            Problem::Unavailable(_) => (
                "unavailable",
                [
                    "服务器暂时无法保存，稍后会自动重试。",
                    "伺服器暫時無法儲存，稍後會自動重試。",
                    "The server cannot store submissions right now; it will be retried shortly.",
                ],
            ),
        }
    }

    fn reason(&self) -> String {
        match self {
            Problem::Malformed(r)
            | Problem::Origin(r)
            | Problem::UnknownConsultation(r)
            | Problem::Conflict(r)
            | Problem::ContentType(r)
            | Problem::Misfit(r) => r.clone(),
            Problem::Unauthorized => "missing or wrong bearer token".into(),
            Problem::TooLarge(limit) => format!("the body is larger than {limit} bytes"),
            Problem::RateLimited(s) => format!("too many requests: retry after {s} s"),
            // The database's own error stays in the log, not in the answer.
            Problem::Unavailable(_) => "the database is unavailable".into(),
        }
    }

    pub fn into_response_for(self, config: &Config) -> Response {
        let (code, [zh_cn, zh_tw, en]) = self.code_and_messages();
        let status = self.status();
        let retry_after = match &self {
            Problem::RateLimited(s) => Some(*s),
            Problem::Unavailable(e) => {
                eprintln!("yehua-collector: {e}");
                Some(config.unavailable_retry_after_secs.max(1))
            }
            _ => None,
        };
        let mut response = reply(
            status,
            serde_json::json!({
                "ok": false,
                "status": status.as_u16(),
                "error": code,
                "reason": self.reason(),
                "message": {"zh-CN": zh_cn, "zh-TW": zh_tw, "en": en},
            }),
        );
        if let Some(s) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        response
    }
}

impl From<StorageError> for Problem {
    fn from(e: StorageError) -> Problem {
        Problem::Unavailable(e)
    }
}

/// The peer address, when the server was started with connection info (always, in `serve`).
pub type Peer = ConnectInfo<SocketAddr>;

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
pub const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
