//! The one table of a proposal's fields: their typed paths (`Field`), the names they have
//! on the wire, the limit that applies to each, and how to read and write their text.
//!
//! Everything that lists the proposal's fields builds on this: `validate`'s error paths,
//! the widget's text inputs and messages, `EventConfig::limit_for`, the config check's
//! reserved names, the form and JSON encoders (`encode.rs`) and the server's CSV export.
//! Adding a speaker or talk field is one variant in `SpeakerField` or `TalkField`; every
//! `match` below is exhaustive, so the compiler then lists each place that must say what
//! the new field is (its accessor, its limit, its label and messages in the widget).
//!
//! A path is displayed exactly as errors name fields on the wire (`speakers[0].email`,
//! `talks[2].abstract`, `answers.first-talk`) and parsed back from that string.

use crate::config::{EventConfig, Limit, Limits};
use crate::proposal::{Proposal, Speaker, Talk};
use std::fmt;

/// An enum whose variants have fixed wire names, with the list of them all generated from
/// the same declaration: `ALL`, `as_str` and `from_name` can never disagree or miss one.
/// With `serde`, the enum (de)serialises as its wire name.
#[macro_export]
macro_rules! wire_names {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The name on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire ),+
                }
            }

            /// The variant with this wire name.
            pub fn from_name(name: &str) -> Option<$name> {
                match name {
                    $( $wire => Some($name::$variant), )+
                    _ => None,
                }
            }
        }
    };
    (
        serde
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $crate::wire_names! {
            $(#[$meta])*
            $vis enum $name { $( $(#[$vmeta])* $variant = $wire ),+ }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let name = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                $name::from_name(&name).ok_or_else(|| {
                    <D::Error as serde::de::Error>::unknown_variant(&name, &[ $( $wire ),+ ])
                })
            }
        }
    };
}

wire_names! {
    /// The keys of a proposal's JSON object, in form order.
    pub enum ProposalKey {
        Title = "title",
        Format = "format",
        Track = "track",
        Abstract = "abstract",
        Description = "description",
        Speakers = "speakers",
        Talks = "talks",
        Answers = "answers",
        CodeOfConduct = "code_of_conduct",
    }
}

wire_names! {
    /// The fields of each speaker, in form order.
    pub enum SpeakerField {
        Name = "name",
        Email = "email",
        Affiliation = "affiliation",
        Bio = "bio",
    }
}

wire_names! {
    /// The fields of each talk of a workshop block, in form order.
    pub enum TalkField {
        Title = "title",
        SpeakerName = "speaker_name",
        SpeakerEmail = "speaker_email",
        Abstract = "abstract",
        Minutes = "minutes",
    }
}

wire_names! {
    /// The keys of the config's `limits`: the fields a length limit can apply to.
    pub enum LimitKey {
        Title = "title",
        Abstract = "abstract",
        Description = "description",
        Bio = "bio",
        TalkAbstract = "talk_abstract",
    }
}

impl LimitKey {
    pub fn of(self, limits: &Limits) -> Option<&Limit> {
        match self {
            LimitKey::Title => limits.title.as_ref(),
            LimitKey::Abstract => limits.abstract_.as_ref(),
            LimitKey::Description => limits.description.as_ref(),
            LimitKey::Bio => limits.bio.as_ref(),
            LimitKey::TalkAbstract => limits.talk_abstract.as_ref(),
        }
    }
}

impl SpeakerField {
    /// Paragraphs rather than one line: a counted text area on the form.
    pub fn is_paragraph(self) -> bool {
        match self {
            SpeakerField::Bio => true,
            SpeakerField::Name | SpeakerField::Email | SpeakerField::Affiliation => false,
        }
    }

    /// The config limit for this field of every speaker.
    pub fn limit_key(self) -> Option<LimitKey> {
        match self {
            SpeakerField::Bio => Some(LimitKey::Bio),
            SpeakerField::Name | SpeakerField::Email | SpeakerField::Affiliation => None,
        }
    }

    pub fn get(self, speaker: &Speaker) -> &str {
        match self {
            SpeakerField::Name => &speaker.name,
            SpeakerField::Email => &speaker.email,
            SpeakerField::Affiliation => &speaker.affiliation,
            SpeakerField::Bio => &speaker.bio,
        }
    }

    pub fn get_mut(self, speaker: &mut Speaker) -> &mut String {
        match self {
            SpeakerField::Name => &mut speaker.name,
            SpeakerField::Email => &mut speaker.email,
            SpeakerField::Affiliation => &mut speaker.affiliation,
            SpeakerField::Bio => &mut speaker.bio,
        }
    }
}

impl TalkField {
    pub fn limit_key(self) -> Option<LimitKey> {
        match self {
            TalkField::Abstract => Some(LimitKey::TalkAbstract),
            TalkField::Title
            | TalkField::SpeakerName
            | TalkField::SpeakerEmail
            | TalkField::Minutes => None,
        }
    }

    /// The field's text; None for `minutes`, a number.
    pub fn get(self, talk: &Talk) -> Option<&str> {
        Some(match self {
            TalkField::Title => &talk.title,
            TalkField::SpeakerName => &talk.speaker_name,
            TalkField::SpeakerEmail => &talk.speaker_email,
            TalkField::Abstract => &talk.r#abstract,
            TalkField::Minutes => return None,
        })
    }

    pub fn get_mut(self, talk: &mut Talk) -> Option<&mut String> {
        Some(match self {
            TalkField::Title => &mut talk.title,
            TalkField::SpeakerName => &mut talk.speaker_name,
            TalkField::SpeakerEmail => &mut talk.speaker_email,
            TalkField::Abstract => &mut talk.r#abstract,
            TalkField::Minutes => return None,
        })
    }
}

/// Where in a proposal a value lives, as errors, inputs and the encoders name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Title,
    Format,
    Track,
    Abstract,
    Description,
    /// The list of speakers as a whole (`too_many`).
    Speakers,
    Speaker(usize, SpeakerField),
    /// The talks of a workshop block as a whole (`too_few`, `over_time`, ...).
    Talks,
    Talk(usize, TalkField),
    /// The answer to the question with this id.
    Answer(String),
    CodeOfConduct,
}

impl Field {
    /// The key of the proposal's JSON object this field is in.
    pub fn key(&self) -> ProposalKey {
        match self {
            Field::Title => ProposalKey::Title,
            Field::Format => ProposalKey::Format,
            Field::Track => ProposalKey::Track,
            Field::Abstract => ProposalKey::Abstract,
            Field::Description => ProposalKey::Description,
            Field::Speakers | Field::Speaker(..) => ProposalKey::Speakers,
            Field::Talks | Field::Talk(..) => ProposalKey::Talks,
            Field::Answer(_) => ProposalKey::Answers,
            Field::CodeOfConduct => ProposalKey::CodeOfConduct,
        }
    }

    /// Which of the config's `limits` applies (questions carry their own: `limit_for`).
    pub fn limit_key(&self) -> Option<LimitKey> {
        match self {
            Field::Title => Some(LimitKey::Title),
            Field::Abstract => Some(LimitKey::Abstract),
            Field::Description => Some(LimitKey::Description),
            Field::Speaker(_, f) => f.limit_key(),
            Field::Talk(_, f) => f.limit_key(),
            Field::Format
            | Field::Track
            | Field::Speakers
            | Field::Talks
            | Field::Answer(_)
            | Field::CodeOfConduct => None,
        }
    }

    /// The length limit that applies to this field under `config`, if any.
    pub fn limit<'c>(&self, config: &'c EventConfig) -> Option<&'c Limit> {
        match self {
            Field::Answer(id) => config.question(id).and_then(|q| q.limit.as_ref()),
            other => other.limit_key().and_then(|key| key.of(&config.limits)),
        }
    }

    /// The text of a text field of `proposal` ("" for a speaker or talk not there yet);
    /// None for a field that is not text.
    pub fn text<'p>(&self, proposal: &'p Proposal) -> Option<&'p str> {
        Some(match self {
            Field::Title => &proposal.title,
            Field::Abstract => &proposal.r#abstract,
            Field::Description => &proposal.description,
            Field::Speaker(i, f) => proposal.speakers.get(*i).map_or("", |s| f.get(s)),
            Field::Talk(i, f) => match proposal.talks.get(*i) {
                Some(talk) => f.get(talk)?,
                None if *f == TalkField::Minutes => return None,
                None => "",
            },
            Field::Format
            | Field::Track
            | Field::Speakers
            | Field::Talks
            | Field::Answer(_)
            | Field::CodeOfConduct => return None,
        })
    }

    /// Set a text field. A speaker not there yet is added (with the ones before it); text
    /// for a talk that is not there is dropped, as talks come only from "Add a talk".
    /// Returns whether anything changed.
    pub fn set_text(&self, proposal: &mut Proposal, value: String) -> bool {
        let slot = match self {
            Field::Title => &mut proposal.title,
            Field::Abstract => &mut proposal.r#abstract,
            Field::Description => &mut proposal.description,
            Field::Speaker(i, f) => {
                if proposal.speakers.len() <= *i {
                    proposal.speakers.resize_with(i + 1, Default::default);
                }
                f.get_mut(&mut proposal.speakers[*i])
            }
            Field::Talk(i, f) => match proposal.talks.get_mut(*i).and_then(|t| f.get_mut(t)) {
                Some(slot) => slot,
                None => return false,
            },
            Field::Format
            | Field::Track
            | Field::Speakers
            | Field::Talks
            | Field::Answer(_)
            | Field::CodeOfConduct => return false,
        };
        *slot = value;
        true
    }

    /// The name a urlencoded form gives this field: `speakers[0][email]`, `answers[id]`.
    pub fn form_name(&self) -> String {
        match self {
            Field::Speaker(i, f) => format!("speakers[{i}][{}]", f.as_str()),
            Field::Talk(i, f) => format!("talks[{i}][{}]", f.as_str()),
            Field::Answer(id) => format!("answers[{id}]"),
            other => other.key().as_str().to_owned(),
        }
    }

    /// The field a literal path names, for paths written in code and tests, like
    /// `HeaderValue::from_static`: panics on a path that names no field.
    pub fn from_static(path: &'static str) -> Field {
        match Field::parse(path) {
            Some(field) => field,
            None => panic!("{path:?} is not a field of a proposal"),
        }
    }

    /// The field's column in a spreadsheet export: `title`, `speaker1_email`,
    /// `talk2_minutes`, `answer_first-talk` (people count speakers and talks from 1).
    pub fn csv_column(&self) -> String {
        match self {
            Field::Speaker(i, f) => format!("speaker{}_{}", i + 1, f.as_str()),
            Field::Talk(i, f) => format!("talk{}_{}", i + 1, f.as_str()),
            Field::Answer(id) => format!("answer_{id}"),
            other => other.key().as_str().to_owned(),
        }
    }

    /// Parse a path as `Display` writes it; None for anything else.
    pub fn parse(path: &str) -> Option<Field> {
        let indexed = |rest: &str| -> Option<(usize, String)> {
            let (index, leaf) = rest.split_once("].")?;
            let index = index.parse().ok().filter(|_| !index.starts_with('+'))?;
            Some((index, leaf.to_owned()))
        };
        if let Some(id) = path.strip_prefix("answers.") {
            return (!id.is_empty()).then(|| Field::Answer(id.to_owned()));
        }
        if let Some(rest) = path.strip_prefix("speakers[") {
            let (i, leaf) = indexed(rest)?;
            return SpeakerField::from_name(&leaf).map(|f| Field::Speaker(i, f));
        }
        if let Some(rest) = path.strip_prefix("talks[") {
            let (i, leaf) = indexed(rest)?;
            return TalkField::from_name(&leaf).map(|f| Field::Talk(i, f));
        }
        Some(match ProposalKey::from_name(path)? {
            ProposalKey::Title => Field::Title,
            ProposalKey::Format => Field::Format,
            ProposalKey::Track => Field::Track,
            ProposalKey::Abstract => Field::Abstract,
            ProposalKey::Description => Field::Description,
            ProposalKey::Speakers => Field::Speakers,
            ProposalKey::Talks => Field::Talks,
            ProposalKey::CodeOfConduct => Field::CodeOfConduct,
            ProposalKey::Answers => return None,
        })
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Speaker(i, leaf) => write!(f, "speakers[{i}].{}", leaf.as_str()),
            Field::Talk(i, leaf) => write!(f, "talks[{i}].{}", leaf.as_str()),
            Field::Answer(id) => write!(f, "answers.{id}"),
            other => f.write_str(other.key().as_str()),
        }
    }
}

impl std::str::FromStr for Field {
    type Err = UnknownField;

    fn from_str(path: &str) -> Result<Field, UnknownField> {
        Field::parse(path).ok_or(UnknownField)
    }
}

/// A path that names no field of a proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownField;

impl fmt::Display for UnknownField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a field of a proposal")
    }
}

/// So that tests and callers holding a wire path can compare without parsing.
impl PartialEq<&str> for Field {
    fn eq(&self, other: &&str) -> bool {
        Field::parse(other).as_ref() == Some(self)
    }
}

impl serde::Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let path = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        Field::parse(&path).ok_or_else(|| {
            serde::de::Error::custom(format_args!("{path:?} is not a field of a proposal"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_display_as_on_the_wire_and_parse_back() {
        let mut fields = vec![
            Field::Title,
            Field::Format,
            Field::Track,
            Field::Abstract,
            Field::Description,
            Field::Speakers,
            Field::Talks,
            Field::CodeOfConduct,
            Field::Answer("first-talk".into()),
        ];
        for &f in SpeakerField::ALL {
            fields.push(Field::Speaker(12, f));
        }
        for &f in TalkField::ALL {
            fields.push(Field::Talk(0, f));
        }
        for field in fields {
            let path = field.to_string();
            assert_eq!(Field::parse(&path), Some(field.clone()), "{path}");
            assert_eq!(path.parse::<Field>(), Ok(field));
        }
        assert_eq!(
            Field::Speaker(0, SpeakerField::Email).to_string(),
            "speakers[0].email"
        );
        assert_eq!(
            Field::Talk(2, TalkField::Abstract).to_string(),
            "talks[2].abstract"
        );
        assert_eq!(Field::Answer("x".into()).form_name(), "answers[x]");
        assert_eq!(
            Field::Speaker(1, SpeakerField::Bio).form_name(),
            "speakers[1][bio]"
        );
        assert_eq!(Field::CodeOfConduct.form_name(), "code_of_conduct");
    }

    #[test]
    fn anything_else_is_not_a_field() {
        for path in [
            "",
            "titel",
            "answers",
            "answers.",
            "speakers[0]",
            "speakers[x].name",
            "speakers[+1].name",
            "speakers[0].nom",
            "talks[1].bio",
            "speakers.0.name",
            "Title",
        ] {
            assert_eq!(Field::parse(path), None, "{path}");
        }
    }

    #[test]
    fn wire_names_are_unique_and_read_back() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            name: fn(T) -> &'static str,
            from: fn(&str) -> Option<T>,
        ) {
            let mut seen = std::collections::HashSet::new();
            for &v in all {
                assert!(seen.insert(name(v)), "{v:?}");
                assert_eq!(from(name(v)), Some(v));
            }
        }
        check(
            SpeakerField::ALL,
            SpeakerField::as_str,
            SpeakerField::from_name,
        );
        check(TalkField::ALL, TalkField::as_str, TalkField::from_name);
        check(
            ProposalKey::ALL,
            ProposalKey::as_str,
            ProposalKey::from_name,
        );
        check(LimitKey::ALL, LimitKey::as_str, LimitKey::from_name);
    }

    #[test]
    fn text_fields_read_and_write_the_proposal() {
        let mut p = Proposal::blank();
        let bio = Field::Speaker(2, SpeakerField::Bio);
        assert_eq!(bio.text(&p), Some(""));
        assert!(bio.set_text(&mut p, "Bio".into()));
        assert_eq!(p.speakers.len(), 3, "speakers up to it are added");
        assert_eq!(bio.text(&p), Some("Bio"));
        let talk = Field::Talk(0, TalkField::Title);
        assert!(!talk.set_text(&mut p, "gone".into()), "no talk 0 yet");
        p.talks.push(Talk::default());
        assert!(talk.set_text(&mut p, "T".into()));
        assert_eq!(p.talks[0].title, "T");
        assert_eq!(Field::Talk(0, TalkField::Minutes).text(&p), None);
        assert_eq!(Field::Format.text(&p), None);
    }
}
