//! Messages for answers to the organisers' own questions (`answers.<id>`): they quote the
//! question, since its label is the organisers' words and the speaker sees it on the form.

use super::{quantity, Key, Locale};
use cfp_core::{ErrorCode, EventConfig, FieldError, QuestionKind, Unit};

/// The message for an error on the answer to question `id`; None for a question this
/// config does not have (the generic message then applies).
pub(super) fn message(
    l: &Locale,
    config: &EventConfig,
    id: &str,
    error: &FieldError,
) -> Option<String> {
    let question = config.question(id)?;
    let label = l.tr(Key::AnswerQuoted, &[("label", question.label.trim())]);
    let (limit, actual) = (error.limit.unwrap_or(0), error.actual.unwrap_or(0));
    let unit = question.limit.map(|l| l.unit).unwrap_or(Unit::Chars);
    let bound = |b: Option<f64>| b.map(|b| l.num(b)).unwrap_or_default();
    let (counted, number) = (l.num(limit.into()), l.num(actual.into()));
    let (limit, bound) = match error.code {
        ErrorCode::TooLong | ErrorCode::TooShort => (quantity(l, limit, unit), String::new()),
        ErrorCode::TooSmall => (counted, bound(question.min)),
        ErrorCode::TooLarge => (counted, bound(question.max)),
        _ => (counted, String::new()),
    };
    let choice = matches!(
        question.kind,
        QuestionKind::Choice | QuestionKind::MultiChoice
    );
    let key = match (error.code, question.kind) {
        (ErrorCode::Required, _) if choice => Key::AnswerRequiredChoice,
        (ErrorCode::Required, QuestionKind::Bool) => Key::AnswerRequiredBool,
        (ErrorCode::Required, _) => Key::AnswerRequired,
        (ErrorCode::TooLong, _) => Key::AnswerTooLong,
        (ErrorCode::TooShort, _) => Key::AnswerTooShort,
        (ErrorCode::TooFew, _) => Key::AnswerTooFew,
        (ErrorCode::TooMany, _) => Key::AnswerTooMany,
        (ErrorCode::TooSmall, _) => Key::AnswerTooSmall,
        (ErrorCode::TooLarge, _) => Key::AnswerTooLarge,
        (ErrorCode::UnknownChoice, _) => Key::AnswerUnknownChoice,
        (ErrorCode::InvalidUrl, _) => Key::AnswerInvalidUrl,
        (ErrorCode::Invalid, QuestionKind::Number) => Key::AnswerInvalidNumber,
        (ErrorCode::Invalid, QuestionKind::Bool) => Key::AnswerInvalidBool,
        (ErrorCode::Invalid, _) if choice => Key::AnswerInvalidChoice,
        (ErrorCode::Invalid, _) => Key::AnswerInvalidText,
        (ErrorCode::NotApplicable, _) => Key::AnswerNotApplicable,
        _ => return None,
    };
    Some(l.tr(
        key,
        &[
            ("label", &label),
            ("limit", &limit),
            ("actual", &number),
            ("bound", &bound),
        ],
    ))
}

/// The hint on a multi_choice question's picks: "Choose 1 to 3", "Choose up to 2".
pub fn picks_hint(l: &Locale, min: Option<f64>, max: Option<f64>) -> Option<String> {
    // Config checks make these whole numbers.
    let (min, max) = (min.filter(|&m| m >= 1.0), max);
    let key = match (min, max) {
        (Some(min), Some(max)) if min == max => Key::HintPicksExactly,
        (Some(_), Some(_)) => Key::HintPicksRange,
        (Some(_), None) => Key::HintPicksMin,
        (None, Some(_)) => Key::HintPicksMax,
        (None, None) => return None,
    };
    Some(bounds(l, key, min, max))
}

/// The hint on a number question's bounds: "Enter a number from 0.5 to 40".
pub fn number_hint(l: &Locale, min: Option<f64>, max: Option<f64>) -> Option<String> {
    let key = match (min, max) {
        (Some(_), Some(_)) => Key::HintNumberRange,
        (Some(_), None) => Key::HintNumberMin,
        (None, Some(_)) => Key::HintNumberMax,
        (None, None) => return None,
    };
    Some(bounds(l, key, min, max))
}

fn bounds(l: &Locale, key: Key, min: Option<f64>, max: Option<f64>) -> String {
    let n = |b: Option<f64>| b.map(|b| l.num(b)).unwrap_or_default();
    l.tr(key, &[("min", &n(min)), ("max", &n(max))])
}
