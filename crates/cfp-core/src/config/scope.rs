//! Which parts of a proposal the config asks for: questions scoped to formats and tracks,
//! and talks only for a workshop block. `validate` refuses answers and talks outside their
//! scope; the widget uses the same helpers to show, hide and drop them, so the two agree.

use super::EventConfig;
use crate::proposal::Proposal;
use crate::question::Question;

impl EventConfig {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Whether `question` is asked of `proposal`: its `formats` is empty or holds the
    /// proposal's format, and likewise for `tracks`. An empty choice counts as none.
    pub fn question_applies(&self, question: &Question, proposal: &Proposal) -> bool {
        question.applies_to(chosen(&proposal.format), chosen(&proposal.track))
    }

    /// Whether the proposal's format is a known one without talks, so a talks list is
    /// out of place. An unknown or missing format is the `format` field's error instead.
    pub(crate) fn talks_not_applicable(&self, proposal: &Proposal) -> bool {
        proposal
            .format
            .as_deref()
            .and_then(|id| self.format(id))
            .is_some_and(|f| f.talks.is_none())
    }

    /// The proposal as it should be sent: answers to unknown questions or to questions
    /// that do not apply dropped, and talks dropped when the chosen format is not a block.
    /// The widget keeps them in the draft, so switching back loses nothing.
    pub fn without_inapplicable(&self, proposal: &Proposal) -> Proposal {
        let mut sendable = proposal.clone();
        sendable.answers.retain(|id, _| {
            self.question(id)
                .is_some_and(|q| self.question_applies(q, proposal))
        });
        if self.talks_not_applicable(proposal) {
            sendable.talks.clear();
        }
        sendable
    }
}

fn chosen(id: &Option<String>) -> Option<&str> {
    id.as_deref().filter(|id| !id.is_empty())
}
