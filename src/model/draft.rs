//! What the resident is typing: kept as typed (strings), with the idempotency key made with it,
//! so a retried send of the same draft can never create a second request.

use serde::{Deserialize, Serialize};

use super::field::Field;
use super::place::GeoPoint;
use super::question::{Answer, Answers};
use super::request::{IdempotencyKey, NewRequest};

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
    /// The photos attached, in order: their ids on this phone (the pictures are in IndexedDB).
    #[serde(default)]
    pub photos: Vec<String>,
    /// Filed by a volunteer for a neighbour (then `name` and `phone` are the neighbour's, and the
    /// phone may be left empty: the volunteer is the contact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_by: Option<super::request::FiledBy>,
    /// The volunteer confirmed the neighbour agreed.
    #[serde(default)]
    pub consent: bool,
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
            photos: Vec::new(),
            filed_by: None,
            consent: false,
        }
    }

    /// A request back in its form, as the resident wrote it (to be edited, or after the office
    /// refused it), under `key`.
    pub fn from_request(new: &NewRequest, key: IdempotencyKey) -> Self {
        let or_empty = |s: &Option<String>| s.clone().unwrap_or_default();
        let mut answers = Answers::new();
        for (code, answer) in &new.answers {
            let values = match answer {
                    // Back into the browser's `datetime-local` form, in the time it was given in.
                    Answer::Datetime(at) => {
                        use chrono::{Datelike, Timelike};
                        let t = at.naive_local();
                        vec![format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())]
                    }
                    other => other.values(),
                };
            answers.insert(code.clone(), values);
        }
        Draft {
            idempotency_key: key,
            category_code: new.category_code.clone(),
            description: new.description.clone(),
            address: new.place.address.clone(),
            community: or_empty(&new.place.community),
            building: or_empty(&new.place.building),
            unit: or_empty(&new.place.unit),
            point: new.place.point,
            name: new.contact.name.clone(),
            phone: new.contact.phone.clone(),
            private: new.private,
            answers,
            photos: new.photos.iter().map(|p| p.local.clone()).collect(),
            consent: new.filed_by.is_some(),
            filed_by: new.filed_by.clone(),
        }
    }

    /// The text typed into one of the form's text fields (empty for any other field).
    pub fn text(&self, field: Field) -> &str {
        match field {
            Field::Category => &self.category_code,
            Field::Description => &self.description,
            Field::Address => &self.address,
            Field::Community => &self.community,
            Field::Building => &self.building,
            Field::Unit => &self.unit,
            Field::Name => &self.name,
            Field::Phone => &self.phone,
            _ => "",
        }
    }

    /// Replaces what is typed in one of the form's text fields.
    pub fn set_text(&mut self, field: Field, value: String) {
        let slot = match field {
            Field::Category => &mut self.category_code,
            Field::Description => &mut self.description,
            Field::Address => &mut self.address,
            Field::Community => &mut self.community,
            Field::Building => &mut self.building,
            Field::Unit => &mut self.unit,
            Field::Name => &mut self.name,
            Field::Phone => &mut self.phone,
            _ => return,
        };
        *slot = value;
    }

    /// Nothing typed yet (a fresh draft need not be kept).
    pub fn is_empty(&self) -> bool {
        self.category_code.is_empty()
            && [&self.description, &self.address, &self.community, &self.building, &self.unit, &self.name, &self.phone]
                .iter()
                .all(|s| s.trim().is_empty())
            && self.point.is_none()
            && self.photos.is_empty()
            && self.answers.values().all(|v| v.iter().all(|a| a.trim().is_empty()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_until_something_is_typed() {
        let mut d = Draft::new(IdempotencyKey::from_random_bytes([1; 16]));
        assert!(d.is_empty());
        d.address = "  ".into();
        assert!(d.is_empty());
        d.set_text(Field::Phone, "1".into());
        assert!(!d.is_empty());
        assert_eq!(d.text(Field::Phone), "1");
    }

    #[test]
    fn a_request_goes_back_into_its_form_as_written() {
        use crate::model::validation::validate_draft;
        use crate::model::{AnswerKind, Choice, Question};
        let beijing = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
        let mut d = Draft::new(IdempotencyKey::from_random_bytes([4; 16]));
        d.category_code = "lighting".into();
        d.description = "楼道灯不亮已经三天了".into();
        d.address = "太华路社区".into();
        d.unit = "2单元".into();
        d.name = "王阿姨".into();
        d.phone = "13800138000".into();
        d.answers.insert("since".into(), vec!["2026-11-27T21:30".into()]);
        d.answers.insert("lanes".into(), vec!["walk".into()]);
        d.photos = vec!["p1".into(), "p2".into()];
        let q = |code: &str, kind| Question {
            code: code.into(),
            prompt: code.into(),
            hint: None,
            kind,
            required: false,
            choices: vec![Choice { key: "walk".into(), name: "walk".into() }],
        };
        let questions = [q("since", AnswerKind::Datetime), q("lanes", AnswerKind::MultiValueList)];
        let new = validate_draft(&d, Some(&questions), &beijing).unwrap();
        assert_eq!(new.photos.iter().map(|p| (p.local.as_str(), p.url.is_none())).collect::<Vec<_>>(), [("p1", true), ("p2", true)]);
        assert_eq!(Draft::from_request(&new, d.idempotency_key.clone()), d);
    }

    #[test]
    fn old_drafts_with_missing_fields_still_load() {
        let d: Draft = serde_json::from_str(r#"{"idempotency_key":"k","description":"漏水"}"#).unwrap();
        assert_eq!(d.description, "漏水");
        assert!(d.name.is_empty());
    }
}
