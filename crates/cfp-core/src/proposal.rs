//! A talk proposal as the speaker writes it and as it travels to the endpoint.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a speaker submits. Missing fields deserialise as empty so that `validate` can name
/// them, rather than the parser failing on the first one. (Not `Eq`: a number answer is
/// an `f64`.)
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Proposal {
    pub title: String,
    /// The id of one of the event's formats.
    pub format: Option<String>,
    /// The id of one of the event's tracks.
    pub track: Option<String>,
    /// The public abstract.
    pub r#abstract: String,
    /// Details for the reviewers.
    pub description: String,
    /// The first speaker is the contact (for a workshop block: its organiser).
    pub speakers: Vec<Speaker>,
    /// The talks of a workshop block; empty for any other format.
    pub talks: Vec<Talk>,
    /// Answers to the config's `questions`, by question id.
    pub answers: BTreeMap<String, Answer>,
    /// The speaker agreed to the event's code of conduct.
    pub code_of_conduct: bool,
}

/// One talk of a workshop block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Talk {
    pub title: String,
    pub speaker_name: String,
    pub speaker_email: String,
    pub r#abstract: String,
    /// None until the speaker says; `validate` then asks for it.
    pub minutes: Option<u32>,
}

/// An answer to a custom question, in the JSON shape its kind suggests: `true`, `42`,
/// `"text"`, `["a", "b"]`. Which shape a question wants is `validate`'s to check, so a
/// wrong one is a field error the speaker can fix rather than an unreadable body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Bool(bool),
    Number(f64),
    Text(String),
    Choices(Vec<String>),
}

impl Answer {
    /// Blank text or no picks: the same as not answering.
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Text(s) => s.trim().is_empty(),
            Answer::Choices(picks) => picks.is_empty(),
            Answer::Bool(_) | Answer::Number(_) => false,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Speaker {
    pub name: String,
    pub email: String,
    pub affiliation: String,
    pub bio: String,
}

impl Proposal {
    /// An empty proposal with one (empty) speaker, the shape the form starts from.
    pub fn blank() -> Self {
        Proposal {
            speakers: vec![Speaker::default()],
            ..Proposal::default()
        }
    }
}
