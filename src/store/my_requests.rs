//! The requests filed from this phone, newest first, with their last known state so the list
//! shows even when the backend cannot be reached.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::local;
use crate::model::follow::{Change, Seen};
use crate::model::time::Stamp;
use crate::model::{Request, RequestId, StorageError};

const KEY: &str = "mine";
/// When each saved copy was last had from the office.
const CHECKED: &str = "mine.checked";

/// What the resident last saw of each request: a line each, `id` and `Seen::encode` between a tab
/// (plain text: no decoder for every page that reads it).
const SEEN: &str = "mine.seen";

fn kept_seen() -> Vec<(String, String)> {
    let text = local::read_raw(SEEN).ok().flatten().unwrap_or_default();
    text.lines().filter_map(|l| l.split_once('\t')).map(|(id, seen)| (id.to_string(), seen.to_string())).collect()
}

fn keep_seen(all: &[(String, String)]) {
    let text: String = all.iter().map(|(id, seen)| format!("{id}\t{seen}\n")).collect();
    let _ = local::write_raw(SEEN, &text);
}

/// The requests the resident stopped following on this phone ("stop following" on a request's
/// page): a number a line. They stay in "my requests", unchecked and untold.
const UNFOLLOWED: &str = "mine.unfollowed";

fn unfollowed() -> Vec<String> {
    local::read_raw(UNFOLLOWED).ok().flatten().unwrap_or_default().lines().map(str::to_string).collect()
}

/// Whether this phone follows `id`: filed or kept here, and not stopped.
pub fn follows(id: &RequestId) -> bool {
    find(id).is_some() && !unfollowed().iter().any(|u| u == id.as_str())
}

/// Follows `id` again, or stops (a number that does not fit on a line is always followed).
pub fn set_following(id: &RequestId, on: bool) -> Result<(), StorageError> {
    if !fits(id) {
        return Ok(());
    }
    let mut all = unfollowed();
    all.retain(|u| u != id.as_str());
    if !on {
        all.push(id.as_str().to_string());
    }
    local::write_raw(UNFOLLOWED, &all.iter().map(|u| format!("{u}\n")).collect::<String>())
}

/// The requests this phone follows, newest first, at most `max`: those kept here, not closed, not
/// stopped.
pub fn followed(max: usize) -> Vec<Request> {
    let stopped = unfollowed();
    saved()
        .into_iter()
        .filter(|r| r.status != crate::model::Status::Closed && !stopped.iter().any(|u| u == r.id.as_str()))
        .take(max)
        .collect()
}

/// Until when (milliseconds since the epoch) the office asked not to be asked about them again
/// (its `Retry-After`), kept for every tab and the next start.
const PAUSED: &str = "mine.paused";

pub fn checks_paused_until() -> f64 {
    local::read_raw(PAUSED).ok().flatten().and_then(|t| t.parse::<u64>().ok()).unwrap_or(0) as f64
}

pub fn pause_checks_until(at: f64) {
    let _ = local::write_raw(PAUSED, &(at.max(0.0) as u64).to_string());
}

/// Whether `id` fits on a line (a number from outside with a tab or a line break is never marked).
fn fits(id: &RequestId) -> bool {
    !id.as_str().contains(['\t', '\n', '\r'])
}

fn seen_in(all: &[(String, String)], id: &RequestId) -> Option<Seen> {
    all.iter().find(|(kept, _)| kept == id.as_str()).and_then(|(_, seen)| Seen::decode(seen))
}

/// What the resident had seen of `id` when last looking at it (`None`: not followed here).
pub fn seen(id: &RequestId) -> Option<Seen> {
    seen_in(&kept_seen(), id)
}

/// What changed in each saved request since the resident last looked, newest first.
pub fn changes(now: DateTime<Utc>) -> Vec<(RequestId, Change)> {
    let seen = kept_seen();
    let stopped = unfollowed();
    saved().into_iter().filter(|r| !stopped.iter().any(|u| u == r.id.as_str())).filter_map(|r| Some((r.id.clone(), seen_in(&seen, &r.id)?.change(&r, now)?))).collect()
}

/// The resident looked at `request` (its page shows it): nothing in it is news now. Only a request
/// this phone follows.
pub fn looked_at(request: &Request, now: DateTime<Utc>) {
    if !fits(&request.id) || find(&request.id).is_none() {
        return;
    }
    let line = Seen::of(request, now).encode();
    let mut all = kept_seen();
    match all.iter_mut().find(|(id, _)| id == request.id.as_str()) {
        Some((_, seen)) if *seen == line => return,
        Some((_, seen)) => *seen = line,
        None => all.push((request.id.0.clone(), line)),
    }
    keep_seen(&all);
}

/// Notes what the resident has seen of `requests` where nothing is noted yet (a request just
/// filed, or followed before this release): only what changes after is news.
fn seen_at_least(requests: &[&Request]) {
    let mut all = kept_seen();
    let before = all.len();
    let now = Utc::now();
    for r in requests {
        if fits(&r.id) && !all.iter().any(|(id, _)| id == r.id.as_str()) {
            all.push((r.id.0.clone(), Seen::of(r, now).encode()));
        }
    }
    if all.len() != before {
        keep_seen(&all);
    }
}

/// When each request's saved copy was last checked with the office, by id.
pub fn checked() -> BTreeMap<String, DateTime<Utc>> {
    // Inserted one by one: collecting into a map sorts first, and the sort costs bytes.
    let mut when = BTreeMap::new();
    for (id, at) in kept_checked() {
        when.insert(id, at.0);
    }
    when
}

fn kept_checked() -> BTreeMap<String, Stamp> {
    local::read(CHECKED).ok().flatten().unwrap_or_default()
}

fn mark_checked(ids: impl Iterator<Item = RequestId>) {
    let now = Utc::now();
    let mut all = kept_checked();
    for id in ids {
        all.insert(id.0, Stamp(now));
    }
    let _ = local::write(CHECKED, &all);
}

/// Last known copies, newest first.
pub fn saved() -> Vec<Request> {
    local::read(KEY).ok().flatten().unwrap_or_default()
}

/// The newest `n` saved copies, and how many are saved in all (the others are not decoded).
pub fn newest(n: usize) -> (Vec<Request>, usize) {
    match local::read_raw(KEY).ok().flatten().and_then(|raw| super::codec::decode_first(&raw, n)) {
        Some(found) => found,
        // Unreadable as a list: read it the careful way (moved aside, reported).
        None => {
            let all = saved();
            let total = all.len();
            (all.into_iter().take(n).collect(), total)
        }
    }
}

/// Whether this phone follows any request (read without decoding the list).
pub fn any() -> bool {
    local::read_raw(KEY).ok().flatten().is_some_and(|t| t.len() > 2)
}

pub fn find(id: &RequestId) -> Option<Request> {
    saved().into_iter().find(|r| r.id == *id)
}

/// Adds a request filed here, or refreshes its saved copy.
pub fn remember(request: &Request) -> Result<(), StorageError> {
    mark_checked(std::iter::once(request.id.clone()));
    let mut all = saved();
    match all.iter_mut().find(|r| r.id == request.id) {
        Some(r) => *r = request.clone(),
        None => all.insert(0, request.clone()),
    }
    local::write(KEY, &all)
}

/// The read key the office gave for `id` when this phone filed it, if it did.
pub fn read_key(id: &RequestId) -> Option<String> {
    find(id).and_then(|r| r.read_key)
}

/// Refreshes the saved copies of those requests that were filed here (written only if one changed:
/// a volunteer's list of a thousand is not rewritten for nothing).
pub fn refresh(fresh: &[Request]) -> Result<(), StorageError> {
    if fresh.is_empty() {
        return Ok(());
    }
    mark_checked(fresh.iter().map(|r| r.id.clone()));
    let mut all = saved();
    // What was saved before is what the resident could have seen.
    seen_at_least(&all.iter().filter(|r| fresh.iter().any(|f| f.id == r.id)).collect::<Vec<_>>());
    let mut changed = false;
    for r in &mut all {
        if let Some(f) = fresh.iter().find(|f| f.id == r.id).map(|f| r.refreshed_by(f)).filter(|f| f != r) {
            *r = f;
            changed = true;
        }
    }
    if changed {
        local::write(KEY, &all)
    } else {
        Ok(())
    }
}

/// Removes the saved copies of `ids` (a neighbour forgotten).
pub fn forget(ids: &[RequestId]) -> Result<(), StorageError> {
    let mut all = saved();
    all.retain(|r| !ids.contains(&r.id));
    let mut when = kept_checked();
    for id in ids {
        when.remove(&id.0);
    }
    let _ = local::write(CHECKED, &when);
    let mut seen = kept_seen();
    seen.retain(|(id, _)| !ids.iter().any(|gone| gone.as_str() == id));
    keep_seen(&seen);
    let mut stopped = unfollowed();
    stopped.retain(|u| !ids.iter().any(|gone| gone.as_str() == u));
    let _ = local::write_raw(UNFOLLOWED, &stopped.iter().map(|u| format!("{u}\n")).collect::<String>());
    local::write(KEY, &all)
}
