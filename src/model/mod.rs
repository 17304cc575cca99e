//! The domain: requests, categories, statuses, the timeline, ratings, drafts and their rules.
//! Plain Rust with no web APIs, so host `cargo test` covers every rule fast. "Now" is always passed in.

pub mod category;
pub mod draft;
pub mod question;
pub mod rating;
pub mod request;
pub mod sla;
pub mod status;
pub mod text;
pub mod timeline;
pub mod validation;

pub use category::{Category, StandardCategory};
pub use draft::{Draft, IdempotencyKey};
pub use question::{AnswerKind, Answers, Choice, Question};
pub use rating::{Rating, Satisfaction};
pub use request::{Contact, GeoPoint, NewRequest, NotNow, Place, Request, RequestId};
pub use sla::{SlaClass, SlaState};
pub use status::Status;
pub use text::{NoteKind, Phrase, Text};
pub use timeline::{Step, TimelineStep};
pub use validation::{Field, FieldErrors, Problem};
