//! `validate`: every rule a proposal must meet, as field errors in form order.
//!
//! Pure, total and deterministic: the widget runs it on each keystroke and the server on
//! each POST, so the two can never disagree. Form order: title, format, track, abstract,
//! description, speakers, talks (`talks.rs`), answers (`answers.rs`), code of conduct.

mod answers;
mod talks;

pub use answers::is_url;

use crate::config::{EventConfig, Limit};
use crate::count::count;
use crate::field::{Field, SpeakerField};
use crate::field_error::{ErrorCode, FieldError};
use crate::proposal::{Proposal, Speaker};
use std::collections::HashSet;

/// Check `proposal` against `config`. An empty list means it can be sent.
pub fn validate(config: &EventConfig, proposal: &Proposal) -> Vec<FieldError> {
    let mut errors = Vec::new();

    text(&mut errors, Field::Title, &proposal.title, true, config);

    match proposal.format.as_deref().filter(|id| !id.is_empty()) {
        None => errors.push(FieldError::new(Field::Format, ErrorCode::Required)),
        Some(id) if config.format(id).is_none() => {
            errors.push(FieldError::new(Field::Format, ErrorCode::UnknownFormat))
        }
        Some(_) => {}
    }

    match proposal.track.as_deref().filter(|id| !id.is_empty()) {
        None if config.track_required => {
            errors.push(FieldError::new(Field::Track, ErrorCode::Required))
        }
        Some(id) if config.track(id).is_none() => {
            errors.push(FieldError::new(Field::Track, ErrorCode::UnknownTrack))
        }
        _ => {}
    }

    text(
        &mut errors,
        Field::Abstract,
        &proposal.r#abstract,
        true,
        config,
    );
    text(
        &mut errors,
        Field::Description,
        &proposal.description,
        false,
        config,
    );

    if proposal.speakers.is_empty() {
        errors.push(FieldError::new(
            Field::Speaker(0, SpeakerField::Name),
            ErrorCode::Required,
        ));
    }
    let max_speakers = config.speakers.max;
    if proposal.speakers.len() > max_speakers as usize {
        errors.push(FieldError::bounded(
            Field::Speakers,
            ErrorCode::TooMany,
            max_speakers,
            u32::try_from(proposal.speakers.len()).unwrap_or(u32::MAX),
        ));
    }
    let mut emails = HashSet::new();
    for (i, speaker) in proposal.speakers.iter().enumerate() {
        let repeated = !emails.insert(normalised_email(&speaker.email));
        speaker_errors(&mut errors, config, i, speaker, repeated);
    }

    talks::check(&mut errors, config, proposal);
    answers::check(&mut errors, config, proposal);

    if !proposal.code_of_conduct {
        errors.push(FieldError::new(Field::CodeOfConduct, ErrorCode::Required));
    }
    errors
}

/// One speaker's fields; `repeated`: an earlier speaker has the same email.
fn speaker_errors(
    errors: &mut Vec<FieldError>,
    config: &EventConfig,
    i: usize,
    s: &Speaker,
    repeated: bool,
) {
    let path = |leaf| Field::Speaker(i, leaf);
    text(errors, path(SpeakerField::Name), &s.name, true, config);
    email(errors, path(SpeakerField::Email), &s.email);
    if repeated
        && errors
            .last()
            .is_none_or(|e| e.field != path(SpeakerField::Email))
    {
        errors.push(FieldError::new(
            path(SpeakerField::Email),
            ErrorCode::Duplicate,
        ));
    }
    text(errors, path(SpeakerField::Bio), &s.bio, false, config);
}

/// An email address as people read it, to tell whether two name the same person:
/// surrounding space dropped and ASCII letters lowercased (` Ann@X.org` is `ann@x.org`).
/// ASCII only: Unicode's case tables would cost the widget's wasm 6.8 KB brotli, and two
/// addresses that differ only in the case of a non-ASCII letter are told apart, not merged.
pub fn normalised_email(email: &str) -> String {
    email.trim().to_ascii_lowercase()
}

/// A required email address.
fn email(errors: &mut Vec<FieldError>, field: Field, value: &str) {
    if value.trim().is_empty() {
        errors.push(FieldError::new(field, ErrorCode::Required));
    } else if !is_email(value.trim()) {
        errors.push(FieldError::new(field, ErrorCode::InvalidEmail));
    }
}

/// Presence, then the field's length limit under `config` (`Field::limit`), in its unit.
fn text(
    errors: &mut Vec<FieldError>,
    field: Field,
    value: &str,
    required: bool,
    config: &EventConfig,
) {
    let limit = field.limit(config).copied();
    limited(errors, field, value, required, limit);
}

/// Presence, then the length limit in its unit. An optional empty field is never too short.
pub(crate) fn limited(
    errors: &mut Vec<FieldError>,
    field: Field,
    value: &str,
    required: bool,
    limit: Option<Limit>,
) {
    let empty = value.trim().is_empty();
    if empty && required {
        errors.push(FieldError::new(field, ErrorCode::Required));
        return;
    }
    let Some(limit) = limit else { return };
    let actual = count(value, limit.unit);
    match (limit.min, limit.max) {
        (_, Some(max)) if actual > max => {
            errors.push(FieldError::bounded(field, ErrorCode::TooLong, max, actual))
        }
        (Some(min), _) if actual < min && !empty => {
            errors.push(FieldError::bounded(field, ErrorCode::TooShort, min, actual))
        }
        (Some(min), _) if empty && min > 0 => {
            errors.push(FieldError::new(field, ErrorCode::Required))
        }
        _ => {}
    }
}

/// A pragmatic check, the one browsers apply to `<input type=email>`: one `@`, a local part,
/// a dotted domain of letters, digits and hyphens, no spaces. Deliverability is the
/// organiser's reply to tell.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests;
