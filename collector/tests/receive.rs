//! Every answer of the endpoint contract (docs/DELIVERY.md), against the real collector on a
//! fresh SQLite file and a fresh PostgreSQL database: stored once with 201 after the commit,
//! the repeat replayed, 409 for another submission under the same id, CORS and the preflight
//! per consultation, 400, 404, 413, 415, 422 with a reason, 429 with Retry-After; the stored
//! payload is exactly what yehua-core writes, for the `json` and the `form` format.
//!
//! Owns: the evidence for each status the widget acts on, and that a refused request leaves
//! nothing behind. Must not: sleep or mock the database.

mod common;

use common::{id, payload, spawn, spawn_with, submission, Backend, CONSULTATION, PAGE};
use yehua_core::payload::{encode, Endpoint, Format};

/// The 201, the receipt, the CORS headers, and the payload stored byte for byte.
async fn json_is_stored_once_with_201(b: Backend) {
    let app = spawn(b).await;
    let body = payload(&id(1), 1);
    let r = app.post_json(&body, &id(1)).await;
    assert_eq!(r.status(), 201);
    let h = r.headers().clone();
    assert_eq!(h["access-control-allow-origin"], PAGE);
    let exposed = h["access-control-expose-headers"].to_str().unwrap_or("");
    assert!(exposed.contains("Retry-After"), "{exposed}");
    assert!(h.get("idempotent-replayed").is_none());
    let reply: serde_json::Value = r.json().await.expect("JSON reply");
    assert_eq!(reply["ok"], true);
    assert_eq!(reply["id"], id(1));
    assert_eq!(reply["receipt"], submission(&id(1), 1).receipt_code());
    assert_eq!(app.stored().await, vec![body]);
}

async fn a_repeat_is_answered_with_the_original_201(b: Backend) {
    let app = spawn(b).await;
    let body = payload(&id(2), 2);
    let first = app.post_json(&body, &id(2)).await;
    assert_eq!(first.status(), 201);
    let first_body = first.text().await.unwrap_or_default();
    let again = app.post_json(&body, &id(2)).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.text().await.unwrap_or_default(), first_body);
    assert_eq!(app.rows().await, 1);
}

async fn another_submission_under_a_stored_id_is_409(b: Backend) {
    let app = spawn(b).await;
    let original = payload(&id(3), 3);
    assert_eq!(app.post_json(&original, &id(3)).await.status(), 201);
    let other = payload(&id(3), 4);
    let r = app.post_json(&other, &id(3)).await;
    assert_eq!(r.status(), 409);
    assert_eq!(r.headers()["access-control-allow-origin"], PAGE);
    assert_eq!(app.stored().await, vec![original]);
}

async fn preflight_allows_the_consultations_origins_only(b: Backend) {
    let app = spawn(b).await;
    let preflight = |origin: &str, url: String| {
        app.client
            .request(reqwest::Method::OPTIONS, url)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type, idempotency-key, x-api-key",
            )
            .send()
    };
    let ok = preflight(PAGE, app.submissions_url())
        .await
        .expect("answer");
    assert_eq!(ok.status(), 204);
    let h = ok.headers();
    assert_eq!(h["access-control-allow-origin"], PAGE);
    assert!(h["access-control-allow-methods"]
        .to_str()
        .unwrap_or("")
        .contains("POST"));
    let allowed = h["access-control-allow-headers"]
        .to_str()
        .unwrap_or("")
        .to_ascii_lowercase();
    for wanted in ["content-type", "idempotency-key", "x-api-key"] {
        assert!(allowed.contains(wanted), "{allowed}");
    }
    // A forged origin gets no CORS permission: the browser never sends the POST.
    let forged = preflight("http://evil.example", app.submissions_url())
        .await
        .expect("answer");
    assert_eq!(forged.status(), 403);
    assert!(forged
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    // The collector's own pages are always allowed.
    let own = preflight(&app.base, app.submissions_url())
        .await
        .expect("answer");
    assert_eq!(own.status(), 204);
    let unknown = preflight(
        PAGE,
        format!("{}/api/consultations/nope/submissions", app.base),
    )
    .await
    .expect("answer");
    assert_eq!(unknown.status(), 404);
    assert!(unknown
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

async fn a_forged_origin_is_403_and_nothing_is_stored(b: Backend) {
    let app = spawn(b).await;
    for origin in [
        "http://evil.example",
        "http://page.example.evil.example",
        "null",
    ] {
        let r = app
            .client
            .post(app.submissions_url())
            .header("Content-Type", "application/json")
            .header("Origin", origin)
            .body(payload(&id(5), 5))
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status(), 403, "{origin}");
        assert!(r.headers().get("access-control-allow-origin").is_none());
    }
    assert_eq!(app.rows().await, 0);
}

async fn the_form_format_is_stored_as_the_same_payload(b: Backend) {
    let app = spawn(b).await;
    let s = submission(&id(6), 6);
    let endpoint = Endpoint {
        format: Format::Form,
        ..Endpoint::new(app.submissions_url())
    };
    let body = encode(&endpoint, &s.to_json().to_json()).expect("a form body");
    let r = app
        .client
        .post(app.submissions_url())
        .header("Content-Type", Format::Form.content_type())
        .header("Origin", PAGE)
        .header("Idempotency-Key", id(6))
        .body(body.clone())
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 201);
    // The form carries the time to the second; everything else is the same payload.
    let mut expected = s.clone();
    expected.created_at_ms = s.created_at_ms / 1000 * 1000;
    assert_eq!(app.stored().await, vec![expected.to_json().to_json()]);
    // A resend of the form is a replay.
    let again = app
        .client
        .post(app.submissions_url())
        .header("Content-Type", Format::Form.content_type())
        .header("Idempotency-Key", id(6))
        .body(body)
        .send()
        .await
        .expect("answer");
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(app.rows().await, 1);
}

/// Sends `body` with `content_type` and checks the status and that nothing was stored.
async fn refused(
    app: &common::TestApp,
    content_type: &str,
    body: Vec<u8>,
    key: Option<&str>,
    status: u16,
) -> serde_json::Value {
    let mut request = app
        .client
        .post(app.submissions_url())
        .header("Content-Type", content_type)
        .header("Origin", PAGE)
        .body(body);
    if let Some(k) = key {
        request = request.header("Idempotency-Key", k);
    }
    let r = request.send().await.expect("answer");
    assert_eq!(r.status(), status);
    assert_eq!(r.headers()["access-control-allow-origin"], PAGE);
    let reply: serde_json::Value = r.json().await.expect("a JSON reply");
    assert_eq!(reply["ok"], false);
    for locale in ["zh-CN", "zh-TW", "en"] {
        assert!(reply["message"][locale]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(app.rows().await, 0, "nothing stored after a {status}");
    reply
}

async fn malformed_bodies_are_400(b: Backend) {
    let app = spawn(b).await;
    let good = payload(&id(7), 7);
    let json = "application/json";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("not JSON", b"schema=yehua".to_vec()),
        ("truncated", good.as_bytes()[..good.len() / 2].to_vec()),
        ("empty", Vec::new()),
        ("invalid UTF-8", {
            let mut v = good.clone().into_bytes();
            v.splice(40..40, [0xff, 0xfe, 0xc3]);
            v
        }),
        (
            "another schema",
            good.replace("yehua.submission/1", "yehua.submission/2")
                .into_bytes(),
        ),
        ("an array", format!("[{good}]").into_bytes()),
        (
            "an unknown member",
            good.replacen("{", "{\"extra\":1,", 1).into_bytes(),
        ),
        (
            "a NUL in the device label",
            good.replace("kiosk-1", "kiosk\\u0000").into_bytes(),
        ),
        (
            "an id of metacharacters",
            good.replace(&id(7), "x'; DROP TABLE submissions; --")
                .into_bytes(),
        ),
    ];
    for (what, body) in cases {
        let reply = refused(&app, json, body, None, 400).await;
        assert_eq!(reply["error"], "malformed", "{what}");
    }
    // The Idempotency-Key must be the submission's id.
    let reply = refused(&app, json, good.into_bytes(), Some(&id(8)), 400).await;
    assert!(reply["reason"]
        .as_str()
        .unwrap_or("")
        .contains("Idempotency-Key"));
    // A form body with a broken escape or bytes that are not UTF-8.
    let form = "application/x-www-form-urlencoded;charset=UTF-8";
    for body in [
        "submission_id=a%zz&consultation_id=x&consultation_version=1",
        "submission_id=%FF%FE&consultation_id=heping-yehua-example&consultation_version=1",
    ] {
        refused(&app, form, body.as_bytes().to_vec(), None, 400).await;
    }
}

async fn payloads_that_do_not_fit_the_definition_are_422_with_a_reason(b: Backend) {
    let app = spawn(b).await;
    let good = payload(&id(9), 9);
    let cases = [
        (
            good.replace("\"grid\":{", "\"ghost\":{\"value\":\"x\"},\"grid\":{"),
            "no question 'ghost'",
        ),
        (
            good.replace("\"value\":true", "\"value\":\"yes\"")
                .replace("\"value\":false", "\"value\":\"yes\""),
            "answers.volunteer.value: expected true or false",
        ),
        (
            good.replace("elevator_retrofit", "moon_base"),
            "'moon_base' is not a choice",
        ),
        (
            good.replace("\"intent\":\"need\"", "\"intent\":\"skill\""),
            "answers.needs.intent",
        ),
        (
            good.replace("\"version\":\"1\"", "\"version\":\"7\""),
            "version '7'",
        ),
    ];
    for (body, reason) in cases {
        assert_ne!(body, good, "the case changes the payload ({reason})");
        let reply = refused(&app, "application/json", body.into_bytes(), None, 422).await;
        assert_eq!(reply["error"], "does_not_fit");
        let got = reply["reason"].as_str().unwrap_or("");
        assert!(got.contains(reason), "{got:?} should say {reason:?}");
    }
}

async fn wrong_content_types_are_415(b: Backend) {
    let app = spawn(b).await;
    for ct in [
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin1",
        "",
    ] {
        refused(&app, ct, payload(&id(10), 10).into_bytes(), None, 415).await;
    }
}

async fn an_unknown_consultation_is_404(b: Backend) {
    let app = spawn(b).await;
    for name in ["nope", "x'%20OR%20'1'='1", "heping-yehua-example%00"] {
        let r = app
            .client
            .post(format!("{}/api/consultations/{name}/submissions", app.base))
            .header("Content-Type", "application/json")
            .header("Origin", PAGE)
            .body(payload(&id(11), 11))
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status(), 404, "{name}");
    }
    assert_eq!(app.rows().await, 0);
}

async fn bodies_over_the_limit_are_413(b: Backend) {
    let app = spawn_with(b, |c| c.max_body_bytes = 2_000).await;
    let big = payload(&id(12), 12).replace("路灯", &"长".repeat(1_000));
    assert!(big.len() > 2_000);
    refused(
        &app,
        "application/json",
        big.clone().into_bytes(),
        None,
        413,
    )
    .await;
    // Without a Content-Length (chunked), the limit still holds.
    let mut chunked = Vec::new();
    for chunk in big.as_bytes().chunks(500) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let answer = app
        .raw(
            "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n",
            &chunked,
            true,
        )
        .await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert_eq!(app.rows().await, 0);
}

/// A body cut short (the client closes after half of what Content-Length promised) is never
/// stored: a 400 if the answer can still be sent.
async fn truncated_bodies_store_nothing(b: Backend) {
    let app = spawn(b).await;
    let body = payload(&id(13), 13);
    let half = &body.as_bytes()[..body.len() / 2];
    let head = format!(
        "Content-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    let answer = app.raw(&head, half, false).await;
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 400"),
        "{answer}"
    );
    assert_eq!(app.rows().await, 0);
}

async fn clients_over_the_rate_are_429_with_retry_after(b: Backend) {
    let app = spawn_with(b, |c| {
        c.rate_burst = 2;
        c.rate_per_second = 1;
    })
    .await;
    for n in 0..2 {
        assert_eq!(
            app.post_json(&payload(&id(20 + n), n), &id(20 + n))
                .await
                .status(),
            201
        );
    }
    let r = app.post_json(&payload(&id(22), 2), &id(22)).await;
    assert_eq!(r.status(), 429);
    let wait: u32 = r.headers()["retry-after"]
        .to_str()
        .unwrap_or("")
        .parse()
        .expect("Retry-After in seconds");
    assert!((1..=2).contains(&wait), "{wait}");
    assert_eq!(r.headers()["access-control-allow-origin"], PAGE);
    assert_eq!(app.rows().await, 2);
}

/// SQL metacharacters in every free field are stored as text, never run.
async fn sql_metacharacters_are_only_text(b: Backend) {
    let app = spawn(b).await;
    let evil = "'); DROP TABLE submissions; -- \" \\ ; DELETE FROM consultations; %_*";
    let mut s = submission(&id(30), 30);
    s.device = Some(evil.into());
    s.locale = evil.into();
    for a in &mut s.answers {
        if a.name == "suggestion" {
            a.value = yehua_core::answer::Answer::Text(evil.into());
        }
        if a.other.is_some() {
            a.other = Some(evil.into());
        }
    }
    let body = s.to_json().to_json();
    assert_eq!(app.post_json(&body, &id(30)).await.status(), 201);
    assert_eq!(app.stored().await, vec![body]);
    let c = app.db.consultation(CONSULTATION).await.expect("a database");
    assert!(c.is_some(), "the consultations table is intact");
}

async fn health_answers_while_the_database_does(b: Backend) {
    let app = spawn(b).await;
    let r = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 200);
}

both!(
    json_is_stored_once_with_201,
    a_repeat_is_answered_with_the_original_201,
    another_submission_under_a_stored_id_is_409,
    preflight_allows_the_consultations_origins_only,
    a_forged_origin_is_403_and_nothing_is_stored,
    the_form_format_is_stored_as_the_same_payload,
    malformed_bodies_are_400,
    payloads_that_do_not_fit_the_definition_are_422_with_a_reason,
    wrong_content_types_are_415,
    an_unknown_consultation_is_404,
    bodies_over_the_limit_are_413,
    truncated_bodies_store_nothing,
    clients_over_the_rate_are_429_with_retry_after,
    sql_metacharacters_are_only_text,
    health_answers_while_the_database_does,
);
