//! When the call accepts proposals: from `opens_at` (if any) to `deadline` (if any), both
//! seconds included, on whichever clock the caller trusts (the server's own, the browser's).
//! And until when a sent proposal may be changed or withdrawn: `edits_until`, else the
//! deadline, that second included too.

use super::EventConfig;
use crate::deadline::Deadline;

/// Where the call stands at a given moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallState {
    /// Before `opens_at`.
    NotYetOpen,
    Open,
    /// After `deadline`.
    Closed,
}

impl EventConfig {
    /// Whether the call has closed at `now_unix_seconds` (the deadline itself is still open).
    pub fn is_closed(&self, now_unix_seconds: i64) -> bool {
        self.deadline
            .as_ref()
            .is_some_and(|d| now_unix_seconds > d.unix_seconds())
    }

    /// Whether the call has not opened yet at `now_unix_seconds` (`opens_at` itself is open).
    pub fn is_not_yet_open(&self, now_unix_seconds: i64) -> bool {
        self.opens_at
            .as_ref()
            .is_some_and(|o| now_unix_seconds < o.unix_seconds())
    }

    /// Whether proposals are accepted at `now_unix_seconds`.
    pub fn is_open_at(&self, now_unix_seconds: i64) -> bool {
        self.state_at(now_unix_seconds) == CallState::Open
    }

    pub fn state_at(&self, now_unix_seconds: i64) -> CallState {
        if self.is_not_yet_open(now_unix_seconds) {
            CallState::NotYetOpen
        } else if self.is_closed(now_unix_seconds) {
            CallState::Closed
        } else {
            CallState::Open
        }
    }

    /// When changes and withdrawals end: `edits_until`, else the deadline; `None`: never.
    pub fn edits_end(&self) -> Option<&Deadline> {
        self.edits_until.as_ref().or(self.deadline.as_ref())
    }

    /// Whether a sent proposal may still be changed or withdrawn at `now_unix_seconds`.
    pub fn edits_open_at(&self, now_unix_seconds: i64) -> bool {
        self.edits_end()
            .is_none_or(|end| now_unix_seconds <= end.unix_seconds())
    }
}
