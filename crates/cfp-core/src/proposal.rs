//! A talk proposal as the speaker writes it and as it travels to the endpoint.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a speaker submits. Missing fields deserialise as empty so that `validate` can name
/// them, rather than the parser failing on the first one. (Not `Eq`: a number answer is
/// an `f64`.)
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Answer {
    Bool(bool),
    Number(f64),
    Text(String),
    Choices(Vec<String>),
}

/// By the JSON value's own type, in one pass. serde's `untagged` derive would buffer every
/// answer and try each variant in turn, which costs the widget's wasm several KB.
impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AnswerVisitor)
    }
}

struct AnswerVisitor;

impl<'de> serde::de::Visitor<'de> for AnswerVisitor {
    type Value = Answer;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("true or false, a number, text, or a list of choices")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Answer, E> {
        Ok(Answer::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Answer, E> {
        Ok(Answer::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Answer, E> {
        Ok(Answer::Number(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Answer, E> {
        Ok(Answer::Number(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Answer, E> {
        Ok(Answer::Text(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Answer, E> {
        Ok(Answer::Text(v))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
        let mut picks = Vec::new();
        while let Some(pick) = seq.next_element::<String>()? {
            picks.push(pick);
        }
        Ok(Answer::Choices(picks))
    }
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

#[cfg(test)]
mod answer_tests {
    use super::Answer;

    #[test]
    fn answers_take_the_shape_of_their_json() {
        let answers: Vec<Answer> =
            serde_json::from_str(r#"[true, 42, 4.5, -1, "text", ["a", "b"], []]"#).unwrap();
        assert_eq!(
            answers,
            [
                Answer::Bool(true),
                Answer::Number(42.0),
                Answer::Number(4.5),
                Answer::Number(-1.0),
                Answer::Text("text".into()),
                Answer::Choices(vec!["a".into(), "b".into()]),
                Answer::Choices(vec![]),
            ]
        );
        for bad in [r#"{"a": 1}"#, "null", "[1]"] {
            assert!(serde_json::from_str::<Answer>(bad).is_err(), "{bad}");
        }
        let back = serde_json::to_string(&answers).unwrap();
        assert_eq!(back, r#"[true,42.0,4.5,-1.0,"text",["a","b"],[]]"#);
    }
}
