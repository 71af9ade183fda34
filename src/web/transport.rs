//! Sends one outbox entry to the endpoint with the browser's `fetch` and reports what happened
//! as a core `Outcome` (status, `Retry-After`, reply text; network error; timeout).
//!
//! Owns: the HTTP request (POST, `Idempotency-Key`, content type, extra headers, no cookies,
//! an abort after the endpoint's timeout through `fetch::Deadline`). Must not: decide what an
//! outcome means (the core's `classify` does) or touch storage.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::fetch::Deadline;
use crate::core::outbox::{OutboxEntry, Outcome, IDEMPOTENCY_HEADER};
use crate::core::payload::{self, Endpoint};

/// POSTs `entry` to `endpoint`. An entry whose stored body cannot be encoded in the endpoint's
/// format is reported as a 422 so that it is held for staff, not retried forever or dropped.
pub async fn send(endpoint: &Endpoint, entry: &OutboxEntry) -> Outcome {
    let Some(body) = payload::encode(endpoint, &entry.body) else {
        return Outcome::Status {
            code: 422,
            retry_after: None,
            body: "stored entry is not a yehua.submission/1 payload".into(),
        };
    };
    let Some(window) = web_sys::window() else {
        return Outcome::NetworkError;
    };
    let Ok(headers) = web_sys::Headers::new() else {
        return Outcome::NetworkError;
    };
    let _ = headers.set("Content-Type", endpoint.format.content_type());
    let _ = headers.set(IDEMPOTENCY_HEADER, &entry.id);
    for (k, v) in &endpoint.headers {
        let _ = headers.set(k, v);
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&body.into());
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_mode(web_sys::RequestMode::Cors);
    // A followed redirect turns the POST into a GET without the body whose 2xx would look
    // like a delivery: never follow; the entry is held for staff to fix the URL.
    init.set_redirect(web_sys::RequestRedirect::Manual);
    // Until the reply's body is read too (the deadline is dropped, its timer cleared, at the end).
    let deadline = Deadline::after(u32::try_from(endpoint.timeout_ms).unwrap_or(u32::MAX));
    if let Some(d) = &deadline {
        init.set_signal(Some(&d.signal()));
    }
    let result = JsFuture::from(window.fetch_with_str_and_init(&endpoint.url, &init)).await;
    let timed_out = deadline.as_ref().is_some_and(Deadline::passed);
    let outcome = match result {
        Err(_) if timed_out => Outcome::Timeout,
        Err(_) => Outcome::NetworkError,
        Ok(response) => match response.dyn_into::<web_sys::Response>() {
            Err(_) => Outcome::NetworkError,
            Ok(r) if r.type_() == web_sys::ResponseType::Opaqueredirect => Outcome::Status {
                code: 300,
                retry_after: None,
                body: "the endpoint answered with a redirect; Yehua does not follow it (set the final URL)".into(),
            },
            Ok(r) => {
                let retry_after = r.headers().get("Retry-After").ok().flatten();
                let text = match r.text() {
                    Ok(p) => JsFuture::from(p)
                        .await
                        .ok()
                        .and_then(|t| t.as_string())
                        .unwrap_or_default(),
                    Err(_) => String::new(),
                };
                Outcome::Status {
                    code: r.status(),
                    retry_after,
                    body: text,
                }
            }
        },
    };
    outcome
}
