//! A talk proposal as the speaker writes it and as it travels to the endpoint.

use serde::{Deserialize, Serialize};

/// What a speaker submits. Missing fields deserialise as empty so that `validate` can name
/// them, rather than the parser failing on the first one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The first speaker is the contact.
    pub speakers: Vec<Speaker>,
    /// The speaker agreed to the event's code of conduct.
    pub code_of_conduct: bool,
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
