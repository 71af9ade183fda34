//! Not a test: how many submissions per second the collector stores, and how long each waits,
//! on SQLite and (when `YEHUA_TEST_POSTGRES` names a cluster, as under `.ci/with-postgres`)
//! PostgreSQL. Loopback only, bounded in time. `make bench-collector` runs it; the figures go
//! to docs/BENCHMARKS.md by hand, with the date and commit.
//!
//!     cargo run --profile collector -p yehua-collector --example bench -- [--seconds 10] [--clients 16]
//!
//! Owns: the load (N clients, each POSTing distinct widget-made payloads back to back, as a
//! forum's phones would after a flush) and the summary. The collector runs in this process on
//! a fresh database, so client and server share the machine's cores (a conservative figure).
//! Must not: reach beyond 127.0.0.1, or leave its SQLite file behind.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::Connection;
use yehua_collector::config::Config;
use yehua_core::answer::{Answer, Answers};
use yehua_core::definition::{self, Survey};
use yehua_core::submission::Submission;

const DEFINITION: &str = include_str!("../../core/src/default_consultation.json");

struct Options {
    seconds: u64,
    clients: usize,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    Options {
        seconds: value("--seconds", 10),
        clients: value("--clients", 16) as usize,
    }
}

thread_local! {
    /// Parsed once per client thread (the model is not Send).
    static SURVEY: Survey = match definition::parse(DEFINITION) {
        Ok(s) => s,
        Err(e) => panic!("the example definition: {e}"),
    };
}

/// The `n`-th payload: distinct id, answers varying like a forum's.
fn payload(n: usize) -> (String, String) {
    let mut a = Answers::default();
    a.set("grid", Some(Answer::Choice(format!("grid_{}", 1 + n % 6))));
    a.set(
        "needs",
        Some(Answer::Choices(vec![
            "elevator_retrofit".into(),
            "parking".into(),
        ])),
    );
    a.set(
        "needs_urgency",
        Some(Answer::Choice(format!("{}", 1 + n % 5))),
    );
    a.set("volunteer", Some(Answer::Bool(n % 3 == 0)));
    a.set(
        "suggestion",
        Some(Answer::Text(format!(
            "第 {n} 份：楼道灯经常坏，希望加装电梯。"
        ))),
    );
    let id = format!("{:032x}", 0xbe4c_u128 << 64 | n as u128);
    let at = 1_795_680_357_250 + n as u64;
    let s = SURVEY.with(|survey| Submission::new(survey, &a, id.clone(), "zh-CN", at));
    (id, s.to_json().to_json())
}

struct Run {
    name: &'static str,
    stored: usize,
    failed: usize,
    seconds: f64,
    latencies_us: Vec<u64>,
    /// Stored during the warm-up second (in the table's rows, not in its rate).
    warm_up: usize,
    rows: i64,
}

async fn run(name: &'static str, database_url: String, o: &Options) -> Result<Run, String> {
    let config = Config {
        listen: "127.0.0.1:0".parse().map_err(|e| format!("{e}"))?,
        database_url,
        rate_burst: 0,
        acquire_timeout: Duration::from_secs(30),
        ..Config::default()
    };
    let running = yehua_collector::start(config)
        .await
        .map_err(|e| e.to_string())?;
    yehua_collector::consultations::register(&running.db, DEFINITION, None)
        .await
        .map_err(|e| e.to_string())?;
    let url = format!(
        "http://{}/api/consultations/heping-yehua-example/submissions",
        running.addr
    );
    let client = reqwest::Client::new();
    let next = Arc::new(AtomicUsize::new(0));
    // One second of warm-up (connections, caches), not counted.
    let warm = Instant::now() + Duration::from_secs(1);
    let end = warm + Duration::from_secs(o.seconds);
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..o.clients {
        let (client, url, next) = (client.clone(), url.clone(), next.clone());
        workers.spawn(async move {
            let (mut stored, mut failed, mut warming, mut latencies) = (0, 0, 0, Vec::new());
            loop {
                let (id, body) = payload(next.fetch_add(1, Ordering::Relaxed));
                let t0 = Instant::now();
                if t0 >= end {
                    break;
                }
                let ok = client
                    .post(&url)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", id)
                    .body(body)
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 201);
                if t0 < warm {
                    warming += usize::from(ok);
                    continue;
                }
                latencies.push(t0.elapsed().as_micros() as u64);
                if ok {
                    stored += 1;
                } else {
                    failed += 1;
                }
            }
            (stored, failed, warming, latencies)
        });
    }
    let mut r = Run {
        name,
        stored: 0,
        failed: 0,
        seconds: o.seconds as f64,
        latencies_us: Vec::new(),
        warm_up: 0,
        rows: 0,
    };
    while let Some(w) = workers.join_next().await {
        let (s, f, warming, l) = w.map_err(|e| e.to_string())?;
        r.stored += s;
        r.failed += f;
        r.warm_up += warming;
        r.latencies_us.extend(l);
    }
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM submissions")
        .fetch_one(&running.db.pool)
        .await
        .map_err(|e| e.to_string())?;
    r.rows = rows;
    running.task.abort();
    running.db.close().await;
    r.latencies_us.sort_unstable();
    Ok(r)
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

async fn fresh_postgres(base: &str) -> Result<String, String> {
    sqlx::any::install_default_drivers();
    let name = format!("bench_{}", std::process::id());
    let mut admin = sqlx::AnyConnection::connect(base)
        .await
        .map_err(|e| e.to_string())?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .map_err(|e| e.to_string())?;
    let head = base.rsplit_once('/').map_or(base, |(h, _)| h);
    Ok(format!("{head}/{name}"))
}

#[tokio::main]
async fn main() {
    let o = options();
    let file = std::env::temp_dir().join(format!("yehua-bench-{}.sqlite3", std::process::id()));
    let mut runs = Vec::new();
    match run(
        "SQLite (WAL, synchronous=FULL)",
        format!("sqlite://{}?mode=rwc", file.display()),
        &o,
    )
    .await
    {
        Ok(r) => runs.push(r),
        Err(e) => eprintln!("SQLite run failed: {e}"),
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    if let Ok(base) = std::env::var("YEHUA_TEST_POSTGRES") {
        match fresh_postgres(&base).await {
            Ok(url) => match run("PostgreSQL 15 (loopback TCP)", url, &o).await {
                Ok(r) => runs.push(r),
                Err(e) => eprintln!("PostgreSQL run failed: {e}"),
            },
            Err(e) => eprintln!("PostgreSQL: {e}"),
        }
    } else {
        eprintln!("PostgreSQL skipped: run under .ci/with-postgres (make bench-collector)");
    }
    println!(
        "{} clients, {} s measured after 1 s of warm-up, collector and clients in one process\n",
        o.clients, o.seconds
    );
    println!(
        "| database | stored | submissions/s | p50 ms | p99 ms | max ms | failed | warm-up + stored = rows |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    for r in runs {
        println!(
            "| {} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {} | {} + {} = {} |",
            r.name,
            r.stored,
            r.stored as f64 / r.seconds,
            percentile(&r.latencies_us, 0.50),
            percentile(&r.latencies_us, 0.99),
            percentile(&r.latencies_us, 1.0),
            r.failed,
            r.warm_up,
            r.stored,
            r.rows
        );
    }
}
