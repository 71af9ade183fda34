//! The `yehua-collector` command: `serve`, `migrate`, and `consultation add|list`.
//!
//! Owns: reading the command line over the environment's configuration and printing results
//! for people. Must not: hold any rule of its own (the library does everything).

use std::path::PathBuf;
use std::process::ExitCode;

use yehua_collector::config::{self, Config};
use yehua_collector::consultations::{register, Refusal};
use yehua_collector::storage::Db;

const USAGE: &str = "\
usage:
  yehua-collector serve [--listen 127.0.0.1:8788] [--dist DIR] [--database URL]
  yehua-collector migrate [--database URL]
  yehua-collector consultation add FILE [--origin https://site.example]... [--database URL]
  yehua-collector consultation list [--database URL]

The database is DATABASE_URL (sqlite://FILE?mode=rwc or postgres://...), by default
sqlite://yehua-collector.sqlite3?mode=rwc. Other settings: docs/COLLECTOR.md.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("yehua-collector: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("yehua-collector: {message}");
            ExitCode::from(2)
        }
    }
}

/// The options after the command words: `--name value` pairs and positional arguments.
struct Options {
    positional: Vec<String>,
    named: Vec<(String, String)>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut o = Options {
            positional: Vec::new(),
            named: Vec::new(),
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                let value = it
                    .next()
                    .ok_or_else(|| format!("--{name} needs a value\n{USAGE}"))?;
                o.named.push((name.to_string(), value.clone()));
            } else {
                o.positional.push(a.clone());
            }
        }
        Ok(o)
    }
    fn last(&self, name: &str) -> Option<&str> {
        self.named
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn all(&self, name: &str) -> Vec<String> {
        self.named
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
    fn only(&self, known: &[&str]) -> Result<(), String> {
        match self
            .named
            .iter()
            .find(|(k, _)| !known.contains(&k.as_str()))
        {
            Some((k, _)) => Err(format!("unknown option --{k}\n{USAGE}")),
            None => Ok(()),
        }
    }
}

async fn run(args: Vec<String>) -> Result<(), String> {
    let mut config = Config::from_env().map_err(|e| e.to_string())?;
    let words: Vec<&str> = args.iter().take(2).map(String::as_str).collect();
    let (rest, command) = match words.as_slice() {
        ["serve", ..] => (&args[1..], "serve"),
        ["migrate", ..] => (&args[1..], "migrate"),
        ["consultation", "add", ..] => (&args[2..], "add"),
        ["consultation", "list", ..] => (&args[2..], "list"),
        _ => return Err(USAGE.to_string()),
    };
    let options = Options::parse(rest)?;
    if let Some(url) = options.last("database") {
        config.database_url = url.to_string();
    }
    match command {
        "serve" => {
            options.only(&["listen", "dist", "database"])?;
            if let Some(l) = options.last("listen") {
                config.listen = config::parse("--listen", l).map_err(|e| e.to_string())?;
            }
            if let Some(d) = options.last("dist") {
                config.dist = Some(PathBuf::from(d));
            }
            serve(config).await
        }
        "migrate" => {
            options.only(&["database"])?;
            let db = open(&config).await?;
            db.close().await;
            println!("migrated {}", redact(&config.database_url));
            Ok(())
        }
        "add" => {
            options.only(&["origin", "database"])?;
            let [file] = options.positional.as_slice() else {
                return Err(format!("consultation add takes one FILE\n{USAGE}"));
            };
            let text =
                std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
            let origins = options.all("origin");
            let db = open(&config).await?;
            let result = register(&db, &text, (!origins.is_empty()).then_some(&origins[..])).await;
            db.close().await;
            match result {
                Ok(r) => {
                    for w in &r.warnings {
                        println!("warning: {w}");
                    }
                    let what = if r.new_version {
                        "registered"
                    } else {
                        "already registered"
                    };
                    println!("{what}: consultation '{}' version '{}'", r.id, r.version);
                    Ok(())
                }
                Err(Refusal::Storage(e)) => Err(e.to_string()),
                Err(refusal) => Err(format!("refused {file}: {refusal}")),
            }
        }
        _ => {
            options.only(&["database"])?;
            let db = open(&config).await?;
            let rows = db.consultations().await.map_err(|e| e.to_string());
            let mut lines = Vec::new();
            for c in rows.as_deref().unwrap_or_default() {
                let n = db
                    .count_submissions(&c.id)
                    .await
                    .map_err(|e| e.to_string())?;
                lines.push(format!(
                    "{}\tversion {}\t{} submissions\torigins: {}\t{}",
                    c.id,
                    c.current_version,
                    n,
                    if c.allowed_origins.is_empty() {
                        "(own only)".to_string()
                    } else {
                        c.allowed_origins.join(" ")
                    },
                    c.title
                ));
            }
            db.close().await;
            rows?;
            if lines.is_empty() {
                println!("no consultations yet: yehua-collector consultation add FILE");
            }
            for l in lines {
                println!("{l}");
            }
            Ok(())
        }
    }
}

async fn open(config: &Config) -> Result<Db, String> {
    let db = Db::connect(config)
        .await
        .map_err(|e| format!("{} ({})", e, redact(&config.database_url)))?;
    db.migrate().await.map_err(|e| e.to_string())?;
    Ok(db)
}

async fn serve(config: Config) -> Result<(), String> {
    let database = redact(&config.database_url);
    let running = yehua_collector::start(config)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "yehua-collector listening on http://{} (database {database})",
        running.addr
    );
    match running.task.await {
        Ok(Ok(())) => {
            running.db.close().await;
            Ok(())
        }
        Ok(Err(e)) => Err(format!("server stopped: {e}")),
        Err(e) => Err(format!("server task failed: {e}")),
    }
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..s + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}
