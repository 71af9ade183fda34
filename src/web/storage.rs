//! Durable storage on the device: `localStorage`, behind the core's `Storage` trait.
//!
//! Owns: `LocalStorage` and the mapping of browser failures to `StorageError` (quota → Full;
//! no storage, a sandbox or private mode → Unavailable). Must not: decide what is stored.

use wasm_bindgen::JsCast;

use crate::core::ports::{Storage, StorageError};

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
