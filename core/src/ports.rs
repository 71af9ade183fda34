//! The small traits through which the core reaches the outside world: durable key-value
//! storage and a clock. The browser adapters in `web` implement them; tests use fakes.
//!
//! Owns: the trait shapes and their error type. Must not: hold any policy.

/// Why storage refused: the UI translates each case into a clear message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// No durable storage here (disabled, private mode, sandboxed iframe).
    #[error("storage unavailable")]
    Unavailable,
    /// The quota is used up; nothing was written.
    #[error("storage full")]
    Full,
}

/// Durable string key-value storage (localStorage in the browser).
pub trait Storage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&self, key: &str) -> Result<(), StorageError>;
    /// Every key that starts with `prefix`, in no particular order.
    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError>;
}

/// Wall-clock time in milliseconds since the Unix epoch.
pub trait Clock {
    fn now_ms(&self) -> u64;
}
