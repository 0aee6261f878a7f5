//! Messages for answers to the organisers' own questions (`answers.<id>`): they quote the
//! question, since its label is the organisers' words and the speaker sees it on the form.

use super::quantity;
use cfp_core::{ErrorCode, EventConfig, FieldError, QuestionKind, Unit};

/// The message for an error on the answer to question `id`; None for a question this
/// config does not have (the generic message then applies).
pub(super) fn message(config: &EventConfig, id: &str, error: &FieldError) -> Option<String> {
    let question = config.question(id)?;
    let label = format!("“{}”", question.label.trim());
    let (limit, actual) = (error.limit.unwrap_or(0), error.actual.unwrap_or(0));
    let unit = question.limit.map(|l| l.unit).unwrap_or(Unit::Chars);
    let bound = |b: Option<f64>| b.map(|b| b.to_string()).unwrap_or_default();
    Some(match (error.code, question.kind) {
        (ErrorCode::Required, QuestionKind::Choice | QuestionKind::MultiChoice) => {
            format!("Choose an answer to {label}")
        }
        (ErrorCode::Required, QuestionKind::Bool) => format!("Answer yes or no to {label}"),
        (ErrorCode::Required, _) => format!("Answer {label}"),
        (ErrorCode::TooLong, _) => format!(
            "Your answer to {label} must be {} or fewer; you have {actual}",
            quantity(limit, unit)
        ),
        (ErrorCode::TooShort, _) => format!(
            "Your answer to {label} must be {} or more; you have {actual}",
            quantity(limit, unit)
        ),
        (ErrorCode::TooFew, _) => {
            format!("Choose at least {limit} answers to {label}; you have chosen {actual}")
        }
        (ErrorCode::TooMany, _) => {
            format!("Choose at most {limit} answers to {label}; you have chosen {actual}")
        }
        (ErrorCode::TooSmall, _) => format!(
            "Enter a number of {} or more for {label}",
            bound(question.min)
        ),
        (ErrorCode::TooLarge, _) => format!(
            "Enter a number of {} or less for {label}",
            bound(question.max)
        ),
        (ErrorCode::UnknownChoice, _) => format!("Choose one of the options listed for {label}"),
        (ErrorCode::InvalidUrl, _) => format!(
            "Enter a web address for {label} in the correct format, like https://example.org"
        ),
        (ErrorCode::Invalid, QuestionKind::Number) => format!("Enter a number for {label}"),
        (ErrorCode::Invalid, QuestionKind::Bool) => format!("Choose yes or no for {label}"),
        (ErrorCode::Invalid, QuestionKind::Choice | QuestionKind::MultiChoice) => {
            format!("Choose from the options listed for {label}, each once")
        }
        (ErrorCode::Invalid, _) => format!("Answer {label} in words"),
        (ErrorCode::NotApplicable, _) => {
            format!("{label} is not asked for the format or track you chose; remove the answer")
        }
        _ => return None,
    })
}

/// The hint on a multi_choice question's picks: "Choose 1 to 3", "Choose up to 2".
pub fn picks_hint(min: Option<f64>, max: Option<f64>) -> Option<String> {
    // Config checks make these whole numbers.
    let (min, max) = (min.map(|m| m as u32), max.map(|m| m as u32));
    match (min.filter(|&m| m > 0), max) {
        (Some(min), Some(max)) if min == max => Some(format!("Choose {min}")),
        (Some(min), Some(max)) => Some(format!("Choose {min} to {max}")),
        (Some(min), None) => Some(format!("Choose at least {min}")),
        (None, Some(max)) => Some(format!("Choose up to {max}")),
        (None, None) => None,
    }
}

/// The hint on a number question's bounds: "Enter a number from 0.5 to 40".
pub fn number_hint(min: Option<f64>, max: Option<f64>) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) => Some(format!("Enter a number from {min} to {max}")),
        (Some(min), None) => Some(format!("Enter a number of {min} or more")),
        (None, Some(max)) => Some(format!("Enter a number of {max} or less")),
        (None, None) => None,
    }
}
