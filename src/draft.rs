//! Drafts that are never lost: the proposal is kept in the browser's localStorage, one entry
//! per event, so a reload, a crash or a closed tab does not cost the speaker their text.
//!
//! The stored text is versioned JSON. Anything that does not read as the current version
//! (an old format, a corrupt entry) is set aside, never used and never fatal; the speaker
//! can still download it. `store.rs` talks to the browser; this file is pure.

pub mod store;

use crate::json::{self, Reader};
use cfp_core::{Answer, Proposal, Speaker, Talk};
use serde::{Deserialize, Serialize};

/// Bump when the stored shape changes; older entries are then set aside, not misread.
pub const VERSION: u32 = 1;

/// One saved draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub v: u32,
    /// When it was saved, in ms since the epoch (`Date.now()`).
    pub saved_at: f64,
    /// The tab that saved it, so a tab can tell its own saves from another tab's.
    pub tab: String,
    /// The draft's Idempotency-Key: a send cut short by a reload is retried under it.
    pub key: String,
    pub proposal: Proposal,
}

/// What reading the stored entry gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded {
    Nothing,
    Draft(Box<Draft>),
    /// Present but not readable as this version: set aside, with the text kept.
    Unreadable(String),
}

/// Where an event's draft lives in localStorage.
pub fn storage_key(event_id: &str) -> String {
    format!("cfp-draft:{event_id}")
}

/// Where an unreadable draft is moved, so that a new one can be saved without losing it.
pub fn set_aside_key(event_id: &str) -> String {
    format!("cfp-draft:{event_id}:set-aside")
}

pub fn encode(draft: &Draft) -> String {
    // A struct of strings, numbers and bools always serialises.
    serde_json::to_string(draft).unwrap_or_default()
}

pub fn decode(text: Option<&str>) -> Loaded {
    let Some(text) = text else {
        return Loaded::Nothing;
    };
    let mut reader = Reader::new(text);
    match read_draft(&mut reader).and_then(|draft| reader.end().map(|()| draft)) {
        Ok(draft) if draft.v == VERSION => Loaded::Draft(Box::new(draft)),
        _ => Loaded::Unreadable(text.to_owned()),
    }
}

/// `Draft` as its derived `Deserialize` reads it (unknown keys ignored), with the widget's
/// own JSON reader: serde_json's deserializer and the derived visitors cost the wasm more
/// (the tests below compare the two).
fn read_draft(r: &mut Reader) -> json::Result<Draft> {
    let mut d = Draft {
        v: 0,
        saved_at: 0.0,
        tab: String::new(),
        key: String::new(),
        proposal: Proposal::default(),
    };
    const FIELDS: &[&str] = &["v", "saved_at", "tab", "key", "proposal"];
    r.fields("Draft", FIELDS, 0b11111, true, &mut |r, i| {
        match i {
            0 => d.v = r.u32()?,
            1 => d.saved_at = r.f64()?,
            2 => d.tab = r.string()?,
            3 => d.key = r.string()?,
            _ => d.proposal = read_proposal(r)?,
        }
        Ok(())
    })?;
    Ok(d)
}

/// `Proposal`: every field may be missing (`#[serde(default)]`), none unknown.
pub(crate) fn read_proposal(r: &mut Reader) -> json::Result<Proposal> {
    let mut p = Proposal::default();
    const FIELDS: &[&str] = &[
        "title",
        "format",
        "track",
        "abstract",
        "description",
        "speakers",
        "talks",
        "answers",
        "code_of_conduct",
    ];
    r.fields("Proposal", FIELDS, 0, false, &mut |r, i| {
        match i {
            0 => p.title = r.string()?,
            1 => p.format = r.option(Reader::string)?,
            2 => p.track = r.option(Reader::string)?,
            3 => p.r#abstract = r.string()?,
            4 => p.description = r.string()?,
            5 => r.seq(&mut |r| {
                p.speakers.push(read_speaker(r)?);
                Ok(())
            })?,
            6 => r.seq(&mut |r| {
                p.talks.push(read_talk(r)?);
                Ok(())
            })?,
            7 => r.map(&mut |r, id| {
                p.answers.insert(id, read_answer(r)?);
                Ok(())
            })?,
            _ => p.code_of_conduct = r.bool()?,
        }
        Ok(())
    })?;
    Ok(p)
}

fn read_speaker(r: &mut Reader) -> json::Result<Speaker> {
    let mut s = Speaker::default();
    const FIELDS: &[&str] = &["name", "email", "affiliation", "bio"];
    r.fields("Speaker", FIELDS, 0, false, &mut |r, i| {
        *[&mut s.name, &mut s.email, &mut s.affiliation, &mut s.bio][i] = r.string()?;
        Ok(())
    })?;
    Ok(s)
}

fn read_talk(r: &mut Reader) -> json::Result<Talk> {
    let mut t = Talk::default();
    const FIELDS: &[&str] = &[
        "title",
        "speaker_name",
        "speaker_email",
        "abstract",
        "minutes",
    ];
    r.fields("Talk", FIELDS, 0, false, &mut |r, i| {
        match i {
            4 => t.minutes = r.option(Reader::u32)?,
            _ => {
                *[
                    &mut t.title,
                    &mut t.speaker_name,
                    &mut t.speaker_email,
                    &mut t.r#abstract,
                ][i] = r.string()?
            }
        }
        Ok(())
    })?;
    Ok(t)
}

/// `Answer` by the JSON value's own type, as its `Deserialize` reads it.
fn read_answer(r: &mut Reader) -> json::Result<Answer> {
    Ok(match r.peek_value()? {
        b't' | b'f' => Answer::Bool(r.bool()?),
        b'"' => Answer::Text(r.string()?),
        b'[' => Answer::Choices(r.strings()?),
        b'-' | b'0'..=b'9' => Answer::Number(r.f64()?),
        _ => return Err(json::custom("not an answer".into())),
    })
}

/// Whether there is anything worth keeping: a blank form is not a draft.
pub fn worth_keeping(proposal: &Proposal) -> bool {
    *proposal != Proposal::blank() && *proposal != Proposal::default()
}

/// What the speaker is told about their draft.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftStatus {
    /// Nothing to say.
    Quiet,
    /// A draft saved at this time (ms since the epoch) was put back into the form.
    Restored { saved_at: f64 },
    /// An earlier draft could not be read; its text is offered as a download.
    SetAside { text: String },
    /// The browser will not store anything (private mode, storage full or blocked).
    Unavailable,
    /// Another tab saved a newer version of this event's draft; saving here is paused
    /// until the speaker chooses which one to keep.
    OtherTab { newer: Box<Draft> },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        let mut proposal = Proposal::blank();
        proposal.title = "Scaling Machine Learning With Python and Dask".into();
        Draft {
            v: VERSION,
            saved_at: 1_795_370_000_000.0,
            tab: "tab-a".into(),
            key: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
            proposal,
        }
    }

    #[test]
    fn a_draft_round_trips() {
        let d = draft();
        assert_eq!(decode(Some(&encode(&d))), Loaded::Draft(Box::new(d)));
        assert_eq!(decode(None), Loaded::Nothing);
    }

    #[test]
    fn old_or_corrupt_drafts_are_set_aside_with_their_text() {
        let old = encode(&draft()).replace("\"v\":1", "\"v\":0");
        assert_eq!(decode(Some(&old)), Loaded::Unreadable(old.clone()));
        for bad in [
            "{\"v\":1",
            "null",
            "[]",
            "{\"v\":1,\"proposal\":{\"titel\":1}}",
            "",
        ] {
            assert_eq!(decode(Some(bad)), Loaded::Unreadable(bad.into()), "{bad:?}");
        }
    }

    /// The widget's reader takes exactly the drafts serde's derive takes, as the same values.
    #[test]
    fn drafts_are_read_as_serde_reads_them() {
        let mut full = draft();
        full.proposal.format = Some("workshop".into());
        full.proposal.speakers.push(Speaker {
            name: "Ada \"Countess\" L\u{e9}on \u{1F600}".into(),
            email: "ada@example.org".into(),
            affiliation: "A\nB".into(),
            bio: String::new(),
        });
        full.proposal.talks = vec![Talk {
            title: "T".into(),
            minutes: Some(25),
            ..Talk::default()
        }];
        for (id, answer) in [
            ("a", Answer::Bool(true)),
            ("b", Answer::Number(-2.5e-3)),
            ("c", Answer::Number(42.0)),
            ("d", Answer::Text("x".into())),
            ("e", Answer::Choices(vec!["p".into(), "q".into()])),
        ] {
            full.proposal.answers.insert(id.into(), answer);
        }
        let text = encode(&full);
        let mut texts = vec![text.clone(), serde_json::to_string_pretty(&full).unwrap()];
        for cut in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            texts.push(text[..cut].to_owned());
        }
        let tail = &text[1..];
        for extra in [
            r#"{"later":{"x":[1,2.5e3,null,true,"s"]},"#,
            r#"{"v":1,"#,
            r#"{"later":tru,"#,
        ] {
            texts.push(format!("{extra}{tail}"));
        }
        for (from, to) in [
            ("\"title\":", "\"titel\":"),
            ("\"minutes\":25", "\"minutes\":null"),
            ("\"minutes\":25", "\"minutes\":-1"),
            ("\"minutes\":25", "\"minutes\":2.5"),
            ("\"format\":\"workshop\"", "\"format\":null"),
            ("\"track\":null", "\"track\":1"),
            ("true", "null"),
            ("true", "{}"),
            ("[\"p\",\"q\"]", "[\"p\",1]"),
            ("[\"p\",\"q\"]", "[]"),
            ("\"code_of_conduct\":false", "\"code_of_conduct\":0"),
            (
                "\"saved_at\":1795370000000.0",
                "\"saved_at\":17953700000000000000000",
            ),
            ("\"saved_at\":1795370000000.0", "\"saved_at\":\"1\""),
            ("\"v\":1", "\"v\":1,\"v\":1"),
            ("\"speakers\":[", "\"speakers\":[[\"n\",\"e\"],"),
            (
                "\"speakers\":[",
                "\"speakers\":[[\"n\",\"e\",\"a\",\"b\",\"c\"],",
            ),
            ("\"x\"", "\"\\u00e9\\ud83d\\ude00\""),
            ("\"x\"", "\"\\ud83d\""),
        ] {
            assert!(text.contains(from), "{from}");
            texts.push(text.replacen(from, to, 1));
        }
        texts.push(format!("{text} x"));
        texts.push(format!(" {text}\n"));
        for text in &texts {
            let serde = serde_json::from_str::<Draft>(text).ok();
            let ours = match decode(Some(text)) {
                Loaded::Draft(d) => Some(*d),
                _ => None,
            };
            assert_eq!(ours, serde.filter(|d| d.v == VERSION), "{text}");
        }
    }

    #[test]
    fn a_blank_form_is_not_worth_keeping() {
        assert!(!worth_keeping(&Proposal::blank()));
        assert!(!worth_keeping(&Proposal::default()));
        assert!(worth_keeping(&draft().proposal));
    }

    #[test]
    fn keys_are_per_event() {
        assert_eq!(storage_key("scipy-2020"), "cfp-draft:scipy-2020");
        assert_eq!(
            set_aside_key("scipy-2020"),
            "cfp-draft:scipy-2020:set-aside"
        );
    }
}
