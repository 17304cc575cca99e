//! Pieces the pages are built from, one per file.

mod call;
mod category_picker;
mod choice_group;
mod error_notice;
mod field;
mod location;
mod question_field;
mod rating;
mod reopen;
mod sla_clock;
mod status_badge;
mod timeline;

pub use call::{BackendCall, RefreshButton, SubmitButton};
pub use category_picker::CategoryPicker;
pub use choice_group::ChoiceGroup;
pub use error_notice::ErrorNotice;
pub use field::{TextField, Words};
pub use question_field::QuestionField;
pub use location::LocationButton;
pub use rating::RatingForm;
pub use reopen::ReopenForm;
pub use sla_clock::SlaClock;
pub use status_badge::StatusBadge;
pub use timeline::Timeline;

use chrono::{DateTime, Local, Utc};

/// A UTC time in the phone's time zone.
pub fn local(at: DateTime<Utc>) -> DateTime<Local> {
    at.with_timezone(&Local)
}
