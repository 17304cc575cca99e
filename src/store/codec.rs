//! How values are written to the phone: JSON inside a versioned envelope
//! `{"v": VERSION, "value": …}`. A value written before envelopes existed (the first release wrote
//! bare JSON) still reads, and so does one from a newer release, as far as its fields allow: a
//! new release never empties "my requests" on anyone's phone.

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::value::RawValue;

/// The version written now. Raise it when a stored shape changes in a way defaults cannot cover,
/// and teach `decode` to read the old one.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Envelope<'a, T> {
    v: u32,
    value: &'a T,
}

/// The stored text of `value`.
pub fn encode<T: Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(&Envelope { v: VERSION, value }).ok()
}

/// The value stored as `raw`, whichever release wrote it; `None` if it does not read.
pub fn decode<T: DeserializeOwned>(raw: &str) -> Option<T> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Stored<'a> {
        v: u32,
        #[serde(borrow)]
        value: &'a RawValue,
    }
    match envelope(raw).and_then(|_| serde_json::from_str::<Stored>(raw).ok()) {
        Some(stored) if stored.v >= 1 => serde_json::from_str(stored.value.get()).ok(),
        // Version 0: the bare value.
        _ => serde_json::from_str(raw).ok(),
    }
}

/// Only an object can be an envelope (serde would also read a two-item array as one).
fn envelope(raw: &str) -> Option<()> {
    raw.trim_start().starts_with('{').then_some(())
}

/// The first `n` items of a list stored as `raw`, and how many items it has: the rest are only
/// scanned, not decoded (a thousand saved requests need not all be built to show thirty).
pub fn decode_first<T: DeserializeOwned>(raw: &str, n: usize) -> Option<(Vec<T>, usize)> {
    #[derive(Deserialize)]
    struct Stored<'a> {
        v: u32,
        #[serde(borrow)]
        value: &'a RawValue,
    }
    let list = match envelope(raw).and_then(|_| serde_json::from_str::<Stored>(raw).ok()) {
        Some(stored) if stored.v >= 1 => stored.value.get(),
        _ => raw,
    };
    let items: Vec<&RawValue> = serde_json::from_str(list).ok()?;
    let first = items.iter().take(n).map(|item| serde_json::from_str(item.get()).ok()).collect::<Option<Vec<T>>>()?;
    Some((first, items.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Draft, Request};

    #[test]
    fn the_first_items_of_a_list_are_read_alone() {
        let text = encode(&vec![1, 2, 3, 4]).unwrap();
        assert_eq!(decode_first::<i32>(&text, 2), Some((vec![1, 2], 4)));
        assert_eq!(decode_first::<i32>("[5, 6]", 9), Some((vec![5, 6], 2)));
        assert_eq!(decode_first::<i32>(r#"[5, "x"]"#, 2), None);
    }

    #[test]
    fn values_round_trip_in_an_envelope() {
        let text = encode(&vec![1, 2]).unwrap();
        assert_eq!(text, r#"{"v":1,"value":[1,2]}"#);
        assert_eq!(decode::<Vec<i32>>(&text), Some(vec![1, 2]));
        assert_eq!(decode::<Vec<i32>>("{broken"), None);
        // A bare list of two is a list, not an envelope.
        assert_eq!(decode::<Vec<i32>>("[5, 6]"), Some(vec![5, 6]));
    }

    /// What the first release (before envelopes) left on residents' phones, read by this one.
    #[test]
    fn values_written_by_the_first_release_still_read() {
        let mine: Vec<Request> = decode(include_str!("../../tests/fixtures/stored-v0/mine.json")).unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].timeline.len(), 4);
        let draft: Draft = decode(include_str!("../../tests/fixtures/stored-v0/draft.json")).unwrap();
        assert!(!draft.description.is_empty());
        let lang: String = decode(include_str!("../../tests/fixtures/stored-v0/lang.json")).unwrap();
        assert_eq!(lang, "en");
    }
}
