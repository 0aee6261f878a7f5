//! The one vocabulary of validation errors, shared by the widget and the server's 422 answer:
//! `{ "field": "speakers[0].email", "code": "invalid_email" }`, with `limit` and `actual`
//! for the codes that compare a count against a bound.

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
    /// More entries than `limit` (e.g. speakers).
    TooMany,
    /// The chosen format is not one of the event's formats.
    UnknownFormat,
    /// The chosen track is not one of the event's tracks.
    UnknownTrack,
    /// Not an email address.
    InvalidEmail,
}

impl ErrorCode {
    /// Every code, for tests and catalogues that must cover them all.
    pub const ALL: [ErrorCode; 7] = [
        ErrorCode::Required,
        ErrorCode::TooLong,
        ErrorCode::TooShort,
        ErrorCode::TooMany,
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
