//! Answers to the config's questions, on `answers.<id>`: the question's own rules when it
//! applies to the proposal's format and track, `not_applicable` for an answer to a question
//! that is unknown or out of scope (so nothing the form did not ask is stored).

use super::limited;
use crate::config::EventConfig;
use crate::field::Field;
use crate::field_error::{ErrorCode, FieldError};
use crate::proposal::{Answer, Proposal};
use crate::question::{Question, QuestionKind};
use std::collections::HashSet;

pub(super) fn check(errors: &mut Vec<FieldError>, config: &EventConfig, proposal: &Proposal) {
    // Questions in config order, which is form order. A repeated id is a config error;
    // like `EventConfig::question`, the first question with an id is the one asked.
    let mut asked = HashSet::new();
    for question in &config.questions {
        if !asked.insert(question.id.as_str()) {
            continue;
        }
        let field = Field::Answer(question.id.clone());
        let answer = proposal.answers.get(&question.id);
        if !config.question_applies(question, proposal) {
            if answer.is_some() {
                errors.push(FieldError::new(field, ErrorCode::NotApplicable));
            }
            continue;
        }
        match answer.filter(|a| !a.is_empty()) {
            None if question.required => errors.push(FieldError::new(field, ErrorCode::Required)),
            None => {}
            Some(answer) => answer_errors(errors, field, question, answer),
        }
    }
    for id in proposal.answers.keys() {
        if config.question(id).is_none() {
            errors.push(FieldError::new(
                Field::Answer(id.clone()),
                ErrorCode::NotApplicable,
            ));
        }
    }
}

/// The rules of the question's kind, for a non-empty answer.
fn answer_errors(errors: &mut Vec<FieldError>, field: Field, q: &Question, answer: &Answer) {
    let mut error = |code| errors.push(FieldError::new(field.clone(), code));
    match (q.kind, answer) {
        (QuestionKind::Text, Answer::Text(_)) | (QuestionKind::Bool, Answer::Bool(_)) => {}
        (QuestionKind::LongText, Answer::Text(s)) => limited(errors, field, s, q.required, q.limit),
        (QuestionKind::Url, Answer::Text(s)) => {
            if !is_url(s.trim()) {
                error(ErrorCode::InvalidUrl);
            }
        }
        (QuestionKind::Choice, Answer::Text(pick)) => {
            if q.option(pick).is_none() {
                error(ErrorCode::UnknownChoice);
            }
        }
        (QuestionKind::MultiChoice, Answer::Choices(picks)) => {
            multi_choice(errors, field, q, picks)
        }
        (QuestionKind::Number, Answer::Number(n)) if !n.is_finite() => error(ErrorCode::Invalid),
        (QuestionKind::Number, Answer::Number(n)) => {
            if q.min.is_some_and(|min| *n < min) {
                error(ErrorCode::TooSmall);
            } else if q.max.is_some_and(|max| *n > max) {
                error(ErrorCode::TooLarge);
            }
        }
        _ => error(ErrorCode::Invalid),
    }
}

fn multi_choice(errors: &mut Vec<FieldError>, field: Field, q: &Question, picks: &[String]) {
    let mut seen = HashSet::new();
    if picks.iter().any(|p| !seen.insert(p.as_str())) {
        // Checkboxes cannot pick one option twice: not something the form sent.
        errors.push(FieldError::new(field, ErrorCode::Invalid));
        return;
    }
    if picks.iter().any(|p| q.option(p).is_none()) {
        errors.push(FieldError::new(field, ErrorCode::UnknownChoice));
        return;
    }
    let n = u32::try_from(picks.len()).unwrap_or(u32::MAX);
    // Config checks make the bounds whole and non-negative; `as` saturates anyway.
    let (min, max) = (q.min.map(|m| m as u32), q.max.map(|m| m as u32));
    if let Some(min) = min.filter(|&min| n < min) {
        errors.push(FieldError::bounded(field, ErrorCode::TooFew, min, n));
    } else if let Some(max) = max.filter(|&max| n > max) {
        errors.push(FieldError::bounded(field, ErrorCode::TooMany, max, n));
    }
}

/// An absolute http(s) address with a host, as a speaker would paste it:
/// `https://example.org/talk?x=1`. A pragmatic check rather than RFC 3986 (a URL crate
/// would cost the wasm more than every rule here); the organisers follow the link.
pub fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    let http = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    if !http || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Credentials in a link are a phishing trick, never a speaker's page.
    !authority.contains('@') && authority_ok(authority)
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`.
fn authority_ok(authority: &str) -> bool {
    let (host_ok, port) = match authority.strip_prefix('[') {
        Some(bracketed) => {
            let Some((ip6, after)) = bracketed.split_once(']') else {
                return false;
            };
            let port = match after {
                "" => None,
                _ => match after.strip_prefix(':') {
                    Some(port) => Some(port),
                    None => return false,
                },
            };
            let ip6_ok = !ip6.is_empty()
                && ip6
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
            (ip6_ok, port)
        }
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host_name_ok(host), Some(port)),
            None => (host_name_ok(authority), None),
        },
    };
    host_ok && port.is_none_or(|p| p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Dot-separated labels of letters, digits and hyphens (a trailing dot is allowed).
fn host_name_ok(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}
