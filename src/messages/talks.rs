//! Messages for the fields of one talk in a workshop block (`talks[2].abstract`): each
//! names the talk by its number on the form, so a summary of several talks reads clearly.

use super::quantity;
use cfp_core::{ErrorCode, EventConfig, FieldError, Unit};

/// The message for an error on one talk's field; None for any other field.
pub(super) fn message(config: &EventConfig, error: &FieldError) -> Option<String> {
    let rest = error.field.strip_prefix("talks[")?;
    let (index, leaf) = rest.split_once("].")?;
    let n = index.parse::<usize>().ok()?.saturating_add(1);
    let (limit, actual) = (error.limit.unwrap_or(0), error.actual.unwrap_or(0));
    let unit = config
        .limit_for(&error.field)
        .map(|l| l.unit)
        .unwrap_or(Unit::Chars);
    Some(match (error.code, leaf) {
        (ErrorCode::Required, "title") => format!("Enter a title for talk {n}"),
        (ErrorCode::Required, "speaker_name") => format!("Enter the speaker's name for talk {n}"),
        (ErrorCode::Required, "speaker_email") => {
            format!("Enter the speaker's email address for talk {n}")
        }
        (ErrorCode::InvalidEmail, _) => format!(
            "Enter the email address for talk {n} in the correct format, like name@example.com"
        ),
        (ErrorCode::Required, "abstract") => format!("Enter an abstract for talk {n}"),
        (ErrorCode::TooLong, _) => format!(
            "The abstract of talk {n} must be {} or fewer; you have {actual}",
            quantity(limit, unit)
        ),
        (ErrorCode::TooShort, _) => format!(
            "The abstract of talk {n} must be {} or more; you have {actual}",
            quantity(limit, unit)
        ),
        (ErrorCode::Required, "minutes") => format!("Enter how many minutes talk {n} lasts"),
        (ErrorCode::TooSmall, "minutes") => format!("Talk {n} must last at least 1 minute"),
        _ => return None,
    })
}
