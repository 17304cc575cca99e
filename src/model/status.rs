//! Where a request is in the 12345 loop.

use serde::{Deserialize, Serialize};

/// The 12345 steps a request passes (received → dispatched → in progress → resolved → rated),
/// with `Reopened` for a request the resident sent back (重办).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 受理: accepted, has a tracking number.
    Received,
    /// 派单: sent to the street office or a department.
    Dispatched,
    /// 办理: being handled on site.
    InProgress,
    /// 办结: the office has answered; waiting for the resident's rating.
    Resolved,
    /// 已评价: the resident has rated it.
    Closed,
    /// 重办: sent back by the resident to be handled again.
    Reopened,
}

impl Status {
    /// Still being worked on by the office (Open311 `open`).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }

    /// Stable code, as stored (snake_case).
    pub fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Dispatched => "dispatched",
            Status::InProgress => "in_progress",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::Reopened => "reopened",
        }
    }

    /// The Open311 GeoReport v2 status word.
    pub fn open311(self) -> &'static str {
        if self.is_open() {
            "open"
        } else {
            "closed"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_and_closed_follow_open311() {
        for s in [Status::Received, Status::Dispatched, Status::InProgress, Status::Reopened] {
            assert!(s.is_open());
            assert_eq!(s.open311(), "open");
        }
        for s in [Status::Resolved, Status::Closed] {
            assert!(!s.is_open());
            assert_eq!(s.open311(), "closed");
        }
        for s in [Status::Received, Status::Dispatched, Status::InProgress, Status::Resolved, Status::Closed, Status::Reopened] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
    }
}
