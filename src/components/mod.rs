//! Pieces the pages are built from, one per file. Each takes data and callbacks; none calls the
//! backend or writes the store.

mod call;
mod category_picker;
mod choice_group;
mod error_notice;
mod field;
mod location;
mod question_field;
mod sla_clock;
mod status_badge;
mod timeline;
mod tried;

pub use call::{BackendCall, RefreshButton, SubmitButton};
pub use category_picker::CategoryPicker;
pub use choice_group::ChoiceGroup;
pub use error_notice::{backend_error_words, ErrorNotice};
pub use field::{TextField, Words};
pub use location::LocationButton;
pub use question_field::QuestionField;
pub use sla_clock::SlaClock;
pub use status_badge::StatusBadge;
pub use timeline::Timeline;
pub use tried::Tried;

use chrono::{DateTime, Local, Utc};

use crate::backend::http::segment;
use crate::model::RequestId;

/// A UTC time in the phone's time zone.
pub fn local(at: DateTime<Utc>) -> DateTime<Local> {
    at.with_timezone(&Local)
}

/// The address of a request's page; the id is encoded, so whatever a backend calls it, the link
/// leads to that request.
pub fn request_path(id: &RequestId) -> String {
    format!("/requests/{}", segment(id.as_str()))
}

/// The address of the confirmation after filing `id`.
pub fn submitted_path(id: &RequestId) -> String {
    format!("/submitted/{}", segment(id.as_str()))
}
