//! The one vocabulary of validation errors, shared by the widget and the server's 422 answer:
//! `{ "field": "speakers[0].email", "code": "invalid_email" }`, with `limit` and `actual`
//! for the codes that compare a count against a bound.
//!
//! `limit` and `actual` are whole numbers. A `number` question's bounds may not be, so its
//! `too_small`/`too_large` carry neither: the bound is the question's `min`/`max` in the
//! config, which the widget has (`EventConfig::question`).

use crate::field::Field;
use serde::{Deserialize, Serialize};

crate::wire_names! {
    serde
    /// A stable identifier for what is wrong. Messages are rendered from these by the widget.
    pub enum ErrorCode {
        /// The field is empty but must be filled (or a checkbox must be ticked).
        Required = "required",
        /// Longer than `limit` (in the field's unit); `actual` is the count.
        TooLong = "too_long",
        /// Shorter than `limit` (in the field's unit); `actual` is the count.
        TooShort = "too_short",
        /// More entries than `limit` (speakers, talks, picks).
        TooMany = "too_many",
        /// Fewer entries than `limit` (talks, picks).
        TooFew = "too_few",
        /// The talks' minutes add up to `actual`, more than the block's `limit`.
        OverTime = "over_time",
        /// Below the smallest value allowed (`limit` when it is a whole number of minutes).
        TooSmall = "too_small",
        /// Above the largest value allowed (a number question's `max`).
        TooLarge = "too_large",
        /// The same value as an earlier entry (a speaker's email).
        Duplicate = "duplicate",
        /// Given where it does not belong: talks for a format without them, an answer to an
        /// unknown question or to one that does not apply to the chosen format or track.
        NotApplicable = "not_applicable",
        /// The wrong kind of answer for the question (text for a yes/no question, ...).
        Invalid = "invalid",
        /// A choice that is not one of the question's options.
        UnknownChoice = "unknown_choice",
        /// Not an http(s) address.
        InvalidUrl = "invalid_url",
        /// The chosen format is not one of the event's formats.
        UnknownFormat = "unknown_format",
        /// The chosen track is not one of the event's tracks.
        UnknownTrack = "unknown_track",
        /// Not an email address.
        InvalidEmail = "invalid_email",
    }
}

/// One problem with one field of a proposal. `field` travels as its path, such as `title`
/// or `speakers[0].email`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<u32>,
}

impl FieldError {
    pub fn new(field: Field, code: ErrorCode) -> Self {
        FieldError {
            field,
            code,
            limit: None,
            actual: None,
        }
    }

    pub fn bounded(field: Field, code: ErrorCode, limit: u32, actual: u32) -> Self {
        FieldError {
            field,
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
        let err = FieldError::bounded(
            Field::Talk(2, crate::field::TalkField::Abstract),
            ErrorCode::TooLong,
            300,
            342,
        );
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"field":"talks[2].abstract","code":"too_long","limit":300,"actual":342}"#
        );
        let err = FieldError::new(Field::Title, ErrorCode::Required);
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"field":"title","code":"required"}"#
        );
    }

    #[test]
    fn an_error_reads_back_and_a_path_that_names_no_field_is_refused() {
        let err: FieldError = serde_json::from_str(
            r#"{"field":"speakers[1].bio","code":"too_long","limit":5,"actual":6}"#,
        )
        .unwrap();
        assert_eq!(err.field, "speakers[1].bio");
        assert_eq!(err.code, ErrorCode::TooLong);
        let bad = serde_json::from_str::<FieldError>(r#"{"field":"website","code":"required"}"#);
        assert!(bad
            .unwrap_err()
            .to_string()
            .contains("\"website\" is not a field"));
        let bad = serde_json::from_str::<FieldError>(r#"{"field":"title","code":"too_cold"}"#);
        assert!(bad
            .unwrap_err()
            .to_string()
            .contains("unknown variant `too_cold`"));
    }

    #[test]
    fn as_str_matches_serde() {
        for &code in ErrorCode::ALL {
            assert_eq!(
                serde_json::to_string(&code).unwrap(),
                format!("\"{}\"", code.as_str())
            );
        }
    }
}
