//! The domain: requests, categories, statuses, the timeline, ratings, drafts and their rules.
//! Plain Rust with no web APIs, so host `cargo test` covers every rule fast. "Now" is always passed in.

pub mod catalogue;
pub mod category;
pub mod draft;
pub mod field;
pub mod follow;
pub mod number;
pub mod outbox;
pub mod photo;
pub mod place;
pub mod question;
pub mod rating;
pub mod request;
pub mod sla;
pub mod status;
pub mod storage;
pub mod text;
pub mod time;
pub mod timeline;
pub mod validation;
pub mod volunteer;

pub use catalogue::{NoteKind, Phrase, StandardCategory};
pub use category::Category;
pub use draft::Draft;
pub use field::Field;
pub use outbox::{Delivered, Delivery, HttpCall, Lookup, Outgoing, Wire};
pub use photo::{Attached, Photo, PhotoProblem};
pub use place::{Community, GeoPoint, Place};
pub use question::{Answer, AnswerKind, Answers, Choice, Question, ValidAnswers};
pub use rating::{Rating, Satisfaction};
pub use request::{is_read_key, Contact, FiledBy, IdempotencyKey, NewRequest, NotNow, Proof, Request, RequestId};
pub use sla::{SlaClass, SlaState};
pub use status::Status;
pub use storage::StorageError;
pub use text::Text;
pub use timeline::{Step, TimelineStep};
pub use validation::{FieldErrors, Problem};
pub use volunteer::{Helped, Neighbour, Volunteer};

/// Sorts a short list stably by `key` (insertion sort: the standard sort's code costs the wasm
/// several kilobytes per type, and these lists have a handful of items).
pub fn sort_few<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}
