//! The one vocabulary of validation errors, shared by the widget and the server's 422 answer:
//! `{ "field": "speakers[0].email", "code": "invalid_email" }`, with `limit` and `actual`
//! for the codes that compare a count against a bound.
//!
//! `limit` and `actual` are whole numbers. A `number` question's bounds may not be, so its
//! `too_small`/`too_large` carry neither: the bound is the question's `min`/`max` in the
//! config, which the widget has (`EventConfig::question`).

use serde::{Deserialize, Serialize};

/// A stable identifier for what is wrong. Messages are rendered from these by the widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The field is empty but must be filled (or a checkbox must be ticked).
    Required,
    /// Longer than `limit` (in the field's unit); `actual` is the count.
    TooLong,
    /// Shorter than `limit` (in the field's unit); `actual` is the count.
    TooShort,
    /// More entries than `limit` (speakers, talks, picks).
    TooMany,
    /// Fewer entries than `limit` (talks, picks).
    TooFew,
    /// The talks' minutes add up to `actual`, more than the block's `limit`.
    OverTime,
    /// Below the smallest value allowed (`limit` when it is a whole number of minutes).
    TooSmall,
    /// Above the largest value allowed (a number question's `max`).
    TooLarge,
    /// The same value as an earlier entry (a speaker's email).
    Duplicate,
    /// Given where it does not belong: talks for a format without them, an answer to an
    /// unknown question or to one that does not apply to the chosen format or track.
    NotApplicable,
    /// The wrong kind of answer for the question (text for a yes/no question, ...).
    Invalid,
    /// A choice that is not one of the question's options.
    UnknownChoice,
    /// Not an http(s) address.
    InvalidUrl,
    /// The chosen format is not one of the event's formats.
    UnknownFormat,
    /// The chosen track is not one of the event's tracks.
    UnknownTrack,
    /// Not an email address.
    InvalidEmail,
}

impl ErrorCode {
    /// Every code, for tests and catalogues that must cover them all.
    pub const ALL: [ErrorCode; 16] = [
        ErrorCode::Required,
        ErrorCode::TooLong,
        ErrorCode::TooShort,
        ErrorCode::TooMany,
        ErrorCode::TooFew,
        ErrorCode::OverTime,
        ErrorCode::TooSmall,
        ErrorCode::TooLarge,
        ErrorCode::Duplicate,
        ErrorCode::NotApplicable,
        ErrorCode::Invalid,
        ErrorCode::UnknownChoice,
        ErrorCode::InvalidUrl,
        ErrorCode::UnknownFormat,
        ErrorCode::UnknownTrack,
        ErrorCode::InvalidEmail,
    ];

    /// The identifier as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Required => "required",
            ErrorCode::TooLong => "too_long",
            ErrorCode::TooShort => "too_short",
            ErrorCode::TooMany => "too_many",
            ErrorCode::TooFew => "too_few",
            ErrorCode::OverTime => "over_time",
            ErrorCode::TooSmall => "too_small",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::NotApplicable => "not_applicable",
            ErrorCode::Invalid => "invalid",
            ErrorCode::UnknownChoice => "unknown_choice",
            ErrorCode::InvalidUrl => "invalid_url",
            ErrorCode::UnknownFormat => "unknown_format",
            ErrorCode::UnknownTrack => "unknown_track",
            ErrorCode::InvalidEmail => "invalid_email",
        }
    }
}

/// One problem with one field of a proposal. `field` is a path such as `title` or
/// `speakers[0].email`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<u32>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: ErrorCode) -> Self {
        FieldError {
            field: field.into(),
            code,
            limit: None,
            actual: None,
        }
    }

    pub fn bounded(field: impl Into<String>, code: ErrorCode, limit: u32, actual: u32) -> Self {
        FieldError {
            field: field.into(),
            code,
            limit: Some(limit),
            actual: Some(actual),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_in_the_shared_shape() {
        let err = FieldError::bounded("talks[2].abstract", ErrorCode::TooLong, 300, 342);
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"field":"talks[2].abstract","code":"too_long","limit":300,"actual":342}"#
        );
        let err = FieldError::new("title", ErrorCode::Required);
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"field":"title","code":"required"}"#
        );
    }

    #[test]
    fn as_str_matches_serde() {
        for code in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{}\"", code.as_str())
            );
        }
    }
}
