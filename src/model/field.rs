//! The fields of the resident's forms, named so a problem can be shown right next to its field.

/// A field of one of the resident's forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Description,
    Category,
    /// The chosen category's extra questions as a whole (e.g. they could not be loaded).
    Questions,
    /// The category's extra question at this index.
    Question(u16),
    Address,
    Community,
    Building,
    Unit,
    Name,
    Phone,
    /// The neighbour agreed to the request being filed for them (volunteer mode).
    Consent,
    Solved,
    Satisfaction,
    Comment,
    ReopenReason,
    TrackingNumber,
}
