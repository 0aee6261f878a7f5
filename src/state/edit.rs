//! Every change a speaker makes to the proposal, as one enum applied in one place
//! (`FormState::edit`), so that no edit can skip the lock, the revalidation or the autosave.
//!
//! The lock: while a send is under way (Sending, Waiting, Offline) and after success, the
//! proposal does not change. A retry sends the same body under the same Idempotency-Key;
//! an edit in between would make it a different proposal under that key, which the server
//! refuses (422 `idempotency_conflict`) when the lost first attempt was in fact stored.

use super::FormState;
use cfp_core::{Answer, Field};

pub enum Edit {
    /// A text field of the proposal, of a speaker or of a talk.
    Text(Field, String),
    Format(String),
    Track(Option<String>),
    Consent(bool),
    /// What bots type into the hidden field; people leave it empty.
    Honeypot(String),
    /// A talk's length; None when the box is empty or holds no whole number.
    TalkMinutes(usize, Option<u32>),
    /// Redundant entry (WCAG 3.3.7): a talk's speaker is someone already in the proposal.
    PickTalkSpeaker {
        talk: usize,
        name: String,
        email: String,
    },
    AddTalk,
    RemoveTalk(usize),
    MoveTalk {
        index: usize,
        up: bool,
    },
    AddSpeaker,
    /// Any speaker but the first, who is the contact.
    RemoveSpeaker(usize),
    /// The answer to a question by id; None (or an empty answer) clears it.
    Answer(String, Option<Answer>),
    /// Tick or untick one option of a multi_choice question.
    TogglePick {
        question: String,
        option: String,
        on: bool,
    },
}

impl FormState {
    /// Whether the speaker may change the proposal now (see the module comment).
    pub fn editable(&self) -> bool {
        self.submission.accepts_submit()
    }

    /// Apply `edit`; false when it is refused or changes nothing.
    pub(super) fn edit(&mut self, edit: Edit) -> bool {
        if !self.editable() {
            return false;
        }
        let changed = match edit {
            Edit::Text(field, value) => field.set_text(&mut self.proposal, value),
            Edit::Format(id) => replace(&mut self.proposal.format, Some(id)),
            Edit::Track(id) => replace(&mut self.proposal.track, id),
            Edit::Consent(agreed) => replace(&mut self.proposal.code_of_conduct, agreed),
            Edit::Honeypot(value) => replace(&mut self.honeypot, value),
            Edit::TalkMinutes(i, minutes) => match self.proposal.talks.get_mut(i) {
                Some(talk) => replace(&mut talk.minutes, minutes),
                None => false,
            },
            Edit::PickTalkSpeaker { talk, name, email } => {
                self.pick_talk_speaker(talk, name, email)
            }
            Edit::AddTalk => self.add_talk(),
            Edit::RemoveTalk(i) => self.remove_talk(i),
            Edit::MoveTalk { index, up } => self.move_talk(index, up),
            Edit::AddSpeaker => self.add_speaker(),
            Edit::RemoveSpeaker(i) => self.remove_speaker(i),
            Edit::Answer(id, answer) => match answer.filter(|a| !a.is_empty()) {
                Some(answer) => self.proposal.answers.insert(id, answer.clone()) != Some(answer),
                None => self.proposal.answers.remove(&id).is_some(),
            },
            Edit::TogglePick {
                question,
                option,
                on,
            } => self.toggle_pick(question, &option, on),
        };
        if changed {
            self.ready = false;
            if self.attempted {
                self.errors = self.check();
            }
        }
        changed
    }

    fn toggle_pick(&mut self, question: String, option: &str, on: bool) -> bool {
        let config = self.config.clone();
        let Some(q) = config.question(&question) else {
            return false;
        };
        let had = match self.proposal.answers.remove(&question) {
            Some(Answer::Choices(picks)) => picks,
            _ => Vec::new(),
        };
        // In the order the speaker sees the options, whatever the order of ticks
        // (rebuilt rather than sorted: a sort costs the wasm 2 KB).
        let picks: Vec<String> = q
            .options
            .iter()
            .map(|o| &o.id)
            .filter(|id| if *id == option { on } else { had.contains(id) })
            .cloned()
            .collect();
        let changed = picks != had;
        if !picks.is_empty() {
            self.proposal
                .answers
                .insert(question, Answer::Choices(picks));
        }
        changed
    }
}

/// Set `slot` to `value`; whether that changed it.
fn replace<T: PartialEq>(slot: &mut T, value: T) -> bool {
    let changed = *slot != value;
    *slot = value;
    changed
}
