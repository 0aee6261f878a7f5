//! Every sentence the widget shows a speaker, rendered from cfp-core's error codes and
//! counts through the catalogue of the widget's locale (`locales/*.txt`, see `catalogue`).

mod answers;
mod catalogue;
pub mod lists;
pub mod schedule;
mod talks;

pub use answers::{number_hint, picks_hint};
pub use catalogue::{Key, Lang, Locale};

use crate::state::{SendFailure, Submission, MAX_ATTEMPTS};
use cfp_core::{ErrorCode, EventConfig, Field, FieldError, Limit, SpeakerField, TalkField, Unit};

/// The message for one field error: what is wrong and how to fix it.
pub fn error_message(l: &Locale, config: &EventConfig, error: &FieldError) -> String {
    let message = match &error.field {
        Field::Answer(id) => answers::message(l, config, id, error),
        Field::Talk(i, leaf) => talks::message(l, config, *i, *leaf, error),
        _ => None,
    };
    if let Some(message) = message {
        return message;
    }
    let field = &error.field;
    let unit = config
        .limit_for(field)
        .map(|l| l.unit)
        .unwrap_or(Unit::Chars);
    let (limit, actual) = (error.limit.unwrap_or(0), error.actual.unwrap_or(0));
    let (limit_n, actual_n) = (l.num(limit.into()), l.num(actual.into()));
    let bounded = |key| {
        l.tr(
            key,
            &[
                ("field", &field_name(l, field)),
                ("limit", &quantity(l, limit, unit)),
                ("actual", &actual_n),
            ],
        )
    };
    let counted = |key| {
        l.tr(
            key,
            &[
                ("limit", &limit_n),
                ("actual", &actual_n),
                ("excess", &l.num(actual.saturating_sub(limit).into())),
            ],
        )
    };
    use SpeakerField::{Bio, Email, Name};
    let key = match (error.code, field) {
        (ErrorCode::Required, Field::Title) => Key::ErrorRequiredTitle,
        (ErrorCode::Required, Field::Format) => Key::ErrorRequiredFormat,
        (ErrorCode::Required, Field::Track) => Key::ErrorRequiredTrack,
        (ErrorCode::Required, Field::Abstract) => Key::ErrorRequiredAbstract,
        (ErrorCode::Required, Field::Description) => Key::ErrorRequiredDescription,
        // The first speaker is the one filling in the form.
        (ErrorCode::Required, Field::Speaker(0, Name)) => Key::ErrorRequiredYourName,
        (ErrorCode::Required, Field::Speaker(_, Name)) => Key::ErrorRequiredSpeakerName,
        (ErrorCode::Required, Field::Speaker(0, Email)) => Key::ErrorRequiredYourEmail,
        (ErrorCode::Required, Field::Speaker(_, Email)) => Key::ErrorRequiredSpeakerEmail,
        (ErrorCode::Required, Field::Speaker(_, Bio)) => Key::ErrorRequiredBio,
        (ErrorCode::Required, Field::CodeOfConduct) => Key::ErrorRequiredCodeOfConduct,
        (ErrorCode::Required, _) => Key::ErrorRequiredGeneric,
        (ErrorCode::TooLong, _) => return bounded(Key::ErrorTooLong),
        (ErrorCode::TooShort, _) => return bounded(Key::ErrorTooShort),
        (ErrorCode::TooMany, Field::Talks) => return counted(Key::ErrorTooManyTalks),
        (ErrorCode::TooMany, _) => return counted(Key::ErrorTooManySpeakers),
        (ErrorCode::TooFew, Field::Talks) => return counted(Key::ErrorTooFewTalks),
        (ErrorCode::TooFew, _) => return counted(Key::ErrorTooFew),
        (ErrorCode::OverTime, _) => return counted(Key::ErrorOverTime),
        (ErrorCode::TooSmall, _) => return counted(Key::ErrorTooSmall),
        (ErrorCode::TooLarge, _) => return counted(Key::ErrorTooLarge),
        (ErrorCode::Duplicate, Field::Speaker(_, Email)) => Key::ErrorDuplicateEmail,
        (ErrorCode::Duplicate, _) => Key::ErrorDuplicate,
        (ErrorCode::NotApplicable, Field::Talks) => Key::ErrorNotApplicableTalks,
        (ErrorCode::NotApplicable, _) => Key::ErrorNotApplicable,
        (ErrorCode::Invalid, _) => Key::ErrorInvalid,
        (ErrorCode::UnknownChoice, _) => Key::ErrorUnknownChoice,
        (ErrorCode::InvalidUrl, _) => Key::ErrorInvalidUrl,
        (ErrorCode::UnknownFormat, _) => Key::ErrorUnknownFormat,
        (ErrorCode::UnknownTrack, _) => Key::ErrorUnknownTrack,
        (ErrorCode::InvalidEmail, _) => Key::ErrorInvalidEmail,
    };
    l.tr(key, &[])
}

/// The static hint under a counted field: "You can enter up to 300 words".
pub fn limit_hint(l: &Locale, limit: &Limit) -> Option<String> {
    let q = |n| quantity(l, n, limit.unit);
    Some(match (limit.min, limit.max) {
        (Some(min), Some(max)) if min > 0 => l.tr(
            Key::CountHintRange,
            &[("min", &l.num(min.into())), ("max", &q(max))],
        ),
        (_, Some(max)) => l.tr(Key::CountHintMax, &[("max", &q(max))]),
        (Some(min), None) => l.tr(Key::CountHintMin, &[("min", &q(min))]),
        (None, None) => return None,
    })
}

/// The live count under a counted field: "You have 12 words remaining" / "... too many".
pub fn count_status(l: &Locale, limit: &Limit, count: u32) -> Option<String> {
    let max = limit.max?;
    Some(if count <= max {
        let left = max - count;
        let count = quantity(l, left, limit.unit);
        l.plural(Key::CountRemaining, left, &[("count", &count)])
    } else {
        let over = count - max;
        let count = quantity(l, over, limit.unit);
        l.plural(Key::CountOver, over, &[("count", &count)])
    })
}

/// "1 word", "300 words", "1,000 characters" (the number as the locale writes it).
pub fn quantity(l: &Locale, n: u32, unit: Unit) -> String {
    let key = match unit {
        Unit::Words => Key::UnitWords,
        Unit::Chars => Key::UnitChars,
    };
    l.plural(key, n, &[])
}

/// What the live region by the Submit button says while a proposal is on its way.
pub fn send_status(l: &Locale, submission: &Submission) -> String {
    let max = MAX_ATTEMPTS.to_string();
    match *submission {
        Submission::Sending { attempt: 1, .. } => l.tr(Key::SendSending, &[]),
        Submission::Sending { attempt, .. } => l.tr(
            Key::SendSendingAttempt,
            &[("attempt", &attempt.to_string()), ("max", &max)],
        ),
        Submission::Waiting {
            attempt, delay_ms, ..
        } => l.tr(
            Key::SendWaiting,
            &[
                ("wait", &wait(l, delay_ms / 1_000)),
                ("attempt", &attempt.to_string()),
                ("max", &max),
            ],
        ),
        Submission::Offline { .. } => l.tr(Key::SendOffline, &[]),
        _ => String::new(),
    }
}

/// Why a proposal was not sent and what to do; the draft is always kept.
pub fn send_failure(l: &Locale, failure: &SendFailure) -> String {
    let (key, name, value) = match *failure {
        SendFailure::Closed => (Key::SendFailedClosed, "", String::new()),
        SendFailure::NotOpen => (Key::SendFailedNotOpen, "", String::new()),
        SendFailure::TooLarge => (Key::SendFailedTooLarge, "", String::new()),
        SendFailure::RateLimited {
            retry_after_s: Some(s),
        } => (Key::SendFailedRateLimited, "wait", wait(l, s)),
        SendFailure::RateLimited {
            retry_after_s: None,
        } => (Key::SendFailedRateLimitedLater, "", String::new()),
        SendFailure::Malformed => (Key::SendFailedMalformed, "", String::new()),
        SendFailure::UnknownEvent => (Key::SendFailedUnknownEvent, "", String::new()),
        SendFailure::OriginRefused => (Key::SendFailedOriginRefused, "", String::new()),
        SendFailure::WrongEndpoint(status) => {
            (Key::SendFailedWrongEndpoint, "status", status.to_string())
        }
        SendFailure::Unsupported => (Key::SendFailedUnsupported, "", String::new()),
        SendFailure::TooManyProposals { limit: Some(n) } => {
            (Key::SendFailedTooManyProposals, "limit", n.to_string())
        }
        SendFailure::TooManyProposals { limit: None } => {
            (Key::SendFailedTooManyProposalsAny, "", String::new())
        }
        SendFailure::Stale => (Key::SendFailedStale, "", String::new()),
        SendFailure::Withdrawn => (Key::SendFailedWithdrawn, "", String::new()),
        SendFailure::EditsClosed => (Key::SendFailedEditsClosed, "", String::new()),
        SendFailure::Refused(status) => (Key::SendFailedRefused, "status", status.to_string()),
        SendFailure::Unreachable => (Key::SendFailedUnreachable, "max", MAX_ATTEMPTS.to_string()),
        SendFailure::StorageUnavailable => (
            Key::SendFailedStorageUnavailable,
            "max",
            MAX_ATTEMPTS.to_string(),
        ),
        SendFailure::ServerError(status) => {
            (Key::SendFailedServerError, "status", status.to_string())
        }
    };
    l.tr(key, &[(name, &value)])
}

/// "1 second", "45 seconds", "2 minutes" (rounded up: never sooner than asked).
fn wait(l: &Locale, seconds: u32) -> String {
    match seconds {
        0..=59 => l.plural(Key::UnitSeconds, seconds, &[]),
        _ => duration(l, seconds.div_ceil(60)),
    }
}

/// "30 minutes", "2 hours", "1 hour 30 minutes".
pub fn duration(l: &Locale, minutes: u32) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let hours = l.plural(Key::UnitHours, h, &[]);
    let mins = l.plural(Key::UnitMinutes, m, &[]);
    match (h, m) {
        (0, _) => mins,
        (_, 0) => hours,
        _ => l.tr(
            Key::UnitHoursMinutes,
            &[("hours", &hours), ("minutes", &mins)],
        ),
    }
}

/// A field's name as the subject of a sentence ("Abstract must be ..."). Exhaustive: a
/// new field of the proposal does not compile until it has a name here.
fn field_name(l: &Locale, field: &Field) -> String {
    let key = match field {
        Field::Title | Field::Talk(_, TalkField::Title) => Key::FieldTitle,
        Field::Abstract | Field::Talk(_, TalkField::Abstract) => Key::FieldAbstract,
        Field::Description => Key::FieldDescription,
        Field::Speaker(_, SpeakerField::Name) | Field::Talk(_, TalkField::SpeakerName) => {
            Key::FieldName
        }
        Field::Speaker(_, SpeakerField::Email) | Field::Talk(_, TalkField::SpeakerEmail) => {
            Key::FieldEmail
        }
        Field::Speaker(_, SpeakerField::Affiliation) => Key::FieldAffiliation,
        Field::Speaker(_, SpeakerField::Bio) => Key::FieldBio,
        Field::Format
        | Field::Track
        | Field::Speakers
        | Field::Talks
        | Field::Talk(_, TalkField::Minutes)
        | Field::Answer(_)
        | Field::CodeOfConduct => Key::FieldGeneric,
    };
    l.tr(key, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Locale {
        Locale::default()
    }

    fn dask() -> EventConfig {
        EventConfig::from_json(include_str!("../events/dask-summit-2021.json")).unwrap()
    }

    #[test]
    fn three_letter_and_odd_language_tags_fall_back_without_a_panic() {
        for tag in [
            "deu",
            "spa",
            "eng",
            "ast",
            "gsw-CH",
            "de-",
            "-de",
            "e",
            "dé",
            "ÄÖ-de",
            "es-ÄÖ",
            "de-CHE",
            "zh-Hant-TW",
            "x-klingon",
            "\u{0}",
        ] {
            let locale = Locale::new(tag);
            assert!(!locale.tag().is_empty(), "{tag:?}");
        }
        assert_eq!(
            Locale::new("deu"),
            Locale::default(),
            "not a BCP 47 tag for German"
        );
        assert_eq!(Locale::new("de-CHE").tag(), "de");
    }

    #[test]
    fn limits_say_how_to_fix() {
        let config = dask();
        let err = FieldError::bounded(Field::from_static("abstract"), ErrorCode::TooLong, 300, 342);
        assert_eq!(
            error_message(&en(), &config, &err),
            "Abstract must be 300 words or fewer; you have 342"
        );
        let err = FieldError::bounded(Field::from_static("title"), ErrorCode::TooLong, 100, 101);
        assert_eq!(
            error_message(&en(), &config, &err),
            "Title must be 100 characters or fewer; you have 101"
        );
        let err = FieldError::bounded(
            Field::from_static("speakers[0].bio"),
            ErrorCode::TooShort,
            1,
            0,
        );
        assert_eq!(
            error_message(&en(), &config, &err),
            "Biography must be 1 word or more; you have 0"
        );
    }

    #[test]
    fn the_contact_is_addressed_as_you() {
        let config = dask();
        let err = FieldError::new(Field::from_static("speakers[0].email"), ErrorCode::Required);
        assert_eq!(
            error_message(&en(), &config, &err),
            "Enter your email address"
        );
        let err = FieldError::new(Field::from_static("speakers[1].email"), ErrorCode::Required);
        assert_eq!(
            error_message(&en(), &config, &err),
            "Enter the speaker's email address"
        );
    }

    #[test]
    fn every_error_validate_can_report_has_its_own_message() {
        use ErrorCode::*;
        let config = dask();
        let reachable = [
            ("title", vec![Required, TooLong, TooShort]),
            ("format", vec![Required, UnknownFormat]),
            ("track", vec![Required, UnknownTrack]),
            ("abstract", vec![Required, TooLong, TooShort]),
            ("description", vec![Required, TooLong, TooShort]),
            ("speakers", vec![TooMany]),
            ("speakers[1].email", vec![Duplicate]),
            ("speakers[0].name", vec![Required]),
            ("speakers[1].name", vec![Required]),
            ("speakers[0].email", vec![Required, InvalidEmail]),
            ("speakers[0].bio", vec![Required, TooLong, TooShort]),
            ("code_of_conduct", vec![Required]),
        ];
        for (field, codes) in reachable {
            for code in codes {
                let msg = error_message(
                    &en(),
                    &config,
                    &FieldError::bounded(Field::from_static(field), code, 3, 4),
                );
                assert!(
                    !msg.to_lowercase().contains("this field"),
                    "{field} {code:?}: {msg}"
                );
            }
        }
    }

    #[test]
    fn every_error_on_talks_and_answers_has_its_own_message() {
        use ErrorCode::*;
        let mut config = dask();
        config.questions = serde_json::from_str(
            r#"[
            {"id":"text","label":"City","kind":"text"},
            {"id":"long","label":"Why","kind":"long_text","limit":{"max":50,"unit":"words"}},
            {"id":"choice","label":"Paper","kind":"choice","options":[{"id":"y","label":"Yes"}]},
            {"id":"multi","label":"Topics","kind":"multi_choice","min":1,"max":2,
             "options":[{"id":"a","label":"A"},{"id":"b","label":"B"},{"id":"c","label":"C"}]},
            {"id":"bool","label":"First talk","kind":"bool"},
            {"id":"number","label":"Years","kind":"number","min":0.5,"max":40},
            {"id":"url","label":"Slides","kind":"url"}
        ]"#,
        )
        .unwrap();
        let reachable = [
            ("talks", vec![TooFew, TooMany, OverTime, NotApplicable]),
            ("talks[0].title", vec![Required]),
            ("talks[0].speaker_name", vec![Required]),
            ("talks[0].speaker_email", vec![Required, InvalidEmail]),
            ("talks[0].abstract", vec![Required, TooLong, TooShort]),
            ("talks[0].minutes", vec![Required, TooSmall]),
            ("speakers[1].email", vec![Required, InvalidEmail, Duplicate]),
            ("answers.text", vec![Required, Invalid, NotApplicable]),
            ("answers.long", vec![Required, TooLong, TooShort, Invalid]),
            ("answers.choice", vec![Required, UnknownChoice, Invalid]),
            (
                "answers.multi",
                vec![Required, TooFew, TooMany, UnknownChoice, Invalid],
            ),
            ("answers.bool", vec![Required, Invalid]),
            (
                "answers.number",
                vec![Required, TooSmall, TooLarge, Invalid],
            ),
            ("answers.url", vec![Required, InvalidUrl, Invalid]),
            ("answers.gone", vec![NotApplicable]),
        ];
        for (field, codes) in reachable {
            let mut seen = std::collections::HashSet::new();
            for code in codes {
                let msg = error_message(
                    &en(),
                    &config,
                    &FieldError::bounded(Field::from_static(field), code, 3, 4),
                );
                assert!(
                    !msg.to_lowercase().contains("this field"),
                    "{field} {code:?}: {msg}"
                );
                assert!(seen.insert(msg.clone()), "{field} {code:?}: {msg} twice");
            }
        }
        // Any code on a field without messages of its own (an unknown question's answer).
        for &code in ErrorCode::ALL {
            let unknown = FieldError::new(Field::Answer("x".into()), code);
            assert!(!error_message(&en(), &config, &unknown).is_empty());
        }
    }

    #[test]
    fn talk_and_answer_messages_say_how_to_fix() {
        let config = dask();
        let message = |field: &'static str, code, limit, actual| {
            error_message(
                &en(),
                &config,
                &FieldError::bounded(Field::from_static(field), code, limit, actual),
            )
        };
        assert_eq!(
            message("talks", ErrorCode::TooFew, 3, 2),
            "Add at least 3 talks; this workshop has 2"
        );
        assert_eq!(
            message("talks", ErrorCode::OverTime, 120, 135),
            "The talks add up to 135 minutes; the block is 120 minutes. Shorten or remove a talk"
        );
        assert_eq!(
            message("talks[1].abstract", ErrorCode::TooLong, 200, 201),
            "The abstract of talk 2 must be 200 words or fewer; you have 201"
        );
        assert_eq!(
            error_message(
                &en(),
                &config,
                &FieldError::new(
                    Field::from_static("speakers[2].email"),
                    ErrorCode::Duplicate
                )
            ),
            "This email address is already used by another speaker"
        );
        assert_eq!(
            error_message(
                &en(),
                &config,
                &FieldError::new(Field::from_static("answers.first-talk"), ErrorCode::Invalid)
            ),
            "Choose yes or no for “Is this your first talk?”"
        );
    }

    #[test]
    fn counts_read_like_govuk() {
        let limit = Limit {
            min: None,
            max: Some(300),
            unit: Unit::Words,
        };
        assert_eq!(
            limit_hint(&en(), &limit).unwrap(),
            "You can enter up to 300 words"
        );
        assert_eq!(
            count_status(&en(), &limit, 288).unwrap(),
            "You have 12 words remaining"
        );
        assert_eq!(
            count_status(&en(), &limit, 299).unwrap(),
            "You have 1 word remaining"
        );
        assert_eq!(
            count_status(&en(), &limit, 305).unwrap(),
            "You have 5 words too many"
        );
        let ranged = Limit {
            min: Some(30),
            ..limit
        };
        assert_eq!(
            limit_hint(&en(), &ranged).unwrap(),
            "You can enter 30 to 300 words"
        );
    }

    #[test]
    fn spanish_counts_agree_with_their_number() {
        let es = Locale::new("es");
        let limit = Limit {
            min: None,
            max: Some(300),
            unit: Unit::Words,
        };
        assert_eq!(
            count_status(&es, &limit, 299).unwrap(),
            "Le queda 1 palabra"
        );
        assert_eq!(
            count_status(&es, &limit, 298).unwrap(),
            "Le quedan 2 palabras"
        );
        assert_eq!(
            count_status(&es, &limit, 301).unwrap(),
            "Le sobra 1 palabra"
        );
        assert_eq!(
            count_status(&es, &limit, 303).unwrap(),
            "Le sobran 3 palabras"
        );
    }

    #[test]
    fn sending_says_which_attempt_and_when_the_next_is() {
        assert_eq!(
            send_status(&en(), &Submission::Sending { attempt: 2, run: 5 }),
            "Sending… (attempt 2 of 4)"
        );
        assert_eq!(
            send_status(
                &en(),
                &Submission::Waiting {
                    attempt: 3,
                    delay_ms: 2_000,
                    run: 6
                }
            ),
            "Your proposal did not get through. Trying again in 2 seconds (attempt 3 of 4)"
        );
        assert_eq!(send_status(&en(), &Submission::Editing), "");
    }

    #[test]
    fn rate_limits_say_when_to_try_again() {
        let limited = |s| {
            send_failure(
                &en(),
                &SendFailure::RateLimited {
                    retry_after_s: Some(s),
                },
            )
        };
        assert!(limited(30).ends_with("submit it again in 30 seconds."));
        assert!(limited(61).ends_with("submit it again in 2 minutes."));
        assert!(limited(3_600).ends_with("submit it again in 1 hour."));
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(&en(), 25), "25 minutes");
        assert_eq!(duration(&en(), 120), "2 hours");
        assert_eq!(duration(&en(), 90), "1 hour 30 minutes");
        assert_eq!(duration(&en(), 1), "1 minute");
    }
}
