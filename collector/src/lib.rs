//! yehua-collector: the receiving end of Yehua. Stores every submission once, in SQLite (the
//! default) or PostgreSQL, and answers exactly as docs/DELIVERY.md promises endpoints do; the
//! consultation's definition is read and checked by yehua-core, the same code as the widget's.
//!
//! Owns: wiring (`start`: database, migrations, router, listener). Modules: `config`,
//! `storage` (database and migrations), `consultations` (registering definitions), `form`
//! (reading the `form` format), `rate_limit`, `http` (one module per resource).
//! Must not: be compiled for or into the residents' wasm; keep a second copy of a rule the
//! widget also applies (those live in yehua-core).

pub mod config;
pub mod consultations;
pub mod form;
pub mod http;
pub mod rate_limit;
pub mod storage;

use std::net::SocketAddr;

use config::Config;
use storage::{Db, StorageError};

/// Why the collector could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("cannot listen on {addr}: {error}")]
    Listen {
        addr: SocketAddr,
        error: std::io::Error,
    },
}

/// A running collector.
pub struct Running {
    /// Where it listens (the real port when `listen` asked for port 0).
    pub addr: SocketAddr,
    pub db: Db,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Connects, migrates, binds and starts serving in the background.
pub async fn start(config: Config) -> Result<Running, StartError> {
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|error| StartError::Listen {
            addr: config.listen,
            error,
        })?;
    let addr = listener.local_addr().map_err(|error| StartError::Listen {
        addr: config.listen,
        error,
    })?;
    let app = http::router(http::AppState::new(db.clone(), config));
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(stop_signal())
        .await
    });
    Ok(Running { addr, db, task })
}

/// Ctrl-C or SIGTERM (what service managers and containers send): requests under way finish,
/// each answered after its commit, then the server stops.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
