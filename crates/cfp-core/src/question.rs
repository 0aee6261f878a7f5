//! The organisers' own questions (`questions` in the config): what is asked, of whom, and
//! what counts as an answer. The answers themselves are `proposal::Answer`.
//!
//! One flat struct for every kind rather than an enum per kind: `deny_unknown_fields` does
//! not work through `serde(flatten)` or internally tagged enums, and a typo in a config
//! must never pass silently. `config::check` refuses the keys a kind does not use.

use crate::config::Limit;
use serde::{Deserialize, Serialize};

/// One question on the form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// A slug; the answer travels as `answers.<id>`.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::SLUG)))]
    pub id: String,
    /// The question as the speaker reads it.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::NOT_BLANK)))]
    pub label: String,
    /// A line of help under the label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// What kind of answer it takes.
    pub kind: QuestionKind,
    /// Whether an answer is needed (when the question applies).
    #[serde(default)]
    pub required: bool,
    /// The choices of `choice` and `multi_choice`; no other kind has any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<QuestionOption>,
    /// The length limit of a `long_text` answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
    /// `multi_choice`: the fewest picks (a whole number). `number`: the smallest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// `multi_choice`: the most picks (a whole number). `number`: the largest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Format ids the question is asked for; empty: every format.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(inner(pattern(crate::schema::SLUG))))]
    pub formats: Vec<String>,
    /// Track ids the question is asked for; empty: every track (and no track).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(inner(pattern(crate::schema::SLUG))))]
    pub tracks: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One line of text.
    Text,
    /// Paragraphs, with an optional `limit` and a counter.
    LongText,
    /// One of `options`.
    Choice,
    /// Any of `options`, between `min` and `max` picks.
    MultiChoice,
    /// Yes or no.
    Bool,
    /// A number between `min` and `max`.
    Number,
    /// An http(s) address.
    Url,
}

impl QuestionKind {
    /// Whether the question picks from `options`.
    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::Choice | QuestionKind::MultiChoice)
    }
}

/// One choice of a `choice` or `multi_choice` question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QuestionOption {
    /// What the answer carries.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::NOT_BLANK)))]
    pub id: String,
    /// What the speaker reads.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::NOT_BLANK)))]
    pub label: String,
}

impl Question {
    /// Whether the question is asked of a proposal with this format and track. A scope
    /// that is empty applies to everything; a proposal without a format (or track) is not
    /// in a scope that names some.
    pub fn applies_to(&self, format: Option<&str>, track: Option<&str>) -> bool {
        let within = |scope: &[String], id: Option<&str>| {
            scope.is_empty() || id.is_some_and(|id| scope.iter().any(|s| s == id))
        };
        within(&self.formats, format) && within(&self.tracks, track)
    }

    pub fn option(&self, id: &str) -> Option<&QuestionOption> {
        self.options.iter().find(|o| o.id == id)
    }
}
