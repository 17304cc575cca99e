//! What the resident is typing: kept as typed (strings), with the idempotency key made with it,
//! so a retried send of the same draft can never create a second request.

use serde::{Deserialize, Serialize};

use super::question::Answers;
use super::request::GeoPoint;

/// A UUID v4 created with the draft and sent with it as `Idempotency-Key`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IdempotencyKey(pub String);

impl IdempotencyKey {
    /// Formats 16 random bytes (from the platform's random source) as a UUID v4.
    pub fn from_random_bytes(mut b: [u8; 16]) -> Self {
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        IdempotencyKey(format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The new-request form as typed. Every field is kept verbatim until validation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub idempotency_key: IdempotencyKey,
    #[serde(default)]
    pub category_code: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub community: String,
    #[serde(default)]
    pub building: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub point: Option<GeoPoint>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub private: bool,
    /// Answers to the chosen category's extra questions.
    #[serde(default)]
    pub answers: Answers,
}

impl Draft {
    pub fn new(idempotency_key: IdempotencyKey) -> Self {
        Draft {
            idempotency_key,
            category_code: String::new(),
            description: String::new(),
            address: String::new(),
            community: String::new(),
            building: String::new(),
            unit: String::new(),
            point: None,
            name: String::new(),
            phone: String::new(),
            private: false,
            answers: Answers::new(),
        }
    }

    /// Nothing typed yet (a fresh draft need not be kept).
    pub fn is_empty(&self) -> bool {
        self.category_code.is_empty()
            && [&self.description, &self.address, &self.community, &self.building, &self.unit, &self.name, &self.phone]
                .iter()
                .all(|s| s.trim().is_empty())
            && self.point.is_none()
            && self.answers.values().all(|v| v.iter().all(|a| a.trim().is_empty()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_a_uuid_v4() {
        let key = IdempotencyKey::from_random_bytes([0xff; 16]);
        assert_eq!(key.as_str(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let key = IdempotencyKey::from_random_bytes([0; 16]);
        assert_eq!(key.as_str(), "00000000-0000-4000-8000-000000000000");
        assert_eq!(key.as_str().len(), 36);
    }

    #[test]
    fn empty_until_something_is_typed() {
        let mut d = Draft::new(IdempotencyKey::from_random_bytes([1; 16]));
        assert!(d.is_empty());
        d.address = "  ".into();
        assert!(d.is_empty());
        d.phone = "1".into();
        assert!(!d.is_empty());
    }

    #[test]
    fn old_drafts_with_missing_fields_still_load() {
        let d: Draft = serde_json::from_str(r#"{"idempotency_key":"k","description":"漏水"}"#).unwrap();
        assert_eq!(d.description, "漏水");
        assert!(d.name.is_empty());
    }
}
