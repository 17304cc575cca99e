//! IndexedDB: the phone's larger storage, asynchronous, and shared with the service worker. One
//! database `doorstep`; values are JSON text, but photos, which are kept as the browser's own
//! `Blob`s. The service worker (public/sw.js) opens the same
//! database to carry out `deliveries` and leave what it got in `delivered`; it never creates or
//! upgrades it.

use std::cell::RefCell;

use js_sys::{Array, Promise};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::model::StorageError;

const NAME: &str = "doorstep";
const VERSION: u32 = 3;

/// The object stores: drafts as typed, the outbox, and what the service worker wrote down of its
/// tries.
pub const DRAFTS: &str = "drafts";
pub const OUTBOX: &str = "outbox";
pub const DELIVERED: &str = "delivered";
/// Photos attached to drafts and to requests waiting to be sent (version 2).
pub const PHOTOS: &str = "photos";
/// The service worker's plans (version 3; they replace version 1's `deliveries`, which a worker of
/// the first release read: it finds none, and so can never misread a plan of this release).
pub const PLANS: &str = "plans";
const STORES: [&str; 5] = [DRAFTS, OUTBOX, DELIVERED, PHOTOS, PLANS];
const GONE: &str = "deliveries";

thread_local!(static OPEN: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) });

fn failure(error: JsValue) -> StorageError {
    let name = js_sys::Reflect::get(&error, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
    if name.contains("Quota") {
        StorageError::Full
    } else {
        StorageError::Unavailable
    }
}

/// Resolves with the request's result once it succeeds.
async fn settled(request: &IdbRequest) -> Result<JsValue, StorageError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let bad = request.clone();
        let on_error = Closure::once_into_js(move || {
            let error = bad.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(failure)
}

/// Resolves once the transaction is committed (so a write has reached the disk before the
/// resident is told it is kept).
async fn committed(tx: &IdbTransaction) -> Result<(), StorageError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = tx.clone();
        let on_error = Closure::once_into_js(move || {
            let error = failed.error().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onerror(Some(on_error.unchecked_ref()));
        tx.set_onabort(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ()).map_err(failure)
}

/// The database, opened (and created or upgraded) once per page; never once writes have stopped.
async fn db() -> Result<IdbDatabase, StorageError> {
    if super::halted() {
        return Err(StorageError::Unavailable);
    }
    if let Some(db) = OPEN.with(|o| o.borrow().clone()) {
        return Ok(db);
    }
    let factory = web_sys::window()
        .ok_or(StorageError::Unavailable)?
        .indexed_db()
        .map_err(|_| StorageError::Unavailable)?
        .ok_or(StorageError::Unavailable)?;
    let open = factory.open_with_u32(NAME, VERSION).map_err(|_| StorageError::Unavailable)?;
    let upgrading = open.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(db) = upgrading.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
            let names = db.object_store_names();
            for store in STORES {
                if !names.contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
            if names.contains(GONE) {
                let _ = db.delete_object_store(GONE);
            }
        }
    });
    open.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db: IdbDatabase = settled(&open).await?.dyn_into().map_err(|_| StorageError::Unavailable)?;
    // A newer release in another tab asks for an upgrade: step aside (this page opens it again).
    let closing = db.clone();
    let on_version_change = Closure::<dyn Fn()>::new(move || {
        closing.close();
        OPEN.with(|o| *o.borrow_mut() = None);
    });
    db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    on_version_change.forget();
    OPEN.with(|o| *o.borrow_mut() = Some(db.clone()));
    Ok(db)
}

fn transaction(db: &IdbDatabase, store: &str, mode: IdbTransactionMode) -> Result<IdbTransaction, StorageError> {
    db.transaction_with_str_and_mode(store, mode).map_err(failure)
}

/// The value under `key` in `store` (`undefined` if none).
pub async fn get_value(store: &str, key: &str) -> Result<JsValue, StorageError> {
    let db = db().await?;
    let tx = transaction(&db, store, IdbTransactionMode::Readonly)?;
    let request = tx.object_store(store).map_err(failure)?.get(&key.into()).map_err(failure)?;
    settled(&request).await
}

/// The text under `key` in `store`.
pub async fn get(store: &str, key: &str) -> Result<Option<String>, StorageError> {
    Ok(get_value(store, key).await?.as_string())
}

/// Keeps `value` under `key` in `store`, committed before it returns.
pub async fn put_value(store: &str, key: &str, value: &JsValue) -> Result<(), StorageError> {
    let db = db().await?;
    let tx = transaction(&db, store, IdbTransactionMode::Readwrite)?;
    tx.object_store(store).map_err(failure)?.put_with_key(value, &key.into()).map_err(failure)?;
    committed(&tx).await
}

/// Keeps `text` under `key` in `store`, committed before it returns.
pub async fn put(store: &str, key: &str, text: &str) -> Result<(), StorageError> {
    put_value(store, key, &text.into()).await
}

/// Removes `key` from each of `stores`, in one transaction.
pub async fn delete(stores: &[&str], key: &str) -> Result<(), StorageError> {
    let ops: Vec<Op> = stores.iter().map(|s| Op::Delete(s, key)).collect();
    apply(&ops).await
}

/// One write of several in a transaction.
pub enum Op<'a> {
    Put(&'a str, &'a str, String),
    Delete(&'a str, &'a str),
}

/// Carries out `ops` in one transaction: all of them are committed, or none.
pub async fn apply(ops: &[Op<'_>]) -> Result<(), StorageError> {
    let db = db().await?;
    let mut stores: Vec<&str> = Vec::new();
    for op in ops {
        let (Op::Put(s, ..) | Op::Delete(s, _)) = op;
        if !stores.contains(s) {
            stores.push(s);
        }
    }
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    let tx = db.transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite).map_err(failure)?;
    for op in ops {
        match op {
            Op::Put(store, key, text) => {
                tx.object_store(store).map_err(failure)?.put_with_key(&JsValue::from_str(text), &(*key).into()).map_err(failure)?;
            }
            Op::Delete(store, key) => {
                tx.object_store(store).map_err(failure)?.delete(&(*key).into()).map_err(failure)?;
            }
        }
    }
    committed(&tx).await
}

/// Every (key, text) in `store`, in key order.
pub async fn all(store: &str) -> Result<Vec<(String, String)>, StorageError> {
    let db = db().await?;
    let tx = transaction(&db, store, IdbTransactionMode::Readonly)?;
    let object_store = tx.object_store(store).map_err(failure)?;
    let keys = object_store.get_all_keys().map_err(failure)?;
    let values = object_store.get_all().map_err(failure)?;
    let keys: Array = settled(&keys).await?.unchecked_into();
    let values: Array = settled(&values).await?.unchecked_into();
    Ok(keys.iter().zip(values.iter()).filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?))).collect())
}

/// Whether the phone lets this page use IndexedDB at all (some private modes do not).
pub async fn available() -> Result<(), StorageError> {
    db().await.map(|_| ())
}

/// Closes this page's connection and deletes the whole database (its stores with it). True once
/// it is gone; a connection of another tab delays it until that tab lets go.
pub async fn delete_database() -> bool {
    if let Some(db) = OPEN.with(|o| o.borrow_mut().take()) {
        db.close();
    }
    let Some(factory) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) else { return false };
    match factory.delete_database(NAME) {
        Ok(request) => settled(&request).await.is_ok(),
        Err(_) => false,
    }
}
