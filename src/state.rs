//! The form's state and the one reducer that changes it.
//!
//! Errors are hidden until the first Submit (a speaker should not be scolded for fields
//! not yet reached), then follow every change. Focus requests carry a sequence number so
//! that the same target can be focused again on the next Submit.
//!
//! Sending is a state machine here too (`Submission`): Submit moves to `Sending` at once, so
//! a double click sends one request; `submit.rs` does the fetching and the waiting and
//! reports back with actions.

mod edit;
mod link;
mod lists;
mod submission;

pub use edit::Edit;
pub use link::{link, parse_fragment, Changing, Opened, Stage, Yours};
pub use submission::{
    backoff_ms, Answer, Receipt, ReceiptKind, SendFailure, Submission, MAX_ATTEMPTS,
};

use crate::draft::{Draft, DraftStatus, Loaded};
use crate::messages::Locale;
use crate::submit::key::new_key;
use cfp_core::{validate, EventConfig, Field, FieldError, Proposal};
use std::rc::Rc;
use yew::Reducible;

/// Where keyboard focus should move after the next render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FocusTarget {
    ErrorSummary,
    ReadyPanel,
    SendError,
    Receipt,
    /// The first field, after "Start a new proposal".
    FirstField,
    /// The element with this id: a list item's first field or button after a change to
    /// the list (see `lists.rs`).
    Element(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FocusRequest {
    pub target: FocusTarget,
    pub seq: u32,
}

/// What the reducer does: an edit of the proposal (`edit.rs`), or a step of sending it
/// or of keeping its draft.
pub enum Action {
    Edit(Edit),
    Submit,
    /// The endpoint answered request `run`.
    Answered {
        run: u32,
        answer: Answer,
    },
    /// The wait `run` is over (its timer fired, or the browser came back online).
    Retry {
        run: u32,
    },
    /// After a send: an empty form and a new idempotency key.
    NewProposal,
    /// What was found in storage when the form mounted.
    DraftLoaded(Loaded),
    /// "Start over": an empty form, a new key, the saved draft gone.
    StartOver,
    /// The browser refused to store the draft.
    DraftUnsaved,
    /// Another tab saved a draft of this event.
    OtherTabSaved(Box<Draft>),
    /// Take the other tab's draft into this form.
    UseOtherTab,
    /// Keep this tab's text; saving resumes and replaces the other tab's draft.
    KeepThisTab,
    /// The private link's proposal, as the server has it (or why it could not be read).
    Opened(Opened),
    /// "Withdraw this proposal": ask first.
    AskWithdraw,
    /// "No, keep it".
    KeepProposal,
    /// "Yes, withdraw it".
    Withdraw,
    /// Take the changes this browser kept but did not save.
    UseUnsaved,
    /// Keep the version the server has.
    DiscardUnsaved,
    /// The proposals this browser sent to the event, from storage.
    Remembered(Vec<Yours>),
    /// "Lost your link?" was asked for this address; whether the request got through.
    LinksAsked(String, bool),
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
    /// What bots type into the hidden field; people leave it empty.
    pub honeypot: String,
    /// Sent as Idempotency-Key by every attempt at this draft, until it is received.
    pub key: String,
    pub submission: Submission,
    /// The last `run` handed out (see `Submission`).
    pub runs: u32,
    pub draft: DraftStatus,
    /// This form's id among the tabs that may edit the same event's draft.
    pub tab: String,
    /// What the polite live region says about the last change to a list ("Talk 3 removed").
    pub announcement: String,
    /// The language the form speaks: the config's `locale`, or the page's (see `mount`).
    pub locale: Locale,
    /// Set when the form changes a proposal already sent (its private link).
    pub changing: Option<Changing>,
    /// The proposals this browser sent to the event ("Your proposals").
    pub yours: Rc<Vec<Yours>>,
    /// A new proposal was started from a sent one: the speaker's details were kept.
    pub prefilled: bool,
    /// "Lost your link?": the address last asked for, and whether it got through.
    pub links_asked: Option<(String, bool)>,
}

impl FormState {
    /// A blank form speaking the config's locale (English if it names none).
    pub fn new(config: Rc<EventConfig>) -> Self {
        let locale = Locale::new(config.locale.as_deref().unwrap_or_default());
        FormState::with_locale(config, locale)
    }

    pub fn with_locale(config: Rc<EventConfig>, locale: Locale) -> Self {
        FormState {
            config,
            proposal: Proposal::blank(),
            errors: Vec::new(),
            attempted: false,
            ready: false,
            focus: None,
            honeypot: String::new(),
            key: new_key(),
            submission: Submission::Editing,
            runs: 0,
            draft: DraftStatus::Quiet,
            tab: new_key(),
            announcement: String::new(),
            locale,
            changing: None,
            yours: Rc::default(),
            prefilled: false,
            links_asked: None,
        }
    }

    /// The form for the proposal a private link opens (reference and token).
    pub fn changing(config: Rc<EventConfig>, locale: Locale, link: (String, String)) -> Self {
        FormState {
            changing: Some(Changing::new(link.0, link.1)),
            ..FormState::with_locale(config, locale)
        }
    }

    /// Where this form's draft is kept: the event's id, or for a change of a sent
    /// proposal the event's id and its reference (never the new-proposal draft).
    pub fn draft_scope(&self) -> String {
        match &self.changing {
            Some(c) => format!("{}/{}", self.config.id, c.reference),
            None => self.config.id.clone(),
        }
    }

    /// Whether Submit may send now: a change only once its proposal is open.
    fn can_send(&self) -> bool {
        self.submission.accepts_submit()
            && self
                .changing
                .as_ref()
                .is_none_or(|c| c.version().is_some() && !c.confirming)
    }

    /// The proposal as it is sent: answers to questions that do not apply, and talks for
    /// a format without them, left out (they stay in the draft for switching back).
    pub fn sendable(&self) -> Proposal {
        self.config.without_inapplicable(&self.proposal)
    }

    /// The errors of what would be sent, so that an answer kept for another format is
    /// never an error.
    fn check(&self) -> Vec<FieldError> {
        validate(&self.config, &self.sendable())
    }

    /// The draft to keep in storage now, if any: not while another tab's newer draft
    /// waits for the speaker's choice, and not once the proposal was received.
    pub fn draft_to_save(&self, now_ms: f64) -> Option<Draft> {
        let received = matches!(&self.submission, Submission::Sent(r) if r.confirmed);
        // Not while another tab's draft, or this browser's unsaved changes to a sent
        // proposal, wait for the speaker's choice; not for a link that opened nothing.
        let paused = matches!(self.draft, DraftStatus::OtherTab { .. })
            || self
                .changing
                .as_ref()
                .is_some_and(|c| c.unsaved.is_some() || c.version().is_none());
        (!received && !paused && crate::draft::worth_keeping(&self.proposal)).then(|| Draft {
            v: crate::draft::VERSION,
            saved_at: now_ms,
            tab: self.tab.clone(),
            key: self.key.clone(),
            proposal: self.proposal.clone(),
        })
    }

    /// Whether the saved draft should be removed: the proposal was received.
    pub fn draft_done(&self) -> bool {
        matches!(&self.submission, Submission::Sent(r) if r.confirmed)
    }

    fn take_draft(&mut self, draft: Draft) {
        self.proposal = draft.proposal;
        self.key = draft.key;
        self.draft = DraftStatus::Restored {
            saved_at: draft.saved_at,
        };
        if self.attempted {
            self.errors = self.check();
        }
    }

    /// The error shown on one field.
    pub fn error_for(&self, field: &Field) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == *field)
    }

    fn request_focus(&mut self, target: FocusTarget) {
        let seq = self.focus.as_ref().map_or(1, |f| f.seq.wrapping_add(1));
        self.focus = Some(FocusRequest { target, seq });
    }

    fn next_run(&mut self) -> u32 {
        self.runs = self.runs.wrapping_add(1);
        self.runs
    }

    /// Move on from an answer to request `attempt`.
    fn answered(&mut self, attempt: u32, answer: Answer) {
        let kind = |version: Option<i64>| match &self.changing {
            Some(c) if c.withdrawing => ReceiptKind::Withdrawn,
            Some(c) => ReceiptKind::Saved {
                version: version.or(c.version().map(|v| v + 1)).unwrap_or_default(),
            },
            None => ReceiptKind::Received,
        };
        let receipt = |confirmed, id: Option<String>, received_at, kind, token: Option<String>| {
            Submission::Sent(Rc::new(Receipt {
                confirmed,
                id,
                received_at,
                title: self.proposal.title.clone(),
                copy: serde_json::to_string_pretty(&self.sendable()).unwrap_or_default(),
                kind,
                token,
            }))
        };
        let answer = match answer {
            // A change's refusals in its own words.
            Answer::Refused(SendFailure::Closed) if self.changing.is_some() => {
                Answer::Refused(SendFailure::EditsClosed)
            }
            other => other,
        };
        self.submission = match answer {
            Answer::Accepted {
                id,
                received_at,
                edit_token,
                version,
            } => {
                let token = match &self.changing {
                    Some(c) => Some(c.token.clone()),
                    None => edit_token,
                };
                let id = match &self.changing {
                    Some(c) => Some(c.reference.clone()),
                    None => id,
                };
                receipt(true, id, received_at, kind(version), token)
            }
            Answer::Unconfirmed => receipt(false, None, None, ReceiptKind::Received, None),
            Answer::Invalid(errors) => {
                // The server's errors read exactly like the widget's own.
                self.errors = errors;
                self.attempted = true;
                self.submission = Submission::Editing;
                self.request_focus(FocusTarget::ErrorSummary);
                return;
            }
            Answer::Refused(failure) => Submission::Failed(failure),
            Answer::Transient { offline: true, .. } => Submission::Offline {
                attempt: (attempt + 1).min(MAX_ATTEMPTS),
                run: self.next_run(),
            },
            Answer::Transient { offline: false, .. } if attempt < MAX_ATTEMPTS => {
                Submission::Waiting {
                    attempt: attempt + 1,
                    delay_ms: backoff_ms(attempt + 1),
                    run: self.next_run(),
                }
            }
            Answer::Transient { failure, .. } => Submission::Failed(failure),
        };
        match self.submission {
            Submission::Sent(_) => self.request_focus(FocusTarget::Receipt),
            Submission::Failed(_) => self.request_focus(FocusTarget::SendError),
            _ => {}
        }
    }
}

impl Reducible for FormState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let sent = matches!(self.submission, Submission::Sent(_));
        let mut next = (*self).clone();
        match action {
            Action::Edit(edit) => {
                if !next.edit(edit) {
                    return self;
                }
            }
            Action::Submit if !self.can_send() => return self,
            Action::Submit => {
                if let Some(changing) = next.changing.as_mut() {
                    changing.withdrawing = false;
                }
                next.attempted = true;
                next.errors = next.check();
                let valid = next.errors.is_empty();
                // Without an endpoint, show what would be sent: site maintainers use it
                // to try configs.
                next.ready = valid && next.config.endpoint.is_none();
                next.submission = if valid && !next.ready {
                    // App's one effect re-applies the focus request whenever the send
                    // changes state; focus stays put while sending.
                    next.focus = None;
                    Submission::Sending {
                        attempt: 1,
                        run: next.next_run(),
                    }
                } else {
                    Submission::Editing
                };
                if !valid {
                    next.request_focus(FocusTarget::ErrorSummary);
                } else if next.ready {
                    next.request_focus(FocusTarget::ReadyPanel);
                }
                return Rc::new(next);
            }
            Action::Answered { run, answer } => match self.submission {
                Submission::Sending {
                    attempt,
                    run: current,
                } if current == run => {
                    next.answered(attempt, answer);
                    return Rc::new(next);
                }
                _ => return self,
            },
            Action::Retry { run } => match self.submission {
                Submission::Waiting {
                    attempt,
                    run: current,
                    ..
                }
                | Submission::Offline {
                    attempt,
                    run: current,
                } if current == run => {
                    next.submission = Submission::Sending {
                        attempt,
                        run: next.next_run(),
                    };
                    return Rc::new(next);
                }
                _ => return self,
            },
            Action::NewProposal if sent => {
                let mut fresh = FormState::with_locale(next.config.clone(), next.locale);
                fresh.runs = next.runs;
                fresh.focus = next.focus.clone();
                fresh.yours = next.yours.clone();
                // The same person, most likely: their details are offered again
                // (WCAG 3.3.7, redundant entry), and the form says so.
                if let Some(speaker) = next.proposal.speakers.first() {
                    fresh.proposal.speakers = vec![speaker.clone()];
                    fresh.prefilled = true;
                }
                fresh.request_focus(FocusTarget::FirstField);
                return Rc::new(fresh);
            }
            Action::NewProposal => return self,
            Action::DraftLoaded(Loaded::Draft(draft))
                if !crate::draft::worth_keeping(&self.proposal) =>
            {
                next.take_draft(*draft);
                return Rc::new(next);
            }
            Action::DraftLoaded(Loaded::Unreadable(text)) => {
                next.draft = DraftStatus::SetAside { text };
                return Rc::new(next);
            }
            Action::DraftLoaded(_) => return self,
            Action::StartOver => {
                let mut fresh = FormState::with_locale(next.config.clone(), next.locale);
                fresh.runs = next.runs;
                fresh.tab = next.tab.clone();
                fresh.focus = next.focus.clone();
                fresh.request_focus(FocusTarget::FirstField);
                return Rc::new(fresh);
            }
            Action::DraftUnsaved if self.draft == DraftStatus::Unavailable => return self,
            Action::DraftUnsaved => {
                next.draft = DraftStatus::Unavailable;
                return Rc::new(next);
            }
            // The other tab only re-saved what this one shows: nothing to choose between.
            Action::OtherTabSaved(newer) if newer.proposal == self.proposal => return self,
            Action::OtherTabSaved(newer) => {
                next.draft = DraftStatus::OtherTab { newer };
                return Rc::new(next);
            }
            // Like an edit, not while a send is under way: the body must stay the same.
            Action::UseOtherTab if !self.editable() => return self,
            Action::UseOtherTab => match next.draft.clone() {
                DraftStatus::OtherTab { newer } => {
                    next.take_draft(*newer);
                    return Rc::new(next);
                }
                _ => return self,
            },
            Action::KeepThisTab => {
                next.draft = DraftStatus::Quiet;
                return Rc::new(next);
            }
            Action::Opened(opened) => {
                let Some(changing) = next.changing.as_mut() else {
                    return self;
                };
                if changing.stage != Stage::Opening {
                    return self;
                }
                match opened {
                    Opened::Proposal {
                        version,
                        withdrawn,
                        proposal,
                    } => {
                        // A draft of this change, restored before the answer came, is
                        // offered, never silently put over what the server has.
                        let restored = matches!(next.draft, DraftStatus::Restored { .. });
                        if restored && !withdrawn && next.proposal != *proposal {
                            changing.unsaved = Some(Box::new(next.proposal.clone()));
                        }
                        changing.stage = if withdrawn {
                            Stage::Withdrawn
                        } else {
                            Stage::Open { version }
                        };
                        next.proposal = *proposal;
                        next.draft = DraftStatus::Quiet;
                    }
                    Opened::NotFound => changing.stage = Stage::NotFound,
                    Opened::Unreachable => changing.stage = Stage::Unreachable,
                }
            }
            Action::AskWithdraw | Action::KeepProposal | Action::Withdraw
                if !self.submission.accepts_submit() =>
            {
                return self
            }
            Action::AskWithdraw | Action::KeepProposal => {
                let Some(changing) = next.changing.as_mut() else {
                    return self;
                };
                changing.confirming = matches!(action, Action::AskWithdraw);
                next.request_focus(FocusTarget::Element(
                    if next.changing.as_ref().is_some_and(|c| c.confirming) {
                        "cfp-withdraw-confirm"
                    } else {
                        "cfp-withdraw"
                    }
                    .into(),
                ));
            }
            Action::Withdraw => {
                let Some(changing) = next.changing.as_mut() else {
                    return self;
                };
                if changing.version().is_none() {
                    return self;
                }
                changing.confirming = false;
                changing.withdrawing = true;
                next.focus = None;
                next.submission = Submission::Sending {
                    attempt: 1,
                    run: next.next_run(),
                };
                return Rc::new(next);
            }
            Action::UseUnsaved | Action::DiscardUnsaved if !self.editable() => return self,
            Action::UseUnsaved | Action::DiscardUnsaved => {
                let Some(unsaved) = next.changing.as_mut().and_then(|c| c.unsaved.take()) else {
                    return self;
                };
                if matches!(action, Action::UseUnsaved) {
                    next.proposal = *unsaved;
                    if next.attempted {
                        next.errors = next.check();
                    }
                }
            }
            Action::Remembered(yours) => next.yours = Rc::new(yours),
            Action::LinksAsked(email, ok) => next.links_asked = Some((email, ok)),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cfp_core::{ErrorCode, SpeakerField};

    fn state() -> Rc<FormState> {
        let config =
            EventConfig::from_json(include_str!("../events/dask-summit-2021.json")).unwrap();
        Rc::new(FormState::new(Rc::new(config)))
    }

    #[test]
    fn errors_wait_for_the_first_submit_then_follow_edits() {
        let s = state().reduce(Action::Edit(Edit::Text(Field::Title, String::new())));
        assert!(s.errors.is_empty());
        let s = s.reduce(Action::Submit);
        assert!(s.error_for(&Field::from_static("title")).is_some());
        assert_eq!(
            s.focus.as_ref().map(|f| f.target.clone()),
            Some(FocusTarget::ErrorSummary)
        );
        let s = s.reduce(Action::Edit(Edit::Text(Field::Title, "A talk".into())));
        assert!(s.error_for(&Field::from_static("title")).is_none());
        assert_eq!(
            s.error_for(&Field::from_static("abstract")).map(|e| e.code),
            Some(ErrorCode::Required)
        );
    }

    #[test]
    fn each_submit_asks_for_focus_again() {
        let s = state().reduce(Action::Submit);
        let first = s.focus.as_ref().unwrap().seq;
        let s = s.reduce(Action::Submit);
        assert_ne!(s.focus.as_ref().unwrap().seq, first);
    }

    #[test]
    fn without_an_endpoint_a_valid_submit_is_ready_until_the_next_edit() {
        let mut config = (*state().config).clone();
        config.endpoint = None;
        let mut s = Rc::new(FormState::new(Rc::new(config)));
        for (field, value) in [
            (
                Field::Title,
                "Scaling Machine Learning With Python and Dask",
            ),
            (Field::Abstract, &"word ".repeat(40)),
            (Field::Speaker(0, SpeakerField::Name), "James Lamb"),
            (Field::Speaker(0, SpeakerField::Email), "james@example.org"),
        ] {
            s = s.reduce(Action::Edit(Edit::Text(field, value.to_string())));
        }
        s = s.reduce(Action::Edit(Edit::Format("talk".into())));
        s = s.reduce(Action::Edit(Edit::Consent(true)));
        let s = s.reduce(Action::Submit);
        assert!(s.ready, "{:?}", s.errors);
        assert_eq!(s.submission, Submission::Editing, "nothing to send to");
        assert_eq!(
            s.focus.as_ref().map(|f| f.target.clone()),
            Some(FocusTarget::ReadyPanel)
        );
        let s = s.reduce(Action::Edit(Edit::Track(Some("development".into()))));
        assert!(!s.ready);
        assert!(s.errors.is_empty());
    }

    /// A valid draft for an event whose config names an endpoint.
    fn valid_with_endpoint() -> Rc<FormState> {
        let mut config =
            EventConfig::from_json(include_str!("../events/dask-summit-2021.json")).unwrap();
        config.endpoint = Some(cfp_core::Endpoint {
            url: "https://cfp.example.org/proposals".into(),
            encoding: cfp_core::Encoding::Json,
            response: cfp_core::ResponseMode::Readable,
            fields: Default::default(),
        });
        let mut s = Rc::new(FormState::new(Rc::new(config)));
        for (field, value) in [
            (Field::Title, "Dask at scale"),
            (Field::Abstract, &"word ".repeat(40)),
            (Field::Speaker(0, SpeakerField::Name), "James Lamb"),
            (Field::Speaker(0, SpeakerField::Email), "james@example.org"),
        ] {
            s = s.reduce(Action::Edit(Edit::Text(field, value.to_string())));
        }
        s = s.reduce(Action::Edit(Edit::Format("talk".into())));
        s.reduce(Action::Edit(Edit::Consent(true)))
    }

    fn sending_run(s: &FormState) -> (u32, u32) {
        match s.submission {
            Submission::Sending { attempt, run } => (attempt, run),
            ref other => panic!("not sending: {other:?}"),
        }
    }

    fn transient() -> Answer {
        Answer::Transient {
            offline: false,
            failure: SendFailure::Unreachable,
        }
    }

    #[test]
    fn a_second_submit_while_sending_is_ignored() {
        let s = valid_with_endpoint().reduce(Action::Submit);
        assert!(!s.ready, "with an endpoint, Submit sends");
        assert_eq!(sending_run(&s).0, 1);
        let again = s.clone().reduce(Action::Submit);
        assert!(Rc::ptr_eq(&s, &again), "no new state, so no second request");
    }

    #[test]
    fn retries_back_off_keep_the_key_and_give_up_after_four_attempts() {
        let s = valid_with_endpoint().reduce(Action::Submit);
        let key = s.key.clone();
        let mut s = s;
        for attempt in 1..MAX_ATTEMPTS {
            let (a, run) = sending_run(&s);
            assert_eq!(a, attempt);
            s = s.reduce(Action::Answered {
                run,
                answer: transient(),
            });
            let Submission::Waiting {
                attempt: next,
                delay_ms,
                run,
            } = s.submission
            else {
                panic!("not waiting: {:?}", s.submission);
            };
            assert_eq!((next, delay_ms), (attempt + 1, backoff_ms(attempt + 1)));
            assert!(
                s.clone().reduce(Action::Submit).submission == s.submission,
                "Submit waits too"
            );
            s = s.reduce(Action::Retry { run });
            assert_eq!(s.key, key);
        }
        let (_, run) = sending_run(&s);
        let s = s.reduce(Action::Answered {
            run,
            answer: transient(),
        });
        assert_eq!(s.submission, Submission::Failed(SendFailure::Unreachable));
        assert_eq!(
            s.focus.as_ref().map(|f| f.target.clone()),
            Some(FocusTarget::SendError)
        );
        assert_eq!(s.proposal.title, "Dask at scale", "nothing is lost");
        let s = s.reduce(Action::Submit);
        assert_eq!(sending_run(&s).0, 1, "Try again starts over");
        assert_eq!(s.key, key, "with the same key");
    }

    #[test]
    fn while_a_send_is_under_way_every_edit_is_refused() {
        // A retry sends the same body under the same key; an edit in between would be a
        // different proposal under that key (422 idempotency_conflict if the first attempt
        // was stored after all).
        let sending = valid_with_endpoint().reduce(Action::Submit);
        let (_, run) = sending_run(&sending);
        let waiting = sending.clone().reduce(Action::Answered {
            run,
            answer: transient(),
        });
        assert!(matches!(waiting.submission, Submission::Waiting { .. }));
        let offline = sending.clone().reduce(Action::Answered {
            run,
            answer: Answer::Transient {
                offline: true,
                failure: SendFailure::Unreachable,
            },
        });
        assert!(matches!(offline.submission, Submission::Offline { .. }));
        for s in [sending, waiting, offline] {
            assert!(!s.editable());
            let edits = || {
                [
                    Edit::Text(Field::Title, "Changed".into()),
                    Edit::Text(
                        Field::Speaker(0, SpeakerField::Email),
                        "x@example.org".into(),
                    ),
                    Edit::Format("workshop".into()),
                    Edit::Track(Some("development".into())),
                    Edit::Consent(false),
                    Edit::Honeypot("bot".into()),
                    Edit::AddSpeaker,
                    Edit::AddTalk,
                    Edit::Answer("first-talk".into(), Some(cfp_core::Answer::Bool(true))),
                ]
            };
            for edit in edits() {
                let after = s.clone().reduce(Action::Edit(edit));
                assert!(Rc::ptr_eq(&s, &after), "refused in {:?}", s.submission);
            }
            let other = s
                .clone()
                .reduce(Action::OtherTabSaved(Box::new(a_draft("There", "o"))));
            let after = other.clone().reduce(Action::UseOtherTab);
            assert!(
                Rc::ptr_eq(&other, &after),
                "no other tab's draft mid-send either"
            );
        }
        // Once the send has failed, the speaker may change it again.
        let mut s = valid_with_endpoint().reduce(Action::Submit);
        for _ in 1..MAX_ATTEMPTS {
            let (_, run) = sending_run(&s);
            s = s.reduce(Action::Answered {
                run,
                answer: transient(),
            });
            let Submission::Waiting { run, .. } = s.submission else {
                panic!("{:?}", s.submission);
            };
            s = s.reduce(Action::Retry { run });
        }
        let (_, run) = sending_run(&s);
        let s = s.reduce(Action::Answered {
            run,
            answer: transient(),
        });
        assert!(s.editable());
        let s = s.reduce(Action::Edit(Edit::Text(Field::Title, "Changed".into())));
        assert_eq!(s.proposal.title, "Changed");
    }

    #[test]
    fn the_last_attempt_says_what_the_server_answered() {
        for failure in [
            SendFailure::StorageUnavailable,
            SendFailure::ServerError(502),
        ] {
            let mut s = valid_with_endpoint().reduce(Action::Submit);
            for _ in 1..MAX_ATTEMPTS {
                let (_, run) = sending_run(&s);
                s = s.reduce(Action::Answered {
                    run,
                    answer: Answer::Transient {
                        offline: false,
                        failure: failure.clone(),
                    },
                });
                let Submission::Waiting { run, .. } = s.submission else {
                    panic!("{failure:?} is retried: {:?}", s.submission);
                };
                s = s.reduce(Action::Retry { run });
            }
            let (_, run) = sending_run(&s);
            let s = s.reduce(Action::Answered {
                run,
                answer: Answer::Transient {
                    offline: false,
                    failure: failure.clone(),
                },
            });
            assert_eq!(s.submission, Submission::Failed(failure.clone()));
            assert!(failure.is_temporary(), "Try again is offered");
            assert_eq!(s.proposal.title, "Dask at scale", "nothing is lost");
        }
    }

    #[test]
    fn offline_waits_for_the_browser_to_come_back() {
        let s = valid_with_endpoint().reduce(Action::Submit);
        let (_, run) = sending_run(&s);
        let s = s.reduce(Action::Answered {
            run,
            answer: Answer::Transient {
                offline: true,
                failure: SendFailure::Unreachable,
            },
        });
        let Submission::Offline { attempt: 2, run } = s.submission else {
            panic!("not offline: {:?}", s.submission);
        };
        let stale = s.clone().reduce(Action::Retry { run: run + 7 });
        assert_eq!(stale.submission, s.submission);
        let s = s.reduce(Action::Retry { run });
        assert_eq!(sending_run(&s).0, 2);
    }

    #[test]
    fn a_late_answer_to_an_earlier_request_is_dropped() {
        let s = valid_with_endpoint().reduce(Action::Submit);
        let (_, run) = sending_run(&s);
        let s = s.reduce(Action::Answered {
            run: run + 1,
            answer: Answer::Unconfirmed,
        });
        assert_eq!(sending_run(&s).1, run);
    }

    #[test]
    fn success_locks_the_form_until_a_new_proposal_with_a_new_key() {
        let s = valid_with_endpoint().reduce(Action::Submit);
        let key = s.key.clone();
        let (_, run) = sending_run(&s);
        let s = s.reduce(Action::Answered {
            run,
            answer: Answer::Accepted {
                id: Some("p_123".into()),
                received_at: Some("2026-11-22T18:01:02Z".into()),
                edit_token: None,
                version: None,
            },
        });
        let Submission::Sent(receipt) = &s.submission else {
            panic!("not sent: {:?}", s.submission);
        };
        assert!(receipt.confirmed);
        assert_eq!(receipt.id.as_deref(), Some("p_123"));
        assert_eq!(receipt.title, "Dask at scale");
        let copy: Proposal = serde_json::from_str(&receipt.copy).unwrap();
        assert_eq!(copy, s.proposal);
        assert_eq!(
            s.focus.as_ref().map(|f| f.target.clone()),
            Some(FocusTarget::Receipt)
        );

        for action in [
            Action::Submit,
            Action::Edit(Edit::Text(Field::Title, "Another".into())),
            Action::Edit(Edit::Consent(false)),
        ] {
            let after = s.clone().reduce(action);
            assert!(Rc::ptr_eq(&s, &after), "locked");
        }

        let speaker = s.proposal.speakers[0].clone();
        let s = s.reduce(Action::NewProposal);
        assert_eq!(s.submission, Submission::Editing);
        // A blank proposal, with the speaker's details offered again (issue 12: WCAG 3.3.7).
        assert_eq!(
            s.proposal,
            Proposal {
                speakers: vec![speaker],
                ..Proposal::blank()
            }
        );
        assert!(s.errors.is_empty() && !s.attempted);
        assert_ne!(s.key, key);
        assert_eq!(
            s.focus.as_ref().map(|f| f.target.clone()),
            Some(FocusTarget::FirstField)
        );
    }

    #[test]
    fn an_opaque_endpoint_is_sent_but_unconfirmed() {
        let s = valid_with_endpoint().reduce(Action::Submit);
        let (_, run) = sending_run(&s);
        let s = s.reduce(Action::Answered {
            run,
            answer: Answer::Unconfirmed,
        });
        let Submission::Sent(receipt) = &s.submission else {
            panic!("not sent: {:?}", s.submission);
        };
        assert!(!receipt.confirmed && receipt.id.is_none());
    }

    #[test]
    fn the_servers_422_errors_show_like_local_ones() {
        let s = valid_with_endpoint().reduce(Action::Submit);
        let (_, run) = sending_run(&s);
        let errors = vec![
            FieldError::new(
                Field::from_static("speakers[0].email"),
                ErrorCode::InvalidEmail,
            ),
            FieldError::bounded(Field::from_static("abstract"), ErrorCode::TooLong, 300, 301),
        ];
        let s = s.reduce(Action::Answered {
            run,
            answer: Answer::Invalid(errors.clone()),
        });
        assert_eq!(s.submission, Submission::Editing);
        assert_eq!(s.errors, errors);
        assert_eq!(
            s.error_for(&Field::from_static("speakers[0].email"))
                .map(|e| e.code),
            Some(ErrorCode::InvalidEmail)
        );
        assert_eq!(
            s.focus.as_ref().map(|f| f.target.clone()),
            Some(FocusTarget::ErrorSummary)
        );
        assert!(matches!(
            s.reduce(Action::Submit).submission,
            Submission::Sending { .. }
        ));
    }

    #[test]
    fn a_refusal_keeps_the_draft_and_allows_another_submit() {
        let s = valid_with_endpoint().reduce(Action::Submit);
        let (_, run) = sending_run(&s);
        let s = s.reduce(Action::Answered {
            run,
            answer: Answer::Refused(SendFailure::RateLimited {
                retry_after_s: Some(120),
            }),
        });
        assert!(matches!(s.submission, Submission::Failed(_)));
        assert_eq!(
            s.focus.as_ref().map(|f| f.target.clone()),
            Some(FocusTarget::SendError)
        );
        assert_eq!(s.proposal.speakers[0].name, "James Lamb");
        assert!(matches!(
            s.reduce(Action::Submit).submission,
            Submission::Sending { attempt: 1, .. }
        ));
    }

    #[test]
    fn text_fields_round_trip() {
        let s = state().reduce(Action::Edit(Edit::Text(
            Field::Speaker(0, SpeakerField::Bio),
            "Bio".into(),
        )));
        assert_eq!(
            Field::Speaker(0, SpeakerField::Bio).text(&s.proposal),
            Some("Bio")
        );
        assert_eq!(
            Field::Speaker(3, SpeakerField::Bio).text(&s.proposal),
            Some("")
        );
        assert_eq!(
            Field::Speaker(2, SpeakerField::Bio).to_string(),
            "speakers[2].bio"
        );
    }

    fn a_draft(title: &str, tab: &str) -> Draft {
        let mut proposal = Proposal::blank();
        proposal.title = title.into();
        Draft {
            v: crate::draft::VERSION,
            saved_at: 1.0,
            tab: tab.into(),
            key: "draft-key".into(),
            proposal,
        }
    }

    #[test]
    fn a_loaded_draft_fills_a_blank_form_with_its_key() {
        let s = state().reduce(Action::DraftLoaded(Loaded::Draft(Box::new(a_draft(
            "T", "x",
        )))));
        assert_eq!(s.proposal.title, "T");
        assert_eq!(s.key, "draft-key");
        assert_eq!(s.draft, DraftStatus::Restored { saved_at: 1.0 });
        assert_eq!(s.focus, None, "restoring does not move focus");
        // Typing came first: the form is not overwritten.
        let typed = state().reduce(Action::Edit(Edit::Text(Field::Title, "Mine".into())));
        let s = typed.reduce(Action::DraftLoaded(Loaded::Draft(Box::new(a_draft(
            "T", "x",
        )))));
        assert_eq!(s.proposal.title, "Mine");
    }

    #[test]
    fn an_unreadable_draft_is_reported_and_the_form_stays_blank() {
        let s = state().reduce(Action::DraftLoaded(Loaded::Unreadable("{oops".into())));
        assert_eq!(
            s.draft,
            DraftStatus::SetAside {
                text: "{oops".into()
            }
        );
        assert_eq!(s.proposal, Proposal::blank());
    }

    #[test]
    fn start_over_empties_the_form_with_a_new_key_and_keeps_the_tab() {
        let s = state().reduce(Action::DraftLoaded(Loaded::Draft(Box::new(a_draft(
            "T", "x",
        )))));
        let tab = s.tab.clone();
        let s = s.reduce(Action::StartOver);
        assert_eq!(s.proposal, Proposal::blank());
        assert_ne!(s.key, "draft-key");
        assert_eq!(s.tab, tab);
        assert_eq!(s.draft, DraftStatus::Quiet);
        assert_eq!(
            s.focus.as_ref().map(|f| f.target.clone()),
            Some(FocusTarget::FirstField)
        );
    }

    #[test]
    fn another_tabs_draft_pauses_saving_until_a_choice() {
        let s = state().reduce(Action::Edit(Edit::Text(Field::Title, "Here".into())));
        assert!(s.draft_to_save(5.0).is_some());
        let s = s.reduce(Action::OtherTabSaved(Box::new(a_draft("There", "other"))));
        assert!(matches!(s.draft, DraftStatus::OtherTab { .. }));
        assert_eq!(
            s.draft_to_save(5.0),
            None,
            "no save while the speaker has not chosen"
        );
        let kept = s.clone().reduce(Action::KeepThisTab);
        assert_eq!(kept.proposal.title, "Here");
        assert!(kept.draft_to_save(6.0).is_some());
        let taken = s.reduce(Action::UseOtherTab);
        assert_eq!(taken.proposal.title, "There");
        // The same text saved again by the other tab is no news.
        let same = taken
            .clone()
            .reduce(Action::OtherTabSaved(Box::new(a_draft("There", "other"))));
        assert_eq!(same.draft, taken.draft);
    }

    #[test]
    fn only_a_confirmed_receipt_ends_the_draft() {
        let s = state().reduce(Action::Edit(Edit::Text(Field::Title, "T".into())));
        let mut sent = (*s).clone();
        sent.submission = Submission::Sent(Rc::new(Receipt {
            confirmed: false,
            id: None,
            received_at: None,
            title: "T".into(),
            copy: String::new(),
            kind: ReceiptKind::Received,
            token: None,
        }));
        assert!(!sent.draft_done(), "an opaque send keeps the draft");
        assert!(sent.draft_to_save(1.0).is_some());
        sent.submission = Submission::Sent(Rc::new(Receipt {
            confirmed: true,
            id: Some("7K3MQ-9XZ2A".into()),
            received_at: None,
            title: "T".into(),
            copy: String::new(),
            kind: ReceiptKind::Received,
            token: None,
        }));
        assert!(sent.draft_done());
        assert_eq!(sent.draft_to_save(1.0), None);
    }

    #[test]
    fn a_blank_form_is_never_saved() {
        assert_eq!(state().draft_to_save(1.0), None);
    }

    /// A form opened by a private link, once the server answered with `stored`.
    fn changing(stored: &Proposal, draft: Option<Proposal>) -> Rc<FormState> {
        let valid = valid_with_endpoint();
        let mut config = (*valid.config).clone();
        config.page_url = Some("https://dask.example/cfp/".into());
        let s = Rc::new(FormState::changing(
            Rc::new(config),
            Locale::default(),
            ("7K3MQ-9XZ2A".into(), "ab12".into()),
        ));
        assert_eq!(s.draft_scope(), "dask-summit-2021/7K3MQ-9XZ2A");
        let s = match draft {
            Some(proposal) => s.reduce(Action::DraftLoaded(Loaded::Draft(Box::new(Draft {
                v: crate::draft::VERSION,
                saved_at: 1.0,
                tab: "other".into(),
                key: "k".into(),
                proposal,
            })))),
            None => s,
        };
        let before = s.clone().reduce(Action::Submit);
        assert_eq!(
            before.submission,
            Submission::Editing,
            "nothing to save until it is open"
        );
        s.reduce(Action::Opened(Opened::Proposal {
            version: 2,
            withdrawn: false,
            proposal: Box::new(stored.clone()),
        }))
    }

    #[test]
    fn a_link_opens_the_stored_version_and_offers_unsaved_changes() {
        let stored = valid_with_endpoint().proposal.clone();
        let s = changing(&stored, None);
        assert_eq!(s.proposal, stored);
        assert_eq!(
            s.changing.as_ref().unwrap().stage,
            Stage::Open { version: 2 }
        );
        assert!(s.changing.as_ref().unwrap().unsaved.is_none());

        let mut local = stored.clone();
        local.title = "Dask at a larger scale".into();
        let s = changing(&stored, Some(local.clone()));
        assert_eq!(
            s.proposal, stored,
            "the server's version, never silently the draft"
        );
        assert_eq!(
            s.changing.as_ref().unwrap().unsaved.as_deref(),
            Some(&local)
        );
        assert_eq!(s.draft_to_save(1.0), None, "saving waits for the choice");
        let used = s.clone().reduce(Action::UseUnsaved);
        assert_eq!(used.proposal, local);
        assert!(used.draft_to_save(1.0).is_some());
        let kept = s.reduce(Action::DiscardUnsaved);
        assert_eq!(kept.proposal, stored);
        assert!(kept.changing.as_ref().unwrap().unsaved.is_none());
    }

    #[test]
    fn a_change_saves_and_a_withdrawal_asks_first() {
        let stored = valid_with_endpoint().proposal.clone();
        let s = changing(&stored, None);
        let saving = s.clone().reduce(Action::Submit);
        let (_, run) = sending_run(&saving);
        let saved = saving.reduce(Action::Answered {
            run,
            answer: Answer::Accepted {
                id: Some("7K3MQ-9XZ2A".into()),
                received_at: None,
                edit_token: None,
                version: Some(3),
            },
        });
        let Submission::Sent(receipt) = &saved.submission else {
            panic!("{:?}", saved.submission)
        };
        assert_eq!(receipt.kind, ReceiptKind::Saved { version: 3 });
        assert_eq!(
            receipt.link(saved.config.page_url.as_deref()).as_deref(),
            Some("https://dask.example/cfp/#cfp-edit=7K3MQ-9XZ2A.ab12")
        );

        let asked = s.clone().reduce(Action::AskWithdraw);
        assert!(asked.changing.as_ref().unwrap().confirming);
        assert_eq!(
            asked.clone().reduce(Action::Submit).submission,
            Submission::Editing,
            "not while asking"
        );
        let kept = asked.clone().reduce(Action::KeepProposal);
        assert!(!kept.changing.as_ref().unwrap().confirming);
        let withdrawing = asked.reduce(Action::Withdraw);
        let (_, run) = sending_run(&withdrawing);
        assert!(withdrawing.changing.as_ref().unwrap().withdrawing);
        let closed = withdrawing.clone().reduce(Action::Answered {
            run,
            answer: Answer::Refused(SendFailure::Closed),
        });
        assert_eq!(
            closed.submission,
            Submission::Failed(SendFailure::EditsClosed)
        );
        let done = withdrawing.reduce(Action::Answered {
            run,
            answer: Answer::Accepted {
                id: None,
                received_at: None,
                edit_token: None,
                version: Some(3),
            },
        });
        let Submission::Sent(receipt) = &done.submission else {
            panic!("{:?}", done.submission)
        };
        assert_eq!(receipt.kind, ReceiptKind::Withdrawn);
    }

    #[test]
    fn a_link_that_opens_nothing_sends_nothing() {
        let valid = valid_with_endpoint();
        let s = Rc::new(FormState::changing(
            valid.config.clone(),
            Locale::default(),
            ("X".into(), "ab".into()),
        ));
        let s = s.reduce(Action::Opened(Opened::NotFound));
        assert_eq!(s.changing.as_ref().unwrap().stage, Stage::NotFound);
        assert_eq!(
            s.clone().reduce(Action::Submit).submission,
            Submission::Editing
        );
        assert_eq!(s.reduce(Action::Withdraw).submission, Submission::Editing);
    }

    #[test]
    fn a_new_proposal_after_a_receipt_offers_the_speaker_again() {
        let s = valid_with_endpoint().reduce(Action::Submit);
        let (_, run) = sending_run(&s);
        let s = s.reduce(Action::Answered {
            run,
            answer: Answer::Accepted {
                id: Some("7K3MQ-9XZ2A".into()),
                received_at: None,
                edit_token: Some("ab12".into()),
                version: None,
            },
        });
        let fresh = s.reduce(Action::NewProposal);
        assert!(fresh.prefilled);
        assert_eq!(fresh.proposal.title, "");
        assert_eq!(fresh.proposal.speakers[0].email, "james@example.org");
        assert_eq!(fresh.proposal.speakers.len(), 1);
    }
}
