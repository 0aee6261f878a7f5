//! The add-another lists (GOV.UK pattern): the talks of a workshop block and the
//! co-speakers. Each change is refused where the config says no (more than `max`, the
//! contact speaker), says what happened in the polite live region, and asks for focus
//! where the speaker carries on: the new item's first field; after a removal, the next
//! item's first field, else the previous one's, else the Add button; after a move, the
//! moved item's button.

use super::{FocusTarget, FormState};
use crate::ids::{field_id, item_button, ADD_SPEAKER, ADD_TALK};
use crate::messages::lists as say;
use crate::messages::Key;
use cfp_core::{Speaker, Talk, TalkRange};

impl FormState {
    /// The number of talks the chosen format holds; None when it is not a block.
    pub fn talk_range(&self) -> Option<TalkRange> {
        let format = self.proposal.format.as_deref()?;
        self.config.format(format)?.talks
    }

    /// Whether another talk fits the chosen format.
    pub fn can_add_talk(&self) -> bool {
        self.talk_range()
            .is_some_and(|r| self.proposal.talks.len() < r.max as usize)
    }

    /// Whether another speaker fits `speakers.max`.
    pub fn can_add_speaker(&self) -> bool {
        self.proposal.speakers.len() < self.config.speakers.max as usize
    }

    /// Say `text` in the live region. The same text twice in a row gets a no-break space,
    /// so that screen readers announce the second change too.
    fn announce(&mut self, text: String) {
        self.announcement = if self.announcement == text {
            format!("{text}\u{a0}")
        } else {
            text
        };
    }

    fn focus_on(&mut self, id: String) {
        self.request_focus(FocusTarget::Element(id));
    }

    pub(super) fn add_talk(&mut self) -> bool {
        if !self.can_add_talk() {
            return false;
        }
        self.proposal.talks.push(Talk::default());
        let n = self.proposal.talks.len();
        self.announce(say::changed(&self.locale, Key::TalksAdded, n));
        self.focus_on(field_id(&format!("talks[{}].title", n - 1)));
        true
    }

    pub(super) fn remove_talk(&mut self, i: usize) -> bool {
        if i >= self.proposal.talks.len() {
            return false;
        }
        self.proposal.talks.remove(i);
        let left = self.proposal.talks.len();
        self.announce(say::changed(&self.locale, Key::TalksRemoved, i + 1));
        let focus = match (i < left, i.checked_sub(1)) {
            (true, _) => field_id(&format!("talks[{i}].title")),
            (false, Some(previous)) => field_id(&format!("talks[{previous}].title")),
            (false, None) => ADD_TALK.to_owned(),
        };
        self.focus_on(focus);
        true
    }

    pub(super) fn move_talk(&mut self, i: usize, up: bool) -> bool {
        let len = self.proposal.talks.len();
        let to = if up {
            i.checked_sub(1)
        } else {
            Some(i + 1).filter(|&j| j < len)
        };
        let Some(to) = to.filter(|_| i < len) else {
            return false;
        };
        self.proposal.talks.swap(i, to);
        self.announce(say::moved(&self.locale, i + 1, up, to + 1));
        // The same button on the moved talk, unless it reached the end where that button
        // is not shown: then its other move button.
        let first_or_last = if up { to == 0 } else { to + 1 == len };
        let button = if up != first_or_last { "up" } else { "down" };
        self.focus_on(item_button("talk", to, button));
        true
    }

    pub(super) fn pick_talk_speaker(&mut self, i: usize, name: String, email: String) -> bool {
        if i >= self.proposal.talks.len() {
            return false;
        }
        self.announce(say::picked(&self.locale, &name, i + 1));
        let talk = &mut self.proposal.talks[i];
        talk.speaker_name = name;
        talk.speaker_email = email;
        true
    }

    pub(super) fn add_speaker(&mut self) -> bool {
        if !self.can_add_speaker() {
            return false;
        }
        if self.proposal.speakers.is_empty() {
            self.proposal.speakers.push(Speaker::default());
        }
        self.proposal.speakers.push(Speaker::default());
        let n = self.proposal.speakers.len();
        self.announce(say::changed(&self.locale, Key::SpeakersAdded, n));
        self.focus_on(field_id(&format!("speakers[{}].name", n - 1)));
        true
    }

    pub(super) fn remove_speaker(&mut self, i: usize) -> bool {
        // The first speaker is the contact (a block's organiser): never removed.
        if i == 0 || i >= self.proposal.speakers.len() {
            return false;
        }
        self.proposal.speakers.remove(i);
        let left = self.proposal.speakers.len();
        self.announce(say::changed(&self.locale, Key::SpeakersRemoved, i + 1));
        let focus = if i < left {
            field_id(&format!("speakers[{i}].name"))
        } else if i > 1 {
            field_id(&format!("speakers[{}].name", i - 1))
        } else {
            ADD_SPEAKER.to_owned()
        };
        self.focus_on(focus);
        true
    }
}

#[cfg(test)]
mod tests;
