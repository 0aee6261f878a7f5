//! Checks on the config's `questions`: each kind uses only the keys that mean something
//! for it, and scopes name formats and tracks that exist.

use super::{check_limit, is_slug};
use crate::config::EventConfig;
use crate::question::{Question, QuestionKind};
use std::collections::HashSet;

pub(super) fn check(config: &EventConfig, problem: &mut impl FnMut(String, &str)) {
    let mut ids = HashSet::new();
    for (i, question) in config.questions.iter().enumerate() {
        let path = |key: &str| format!("questions[{i}].{key}");
        if !is_slug(&question.id) {
            problem(
                path("id"),
                "must be a slug: lowercase letters, digits and hyphens",
            );
        } else if !ids.insert(question.id.as_str()) {
            problem(
                path("id"),
                "duplicates an earlier question's id; each question needs its own",
            );
        }
        if question.label.trim().is_empty() {
            problem(path("label"), "must not be empty");
        }
        options(question, &path, problem);
        match (&question.limit, question.kind) {
            (Some(limit), QuestionKind::LongText) => check_limit(&path("limit"), limit, problem),
            (Some(_), _) => problem(path("limit"), "is only for long_text questions"),
            (None, _) => {}
        }
        bounds(question, &path, problem);
        for (j, id) in question.formats.iter().enumerate() {
            if config.format(id).is_none() {
                problem(
                    format!("questions[{i}].formats[{j}]"),
                    "is not the id of one of the event's formats",
                );
            }
        }
        for (j, id) in question.tracks.iter().enumerate() {
            if config.track(id).is_none() {
                problem(
                    format!("questions[{i}].tracks[{j}]"),
                    "is not the id of one of the event's tracks",
                );
            }
        }
    }
}

fn options(
    question: &Question,
    path: &impl Fn(&str) -> String,
    problem: &mut impl FnMut(String, &str),
) {
    if !question.kind.has_options() {
        if !question.options.is_empty() {
            problem(
                path("options"),
                "are only for choice and multi_choice questions",
            );
        }
        return;
    }
    if question.options.is_empty() {
        problem(
            path("options"),
            "must list at least one option for a choice question",
        );
    }
    let mut ids = HashSet::new();
    for (j, option) in question.options.iter().enumerate() {
        if option.id.trim().is_empty() {
            problem(path(&format!("options[{j}].id")), "must not be empty");
        } else if !ids.insert(option.id.as_str()) {
            problem(
                path(&format!("options[{j}].id")),
                "duplicates an earlier option's id; each option needs its own",
            );
        }
        if option.label.trim().is_empty() {
            problem(path(&format!("options[{j}].label")), "must not be empty");
        }
    }
}

/// `min`/`max`: picks for multi_choice (whole numbers, no more than there are options),
/// values for number (finite), nothing for any other kind.
fn bounds(
    question: &Question,
    path: &impl Fn(&str) -> String,
    problem: &mut impl FnMut(String, &str),
) {
    let both = [("min", question.min), ("max", question.max)];
    match question.kind {
        QuestionKind::MultiChoice => {
            let options = question.options.len() as f64;
            for (key, bound) in both {
                let Some(n) = bound else { continue };
                if !(n.is_finite() && n >= 0.0 && n.fract() == 0.0) {
                    problem(path(key), "must be a whole number of picks (0 or more)");
                } else if n > options {
                    problem(path(key), "is more picks than there are options");
                }
            }
        }
        QuestionKind::Number => {
            for (key, bound) in both {
                if bound.is_some_and(|n| !n.is_finite()) {
                    problem(path(key), "must be a number");
                }
            }
        }
        _ => {
            for (key, bound) in both {
                if bound.is_some() {
                    problem(path(key), "is only for multi_choice and number questions");
                }
            }
            return;
        }
    }
    if let (Some(min), Some(max)) = (question.min, question.max) {
        if min > max {
            problem(path("min"), "is greater than max; swap them or raise max");
        }
    }
}
