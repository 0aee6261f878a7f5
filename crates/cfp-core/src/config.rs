//! The event config a site maintainer writes: formats, tracks, limits, endpoint.
//!
//! Parsing is generic over any serde `Deserializer` (the widget feeds it the browser's
//! `JSON.parse` result; the server feeds it serde_json) and reports the JSON path of the
//! first structural error. `EventConfig::check` then lists every semantic problem at once.

mod check;
mod schedule;
mod scope;

pub use schedule::CallState;

use crate::deadline::Deadline;
use crate::question::Question;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// One event's call for proposals. (Not `Eq`: a number question's bounds are `f64`.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EventConfig {
    /// The JSON Schema the config follows (`"/cfp/event-config.schema.json"`), so that
    /// editors complete and check it; the widget and the server ignore it.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// A slug: lowercase letters, digits and hyphens (`pycon-2026`). The server's URLs use it.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::SLUG)))]
    pub id: String,
    /// The event's name, shown above the form.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::NOT_BLANK)))]
    pub name: String,
    /// When the call opens; before it, proposals are refused. Must be before `deadline`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<Deadline>,
    /// When the call closes, with its offset (or `AoE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// Until when a speaker may change or withdraw a proposal through its private link.
    /// Left out: until the `deadline`. Not before the deadline, and only with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edits_until: Option<Deadline>,
    /// A BCP 47 language tag (`de`, `es-MX`) for the widget's messages and dates. Left out,
    /// the widget follows the page's `lang`. The widget speaks English (`en`), Spanish
    /// (`es`) and German (`de`); any other language falls back to English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::LANGUAGE_TAG)))]
    pub locale: Option<String>,
    /// Where Submit posts the proposal. Without it, Submit shows the JSON it would send.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    /// The page the form is on (`https://my-conf.example.org/cfp/`): a proposal's private
    /// link is this page with `#cfp-edit=<reference>.<token>` added, never an address a
    /// client sent. http or https, absolute, without a `#fragment`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::PAGE_URL)))]
    pub page_url: Option<String>,
    /// The tracks a speaker may choose from; none: no track question.
    #[serde(default)]
    pub tracks: Vec<Track>,
    /// Whether a proposal must choose a track (needs at least one track).
    #[serde(default)]
    pub track_required: bool,
    /// The kinds of session a speaker may propose; at least one.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub formats: Vec<Format>,
    /// Length limits of the proposal's text fields.
    #[serde(default)]
    pub limits: Limits,
    /// How many speakers a proposal may name.
    #[serde(default)]
    pub speakers: SpeakerRules,
    /// The organisers' own questions, in form order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    /// Where the code of conduct the speaker agrees to can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_of_conduct_url: Option<String>,
    /// Origins (`https://summit.example.org`) whose pages may post to the reference server
    /// from another origin. Empty: same-origin pages only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(inner(pattern(crate::schema::ORIGIN))))]
    pub allowed_origins: Vec<String>,
    /// The name of a hidden field that people never fill and form-filling bots do. A
    /// submission with it filled is answered as if accepted, and dropped.
    #[serde(default = "default_honeypot")]
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::NOT_BLANK)))]
    pub honeypot: String,
}

fn default_honeypot() -> String {
    "_gotcha".to_owned()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// The address the proposal is posted to (absolute, or relative to the page).
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::NOT_BLANK)))]
    pub url: String,
    /// How the body is encoded: `json` or `form`.
    #[serde(default)]
    pub encoding: Encoding,
    /// Whether the endpoint's answer can be read: `readable` or `opaque`.
    #[serde(default)]
    pub response: ResponseMode,
    /// The names the endpoint expects for some fields, by the field's path:
    /// `{"title": "entry.1234567", "speakers[0].email": "entry.89"}` (Google Forms). Fields
    /// left out are sent under their own names.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fields: std::collections::BTreeMap<String, String>,
}

/// Whether the endpoint's answer can be read. Some (Google Forms) only accept `no-cors`
/// posts, whose answers are opaque: the widget can say "sent" but never "received".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResponseMode {
    /// A normal CORS request: the widget reads the status and the receipt.
    #[default]
    Readable,
    /// A `no-cors` request (Google Forms): the widget can only say the proposal was sent.
    Opaque,
}

/// How the proposal is encoded in the POST body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// `application/json`: the proposal as a JSON object.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`, nested fields flattened as `speakers[0][name]`.
    Form,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Track {
    /// A slug; what a proposal's `track` carries.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::SLUG)))]
    pub id: String,
    /// What the speaker reads.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::NOT_BLANK)))]
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Format {
    /// A slug; what a proposal's `format` carries.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::SLUG)))]
    pub id: String,
    /// What the speaker reads.
    #[cfg_attr(feature = "schema", schemars(pattern(crate::schema::NOT_BLANK)))]
    pub label: String,
    /// Length of the slot; a poster has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub minutes: Option<u32>,
    /// A workshop block holds between `min` and `max` talks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub talks: Option<TalkRange>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TalkRange {
    /// The fewest talks in the block (1 or more).
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub min: u32,
    /// The most talks in the block.
    pub max: u32,
}

/// Length limits per field (a field without a limit is only checked for presence), and
/// the cap of proposals per speaker.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The proposal's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Limit>,
    /// The public abstract.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "abstract")]
    pub abstract_: Option<Limit>,
    /// The details for the reviewers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Limit>,
    /// Each speaker's bio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<Limit>,
    /// The abstract of each talk in a workshop block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub talk_abstract: Option<Limit>,
    /// The most proposals one speaker may have in the event (1 or more), counted by
    /// email address (trimmed, lowercase) across every speaker of each proposal;
    /// withdrawn proposals do not count. Left out: no cap. Only a server can count, so
    /// the widget does not check it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub proposals_per_speaker: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Limit {
    /// The fewest units the field needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// The most units the field may have (1 or more).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub max: Option<u32>,
    /// What is counted: `words` or `chars`.
    #[serde(default)]
    pub unit: Unit,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Whitespace-separated tokens with at least one letter or digit.
    Words,
    /// Unicode scalar values, after CRLF becomes LF and surrounding whitespace is trimmed.
    #[default]
    Chars,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SpeakerRules {
    /// The most speakers a proposal may name (1 or more).
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub max: u32,
}

impl Default for SpeakerRules {
    fn default() -> Self {
        SpeakerRules { max: 1 }
    }
}

/// A problem with a config, located by its JSON path (`formats[1].minutes`). The text is
/// for site maintainers and says what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl EventConfig {
    /// Parse a config from any serde deserializer, then check it. On failure every problem
    /// found is returned: one structural error (serde stops at the first), or all semantic ones.
    pub fn parse<'de, D>(deserializer: D) -> Result<EventConfig, Vec<ConfigError>>
    where
        D: Deserializer<'de>,
        D::Error: fmt::Display,
    {
        let config: EventConfig = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            vec![ConfigError {
                path: json_path(e.path()),
                message: plain_serde_message(&e.inner().to_string()),
            }]
        })?;
        config.checked()
    }

    /// The config if `check` finds nothing wrong, else every problem found; for readers
    /// of their own (the widget's, `src/mount/config_json.rs`).
    pub fn checked(self) -> Result<EventConfig, Vec<ConfigError>> {
        let problems = self.check();
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems)
        }
    }

    /// Parse a config from JSON text.
    #[cfg(feature = "json")]
    pub fn from_json(text: &str) -> Result<EventConfig, Vec<ConfigError>> {
        let mut de = serde_json::Deserializer::from_str(text);
        let config = EventConfig::parse(&mut de)?;
        de.end().map_err(|e| {
            vec![ConfigError {
                path: String::new(),
                message: e.to_string(),
            }]
        })?;
        Ok(config)
    }

    /// Every semantic problem: duplicate ids, min above max, a required track with no tracks...
    pub fn check(&self) -> Vec<ConfigError> {
        check::check(self)
    }

    pub fn format(&self, id: &str) -> Option<&Format> {
        self.formats.iter().find(|f| f.id == id)
    }

    pub fn track(&self, id: &str) -> Option<&Track> {
        self.tracks.iter().find(|t| t.id == id)
    }

    /// The length limit that applies to a field, if any (`speakers[1].bio` -> `bio`,
    /// `talks[0].abstract` -> `talk_abstract`, `answers.<id>` -> that question's).
    pub fn limit_for(&self, field: &crate::field::Field) -> Option<&Limit> {
        field.limit(self)
    }
}

/// `formats[1].minutes` rather than serde_path_to_error's `formats.1.minutes`.
fn json_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    out
}

/// Serde speaks of `u32` and `a sequence`; a site maintainer writing JSON thinks in numbers
/// and arrays, and wants the line and column last. Public for the widget, whose own config
/// reader (`src/mount/config_json.rs`) words serde_json's errors the same way.
pub fn plain_serde_message(message: &str) -> String {
    let (message, position) = match message.find(" at line ") {
        Some(i) => (
            &message[..i],
            Some(message[i + 4..].replacen(" column", ", column", 1)),
        ),
        None => (message, None),
    };
    let readable = |s: &str| {
        s.replace("u32", "a whole number (0 or more)")
            .replace("u16", "a whole number (0 or more)")
            .replace("a sequence", "an array")
            .replace("a boolean", "true or false")
            .replace("struct ", "an object ")
    };
    // "invalid type: string \"25\", expected u32" reads better the other way round.
    let mut out = match message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
    {
        Some((found, expected)) => format!("expected {}, found {found}", readable(expected)),
        None => readable(message),
    };
    if let Some(position) = position {
        out.push_str(&format!(" ({position})"));
    }
    out
}

#[cfg(test)]
mod tests;
