//! The collector's settings: where it listens, which database, the limits it enforces.
//!
//! Owns: `Config`, its defaults and reading it from the environment (`YEHUA_*`,
//! `DATABASE_URL`); the command line overrides some fields (src/main.rs).
//! Must not: open sockets or databases.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The embedded default: one SQLite file in the working directory, created when missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://yehua-collector.sqlite3?mode=rwc";

#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// `sqlite://FILE?mode=rwc` or `postgres://…` (`postgresql://…`).
    pub database_url: String,
    /// A built widget (`dist/`) served at `/`.
    pub dist: Option<PathBuf>,
    /// Larger request bodies are refused with 413.
    pub max_body_bytes: usize,
    /// Per client (IP address): this many submissions at once, then `rate_per_second`.
    /// `rate_burst == 0` turns rate limiting off.
    pub rate_burst: u32,
    pub rate_per_second: u32,
    /// Take the client's address from the last `X-Forwarded-For` hop (behind a load balancer).
    pub trust_forwarded_for: bool,
    /// The bearer token of the consultation API; `None` disables that API.
    pub admin_token: Option<String>,
    /// How long a request waits for a database connection (then 503).
    pub acquire_timeout: Duration,
    /// SQLite: how long a write waits for another writer's lock (then 503).
    pub sqlite_busy_timeout: Duration,
    /// The `Retry-After` (seconds) of a 503 while the database is unavailable.
    pub unavailable_retry_after_secs: u32,
    pub max_connections: u32,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8788)),
            database_url: DEFAULT_DATABASE_URL.into(),
            dist: None,
            max_body_bytes: 64 * 1024,
            rate_burst: 120,
            rate_per_second: 10,
            trust_forwarded_for: false,
            admin_token: None,
            acquire_timeout: Duration::from_secs(3),
            sqlite_busy_timeout: Duration::from_secs(5),
            unavailable_retry_after_secs: 5,
            max_connections: 16,
        }
    }
}

/// Why a setting could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {problem}")]
pub struct ConfigError {
    pub name: &'static str,
    pub problem: String,
}

impl Config {
    /// The defaults, overridden by the environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        let mut c = Config::default();
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        if let Some(url) = var("DATABASE_URL") {
            c.database_url = url;
        }
        if let Some(l) = var("YEHUA_LISTEN") {
            c.listen = parse("YEHUA_LISTEN", &l)?;
        }
        if let Some(d) = var("YEHUA_DIST") {
            c.dist = Some(PathBuf::from(d));
        }
        if let Some(v) = var("YEHUA_MAX_BODY_BYTES") {
            c.max_body_bytes = parse("YEHUA_MAX_BODY_BYTES", &v)?;
        }
        if let Some(v) = var("YEHUA_RATE_BURST") {
            c.rate_burst = parse("YEHUA_RATE_BURST", &v)?;
        }
        if let Some(v) = var("YEHUA_RATE_PER_SECOND") {
            c.rate_per_second = parse("YEHUA_RATE_PER_SECOND", &v)?;
        }
        if let Some(v) = var("YEHUA_TRUST_FORWARDED_FOR") {
            c.trust_forwarded_for = matches!(v.as_str(), "1" | "true" | "yes");
        }
        c.admin_token = var("YEHUA_ADMIN_TOKEN");
        if let Some(v) = var("YEHUA_MAX_CONNECTIONS") {
            c.max_connections = parse("YEHUA_MAX_CONNECTIONS", &v)?;
        }
        Ok(c)
    }

    pub fn is_postgres(&self) -> bool {
        is_postgres_url(&self.database_url)
    }
}

pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Parses a setting, naming it when it cannot be read.
pub fn parse<T: std::str::FromStr>(name: &'static str, value: &str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    value.trim().parse().map_err(|e: T::Err| ConfigError {
        name,
        problem: format!("'{value}': {e}"),
    })
}
