//! The form's state and the one reducer that changes it.
//!
//! Errors are hidden until the first Submit (a speaker should not be scolded for fields
//! not yet reached), then follow every change. Focus requests carry a sequence number so
//! that the same target can be focused again on the next Submit.

use cfp_core::{validate, EventConfig, FieldError, Proposal};
use std::rc::Rc;
use yew::Reducible;

/// A text field of the proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    Title,
    Abstract,
    Description,
    SpeakerName(usize),
    SpeakerEmail(usize),
    SpeakerAffiliation(usize),
    SpeakerBio(usize),
}

impl TextField {
    /// The field's path, as used in errors and element ids.
    pub fn path(self) -> String {
        match self {
            TextField::Title => "title".into(),
            TextField::Abstract => "abstract".into(),
            TextField::Description => "description".into(),
            TextField::SpeakerName(i) => format!("speakers[{i}].name"),
            TextField::SpeakerEmail(i) => format!("speakers[{i}].email"),
            TextField::SpeakerAffiliation(i) => format!("speakers[{i}].affiliation"),
            TextField::SpeakerBio(i) => format!("speakers[{i}].bio"),
        }
    }

    /// The current text of this field in `proposal`.
    pub fn get(self, proposal: &Proposal) -> &str {
        let speaker = |i: usize| proposal.speakers.get(i);
        match self {
            TextField::Title => &proposal.title,
            TextField::Abstract => &proposal.r#abstract,
            TextField::Description => &proposal.description,
            TextField::SpeakerName(i) => speaker(i).map_or("", |s| &s.name),
            TextField::SpeakerEmail(i) => speaker(i).map_or("", |s| &s.email),
            TextField::SpeakerAffiliation(i) => speaker(i).map_or("", |s| &s.affiliation),
            TextField::SpeakerBio(i) => speaker(i).map_or("", |s| &s.bio),
        }
    }

    fn set(self, proposal: &mut Proposal, value: String) {
        fn speaker(p: &mut Proposal, i: usize) -> &mut cfp_core::Speaker {
            if p.speakers.len() <= i {
                p.speakers.resize_with(i + 1, Default::default);
            }
            &mut p.speakers[i]
        }
        match self {
            TextField::Title => proposal.title = value,
            TextField::Abstract => proposal.r#abstract = value,
            TextField::Description => proposal.description = value,
            TextField::SpeakerName(i) => speaker(proposal, i).name = value,
            TextField::SpeakerEmail(i) => speaker(proposal, i).email = value,
            TextField::SpeakerAffiliation(i) => speaker(proposal, i).affiliation = value,
            TextField::SpeakerBio(i) => speaker(proposal, i).bio = value,
        }
    }
}

/// Where keyboard focus should move after the next render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusTarget {
    ErrorSummary,
    ReadyPanel,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FocusRequest {
    pub target: FocusTarget,
    pub seq: u32,
}

pub enum Action {
    SetText(TextField, String),
    ChooseFormat(String),
    ChooseTrack(Option<String>),
    SetConsent(bool),
    Submit,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormState {
    pub config: Rc<EventConfig>,
    pub proposal: Proposal,
    /// Errors on display: empty until the first Submit, then kept current.
    pub errors: Vec<FieldError>,
    pub attempted: bool,
    /// A valid Submit happened and nothing changed since: show what would be sent.
    pub ready: bool,
    pub focus: Option<FocusRequest>,
}

impl FormState {
    pub fn new(config: Rc<EventConfig>) -> Self {
        FormState {
            config,
            proposal: Proposal::blank(),
            errors: Vec::new(),
            attempted: false,
            ready: false,
            focus: None,
        }
    }

    /// The errors shown for one field path.
    pub fn error_for(&self, path: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == path)
    }

    fn request_focus(&mut self, target: FocusTarget) {
        let seq = self.focus.map_or(1, |f| f.seq.wrapping_add(1));
        self.focus = Some(FocusRequest { target, seq });
    }
}

impl Reducible for FormState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetText(field, value) => field.set(&mut next.proposal, value),
            Action::ChooseFormat(id) => next.proposal.format = Some(id),
            Action::ChooseTrack(id) => next.proposal.track = id,
            Action::SetConsent(agreed) => next.proposal.code_of_conduct = agreed,
            Action::Submit => {
                next.attempted = true;
                next.errors = validate(&next.config, &next.proposal);
                next.ready = next.errors.is_empty();
                next.request_focus(if next.ready {
                    FocusTarget::ReadyPanel
                } else {
                    FocusTarget::ErrorSummary
                });
                return Rc::new(next);
            }
        }
        next.ready = false;
        if next.attempted {
            next.errors = validate(&next.config, &next.proposal);
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cfp_core::ErrorCode;

    fn state() -> Rc<FormState> {
        let config =
            EventConfig::from_json(include_str!("../events/dask-summit-2021.json")).unwrap();
        Rc::new(FormState::new(Rc::new(config)))
    }

    #[test]
    fn errors_wait_for_the_first_submit_then_follow_edits() {
        let s = state().reduce(Action::SetText(TextField::Title, String::new()));
        assert!(s.errors.is_empty());
        let s = s.reduce(Action::Submit);
        assert!(s.error_for("title").is_some());
        assert_eq!(s.focus.map(|f| f.target), Some(FocusTarget::ErrorSummary));
        let s = s.reduce(Action::SetText(TextField::Title, "A talk".into()));
        assert!(s.error_for("title").is_none());
        assert_eq!(
            s.error_for("abstract").map(|e| e.code),
            Some(ErrorCode::Required)
        );
    }

    #[test]
    fn each_submit_asks_for_focus_again() {
        let s = state().reduce(Action::Submit);
        let first = s.focus.unwrap().seq;
        let s = s.reduce(Action::Submit);
        assert_ne!(s.focus.unwrap().seq, first);
    }

    #[test]
    fn a_valid_submit_is_ready_until_the_next_edit() {
        let mut s = state();
        for (field, value) in [
            (
                TextField::Title,
                "Scaling Machine Learning With Python and Dask",
            ),
            (TextField::Abstract, &"word ".repeat(40)),
            (TextField::SpeakerName(0), "James Lamb"),
            (TextField::SpeakerEmail(0), "james@example.org"),
        ] {
            s = s.reduce(Action::SetText(field, value.to_string()));
        }
        s = s.reduce(Action::ChooseFormat("talk".into()));
        s = s.reduce(Action::SetConsent(true));
        let s = s.reduce(Action::Submit);
        assert!(s.ready, "{:?}", s.errors);
        assert_eq!(s.focus.map(|f| f.target), Some(FocusTarget::ReadyPanel));
        let s = s.reduce(Action::ChooseTrack(Some("development".into())));
        assert!(!s.ready);
        assert!(s.errors.is_empty());
    }

    #[test]
    fn text_fields_round_trip() {
        let s = state().reduce(Action::SetText(TextField::SpeakerBio(0), "Bio".into()));
        assert_eq!(TextField::SpeakerBio(0).get(&s.proposal), "Bio");
        assert_eq!(TextField::SpeakerBio(3).get(&s.proposal), "");
        assert_eq!(TextField::SpeakerBio(2).path(), "speakers[2].bio");
    }
}
