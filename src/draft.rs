//! Drafts that are never lost: the proposal is kept in the browser's localStorage, one entry
//! per event, so a reload, a crash or a closed tab does not cost the speaker their text.
//!
//! The stored text is versioned JSON. Anything that does not read as the current version
//! (an old format, a corrupt entry) is set aside, never used and never fatal; the speaker
//! can still download it. `store.rs` talks to the browser; this file is pure.

pub mod store;

use cfp_core::Proposal;
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
    match serde_json::from_str::<Draft>(text) {
        Ok(draft) if draft.v == VERSION => Loaded::Draft(Box::new(draft)),
        _ => Loaded::Unreadable(text.to_owned()),
    }
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
