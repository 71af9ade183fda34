//! Consultations and what staff take out: the CLI (`consultation add`, `list`) and the API
//! register a definition checked by yehua-core and refuse one with the core's own message; a
//! registered version never changes; the definition is served as registered; the exports are
//! yehua-core's exports of the stored submissions, byte for byte, and need the token; the
//! migrations make the same schema on both databases and run once.
//!
//! Owns: the evidence for registration, exports and the schema. Must not: mock or sleep.

mod common;

use std::process::Command;

use common::{
    fresh_database, id, payload, spawn, submission, Backend, CONSULTATION, DEFINITION, TOKEN,
};
use yehua_core::definition;
use yehua_core::submission::{export_csv, export_json};

fn cli(database_url: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yehua-collector"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .output()
        .expect("the collector binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write_temp(name: &str, text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("yehua-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("a temporary file");
    path
}

async fn the_cli_registers_checked_definitions_and_refuses_with_the_cores_message(b: Backend) {
    let (url, files) = fresh_database(b).await;
    let good = write_temp(&format!("{b:?}-good.json"), DEFINITION);
    let good_path = good.to_string_lossy().into_owned();
    let (ok, out, err) = cli(
        &url,
        &[
            "consultation",
            "add",
            &good_path,
            "--origin",
            "https://jiedao.example",
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("registered: consultation 'heping-yehua-example' version '1'"),
        "{out}"
    );
    let (ok, out, _) = cli(&url, &["consultation", "add", &good_path]);
    assert!(ok);
    assert!(out.contains("already registered"), "{out}");

    // The core's own refusals, word for word.
    let cases = [
        (r#"{"title":"x"}"#, definition::parse(r#"{"title":"x"}"#)),
        (
            r#"{"elements":[{"type":"text","name":"a"},{"type":"text","name":"a"}]}"#,
            definition::parse(
                r#"{"elements":[{"type":"text","name":"a"},{"type":"text","name":"a"}]}"#,
            ),
        ),
        ("{not json", definition::parse("{not json")),
    ];
    for (n, (text, parsed)) in cases.into_iter().enumerate() {
        let core_message = parsed.expect_err("the core refuses it").to_string();
        let bad = write_temp(&format!("{b:?}-bad{n}.json"), text);
        let (ok, _, err) = cli(&url, &["consultation", "add", &bad.to_string_lossy()]);
        assert!(!ok);
        assert!(
            err.contains(&core_message),
            "{err:?} should hold {core_message:?}"
        );
        let _ = std::fs::remove_file(bad);
    }
    // A registered version never changes.
    let changed = write_temp(
        &format!("{b:?}-changed.json"),
        &DEFINITION.replace("关于您", "关于你"),
    );
    let (ok, _, err) = cli(&url, &["consultation", "add", &changed.to_string_lossy()]);
    assert!(!ok);
    assert!(err.contains("new consultation.version"), "{err}");
    let (ok, _, err) = cli(
        &url,
        &[
            "consultation",
            "add",
            &good_path,
            "--origin",
            "https://x.example/path",
        ],
    );
    assert!(!ok);
    assert!(err.contains("allowed origin"), "{err}");

    let (ok, out, _) = cli(&url, &["consultation", "list"]);
    assert!(ok);
    assert!(
        out.contains("heping-yehua-example\tversion 1\t0 submissions"),
        "{out}"
    );
    assert!(out.contains("https://jiedao.example"), "{out}");
    for f in [good, changed].into_iter().chain(files) {
        let _ = std::fs::remove_file(f);
    }
}

async fn the_api_needs_the_token_and_checks_definitions(b: Backend) {
    let app = spawn(b).await;
    let url = format!("{}/api/consultations", app.base);
    let no_token = app.client.get(&url).send().await.expect("answer");
    assert_eq!(no_token.status(), 401);
    let wrong = app
        .client
        .get(&url)
        .bearer_auth("not-the-token")
        .send()
        .await
        .expect("answer");
    assert_eq!(wrong.status(), 401);

    let add = |definition: serde_json::Value| {
        app.client
            .post(&url)
            .bearer_auth(TOKEN)
            .json(&serde_json::json!({
                "definition": definition,
                "allowedOrigins": ["https://jiedao.example"],
            }))
            .send()
    };
    let refused = add(serde_json::json!({"title": "no questions"}))
        .await
        .expect("answer");
    assert_eq!(refused.status(), 422);
    let reply: serde_json::Value = refused.json().await.expect("JSON");
    assert!(reply["reason"]
        .as_str()
        .unwrap_or("")
        .contains("the definition has no questions"));

    let second = DEFINITION.replace(
        "\"id\": \"heping-yehua-example\"",
        "\"id\": \"second-forum\"",
    );
    assert_ne!(second, DEFINITION);
    let text_form = add(serde_json::Value::String(second.clone()))
        .await
        .expect("answer");
    assert_eq!(text_form.status(), 201);
    let list: serde_json::Value = app
        .client
        .get(&url)
        .bearer_auth(TOKEN)
        .send()
        .await
        .expect("answer")
        .json()
        .await
        .expect("JSON");
    let ids: Vec<&str> = list["consultations"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, [CONSULTATION, "second-forum"]);
    // The definition as registered, for the widget (public).
    let served = app
        .client
        .get(format!("{url}/second-forum/definition"))
        .send()
        .await
        .expect("answer");
    assert_eq!(served.status(), 200);
    assert_eq!(served.text().await.unwrap_or_default(), second);
}

async fn exports_are_the_cores_exports_of_what_is_stored(b: Backend) {
    let app = spawn(b).await;
    // Out of order on purpose: the export is ordered by creation time, as on the device.
    for n in [3, 1, 2] {
        let r = app.post_json(&payload(&id(n), n), &id(n)).await;
        assert_eq!(r.status(), 201);
    }
    let device: Vec<_> = [1, 2, 3].iter().map(|n| submission(&id(*n), *n)).collect();
    let survey = definition::parse(DEFINITION).expect("parses");
    let get = |path: &str| {
        app.client
            .get(format!(
                "{}/api/consultations/{CONSULTATION}/{path}",
                app.base
            ))
            .bearer_auth(TOKEN)
            .send()
    };
    let json = get("export.json").await.expect("answer");
    assert_eq!(json.status(), 200);
    assert_eq!(
        json.bytes().await.unwrap_or_default(),
        export_json(&device).as_bytes()
    );
    let csv = get("export.csv").await.expect("answer");
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/csv"));
    assert_eq!(
        csv.bytes().await.unwrap_or_default(),
        export_csv(&device, Some(&survey)).as_bytes()
    );
    let anonymous = app
        .client
        .get(format!(
            "{}/api/consultations/{CONSULTATION}/export.csv",
            app.base
        ))
        .send()
        .await
        .expect("answer");
    assert_eq!(anonymous.status(), 401);
}

both!(
    the_cli_registers_checked_definitions_and_refuses_with_the_cores_message,
    the_api_needs_the_token_and_checks_definitions,
    exports_are_the_cores_exports_of_what_is_stored,
);

/// (table, column, kind, not null) as each backend reports them; kinds in the SQL both accept.
async fn columns(app: &common::TestApp) -> Vec<(String, String, String, bool)> {
    let rows: Vec<(String, String, String, bool)> = match app.backend {
        Backend::Sqlite => {
            let tables: Vec<(String,)> = sqlx::query_as(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .fetch_all(&app.db.pool)
            .await
            .expect("tables");
            let mut all = Vec::new();
            for (t,) in tables {
                let cols: Vec<(String, String, i64, i64)> = sqlx::query_as(&format!(
                    "SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}')"
                ))
                .fetch_all(&app.db.pool)
                .await
                .expect("columns");
                for (name, kind, notnull, pk) in cols {
                    all.push((t.clone(), name, kind, notnull == 1 || pk > 0));
                }
            }
            all
        }
        Backend::Postgres => {
            let cols: Vec<(String, String, String, String)> = sqlx::query_as(
                "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text \
                 FROM information_schema.columns WHERE table_schema = 'public'",
            )
            .fetch_all(&app.db.pool)
            .await
            .expect("columns");
            cols.into_iter()
                .map(|(t, c, k, n)| (t, c, k, n == "NO"))
                .collect()
        }
    };
    let mut normal: Vec<_> = rows
        .into_iter()
        .map(|(t, c, k, n)| {
            let kind = match k.to_ascii_lowercase().as_str() {
                "text" => "text",
                "bigint" | "integer" => "integer",
                other => panic!("an unexpected column type {other}"),
            };
            (t, c, kind.to_string(), n)
        })
        .collect();
    normal.sort();
    normal
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_migrations_make_the_same_schema_on_both_databases_once() {
    let sqlite = spawn(Backend::Sqlite).await;
    let postgres = spawn(Backend::Postgres).await;
    let (a, b) = (columns(&sqlite).await, columns(&postgres).await);
    assert!(a
        .iter()
        .any(|(t, c, _, _)| t == "submissions" && c == "payload"));
    assert_eq!(a, b);
    for app in [&sqlite, &postgres] {
        // A second run (a restart, another instance) changes nothing.
        app.db.migrate().await.expect("migrates again");
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM yehua_migrations")
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
        assert_eq!(n, 1);
        // The submission id is unique on both: a second row with it is refused by the database.
        let insert = "INSERT INTO submissions (id, consultation_id, consultation_version, \
                      created_at_ms, received_at_ms, locale, format, payload) \
                      VALUES ('dup', 'heping-yehua-example', '1', 0, 0, 'en', 'json', '{}')";
        sqlx::query(insert)
            .execute(&app.db.pool)
            .await
            .expect("the first row");
        let second = sqlx::query(insert).execute(&app.db.pool).await;
        let unique = second
            .err()
            .and_then(|e| e.into_database_error())
            .is_some_and(|e| e.is_unique_violation());
        assert!(unique, "{:?}", app.backend);
    }
}

/// `--dist DIR`: one process serves the widget's files beside the API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_built_widget_is_served_from_dist() {
    let dist = std::env::temp_dir().join(format!("yehua-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).expect("a dist folder");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>夜话</title>",
    )
    .expect("index");
    let dir = dist.clone();
    let app = common::spawn_with(Backend::Sqlite, move |c| c.dist = Some(dir)).await;
    let page = app
        .client
        .get(format!("{}/index.html", app.base))
        .send()
        .await
        .expect("answer");
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap_or_default().contains("夜话"));
    let api = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("answer");
    assert_eq!(api.status(), 200);
    let missing = app
        .client
        .get(format!("{}/nope.js", app.base))
        .send()
        .await
        .expect("answer");
    assert_eq!(missing.status(), 404);
    let _ = std::fs::remove_dir_all(dist);
}
