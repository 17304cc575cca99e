//! The new-request form's text fields: their element ids and how each looks. Shared by the app and
//! by the page the browser shows before the app starts (`src/bin/prerender`), so both render the
//! same fields with the same ids and the resident's typing carries over.

use crate::i18n::Key;
use crate::model::validation::DESCRIPTION_MAX;
use crate::model::Field;

/// The text fields, in the form's order.
pub const TEXT_FIELDS: [Field; 7] =
    [Field::Description, Field::Address, Field::Community, Field::Building, Field::Unit, Field::Name, Field::Phone];

/// How a text field of the draft looks: its words and its kind of input.
pub struct Spec {
    pub label: Key,
    pub hint: Option<Key>,
    pub required: bool,
    pub multiline: bool,
    pub input_type: &'static str,
    pub inputmode: Option<&'static str>,
    pub autocomplete: &'static str,
    pub counter_max: Option<usize>,
}

impl Spec {
    const fn text(label: Key) -> Self {
        Spec {
            label,
            hint: None,
            required: false,
            multiline: false,
            input_type: "text",
            inputmode: None,
            autocomplete: "off",
            counter_max: None,
        }
    }
}

/// The text fields of the draft.
pub fn spec(field: Field) -> Spec {
    match field {
        Field::Description => Spec {
            hint: Some(Key::DescriptionHint),
            required: true,
            multiline: true,
            counter_max: Some(DESCRIPTION_MAX),
            ..Spec::text(Key::FieldDescription)
        },
        Field::Address => Spec {
            hint: Some(Key::AddressHint),
            required: true,
            autocomplete: "street-address",
            ..Spec::text(Key::FieldAddress)
        },
        Field::Community => Spec::text(Key::FieldCommunity),
        Field::Building => Spec::text(Key::FieldBuilding),
        Field::Unit => Spec::text(Key::FieldUnit),
        Field::Name => Spec { required: true, autocomplete: "name", ..Spec::text(Key::FieldName) },
        Field::Phone => Spec {
            hint: Some(Key::PhoneHint),
            required: true,
            input_type: "tel",
            inputmode: Some("tel"),
            autocomplete: "tel",
            ..Spec::text(Key::FieldPhone)
        },
        _ => Spec::text(Key::FieldCategory),
    }
}

/// The element a field's problem points at (and focus goes to).
pub fn dom_id(field: Field) -> String {
    match field {
        Field::Description => "f-description".into(),
        Field::Category => "f-category".into(),
        Field::Questions => "f-questions".into(),
        Field::Question(n) => format!("q-{n}"),
        Field::Address => "f-address".into(),
        Field::Community => "f-community".into(),
        Field::Building => "f-building".into(),
        Field::Unit => "f-unit".into(),
        Field::Name => "f-name".into(),
        Field::Phone => "f-phone".into(),
        Field::Consent => "f-consent".into(),
        _ => "f-description".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_field_has_its_own_id_and_label() {
        let mut ids: Vec<String> = TEXT_FIELDS.iter().map(|f| dom_id(*f)).collect();
        let mut labels: Vec<Key> = TEXT_FIELDS.iter().map(|f| spec(*f).label).collect();
        ids.sort();
        ids.dedup();
        labels.dedup();
        assert_eq!(ids.len(), TEXT_FIELDS.len());
        assert_eq!(labels.len(), TEXT_FIELDS.len());
    }
}
