//! The built-in catalogue: the standard street-office categories with their feedback limits, and
//! the phrases (names, hints, departments, office notes) the view translates.

use serde::{Deserialize, Serialize};

use super::sla::SlaClass;

/// What residents ask a street office about (from street-office reports), in the order a resident scans them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardCategory {
    PropertyManagement,
    OldBuildingRepair,
    SewerAndWaterLeak,
    Heating,
    PublicLighting,
    ParkingAndEbikes,
    RubbishAndEnvironment,
    IllegalConstruction,
    FacadeAndSafetyHazard,
    Noise,
    Other,
}

impl StandardCategory {
    pub const ALL: [StandardCategory; 11] = [
        StandardCategory::PropertyManagement,
        StandardCategory::OldBuildingRepair,
        StandardCategory::SewerAndWaterLeak,
        StandardCategory::Heating,
        StandardCategory::PublicLighting,
        StandardCategory::ParkingAndEbikes,
        StandardCategory::RubbishAndEnvironment,
        StandardCategory::IllegalConstruction,
        StandardCategory::FacadeAndSafetyHazard,
        StandardCategory::Noise,
        StandardCategory::Other,
    ];

    /// Stable code used on the wire and in storage.
    pub fn code(self) -> &'static str {
        match self {
            StandardCategory::PropertyManagement => "property",
            StandardCategory::OldBuildingRepair => "old-building",
            StandardCategory::SewerAndWaterLeak => "sewer-water",
            StandardCategory::Heating => "heating",
            StandardCategory::PublicLighting => "lighting",
            StandardCategory::ParkingAndEbikes => "parking",
            StandardCategory::RubbishAndEnvironment => "environment",
            StandardCategory::IllegalConstruction => "illegal-construction",
            StandardCategory::FacadeAndSafetyHazard => "safety-hazard",
            StandardCategory::Noise => "noise",
            StandardCategory::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Feedback limit class under the Beijing 12345 draft service standard (2021).
    pub fn sla_class(self) -> SlaClass {
        match self {
            StandardCategory::FacadeAndSafetyHazard => SlaClass::Emergency,
            StandardCategory::SewerAndWaterLeak | StandardCategory::Heating => SlaClass::Utilities,
            StandardCategory::IllegalConstruction | StandardCategory::OldBuildingRepair => SlaClass::Complex,
            _ => SlaClass::General,
        }
    }
}

/// A phrase of the built-in catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phrase {
    CategoryName(StandardCategory),
    CategoryHint(StandardCategory),
    /// The department a standard category is dispatched to.
    Agency(StandardCategory),
    OfficeNote(NoteKind, StandardCategory),
}

/// Which step of the office's handling a canned note belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Received,
    Dispatched,
    InProgress,
    Resolved,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for c in StandardCategory::ALL {
            assert_eq!(StandardCategory::from_code(c.code()), Some(c));
        }
        let mut codes: Vec<_> = StandardCategory::ALL.iter().map(|c| c.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), StandardCategory::ALL.len());
        assert_eq!(StandardCategory::from_code("nope"), None);
    }
}
