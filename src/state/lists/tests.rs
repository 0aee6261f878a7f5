//! The add-another lists through the reducer: talks and co-speakers added up to `max`,
//! removed and moved with focus and announcements, the contact never removed; answers set,
//! cleared, and left out of what is sent once their question no longer applies.

use crate::ids::{field_id, ADD_SPEAKER, ADD_TALK};
use crate::state::{Action, Edit, FocusTarget, FormState};
use cfp_core::{Answer, ErrorCode, EventConfig};
use cfp_core::{Field, SpeakerField, TalkField};
use std::rc::Rc;
use yew::Reducible;

fn dask() -> Rc<FormState> {
    let config =
        EventConfig::from_json(include_str!("../../../events/dask-summit-2021.json")).unwrap();
    Rc::new(FormState::new(Rc::new(config)))
}

fn workshop() -> Rc<FormState> {
    dask().reduce(Action::Edit(Edit::Format("workshop".into())))
}

fn focus(s: &FormState) -> Option<String> {
    match s.focus.as_ref().map(|f| &f.target) {
        Some(FocusTarget::Element(id)) => Some(id.clone()),
        _ => None,
    }
}

/// A workshop with talks titled "A", "B", ... one per letter.
fn with_talks(titles: &str) -> Rc<FormState> {
    let mut s = workshop();
    for (i, title) in titles.chars().enumerate() {
        s = s.reduce(Action::Edit(Edit::AddTalk));
        s = s.reduce(Action::Edit(Edit::Text(
            Field::Talk(i, TalkField::Title),
            title.to_string(),
        )));
    }
    s
}

fn titles(s: &FormState) -> String {
    s.proposal.talks.iter().map(|t| t.title.as_str()).collect()
}

#[test]
fn talks_are_added_up_to_the_formats_max_with_focus_on_the_new_title() {
    let s = dask().reduce(Action::Edit(Edit::AddTalk));
    assert!(s.proposal.talks.is_empty(), "a talk format has no talks");
    let s = with_talks("ABCD");
    assert_eq!(focus(&s).as_deref(), Some("cfp-field-talks-3-title"));
    let s = s.reduce(Action::Edit(Edit::AddTalk));
    assert_eq!(s.proposal.talks.len(), 5);
    assert_eq!(s.announcement, "Talk 5 added");
    assert!(!s.can_add_talk());
    let again = s.clone().reduce(Action::Edit(Edit::AddTalk));
    assert!(Rc::ptr_eq(&s, &again), "the sixth is refused");
}

#[test]
fn removing_a_talk_focuses_the_next_then_the_previous_then_add() {
    let s = with_talks("ABC").reduce(Action::Edit(Edit::RemoveTalk(1)));
    assert_eq!(titles(&s), "AC");
    assert_eq!(s.announcement, "Talk 2 removed");
    assert_eq!(focus(&s), Some(field_id("talks[1].title")));
    let s = s.reduce(Action::Edit(Edit::RemoveTalk(1)));
    assert_eq!(focus(&s), Some(field_id("talks[0].title")));
    let s = s.reduce(Action::Edit(Edit::RemoveTalk(0)));
    assert!(s.proposal.talks.is_empty());
    assert_eq!(focus(&s).as_deref(), Some(ADD_TALK));
    let same = s.clone().reduce(Action::Edit(Edit::RemoveTalk(0)));
    assert!(Rc::ptr_eq(&s, &same), "nothing to remove");
}

#[test]
fn the_same_announcement_twice_still_changes_the_live_region() {
    let s = with_talks("ABC").reduce(Action::Edit(Edit::RemoveTalk(0)));
    let s = s.reduce(Action::Edit(Edit::RemoveTalk(0)));
    assert_eq!(s.announcement.trim_end_matches('\u{a0}'), "Talk 1 removed");
    assert_ne!(s.announcement, "Talk 1 removed");
}

#[test]
fn moving_a_talk_keeps_focus_on_its_button_or_the_other_one_at_an_end() {
    let s = with_talks("ABC").reduce(Action::Edit(Edit::MoveTalk { index: 2, up: true }));
    assert_eq!(titles(&s), "ACB");
    assert_eq!(s.announcement, "Talk 3 moved up to position 2");
    assert_eq!(focus(&s).as_deref(), Some("cfp-talk-1-up"));
    let s = s.reduce(Action::Edit(Edit::MoveTalk { index: 1, up: true }));
    assert_eq!(titles(&s), "CAB");
    assert_eq!(
        focus(&s).as_deref(),
        Some("cfp-talk-0-down"),
        "talk 1 has no Move up"
    );
    let s = s.reduce(Action::Edit(Edit::MoveTalk {
        index: 0,
        up: false,
    }));
    assert_eq!(titles(&s), "ACB");
    assert_eq!(focus(&s).as_deref(), Some("cfp-talk-1-down"));
    let s = s.reduce(Action::Edit(Edit::MoveTalk {
        index: 1,
        up: false,
    }));
    assert_eq!(titles(&s), "ABC");
    assert_eq!(
        focus(&s).as_deref(),
        Some("cfp-talk-2-up"),
        "the last has no Move down"
    );
    for edge in [
        Action::Edit(Edit::MoveTalk { index: 0, up: true }),
        Action::Edit(Edit::MoveTalk {
            index: 2,
            up: false,
        }),
        Action::Edit(Edit::MoveTalk { index: 7, up: true }),
    ] {
        let same = s.clone().reduce(edge);
        assert!(Rc::ptr_eq(&s, &same));
    }
}

#[test]
fn a_talks_speaker_is_picked_and_its_minutes_set() {
    let s = with_talks("A")
        .reduce(Action::Edit(Edit::PickTalkSpeaker {
            talk: 0,
            name: "James Lamb".into(),
            email: "james@example.org".into(),
        }))
        .reduce(Action::Edit(Edit::TalkMinutes(0, Some(25))));
    let talk = &s.proposal.talks[0];
    assert_eq!(
        (talk.speaker_name.as_str(), talk.speaker_email.as_str()),
        ("James Lamb", "james@example.org")
    );
    assert_eq!(talk.minutes, Some(25));
    assert_eq!(s.announcement, "James Lamb is the speaker of talk 1");
    let same = s
        .clone()
        .reduce(Action::Edit(Edit::TalkMinutes(3, Some(1))));
    assert!(Rc::ptr_eq(&s, &same), "no talk 4");
}

#[test]
fn talk_errors_follow_the_list_after_the_first_submit() {
    let s = with_talks("AB").reduce(Action::Submit);
    let talks = s.error_for(&Field::from_static("talks")).unwrap();
    assert_eq!((talks.code, talks.limit), (ErrorCode::TooFew, Some(3)));
    assert!(s
        .error_for(&Field::from_static("talks[1].abstract"))
        .is_some());
    let s = s.reduce(Action::Edit(Edit::AddTalk));
    assert!(s.error_for(&Field::from_static("talks")).is_none());
    assert!(s.error_for(&Field::from_static("talks[2].title")).is_some());
}

#[test]
fn co_speakers_are_added_up_to_max_and_the_contact_is_never_removed() {
    let mut s = dask();
    for _ in 0..3 {
        s = s.reduce(Action::Edit(Edit::AddSpeaker));
    }
    assert_eq!(s.proposal.speakers.len(), 4);
    assert_eq!(focus(&s), Some(field_id("speakers[3].name")));
    assert_eq!(s.announcement, "Speaker 4 added");
    let same = s.clone().reduce(Action::Edit(Edit::AddSpeaker));
    assert!(Rc::ptr_eq(&s, &same), "Dask takes at most 4");
    let same = s.clone().reduce(Action::Edit(Edit::RemoveSpeaker(0)));
    assert!(Rc::ptr_eq(&s, &same), "the contact stays");

    let s = s.reduce(Action::Edit(Edit::Text(
        Field::Speaker(2, SpeakerField::Name),
        "Ann".into(),
    )));
    let s = s.reduce(Action::Edit(Edit::RemoveSpeaker(1)));
    assert_eq!(s.proposal.speakers[1].name, "Ann");
    assert_eq!(focus(&s), Some(field_id("speakers[1].name")));
    let s = s.reduce(Action::Edit(Edit::RemoveSpeaker(2)));
    assert_eq!(
        focus(&s),
        Some(field_id("speakers[1].name")),
        "the previous"
    );
    let s = s.reduce(Action::Edit(Edit::RemoveSpeaker(1)));
    assert_eq!(s.proposal.speakers.len(), 1);
    assert_eq!(focus(&s).as_deref(), Some(ADD_SPEAKER));
}

#[test]
fn a_duplicate_co_speaker_email_is_an_error() {
    let s = dask()
        .reduce(Action::Edit(Edit::Text(
            Field::Speaker(0, SpeakerField::Email),
            "a@example.org".into(),
        )))
        .reduce(Action::Edit(Edit::AddSpeaker))
        .reduce(Action::Edit(Edit::Text(
            Field::Speaker(1, SpeakerField::Email),
            "A@example.org".into(),
        )))
        .reduce(Action::Submit);
    assert_eq!(
        s.error_for(&Field::from_static("speakers[1].email"))
            .map(|e| e.code),
        Some(ErrorCode::Duplicate)
    );
}

#[test]
fn answers_are_set_and_cleared() {
    let s = dask().reduce(Action::Edit(Edit::Answer(
        "first-talk".into(),
        Some(Answer::Bool(true)),
    )));
    assert_eq!(
        s.proposal.answers.get("first-talk"),
        Some(&Answer::Bool(true))
    );
    let s = s.reduce(Action::Edit(Edit::Answer("first-talk".into(), None)));
    assert!(s.proposal.answers.is_empty());
    let s = s.reduce(Action::Edit(Edit::Answer(
        "first-talk".into(),
        Some(Answer::Text("  ".into())),
    )));
    assert!(s.proposal.answers.is_empty(), "blank is no answer");
}

#[test]
fn picks_keep_the_options_order_and_the_last_untick_clears_the_answer() {
    let mut config = (*dask().config).clone();
    config.questions = serde_json::from_str(
        r#"[{"id":"topics","label":"Topics","kind":"multi_choice","max":2,
             "options":[{"id":"a","label":"A"},{"id":"b","label":"B"},{"id":"c","label":"C"}]}]"#,
    )
    .unwrap();
    let pick = |option: &str, on| {
        Action::Edit(Edit::TogglePick {
            question: "topics".into(),
            option: option.into(),
            on,
        })
    };
    let s = Rc::new(FormState::new(Rc::new(config)))
        .reduce(pick("c", true))
        .reduce(pick("a", true));
    assert_eq!(
        s.proposal.answers.get("topics"),
        Some(&Answer::Choices(vec!["a".into(), "c".into()]))
    );
    let s = s.reduce(pick("a", false)).reduce(pick("c", false));
    assert!(s.proposal.answers.is_empty());
    let same = s.clone().reduce(Action::Edit(Edit::TogglePick {
        question: "nope".into(),
        option: "a".into(),
        on: true,
    }));
    assert!(Rc::ptr_eq(&s, &same), "no such question");
}

#[test]
fn answers_and_talks_out_of_scope_stay_in_the_draft_but_are_not_sent_nor_errors() {
    let mut config = (*dask().config).clone();
    config.questions.push(
        serde_json::from_str(
            r#"{"id":"room","label":"Room size","kind":"number","formats":["workshop"]}"#,
        )
        .unwrap(),
    );
    let s = Rc::new(FormState::new(Rc::new(config)))
        .reduce(Action::Edit(Edit::Format("workshop".into())))
        .reduce(Action::Edit(Edit::AddTalk))
        .reduce(Action::Edit(Edit::Answer(
            "room".into(),
            Some(Answer::Number(40.0)),
        )))
        .reduce(Action::Edit(Edit::Format("talk".into())))
        .reduce(Action::Submit);
    assert!(
        s.proposal.answers.contains_key("room"),
        "kept for switching back"
    );
    assert_eq!(s.proposal.talks.len(), 1);
    let sent = s.sendable();
    assert!(sent.answers.is_empty() && sent.talks.is_empty());
    assert!(s.error_for(&Field::from_static("answers.room")).is_none());
    assert!(s.error_for(&Field::from_static("talks")).is_none());
    let s = s.reduce(Action::Edit(Edit::Format("workshop".into())));
    assert_eq!(
        s.sendable().answers.get("room"),
        Some(&Answer::Number(40.0))
    );
}
