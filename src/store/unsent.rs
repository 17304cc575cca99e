//! Answers a backend could not take (a rating or a reopen reason on a GeoReport server), kept on
//! the phone so the resident's words are not lost and the app never pretends they were sent.

use std::collections::BTreeMap;

use super::local;
use crate::model::{Rating, RequestId, StorageError};

const RATINGS: &str = "unsent.ratings";
const REASONS: &str = "unsent.reopen_reasons";

fn all<T: serde::de::DeserializeOwned>(key: &str) -> BTreeMap<String, T> {
    local::read(key).ok().flatten().unwrap_or_default()
}

fn keep<T: serde::Serialize + serde::de::DeserializeOwned>(key: &str, id: &RequestId, value: T) -> Result<(), StorageError> {
    let mut map = all::<T>(key);
    map.insert(id.0.clone(), value);
    local::write(key, &map)
}

pub fn keep_rating(id: &RequestId, rating: &Rating) -> Result<(), StorageError> {
    keep(RATINGS, id, rating.clone())
}

pub fn rating(id: &RequestId) -> Option<Rating> {
    all::<Rating>(RATINGS).remove(&id.0)
}

pub fn keep_reopen_reason(id: &RequestId, reason: &str) -> Result<(), StorageError> {
    keep(REASONS, id, reason.to_string())
}

pub fn reopen_reason(id: &RequestId) -> Option<String> {
    all::<String>(REASONS).remove(&id.0)
}
