//! Semantic checks on a parsed config: what serde cannot see.

mod fields;
mod questions;

use super::{ConfigError, EventConfig, Limit};
use crate::field::{LimitKey, ProposalKey};
use std::collections::HashSet;

pub(super) fn check(config: &EventConfig) -> Vec<ConfigError> {
    let mut problems = Vec::new();
    let mut problem = |path: String, message: &str| {
        problems.push(ConfigError {
            path,
            message: message.to_owned(),
        })
    };

    if !is_slug(&config.id) {
        problem(
            "id".into(),
            "must be a slug: lowercase letters, digits and hyphens, e.g. \"pycon-2026\"",
        );
    }
    if config.name.trim().is_empty() {
        problem("name".into(), "must not be empty");
    }
    if !config.locale.as_deref().is_none_or(is_language_tag) {
        problem(
            "locale".into(),
            "must be a language tag such as \"en\" or \"de-CH\", or left out to follow the page's lang",
        );
    }
    if let (Some(opens), Some(closes)) = (&config.opens_at, &config.deadline) {
        if opens.unix_seconds() >= closes.unix_seconds() {
            problem(
                "opens_at".into(),
                "must be before the deadline; the call would never be open",
            );
        }
    }
    match (&config.edits_until, &config.deadline) {
        (Some(_), None) => problem(
            "edits_until".into(),
            "needs a deadline: without one the call never closes, so changes would end while new proposals are still taken; set a deadline or leave edits_until out",
        ),
        (Some(edits), Some(closes)) if edits.unix_seconds() < closes.unix_seconds() => problem(
            "edits_until".into(),
            "must not be before the deadline: speakers could still send new proposals but not change them; leave it out to end changes with the call",
        ),
        _ => {}
    }
    if let Some(page) = &config.page_url {
        if !is_page_url(page) {
            problem(
                "page_url".into(),
                "must be the full address of the page the form is on, starting with https:// or http://, with no spaces and no #fragment (the private link adds its own), e.g. \"https://my-conf.example.org/cfp/\"",
            );
        }
    }
    if let Some(endpoint) = &config.endpoint {
        if endpoint.url.trim().is_empty() {
            problem("endpoint.url".into(), "must not be empty");
        }
        fields::check(config, &endpoint.fields, &mut problem);
    }

    if config.formats.is_empty() {
        problem("formats".into(), "must list at least one format");
    }
    let mut format_ids = HashSet::new();
    for (i, format) in config.formats.iter().enumerate() {
        if !is_slug(&format.id) {
            problem(
                format!("formats[{i}].id"),
                "must be a slug: lowercase letters, digits and hyphens",
            );
        } else if !format_ids.insert(format.id.as_str()) {
            problem(
                format!("formats[{i}].id"),
                "duplicates an earlier format's id; each format needs its own",
            );
        }
        if format.label.trim().is_empty() {
            problem(format!("formats[{i}].label"), "must not be empty");
        }
        if format.minutes == Some(0) {
            problem(
                format!("formats[{i}].minutes"),
                "must be 1 or more, or left out for a format with no slot length",
            );
        }
        if let Some(talks) = format.talks {
            if talks.min == 0 {
                problem(format!("formats[{i}].talks.min"), "must be 1 or more");
            }
            if talks.min > talks.max {
                problem(
                    format!("formats[{i}].talks"),
                    "min is greater than max; swap them or raise max",
                );
            }
            if format.minutes.is_none() {
                problem(
                    format!("formats[{i}].minutes"),
                    "a format with talks needs its block length in minutes",
                );
            }
        }
    }

    if config.track_required && config.tracks.is_empty() {
        problem(
            "track_required".into(),
            "is true but there are no tracks; add tracks or set it to false",
        );
    }
    let mut track_ids = HashSet::new();
    for (i, track) in config.tracks.iter().enumerate() {
        if !is_slug(&track.id) {
            problem(
                format!("tracks[{i}].id"),
                "must be a slug: lowercase letters, digits and hyphens",
            );
        } else if !track_ids.insert(track.id.as_str()) {
            problem(
                format!("tracks[{i}].id"),
                "duplicates an earlier track's id; each track needs its own",
            );
        }
        if track.label.trim().is_empty() {
            problem(format!("tracks[{i}].label"), "must not be empty");
        }
    }

    for &key in LimitKey::ALL {
        if let Some(limit) = key.of(&config.limits) {
            check_limit(&format!("limits.{}", key.as_str()), limit, &mut problem);
        }
    }

    for (i, origin) in config.allowed_origins.iter().enumerate() {
        if !is_origin(origin) {
            problem(
                format!("allowed_origins[{i}]"),
                "must be an origin: scheme and host, optional port, no path, e.g. \"https://summit.example.org\"",
            );
        }
    }
    if config.honeypot.trim().is_empty() {
        problem(
            "honeypot".into(),
            "must be a field name, or left out for \"_gotcha\"",
        );
    } else if ProposalKey::from_name(&config.honeypot).is_some() {
        problem(
            "honeypot".into(),
            "must not be the name of a proposal field",
        );
    }

    if config.limits.proposals_per_speaker == Some(0) {
        problem(
            "limits.proposals_per_speaker".into(),
            "must be 1 or more, or left out for no cap",
        );
    }
    if config.speakers.max == 0 {
        problem("speakers.max".into(), "must be 1 or more");
    }
    questions::check(config, &mut problem);
    problems
}

pub(super) fn check_limit(path: &str, limit: &Limit, problem: &mut impl FnMut(String, &str)) {
    match (limit.min, limit.max) {
        (None, None) => problem(path.into(), "needs a min, a max or both"),
        (Some(min), Some(max)) if min > max => problem(
            path.into(),
            "min is greater than max; swap them or raise max",
        ),
        (_, Some(0)) => problem(format!("{path}.max"), "must be 1 or more"),
        _ => {}
    }
}

/// `https://host/path?query`: an absolute http(s) address with a host, no whitespace or
/// control characters, no fragment.
fn is_page_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    matches!(scheme, "http" | "https")
        && !authority.is_empty()
        && !s.contains('#')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `https://host`, `http://host:8080`: what a browser sends in an Origin header.
fn is_origin(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    matches!(scheme, "http" | "https")
        && !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && port
            .is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A BCP 47 language tag in shape: a 2 to 8 letter language, then subtags of 1 to 8
/// letters or digits, joined by hyphens (`en`, `de-CH`, `es-419`). Whether the widget has
/// a catalogue for it is not a config error: it falls back to English.
pub(super) fn is_language_tag(s: &str) -> bool {
    let mut subtags = s.split('-');
    let primary = subtags.next().unwrap_or_default();
    (2..=8).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags
            .all(|t| (1..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric()))
}

pub(super) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
