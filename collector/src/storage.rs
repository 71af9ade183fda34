//! The database: SQLite (the default, one file in WAL mode) or PostgreSQL, behind one pool and
//! one set of queries (`sqlx::any`, `$1` placeholders, which both accept), and the migrations
//! that make both schemas.
//!
//! Owns: connecting (SQLite pragmas per connection), the migrations in `collector/migrations/`
//! (one source; `{{serial_primary_key}}` is the only backend-specific token), and every query.
//! Must not: decide what a request means (http/), parse definitions or payloads (yehua-core), or
//! turn a database failure into anything but a `StorageError` (503 for the caller).

use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::AnyPool;
use sqlx::{Connection, Executor};

use crate::config::{is_postgres_url, Config};

/// The migrations, in order: (version, name, SQL source).
const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "submissions",
    include_str!("../migrations/0001_submissions.sql"),
)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database could not do what was asked: unreachable, locked, shutting down, out of
/// connections. Always temporary from the caller's point of view (a 503 with `Retry-After`).
#[derive(Debug, thiserror::Error)]
#[error("database unavailable: {0}")]
pub struct StorageError(#[from] pub sqlx::Error);

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

/// A consultation as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationRow {
    pub id: String,
    pub current_version: String,
    pub title: String,
    pub allowed_origins: Vec<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// A submission ready to be stored (checked against its definition already).
#[derive(Debug, Clone)]
pub struct NewSubmission<'a> {
    pub id: &'a str,
    pub consultation_id: &'a str,
    pub consultation_version: &'a str,
    pub created_at_ms: i64,
    pub locale: &'a str,
    pub device: Option<&'a str>,
    pub format: &'a str,
    pub payload: &'a str,
}

/// What storing a submission did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// A new row, committed.
    New,
    /// A row with this id was already committed, with this consultation and payload.
    Existing {
        consultation_id: String,
        payload: String,
    },
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn origins_text(origins: &[String]) -> String {
    origins.join("\n")
}

fn origins_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

type ConsultationTuple = (String, String, String, String, i64, i64);

fn consultation_row(t: ConsultationTuple) -> ConsultationRow {
    ConsultationRow {
        id: t.0,
        current_version: t.1,
        title: t.2,
        allowed_origins: origins_list(&t.3),
        created_at_ms: t.4,
        updated_at_ms: t.5,
    }
}

const CONSULTATION_COLUMNS: &str =
    "id, current_version, title, allowed_origins, created_at_ms, updated_at_ms";

impl Db {
    /// Opens the pool (creating the SQLite file when missing). Does not migrate.
    pub async fn connect(config: &Config) -> Result<Db, StorageError> {
        sqlx::any::install_default_drivers();
        let backend = if is_postgres_url(&config.database_url) {
            Backend::Postgres
        } else {
            Backend::Sqlite
        };
        let options: AnyConnectOptions = config.database_url.parse()?;
        let busy_ms = config.sqlite_busy_timeout.as_millis();
        let pool = AnyPoolOptions::new()
            .max_connections(config.max_connections.max(1))
            .acquire_timeout(config.acquire_timeout)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: readers never block the writer; FULL: a commit is on disk before
                        // the 2xx; foreign keys are off by default in SQLite.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute(format!("PRAGMA busy_timeout = {busy_ms}").as_str())
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Db { pool, backend })
    }

    /// Applies the migrations not yet applied. Several instances starting at once on one
    /// PostgreSQL take turns (an advisory lock); on SQLite the write lock does the same.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Postgres {
            conn.execute("SELECT pg_advisory_lock(7246018)").await?;
        }
        let result = async {
            conn.execute(
                "CREATE TABLE IF NOT EXISTS yehua_migrations (version BIGINT PRIMARY KEY, \
                 name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)",
            )
            .await?;
            for (version, name, source) in MIGRATIONS {
                let mut tx = conn.begin().await?;
                let done: Option<(i64,)> =
                    sqlx::query_as("SELECT version FROM yehua_migrations WHERE version = $1")
                        .bind(*version)
                        .fetch_optional(&mut *tx)
                        .await?;
                if done.is_none() {
                    sqlx::raw_sql(&migration_sql(source, self.backend))
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(
                        "INSERT INTO yehua_migrations (version, name, applied_at_ms) \
                         VALUES ($1, $2, $3)",
                    )
                    .bind(*version)
                    .bind(*name)
                    .bind(now_ms())
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
            }
            Ok::<(), sqlx::Error>(())
        }
        .await;
        if self.backend == Backend::Postgres {
            conn.execute("SELECT pg_advisory_unlock(7246018)").await?;
        }
        Ok(result?)
    }

    /// Is the database answering? (`/healthz`)
    pub async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn consultation(&self, id: &str) -> Result<Option<ConsultationRow>, StorageError> {
        let row: Option<ConsultationTuple> = sqlx::query_as(&format!(
            "SELECT {CONSULTATION_COLUMNS} FROM consultations WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(consultation_row))
    }

    pub async fn consultations(&self) -> Result<Vec<ConsultationRow>, StorageError> {
        let rows: Vec<ConsultationTuple> = sqlx::query_as(&format!(
            "SELECT {CONSULTATION_COLUMNS} FROM consultations ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(consultation_row).collect())
    }

    /// The definition text registered for one version of a consultation.
    pub async fn definition(
        &self,
        consultation_id: &str,
        version: &str,
    ) -> Result<Option<String>, StorageError> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT definition FROM consultation_versions \
             WHERE consultation_id = $1 AND version = $2",
        )
        .bind(consultation_id)
        .bind(version)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|r| r.0))
    }

    /// Registers `version` of a consultation with its definition text and makes it current;
    /// `origins`, when given, replace the allowed origins. A version already registered is
    /// left as it is (the caller compares texts first).
    pub async fn register(
        &self,
        id: &str,
        version: &str,
        title: &str,
        definition: &str,
        origins: Option<&[String]>,
    ) -> Result<(), StorageError> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO consultations \
             (id, current_version, title, allowed_origins, created_at_ms, updated_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $5) \
             ON CONFLICT (id) DO UPDATE SET current_version = excluded.current_version, \
             title = excluded.title, updated_at_ms = excluded.updated_at_ms",
        )
        .bind(id)
        .bind(version)
        .bind(title)
        .bind(origins_text(origins.unwrap_or_default()))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if let Some(origins) = origins {
            sqlx::query("UPDATE consultations SET allowed_origins = $1 WHERE id = $2")
                .bind(origins_text(origins))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO consultation_versions \
             (consultation_id, version, definition, registered_at_ms) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (consultation_id, version) DO NOTHING",
        )
        .bind(id)
        .bind(version)
        .bind(definition)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a submission once: the unique submission id decides, inside the database, so
    /// several collectors on one PostgreSQL agree. Returns only after the commit.
    pub async fn store(&self, s: &NewSubmission<'_>) -> Result<Stored, StorageError> {
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO submissions (id, consultation_id, consultation_version, created_at_ms, \
             received_at_ms, locale, device, format, payload) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING",
        )
        .bind(s.id)
        .bind(s.consultation_id)
        .bind(s.consultation_version)
        .bind(s.created_at_ms)
        .bind(now_ms())
        .bind(s.locale)
        .bind(s.device)
        .bind(s.format)
        .bind(s.payload)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        if inserted == 1 {
            return Ok(Stored::New);
        }
        // On PostgreSQL a concurrent insert of the same id waited for the first one's commit;
        // on SQLite writers take turns: either way the row read here is committed.
        let (consultation_id, payload): (String, String) =
            sqlx::query_as("SELECT consultation_id, payload FROM submissions WHERE id = $1")
                .bind(s.id)
                .fetch_one(&self.pool)
                .await?;
        Ok(Stored::Existing {
            consultation_id,
            payload,
        })
    }

    /// Every stored payload of a consultation, oldest first (by creation time, then id: the
    /// device's export order).
    pub async fn payloads(&self, consultation_id: &str) -> Result<Vec<String>, StorageError> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT payload FROM submissions WHERE consultation_id = $1 \
             ORDER BY created_at_ms, id",
        )
        .bind(consultation_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    pub async fn count_submissions(&self, consultation_id: &str) -> Result<i64, StorageError> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM submissions WHERE consultation_id = $1")
                .bind(consultation_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(n)
    }

    /// Waits for the pool's connections to close (a clean shutdown).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A migration's SQL for one backend.
pub fn migration_sql(source: &str, backend: Backend) -> String {
    let serial = match backend {
        Backend::Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
        Backend::Postgres => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    };
    source.replace("{{serial_primary_key}}", serial)
}

/// The migration sources, for tests that compare what each backend made of them.
pub fn migration_sources() -> impl Iterator<Item = &'static str> {
    MIGRATIONS.iter().map(|(_, _, s)| *s)
}
