//! The collector's test harness: the real app on a random loopback port against a real, freshly
//! created database, one per test (a new SQLite file, or a new database in the private
//! PostgreSQL cluster that `.ci/with-postgres` starts), with the example consultation
//! registered; payloads made by yehua-core's own writer.
//!
//! Owns: `spawn`, `TestApp` and its request helpers, `payload`, the `both!` macro that runs a
//! test against SQLite and PostgreSQL. Must not: mock anything, sleep, or reach beyond 127.0.0.1.
#![allow(dead_code)] // each test file uses a part

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::Connection;
use yehua_collector::config::Config;
use yehua_collector::storage::Db;
use yehua_core::answer::{Answer, Answers};
use yehua_core::definition;
use yehua_core::submission::Submission;

pub const DEFINITION: &str = include_str!("../../../core/src/default_consultation.json");
pub const CONSULTATION: &str = "heping-yehua-example";
/// The page the example consultation allows.
pub const PAGE: &str = "http://page.example";
pub const TOKEN: &str = "test-admin-token";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn name(backend: Backend)` twice: `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::common::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::common::Backend::Postgres).await
                }
            }
        )*
    };
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    )
}

/// The private cluster's URL (from `.ci/with-postgres`).
pub fn postgres_base() -> String {
    std::env::var("YEHUA_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!(
            "the PostgreSQL half of the collector tests needs a private cluster: run them with \
             `make collector-test` (or `.ci/with-postgres cargo test -p yehua-collector`)"
        )
    })
}

/// `postgres://user@host:port/DB` with another database name.
pub fn with_database(base: &str, name: &str) -> String {
    let (head, _) = base.rsplit_once('/').expect("a URL with a database path");
    format!("{head}/{name}")
}

/// A new, empty database on `base`'s cluster; its URL.
pub async fn fresh_postgres(base: &str) -> String {
    sqlx::any::install_default_drivers();
    let name = unique("t");
    let mut admin = sqlx::AnyConnection::connect(base)
        .await
        .expect("the private PostgreSQL cluster answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("CREATE DATABASE");
    let _ = admin.close().await;
    with_database(base, &name)
}

/// A fresh database URL for `backend`, and the files to remove afterwards.
pub async fn fresh_database(backend: Backend) -> (String, Vec<PathBuf>) {
    match backend {
        Backend::Sqlite => {
            let path = std::env::temp_dir().join(format!("{}.sqlite3", unique("yehua-test")));
            let files = ["", "-wal", "-shm"]
                .iter()
                .map(|s| PathBuf::from(format!("{}{s}", path.display())))
                .collect();
            (format!("sqlite://{}?mode=rwc", path.display()), files)
        }
        Backend::Postgres => (fresh_postgres(&postgres_base()).await, Vec::new()),
    }
}

/// The settings every test starts from: loopback, a random port, no rate limit, a token.
pub fn test_config(database_url: String) -> Config {
    Config {
        listen: "127.0.0.1:0".parse().expect("an address"),
        database_url,
        rate_burst: 0,
        admin_token: Some(TOKEN.into()),
        ..Config::default()
    }
}

pub struct TestApp {
    pub base: String,
    pub addr: std::net::SocketAddr,
    /// The database's URL.
    pub url: String,
    pub db: Db,
    pub backend: Backend,
    pub client: reqwest::Client,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    files: Vec<PathBuf>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.task.abort();
        for f in &self.files {
            let _ = std::fs::remove_file(f);
        }
    }
}

pub async fn spawn(backend: Backend) -> TestApp {
    spawn_with(backend, |_| {}).await
}

/// Starts the app on a fresh database with `tweak`ed settings and registers the example
/// consultation for [`PAGE`].
pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let (url, files) = fresh_database(backend).await;
    let mut config = test_config(url);
    tweak(&mut config);
    start_on(backend, config, files).await
}

pub async fn start_on(backend: Backend, config: Config, files: Vec<PathBuf>) -> TestApp {
    let url = config.database_url.clone();
    let running = yehua_collector::start(config)
        .await
        .expect("the collector starts");
    yehua_collector::consultations::register(&running.db, DEFINITION, Some(&[PAGE.to_string()]))
        .await
        .expect("the example consultation registers");
    TestApp {
        base: format!("http://{}", running.addr),
        addr: running.addr,
        url,
        db: running.db,
        backend,
        client: reqwest::Client::new(),
        task: running.task,
        files,
    }
}

impl TestApp {
    pub fn submissions_url(&self) -> String {
        format!("{}/api/consultations/{CONSULTATION}/submissions", self.base)
    }

    /// POSTs `body` as the widget does: JSON, from [`PAGE`], with the id as Idempotency-Key.
    pub async fn post_json(&self, body: &str, key: &str) -> reqwest::Response {
        self.client
            .post(self.submissions_url())
            .header("Content-Type", "application/json")
            .header("Origin", PAGE)
            .header("Idempotency-Key", key)
            .body(body.to_string())
            .send()
            .await
            .expect("the collector answers")
    }

    /// A hand-made POST to the submissions URL over a plain TCP connection: `head` holds extra
    /// header lines (each ending in CRLF); with `finish == false` the client stops sending after
    /// `body` (the write half is closed). Returns whatever the server answered (maybe nothing).
    pub async fn raw(&self, head: &str, body: &[u8], finish: bool) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(self.addr)
            .await
            .expect("connect");
        let request = format!(
            "POST /api/consultations/{CONSULTATION}/submissions HTTP/1.1\r\nHost: {}\r\n\
             Origin: {PAGE}\r\nConnection: close\r\n{head}\r\n",
            self.addr
        );
        stream
            .write_all(request.as_bytes())
            .await
            .expect("send head");
        stream.write_all(body).await.expect("send body");
        if !finish {
            stream.shutdown().await.expect("close the write half");
        }
        // The status line and headers are enough (the server may keep the connection open
        // after refusing a body it did not read).
        let mut answer = Vec::new();
        let mut buf = [0u8; 4096];
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            let read =
                tokio::time::timeout(std::time::Duration::from_secs(30), stream.read(&mut buf))
                    .await;
            match read {
                Ok(Ok(n)) if n > 0 => answer.extend_from_slice(&buf[..n]),
                _ => break,
            }
        }
        String::from_utf8_lossy(&answer).into_owned()
    }

    pub async fn rows(&self) -> i64 {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM submissions")
            .fetch_one(&self.db.pool)
            .await
            .expect("count");
        n
    }

    /// The stored payloads, in order of arrival.
    pub async fn stored(&self) -> Vec<String> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT payload FROM submissions ORDER BY seq")
            .fetch_all(&self.db.pool)
            .await
            .expect("payloads");
        rows.into_iter().map(|r| r.0).collect()
    }
}

/// A submission to the example consultation as the widget makes it (yehua-core's
/// `Submission::new` on the definition), `n` varying the answers.
pub fn submission(id: &str, n: usize) -> Submission {
    let survey = definition::parse(DEFINITION).expect("the example definition parses");
    let mut a = Answers::default();
    a.set("grid", Some(Answer::Choice(format!("grid_{}", 1 + n % 6))));
    a.set(
        "needs",
        Some(Answer::Choices(vec![
            "elevator_retrofit".into(),
            "other".into(),
        ])),
    );
    a.set_other("needs", "楼道灯 & \"照明\"".into());
    a.set("needs_urgency", Some(Answer::Choice("4".into())));
    a.set("volunteer", Some(Answer::Bool(n % 2 == 0)));
    a.set(
        "suggestion",
        Some(Answer::Text(format!("3 号楼前的路灯坏了 <b>{n}</b>"))),
    );
    let mut s = Submission::new(
        &survey,
        &a,
        id.into(),
        "zh-CN",
        1_795_680_357_250 + n as u64,
    );
    s.device = Some("kiosk-1".into());
    s
}

/// `submission(id, n)` as the `yehua.submission/1` JSON text the widget sends.
pub fn payload(id: &str, n: usize) -> String {
    submission(id, n).to_json().to_json()
}

/// A 32-hex-digit id like the widget's, distinct per `n`.
pub fn id(n: usize) -> String {
    format!("{:032x}", 0x5f0c_6b2e_u128 << 64 | n as u128)
}
