//! The rules of a call for proposals, shared by the widget (wasm32) and the endpoint server
//! (native): the event config, the proposal, `validate`, and the one definition of counting.
//!
//! Nothing here does IO, talks to the web or carries message text: errors are stable codes
//! that the widget and server turn into words.

pub mod config;
pub mod count;
pub mod deadline;
#[cfg(feature = "json")]
pub mod encode;
pub mod field;
pub mod field_error;
pub mod proposal;
pub mod question;
pub mod sample;
#[cfg(feature = "schema")]
pub mod schema;
pub mod validate;

pub use config::{
    CallState, ConfigError, Encoding, Endpoint, EventConfig, Format, Limit, Limits, ResponseMode,
    TalkRange, Track, Unit,
};
pub use count::{count, count_chars, count_words};
pub use deadline::Deadline;
pub use field::{Field, LimitKey, ProposalKey, SpeakerField, TalkField};
pub use field_error::{ErrorCode, FieldError};
pub use proposal::{Answer, Proposal, Speaker, Talk};
pub use question::{Question, QuestionKind, QuestionOption};
pub use validate::{normalised_email, validate};
