//! Where a proposal is on its way to the endpoint: the states of the send and the answers
//! that move between them. Plain data: the reducer in `state.rs` makes the moves, and
//! `submit.rs` performs the fetches and timers each state calls for.

use cfp_core::FieldError;
use std::rc::Rc;

/// The first attempt plus three retries.
pub const MAX_ATTEMPTS: u32 = 4;

/// How long to wait before `attempt` (2, 3, 4): 1 s, 2 s, 4 s.
pub fn backoff_ms(attempt: u32) -> u32 {
    1_000 << attempt.saturating_sub(2).min(4)
}

/// The send's state. `run` numbers every request and every wait, so that an effect runs
/// once per request and a late answer to an earlier one is recognised and dropped.
#[derive(Clone, Debug, PartialEq)]
pub enum Submission {
    /// Nothing on its way: the speaker is writing (or fixing what the server refused).
    Editing,
    /// A request is in flight.
    Sending { attempt: u32, run: u32 },
    /// The last attempt did not get through; the next one starts after `delay_ms`.
    Waiting {
        attempt: u32,
        delay_ms: u32,
        run: u32,
    },
    /// The browser says it is offline; the next attempt starts when it is back online.
    Offline { attempt: u32, run: u32 },
    /// The endpoint refused the proposal, or every attempt failed. The draft is kept.
    Failed(SendFailure),
    /// Delivered (or, for opaque endpoints, handed over). The form is locked.
    Sent(Rc<Receipt>),
}

impl Submission {
    /// Whether a Submit may start a send now; a second click while one is under way, or
    /// after success, must not send the proposal twice.
    pub fn accepts_submit(&self) -> bool {
        matches!(self, Submission::Editing | Submission::Failed(_))
    }
}

/// Why a proposal was not sent, in terms the speaker can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendFailure {
    /// 403 `cfp_closed`.
    Closed,
    /// 403 `cfp_not_open`: the server's clock says the call has not opened.
    NotOpen,
    /// 413.
    TooLarge,
    /// 429, with Retry-After in seconds when the server gave one.
    RateLimited { retry_after_s: Option<u32> },
    /// 400: the server could not read the request.
    Malformed,
    /// 404 `unknown_event`: the page points at the wrong endpoint or event.
    UnknownEvent,
    /// 404 (not the reference server's `unknown_event`), 405 or 501: the address is not a
    /// form endpoint at all (a static host, a typo): the config is wrong, not the draft.
    WrongEndpoint(u16),
    /// No answer from a cfp-server that, checked at mount, does not list this page's
    /// origin in `allowed_origins`: the browser blocks the POST (CORS).
    OriginRefused,
    /// 415: the endpoint does not take this encoding.
    Unsupported,
    /// 422 `too_many_proposals`: a speaker on it already has the event's most proposals
    /// per speaker (`limits.proposals_per_speaker`, the number when the server said it).
    TooManyProposals { limit: Option<u32> },
    /// 412 `stale_version`: the proposal changed elsewhere since this form opened it.
    Stale,
    /// 409 `proposal_withdrawn`: a change to a withdrawn proposal.
    Withdrawn,
    /// 403 `cfp_closed` to a change or withdrawal: `edits_until` (or the deadline) passed.
    EditsClosed,
    /// Any other refusal, by HTTP status.
    Refused(u16),
    /// Network errors or timeouts on every attempt: the server never answered.
    Unreachable,
    /// 503 `storage_unavailable` on the last attempt: the server answered, but cannot
    /// store proposals now (a full disk, its database down).
    StorageUnavailable,
    /// Another 5xx on the last attempt: the server answered with an error of its own.
    ServerError(u16),
}

/// What the speaker keeps after a send: shown in the receipt panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// False for opaque endpoints: sent, but nobody confirmed it arrived.
    pub confirmed: bool,
    pub id: Option<String>,
    /// RFC 3339, as the server wrote it.
    pub received_at: Option<String>,
    pub title: String,
    /// The proposal as pretty JSON, for "Download a copy".
    pub copy: String,
    pub kind: ReceiptKind,
    /// The private link's token, when the server gave one (or the link opened it).
    pub token: Option<String>,
}

impl Receipt {
    /// The proposal's private link: the event's page with its reference and token.
    pub fn link(&self, page_url: Option<&str>) -> Option<String> {
        match (page_url, &self.id, &self.token) {
            (Some(page), Some(id), Some(token)) => Some(super::link(page, id, token)),
            _ => None,
        }
    }
}

/// What the receipt confirms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiptKind {
    /// A new proposal.
    Received,
    /// A change, saved as this version.
    Saved {
        version: i64,
    },
    Withdrawn,
}

impl SendFailure {
    /// A stable name for the host page's `cfp:error` event (see host_events).
    pub fn code(&self) -> &'static str {
        match self {
            SendFailure::Closed => "closed",
            SendFailure::NotOpen => "not_open",
            SendFailure::TooLarge => "too_large",
            SendFailure::RateLimited { .. } => "rate_limited",
            SendFailure::Malformed => "malformed",
            SendFailure::UnknownEvent => "unknown_event",
            SendFailure::WrongEndpoint(_) => "wrong_endpoint",
            SendFailure::OriginRefused => "cors",
            SendFailure::Unsupported => "unsupported",
            SendFailure::TooManyProposals { .. } => "too_many_proposals",
            SendFailure::Stale => "stale_version",
            SendFailure::Withdrawn => "proposal_withdrawn",
            SendFailure::EditsClosed => "edits_closed",
            SendFailure::Refused(_) => "refused",
            SendFailure::Unreachable => "unreachable",
            SendFailure::StorageUnavailable => "storage_unavailable",
            SendFailure::ServerError(_) => "server_error",
        }
    }

    /// Whether trying the same request again later may succeed, so "Try again" is offered.
    pub fn is_temporary(&self) -> bool {
        matches!(
            self,
            SendFailure::Unreachable
                | SendFailure::StorageUnavailable
                | SendFailure::ServerError(_)
        )
    }
}

/// The endpoint's answer to one request, already classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// 2xx. The reference server names the proposal; generic endpoints may not.
    Accepted {
        id: Option<String>,
        received_at: Option<String>,
        /// The reference server's private-link token (a new proposal's receipt).
        edit_token: Option<String>,
        /// The version a change saved (the answer to a `PUT` or a withdrawal).
        version: Option<i64>,
    },
    /// A `no-cors` request resolved: the answer cannot be read.
    Unconfirmed,
    /// 422 with the same field errors local validation produces.
    Invalid(Vec<FieldError>),
    /// A 4xx that retrying will not fix.
    Refused(SendFailure),
    /// Network error, timeout or 5xx: worth another attempt. `offline` is the browser's
    /// `navigator.onLine` turned round, read when the attempt failed; `failure` is what
    /// the speaker reads if it was the last attempt.
    Transient { offline: bool, failure: SendFailure },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_one_second() {
        assert_eq!(
            [2, 3, 4].map(backoff_ms),
            [1_000, 2_000, 4_000],
            "waits before attempts 2, 3 and 4"
        );
    }
}
