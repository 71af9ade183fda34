//! Durable storage on the device: `localStorage`, behind the core's `Storage` trait.
//!
//! Owns: `LocalStorage`, the mapping of browser failures to `StorageError` (quota → Full;
//! no storage, a sandbox or private mode → Unavailable), and the page's one outbox view
//! ([`outbox`]): storage plus what this page could not write to it (`core::outbox::Unsaved`),
//! shared by the runner, the receipt and the staff's counts. Must not: decide what is stored.

use wasm_bindgen::JsCast;

use crate::core::outbox::{Outbox, Unsaved};
use crate::core::ports::{Storage, StorageError};

thread_local! {
    /// Lives as long as the page: what storage refused, read back over what it holds.
    static UNSAVED: &'static Unsaved = Box::leak(Box::default());
}

/// The outbox as this page knows it: every reader and writer goes through it, so a refusal
/// that storage could not take is still seen as held (and never resent) by all of them.
pub fn outbox() -> Outbox<'static, LocalStorage> {
    Outbox::with_unsaved(&LocalStorage, UNSAVED.with(|u| *u))
}

/// Whether storage has refused a write for lack of room (for staff: "storage full").
pub fn storage_full() -> bool {
    UNSAVED.with(|u| u.storage_full())
}

#[derive(Clone, Copy, Default, PartialEq)]
pub struct LocalStorage;

fn store() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

fn classify(err: wasm_bindgen::JsValue) -> StorageError {
    let name = err
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.name()))
        .unwrap_or_default();
    if name.contains("Quota") {
        StorageError::Full
    } else {
        StorageError::Unavailable
    }
}

impl Storage for LocalStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        store()?.get_item(key).map_err(classify)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        store()?.set_item(key, value).map_err(classify)
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        store()?.remove_item(key).map_err(classify)
    }
    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        let s = store()?;
        let n = s.length().map_err(classify)?;
        Ok((0..n)
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix))
            .collect())
    }
}
