//! Messages for the fields of one talk in a workshop block (`talks[2].abstract`): each
//! names the talk by its number on the form, so a summary of several talks reads clearly.

use super::{quantity, Key, Locale};
use cfp_core::{ErrorCode, EventConfig, FieldError, TalkField, Unit};

/// The message for an error on one talk's field; None for any other field.
pub(super) fn message(
    l: &Locale,
    config: &EventConfig,
    index: usize,
    leaf: TalkField,
    error: &FieldError,
) -> Option<String> {
    let n = index.saturating_add(1);
    let (limit, actual) = (error.limit.unwrap_or(0), error.actual.unwrap_or(0));
    let unit = config
        .limit_for(&error.field)
        .map(|l| l.unit)
        .unwrap_or(Unit::Chars);
    let key = match (error.code, leaf) {
        (ErrorCode::Required, TalkField::Title) => Key::TalkErrorRequiredTitle,
        (ErrorCode::Required, TalkField::SpeakerName) => Key::TalkErrorRequiredSpeakerName,
        (ErrorCode::Required, TalkField::SpeakerEmail) => Key::TalkErrorRequiredSpeakerEmail,
        (ErrorCode::InvalidEmail, _) => Key::TalkErrorInvalidEmail,
        (ErrorCode::Required, TalkField::Abstract) => Key::TalkErrorRequiredAbstract,
        (ErrorCode::TooLong, _) => Key::TalkErrorTooLong,
        (ErrorCode::TooShort, _) => Key::TalkErrorTooShort,
        (ErrorCode::Required, TalkField::Minutes) => Key::TalkErrorRequiredMinutes,
        (ErrorCode::TooSmall, TalkField::Minutes) => Key::TalkErrorTooSmallMinutes,
        _ => return None,
    };
    Some(l.tr(
        key,
        &[
            ("talk", &n.to_string()),
            ("limit", &quantity(l, limit, unit)),
            ("actual", &l.num(actual.into())),
        ],
    ))
}
