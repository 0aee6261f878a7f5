//! The talks of a workshop block: how many, how long in total, and each one's fields
//! (`talks[2].abstract`), so the error summary can link to the exact input.

use super::{email, text};
use crate::config::EventConfig;
use crate::field::{Field, TalkField};
use crate::field_error::{ErrorCode, FieldError};
use crate::proposal::{Proposal, Talk};

pub(super) fn check(errors: &mut Vec<FieldError>, config: &EventConfig, proposal: &Proposal) {
    if config.talks_not_applicable(proposal) {
        // The widget never sends talks for such a format; the server must not store them.
        if !proposal.talks.is_empty() {
            errors.push(FieldError::new(Field::Talks, ErrorCode::NotApplicable));
        }
        return;
    }
    let Some(format) = proposal.format.as_deref().and_then(|id| config.format(id)) else {
        return;
    };
    let Some(range) = format.talks else { return };

    let n = saturate(proposal.talks.len());
    if n < range.min {
        errors.push(FieldError::bounded(
            Field::Talks,
            ErrorCode::TooFew,
            range.min,
            n,
        ));
    } else if n > range.max {
        errors.push(FieldError::bounded(
            Field::Talks,
            ErrorCode::TooMany,
            range.max,
            n,
        ));
    }
    if let Some(block) = format.minutes {
        let total = proposal
            .talks
            .iter()
            .filter_map(|t| t.minutes)
            .fold(0u32, u32::saturating_add);
        if total > block {
            errors.push(FieldError::bounded(
                Field::Talks,
                ErrorCode::OverTime,
                block,
                total,
            ));
        }
    }
    for (i, talk) in proposal.talks.iter().enumerate() {
        talk_errors(errors, config, i, talk);
    }
}

fn talk_errors(errors: &mut Vec<FieldError>, config: &EventConfig, i: usize, talk: &Talk) {
    let path = |leaf| Field::Talk(i, leaf);
    text(errors, path(TalkField::Title), &talk.title, true, config);
    text(
        errors,
        path(TalkField::SpeakerName),
        &talk.speaker_name,
        true,
        config,
    );
    email(errors, path(TalkField::SpeakerEmail), &talk.speaker_email);
    text(
        errors,
        path(TalkField::Abstract),
        &talk.r#abstract,
        true,
        config,
    );
    match talk.minutes {
        None => errors.push(FieldError::new(
            path(TalkField::Minutes),
            ErrorCode::Required,
        )),
        Some(0) => errors.push(FieldError::bounded(
            path(TalkField::Minutes),
            ErrorCode::TooSmall,
            1,
            0,
        )),
        Some(_) => {}
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
