//! Faults: many clients at once, and the database going away. 200 concurrent requests with one
//! `Idempotency-Key`, spread over two collector instances on one database, leave one row (the
//! unique constraint decides, not process memory); 200 concurrent different submissions all
//! arrive; while the database is unavailable (PostgreSQL stopped, or SQLite locked by another
//! writer) the answer is 503 with `Retry-After`, and the resend after it is back stores the
//! submission once.
//!
//! Owns: the evidence that nothing is lost or stored twice under contention and outages.
//! Must not: sleep (the outage is real: a stopped cluster, a held lock), or touch the shared
//! test cluster (the PostgreSQL outage uses a cluster of its own).

mod common;

use std::time::Duration;

use common::{id, payload, spawn_with, start_on, test_config, Backend, PAGE};
use sqlx::{Connection, Executor};
use tokio::task::JoinSet;

/// Two collector instances on one database, 100 clients each, one key.
async fn two_hundred_clients_with_one_key_make_one_row(b: Backend) {
    // Waiting for a connection is what a burst does; give it the time a loaded machine needs.
    let app = spawn_with(b, |c| c.acquire_timeout = Duration::from_secs(60)).await;
    let mut config = test_config(app.url.clone());
    config.acquire_timeout = Duration::from_secs(60);
    let second = start_on(b, config, Vec::new()).await;
    let urls = [app.submissions_url(), second.submissions_url()];
    let body = payload(&id(100), 100);
    let mut clients = JoinSet::new();
    for n in 0..200 {
        let (client, url, body, key) = (
            app.client.clone(),
            urls[n % 2].clone(),
            body.clone(),
            id(100),
        );
        clients.spawn(async move {
            let r = client
                .post(url)
                .header("Content-Type", "application/json")
                .header("Origin", PAGE)
                .header("Idempotency-Key", key)
                .body(body)
                .send()
                .await
                .expect("an answer");
            (
                r.status().as_u16(),
                r.headers().contains_key("idempotent-replayed"),
            )
        });
    }
    let mut answers = Vec::new();
    while let Some(a) = clients.join_next().await {
        answers.push(a.expect("the client task"));
    }
    assert_eq!(answers.len(), 200);
    assert!(answers.iter().all(|(s, _)| *s == 201), "{answers:?}");
    let originals = answers.iter().filter(|(_, replayed)| !replayed).count();
    assert_eq!(originals, 1, "exactly one request stored it");
    assert_eq!(app.stored().await, vec![body]);
}

async fn two_hundred_different_submissions_at_once_all_arrive(b: Backend) {
    let app = spawn_with(b, |c| c.acquire_timeout = Duration::from_secs(60)).await;
    let mut clients = JoinSet::new();
    for n in 0..200 {
        let (client, url) = (app.client.clone(), app.submissions_url());
        clients.spawn(async move {
            client
                .post(url)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", id(1000 + n))
                .body(payload(&id(1000 + n), n))
                .send()
                .await
                .expect("an answer")
                .status()
                .as_u16()
        });
    }
    let mut statuses = Vec::new();
    while let Some(s) = clients.join_next().await {
        statuses.push(s.expect("the client task"));
    }
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(app.rows().await, 200);
}

both!(
    two_hundred_clients_with_one_key_make_one_row,
    two_hundred_different_submissions_at_once_all_arrive,
);

/// A PostgreSQL cluster of this test's own (`.ci/pg-cluster`).
#[derive(Clone)]
struct Cluster {
    script: String,
    dir: std::path::PathBuf,
    port: u16,
}

impl Cluster {
    /// Runs `.ci/pg-cluster ACTION DIR [PORT]` and waits for it.
    async fn act(&self, action: &'static str) {
        let me = self.clone();
        let status = tokio::task::spawn_blocking(move || {
            let mut command = std::process::Command::new(&me.script);
            command.arg(action).arg(&me.dir);
            if action == "start" {
                command.arg(me.port.to_string());
            }
            command.status()
        })
        .await
        .expect("the pg-cluster task")
        .expect("the pg-cluster script runs");
        assert!(status.success(), "pg-cluster {action} failed");
    }
}

/// Removes the cluster when the test ends, passed or failed.
struct Removed(Cluster);

impl Drop for Removed {
    fn drop(&mut self) {
        let _ = std::process::Command::new(&self.0.script)
            .arg("remove")
            .arg(&self.0.dir)
            .status();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

async fn post(app: &common::TestApp, n: usize) -> reqwest::Response {
    app.post_json(&payload(&id(n), n), &id(n)).await
}

fn retry_after(r: &reqwest::Response) -> u32 {
    r.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_stopped_is_503_with_retry_after_and_nothing_is_lost() {
    let script = std::env::var("YEHUA_TEST_PG_CLUSTER").unwrap_or_else(|_| {
        panic!("this test starts a cluster of its own: run it with `make collector-test`")
    });
    let cluster = Cluster {
        script,
        dir: std::env::temp_dir().join(format!("yehua-pg-outage-{}", std::process::id())),
        port: free_port(),
    };
    let _removed = Removed(cluster.clone());
    cluster.act("start").await;
    let base = format!("postgres://postgres@127.0.0.1:{}/postgres", cluster.port);
    let mut config = test_config(common::fresh_postgres(&base).await);
    config.acquire_timeout = Duration::from_secs(2);
    let app = start_on(Backend::Postgres, config, Vec::new()).await;
    assert_eq!(post(&app, 200).await.status(), 201);

    cluster.act("stop").await;
    let down = post(&app, 201).await;
    assert_eq!(down.status(), 503);
    assert!(retry_after(&down) >= 1);
    assert_eq!(down.headers()["access-control-allow-origin"], PAGE);
    let reply: serde_json::Value = down.json().await.expect("a JSON reply");
    assert_eq!(reply["error"], "unavailable");
    let health = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("an answer");
    assert_eq!(health.status(), 503);

    cluster.act("start").await;
    // The widget resends after Retry-After; the pool reconnects on the way.
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let s = post(&app, 201).await.status().as_u16();
        statuses.push(s);
        if s == 201 {
            break;
        }
    }
    assert_eq!(statuses.last(), Some(&201), "{statuses:?}");
    assert_eq!(app.rows().await, 2);
    // The one stored before the outage is still one row when resent.
    let again = post(&app, 200).await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(app.rows().await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_locked_by_another_writer_is_503_then_stored_once() {
    let app = spawn_with(Backend::Sqlite, |c| {
        c.sqlite_busy_timeout = Duration::from_millis(300)
    })
    .await;
    let mut other = sqlx::AnyConnection::connect(&app.url)
        .await
        .expect("a second connection");
    other
        .execute("BEGIN EXCLUSIVE")
        .await
        .expect("the other writer takes the lock");
    let locked = post(&app, 300).await;
    assert_eq!(locked.status(), 503);
    assert!(retry_after(&locked) >= 1);
    assert_eq!(app.rows().await, 0);
    other
        .execute("ROLLBACK")
        .await
        .expect("the lock is released");
    assert_eq!(post(&app, 300).await.status(), 201);
    assert_eq!(app.rows().await, 1);
}
