//! Messages for the fields of one talk in a workshop block (`talks[2].abstract`): each
//! names the talk by its number on the form, so a summary of several talks reads clearly.

use super::{quantity, Key, Locale};
use cfp_core::{ErrorCode, EventConfig, FieldError, Unit};

/// The message for an error on one talk's field; None for any other field.
pub(super) fn message(l: &Locale, config: &EventConfig, error: &FieldError) -> Option<String> {
    let rest = error.field.strip_prefix("talks[")?;
    let (index, leaf) = rest.split_once("].")?;
    let n = index.parse::<usize>().ok()?.saturating_add(1);
    let (limit, actual) = (error.limit.unwrap_or(0), error.actual.unwrap_or(0));
    let unit = config
        .limit_for(&error.field)
        .map(|l| l.unit)
        .unwrap_or(Unit::Chars);
    let key = match (error.code, leaf) {
        (ErrorCode::Required, "title") => Key::TalkErrorRequiredTitle,
        (ErrorCode::Required, "speaker_name") => Key::TalkErrorRequiredSpeakerName,
        (ErrorCode::Required, "speaker_email") => Key::TalkErrorRequiredSpeakerEmail,
        (ErrorCode::InvalidEmail, _) => Key::TalkErrorInvalidEmail,
        (ErrorCode::Required, "abstract") => Key::TalkErrorRequiredAbstract,
        (ErrorCode::TooLong, _) => Key::TalkErrorTooLong,
        (ErrorCode::TooShort, _) => Key::TalkErrorTooShort,
        (ErrorCode::Required, "minutes") => Key::TalkErrorRequiredMinutes,
        (ErrorCode::TooSmall, "minutes") => Key::TalkErrorTooSmallMinutes,
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
