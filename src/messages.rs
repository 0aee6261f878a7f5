//! Every sentence the widget shows a speaker, in one place, rendered from cfp-core's error
//! codes and counts. English for now; other locales will be catalogues beside this one.

mod answers;
pub mod lists;
pub mod schedule;
mod talks;

pub use answers::{number_hint, picks_hint};

use crate::state::{SendFailure, Submission, MAX_ATTEMPTS};
use cfp_core::{ErrorCode, EventConfig, FieldError, Limit, Unit};

/// The message for one field error: what is wrong and how to fix it.
pub fn error_message(config: &EventConfig, error: &FieldError) -> String {
    if let Some(id) = error.field.strip_prefix("answers.") {
        if let Some(message) = answers::message(config, id, error) {
            return message;
        }
    }
    if let Some(message) = talks::message(config, error) {
        return message;
    }
    let leaf = leaf(&error.field);
    let contact = error.field.starts_with("speakers[0]");
    let unit = config
        .limit_for(&error.field)
        .map(|l| l.unit)
        .unwrap_or(Unit::Chars);
    let (limit, actual) = (error.limit.unwrap_or(0), error.actual.unwrap_or(0));
    match (error.code, leaf) {
        (ErrorCode::Required, "title") => "Enter a title for your proposal".into(),
        (ErrorCode::Required, "format") => "Choose a format".into(),
        (ErrorCode::Required, "track") => "Choose a track".into(),
        (ErrorCode::Required, "abstract") => "Enter an abstract".into(),
        (ErrorCode::Required, "description") => "Enter a description for the reviewers".into(),
        (ErrorCode::Required, "name") if contact => "Enter your full name".into(),
        (ErrorCode::Required, "name") => "Enter the speaker's full name".into(),
        (ErrorCode::Required, "email") if contact => "Enter your email address".into(),
        (ErrorCode::Required, "email") => "Enter the speaker's email address".into(),
        (ErrorCode::Required, "bio") => "Enter a short biography".into(),
        (ErrorCode::Required, "code_of_conduct") => {
            "Confirm that you agree to follow the code of conduct".into()
        }
        (ErrorCode::Required, _) => format!("Enter {}", field_name(leaf).to_lowercase()),
        (ErrorCode::TooLong, _) => format!(
            "{} must be {} or fewer; you have {actual}",
            field_name(leaf),
            quantity(limit, unit)
        ),
        (ErrorCode::TooShort, _) => format!(
            "{} must be {} or more; you have {actual}",
            field_name(leaf),
            quantity(limit, unit)
        ),
        (ErrorCode::TooMany, "talks") => format!(
            "A workshop can have up to {limit} talks; remove {}",
            actual.saturating_sub(limit)
        ),
        (ErrorCode::TooMany, _) => format!(
            "A proposal can have up to {limit} speakers; remove {}",
            actual.saturating_sub(limit)
        ),
        (ErrorCode::TooFew, "talks") => {
            format!("Add at least {limit} talks; this workshop has {actual}")
        }
        (ErrorCode::TooFew, _) => format!("Add at least {limit}; you have {actual}"),
        (ErrorCode::OverTime, _) => format!(
            "The talks add up to {actual} minutes; the block is {limit} minutes. Shorten or remove a talk"
        ),
        (ErrorCode::TooSmall, _) => format!("Enter {limit} or more"),
        (ErrorCode::TooLarge, _) => format!("Enter {limit} or less"),
        (ErrorCode::Duplicate, "email") => {
            "This email address is already used by another speaker".into()
        }
        (ErrorCode::Duplicate, _) => "Enter something different from the earlier entries".into(),
        (ErrorCode::NotApplicable, "talks") => {
            "Only a workshop has a list of talks; choose a workshop format or remove the talks"
                .into()
        }
        (ErrorCode::NotApplicable, _) => {
            "This question is not part of this call for proposals; remove the answer".into()
        }
        (ErrorCode::Invalid, _) => "Check your answer: it is not the kind the question asks for".into(),
        (ErrorCode::UnknownChoice, _) => "Choose one of the options listed".into(),
        (ErrorCode::InvalidUrl, _) => {
            "Enter a web address in the correct format, like https://example.org".into()
        }
        (ErrorCode::UnknownFormat, _) => "Choose one of the formats listed".into(),
        (ErrorCode::UnknownTrack, _) => "Choose one of the tracks listed".into(),
        (ErrorCode::InvalidEmail, _) => {
            "Enter an email address in the correct format, like name@example.com".into()
        }
    }
}

/// The static hint under a counted field: "You can enter up to 300 words".
pub fn limit_hint(limit: &Limit) -> Option<String> {
    match (limit.min, limit.max) {
        (Some(min), Some(max)) if min > 0 => Some(format!(
            "You can enter {min} to {}",
            quantity(max, limit.unit)
        )),
        (_, Some(max)) => Some(format!("You can enter up to {}", quantity(max, limit.unit))),
        (Some(min), None) => Some(format!("Enter at least {}", quantity(min, limit.unit))),
        (None, None) => None,
    }
}

/// The live count under a counted field: "You have 12 words remaining" / "... too many".
pub fn count_status(limit: &Limit, count: u32) -> Option<String> {
    let max = limit.max?;
    Some(if count <= max {
        format!("You have {} remaining", quantity(max - count, limit.unit))
    } else {
        format!("You have {} too many", quantity(count - max, limit.unit))
    })
}

/// "1 word", "300 words", "1 character".
pub fn quantity(n: u32, unit: Unit) -> String {
    let noun = match (unit, n) {
        (Unit::Words, 1) => "word",
        (Unit::Words, _) => "words",
        (Unit::Chars, 1) => "character",
        (Unit::Chars, _) => "characters",
    };
    format!("{} {noun}", grouped(n))
}

/// "1,000": thousands separated, as GOV.UK writes counts.
fn grouped(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the live region by the Submit button says while a proposal is on its way.
pub fn send_status(submission: &Submission) -> String {
    match *submission {
        Submission::Sending { attempt: 1, .. } => "Sending your proposal…".into(),
        Submission::Sending { attempt, .. } => {
            format!("Sending… (attempt {attempt} of {MAX_ATTEMPTS})")
        }
        Submission::Waiting {
            attempt, delay_ms, ..
        } => format!(
            "Your proposal did not get through. Trying again in {} (attempt {attempt} of {MAX_ATTEMPTS})",
            wait(delay_ms / 1_000)
        ),
        Submission::Offline { .. } => "You appear to be offline. Your proposal is kept here; we'll send it when you're back online".into(),
        _ => String::new(),
    }
}

/// Why a proposal was not sent and what to do; the draft is always kept.
pub fn send_failure(failure: &SendFailure) -> String {
    match *failure {
        SendFailure::Closed => "The call for proposals has closed, so the organisers cannot accept new proposals. Your draft stays on this page, so you can copy what you wrote.".into(),
        SendFailure::NotOpen => "The call for proposals has not opened yet, so the organisers cannot accept proposals. Your draft is kept in this browser: submit it once the call opens.".into(),
        SendFailure::TooLarge => "Your proposal is too large to send. Shorten the longest parts, such as the description, then submit it again.".into(),
        SendFailure::RateLimited { retry_after_s: Some(s) } => format!(
            "Too many proposals have been sent from your connection recently. Your draft is kept: submit it again in {}.",
            wait(s)
        ),
        SendFailure::RateLimited { retry_after_s: None } => "Too many proposals have been sent from your connection recently. Your draft is kept: submit it again in a few minutes.".into(),
        SendFailure::Malformed => "The server could not read your proposal. Your draft is kept: submit it again, and if this happens again, contact the organisers.".into(),
        SendFailure::UnknownEvent => "The server does not know this event: this page may point at the wrong address. Your draft is kept; contact the organisers.".into(),
        SendFailure::Unsupported => "The server does not accept proposals in the form this page sends them. Your draft is kept; contact the organisers.".into(),
        SendFailure::Refused(status) => format!(
            "The server refused your proposal (error {status}). Your draft is kept: submit it again, and if this happens again, contact the organisers."
        ),
        SendFailure::Unreachable => format!(
            "We could not reach the server after {MAX_ATTEMPTS} attempts. Nothing is lost: your draft is kept here. Check your connection, then try again."
        ),
    }
}

/// "1 second", "45 seconds", "2 minutes" (rounded up: never sooner than asked).
fn wait(seconds: u32) -> String {
    match seconds {
        1 => "1 second".into(),
        0..=59 => format!("{seconds} seconds"),
        _ => duration(seconds.div_ceil(60)),
    }
}

/// "30 minutes", "2 hours", "1 hour 30 minutes".
pub fn duration(minutes: u32) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let hours = match h {
        0 => String::new(),
        1 => "1 hour".into(),
        _ => format!("{h} hours"),
    };
    let mins = match m {
        0 => String::new(),
        1 => "1 minute".into(),
        _ => format!("{m} minutes"),
    };
    match (hours.is_empty(), mins.is_empty()) {
        (false, false) => format!("{hours} {mins}"),
        (false, true) => hours,
        _ => mins,
    }
}

fn leaf(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

pub(crate) fn field_name(leaf: &str) -> &str {
    match leaf {
        "title" => "Title",
        "abstract" => "Abstract",
        "description" => "Description",
        "bio" => "Biography",
        "name" => "Name",
        "email" => "Email address",
        "affiliation" => "Affiliation",
        _ => "This field",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dask() -> EventConfig {
        EventConfig::from_json(include_str!("../events/dask-summit-2021.json")).unwrap()
    }

    #[test]
    fn limits_say_how_to_fix() {
        let config = dask();
        let err = FieldError::bounded("abstract", ErrorCode::TooLong, 300, 342);
        assert_eq!(
            error_message(&config, &err),
            "Abstract must be 300 words or fewer; you have 342"
        );
        let err = FieldError::bounded("title", ErrorCode::TooLong, 100, 101);
        assert_eq!(
            error_message(&config, &err),
            "Title must be 100 characters or fewer; you have 101"
        );
        let err = FieldError::bounded("speakers[0].bio", ErrorCode::TooShort, 1, 0);
        assert_eq!(
            error_message(&config, &err),
            "Biography must be 1 word or more; you have 0"
        );
    }

    #[test]
    fn the_contact_is_addressed_as_you() {
        let config = dask();
        let err = FieldError::new("speakers[0].email", ErrorCode::Required);
        assert_eq!(error_message(&config, &err), "Enter your email address");
        let err = FieldError::new("speakers[1].email", ErrorCode::Required);
        assert_eq!(
            error_message(&config, &err),
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
                let msg = error_message(&config, &FieldError::bounded(field, code, 3, 4));
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
                let msg = error_message(&config, &FieldError::bounded(field, code, 3, 4));
                assert!(
                    !msg.to_lowercase().contains("this field"),
                    "{field} {code:?}: {msg}"
                );
                assert!(seen.insert(msg.clone()), "{field} {code:?}: {msg} twice");
            }
        }
        for code in ErrorCode::ALL {
            assert!(!error_message(&config, &FieldError::new("x", code)).is_empty());
        }
    }

    #[test]
    fn talk_and_answer_messages_say_how_to_fix() {
        let config = dask();
        let message = |field: &str, code, limit, actual| {
            error_message(&config, &FieldError::bounded(field, code, limit, actual))
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
                &config,
                &FieldError::new("speakers[2].email", ErrorCode::Duplicate)
            ),
            "This email address is already used by another speaker"
        );
        assert_eq!(
            error_message(
                &config,
                &FieldError::new("answers.first-talk", ErrorCode::Invalid)
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
        assert_eq!(limit_hint(&limit).unwrap(), "You can enter up to 300 words");
        assert_eq!(
            count_status(&limit, 288).unwrap(),
            "You have 12 words remaining"
        );
        assert_eq!(
            count_status(&limit, 299).unwrap(),
            "You have 1 word remaining"
        );
        assert_eq!(
            count_status(&limit, 305).unwrap(),
            "You have 5 words too many"
        );
        let ranged = Limit {
            min: Some(30),
            ..limit
        };
        assert_eq!(
            limit_hint(&ranged).unwrap(),
            "You can enter 30 to 300 words"
        );
    }

    #[test]
    fn sending_says_which_attempt_and_when_the_next_is() {
        assert_eq!(
            send_status(&Submission::Sending { attempt: 2, run: 5 }),
            "Sending… (attempt 2 of 4)"
        );
        assert_eq!(
            send_status(&Submission::Waiting {
                attempt: 3,
                delay_ms: 2_000,
                run: 6
            }),
            "Your proposal did not get through. Trying again in 2 seconds (attempt 3 of 4)"
        );
        assert_eq!(send_status(&Submission::Editing), "");
    }

    #[test]
    fn rate_limits_say_when_to_try_again() {
        let limited = |s| {
            send_failure(&SendFailure::RateLimited {
                retry_after_s: Some(s),
            })
        };
        assert!(limited(30).ends_with("submit it again in 30 seconds."));
        assert!(limited(61).ends_with("submit it again in 2 minutes."));
        assert!(limited(3_600).ends_with("submit it again in 1 hour."));
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(25), "25 minutes");
        assert_eq!(duration(120), "2 hours");
        assert_eq!(duration(90), "1 hour 30 minutes");
        assert_eq!(duration(1), "1 minute");
    }
}
