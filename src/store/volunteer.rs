//! A volunteer's own details and whether they file for neighbours, and the least this phone keeps
//! about each neighbour they help (`model::volunteer::Neighbour`), with its forgetting.

use chrono::{DateTime, Utc};

use super::local;
use crate::model::volunteer::{keep_current, mask_phone, Helped, Neighbour, Volunteer};
use crate::model::{NewRequest, Request, RequestId, StorageError};

const PROFILE: &str = "volunteer";
/// "1" while filing for neighbours is on: read raw, so the form's first load need not decode
/// anything to know.
const ON: &str = "volunteer.on";
const NEIGHBOURS: &str = "neighbours";

/// Whether new requests are filed for neighbours.
pub fn is_on() -> bool {
    local::read_raw(ON).ok().flatten().is_some_and(|v| v == "1")
}

pub fn set_on(on: bool) -> Result<(), StorageError> {
    if on {
        local::write_raw(ON, "1")
    } else {
        local::remove(ON);
        Ok(())
    }
}

/// The volunteer's own details, once entered.
pub fn profile() -> Option<Volunteer> {
    local::read(PROFILE).ok().flatten()
}

pub fn save_profile(v: &Volunteer) -> Result<(), StorageError> {
    local::write(PROFILE, v)
}

/// Whether anything is kept about neighbours (without reading it).
pub fn has_neighbours() -> bool {
    local::read_raw(NEIGHBOURS).ok().flatten().is_some()
}

/// The neighbours helped, as kept.
pub fn neighbours() -> Vec<Neighbour> {
    local::read(NEIGHBOURS).ok().flatten().unwrap_or_default()
}

fn save(list: &[Neighbour]) -> Result<(), StorageError> {
    if list.is_empty() {
        local::remove(NEIGHBOURS);
        Ok(())
    } else {
        local::write(NEIGHBOURS, &list)
    }
}

/// Notes that `new`, filed for a neighbour, is request `id`: the neighbour is kept (their name,
/// masked phone and home), or their entry gets the new number.
pub fn remember(new: &NewRequest, id: &RequestId) -> Result<(), StorageError> {
    if new.filed_by.is_none() {
        return Ok(());
    }
    let mut list = neighbours();
    let p = &new.place;
    let (building, unit) = (p.building.clone().unwrap_or_default(), p.unit.clone().unwrap_or_default());
    let helped = Helped { id: id.clone(), closed_at: None };
    // A neighbour without a phone of their own has the volunteer's as contact: not theirs to show.
    let own_phone = new.filed_by.as_ref().is_some_and(|f| f.phone != new.contact.phone);
    match list.iter_mut().find(|n| n.same_as(&new.contact.name, &building, &unit)) {
        Some(n) => {
            if !n.requests.iter().any(|h| h.id == *id) {
                n.requests.push(helped);
            }
            if own_phone {
                n.phone_masked = mask_phone(&new.contact.phone);
            }
        }
        None => list.push(Neighbour {
            name: new.contact.name.trim().to_string(),
            phone_masked: if own_phone { mask_phone(&new.contact.phone) } else { String::new() },
            community: p.community.clone().unwrap_or_default(),
            building,
            unit,
            requests: vec![helped],
        }),
    }
    save(&list)
}

/// Notes what the office says now about the neighbours' requests (when each was closed).
pub fn note(fresh: &[Request]) {
    let mut list = neighbours();
    let mut changed = false;
    for n in &mut list {
        changed |= n.note(fresh);
    }
    if changed {
        let _ = save(&list);
    }
}

/// Forgets the neighbour at `index` of the list: their entry and this phone's copies of their
/// requests.
pub fn forget(index: usize) -> Result<(), StorageError> {
    let mut list = neighbours();
    if index >= list.len() {
        return Ok(());
    }
    let gone = list.remove(index);
    super::my_requests::forget(&gone.requests.iter().map(|h| h.id.clone()).collect::<Vec<_>>())?;
    save(&list)
}

/// Forgets every neighbour whose last request was closed more than `days` ago.
pub fn forget_expired(days: u32, now: DateTime<Utc>) {
    let (kept, gone) = keep_current(neighbours(), days, now);
    if gone.is_empty() {
        return;
    }
    let ids: Vec<RequestId> = gone.iter().flat_map(|n| n.requests.iter().map(|h| h.id.clone())).collect();
    let _ = super::my_requests::forget(&ids);
    let _ = save(&kept);
}
