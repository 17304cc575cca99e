//! Answers a backend could not take (a rating or a reopen reason on a GeoReport server), kept on
//! the phone so the resident's words are not lost and the app never pretends they were sent.

use std::collections::BTreeMap;

use super::local;
use crate::model::{Rating, RequestId};

const RATINGS: &str = "unsent.ratings";
const REASONS: &str = "unsent.reopen_reasons";

fn all<T: serde::de::DeserializeOwned>(key: &str) -> BTreeMap<String, T> {
    local::read(key).ok().flatten().unwrap_or_default()
}

fn keep<T: serde::Serialize + serde::de::DeserializeOwned>(key: &str, id: &RequestId, value: T) {
    let mut map = all::<T>(key);
    map.insert(id.0.clone(), value);
    let _ = local::write(key, &map);
}

pub fn keep_rating(id: &RequestId, rating: &Rating) {
    keep(RATINGS, id, rating.clone());
}

pub fn rating(id: &RequestId) -> Option<Rating> {
    all::<Rating>(RATINGS).remove(&id.0)
}

pub fn keep_reopen_reason(id: &RequestId, reason: &str) {
    keep(REASONS, id, reason.to_string());
}

pub fn reopen_reason(id: &RequestId) -> Option<String> {
    all::<String>(REASONS).remove(&id.0)
}
