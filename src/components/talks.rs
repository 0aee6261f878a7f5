//! The talks of a workshop block (GOV.UK add-another): one fieldset per talk with its
//! title, speaker, abstract and length; Move up / Move down / Remove per talk; "Add a
//! talk", disabled at the format's `max` with a hint saying why; the block's total minutes
//! against its length. The speaker of a talk can be picked from the people already in the
//! proposal (WCAG 3.3.7, redundant entry) instead of typed again.
//!
//! The whole section carries the id of the `talks` field, so that the summary's link for
//! too few talks, too many or over time lands on it. Focus after each change is the
//! reducer's choice (`state/lists.rs`).

use super::{
    add_button, counted_field, described_by, field_error, item_button, shown_error, text_field,
    text_input, Dispatch, TextInputProps,
};
use crate::ids::{field_id, part_id, ADD_TALK};
use crate::messages::lists::{talks_hint, talks_total};
use crate::messages::Key;
use crate::state::{Action, Edit, FormState};
use cfp_core::{normalised_email, Field, Talk, TalkField, TalkRange};
use yew::prelude::*;

/// The talks section for a block of `range` talks lasting `block` minutes.
pub fn talks_section(
    state: &FormState,
    dispatch: &Dispatch,
    range: TalkRange,
    block: Option<u32>,
) -> Html {
    let talks = &state.proposal.talks;
    let l = &state.locale;
    let n = talks.len();
    let items = talks
        .iter()
        .enumerate()
        .map(|(i, talk)| talk_item(state, dispatch, i, n, talk));
    let total: u32 = talks
        .iter()
        .filter_map(|t| t.minutes)
        .fold(0, u32::saturating_add);
    let error = shown_error(state, &Field::Talks);
    let error_id = error.as_ref().map(|_| part_id("talks", "error"));
    let hint_id = part_id("talks", "hint");
    let full =
        (!state.can_add_talk()).then(|| l.tr(Key::TalksAtMost, &[("max", &range.max.to_string())]));
    html! {
        // A group, not a named <section>: that would be a landmark, repeated by a second
        // widget on the page.
        <div
            role="group"
            id={field_id("talks")}
            class={classes!("cfp-field", "cfp-list", error.is_some().then_some("cfp-field--error"))}
            tabindex="-1"
            aria-labelledby="cfp-talks-title"
            aria-describedby={described_by(&[Some(hint_id.clone()), error_id.clone()])}
        >
            <h3 id="cfp-talks-title" class="cfp-list__title" part="heading">{l.tr(Key::TalksTitle, &[])}</h3>
            <div id={hint_id} part="hint" class="cfp-hint">{talks_hint(l, range, block)}</div>
            if let (Some(message), Some(error_id)) = (error, error_id) {
                {field_error(l, error_id, message)}
            }
            {for items}
            if let Some(block) = block {
                <p class="cfp-list__total">{talks_total(l, total, block)}</p>
            }
            {add_button(ADD_TALK, "talks", l.tr(Key::TalksAdd, &[]), full, dispatch, || Action::Edit(Edit::AddTalk))}
        </div>
    }
}

/// Talk `i` of `n`.
fn talk_item(state: &FormState, dispatch: &Dispatch, i: usize, n: usize, talk: &Talk) -> Html {
    let l = &state.locale;
    let nth = |key| l.tr(key, &[("n", &(i + 1).to_string())]);
    let whose = || nth(Key::TalksWhose);
    let minutes = Field::Talk(i, TalkField::Minutes);
    let on_minutes = {
        let dispatch = dispatch.clone();
        Callback::from(move |v: String| {
            dispatch.dispatch(Action::Edit(Edit::TalkMinutes(i, v.trim().parse().ok())))
        })
    };
    let id = |action| crate::ids::item_button("talk", i, action);
    html! {
        <fieldset class="cfp-fieldset cfp-list__item" key={i}>
            <legend class="cfp-legend" part="label">{nth(Key::TalksLegend)}</legend>
            {text_field(state, dispatch, Field::Talk(i, TalkField::Title), &l.tr(Key::TalksTitleField, &[]), None)}
            {same_as(state, dispatch, i)}
            {text_field(state, dispatch, Field::Talk(i, TalkField::SpeakerName), &l.tr(Key::TalksSpeakerName, &[]), None)}
            {text_field(state, dispatch, Field::Talk(i, TalkField::SpeakerEmail), &l.tr(Key::TalksSpeakerEmail, &[]), None)}
            {counted_field(state, dispatch, Field::Talk(i, TalkField::Abstract), &l.tr(Key::TalksAbstract, &[]), None, 5)}
            {text_input(TextInputProps {
                locale: *l,
                label: l.tr(Key::TalksMinutes, &[]),
                hint: None,
                value: talk.minutes.map(|m| m.to_string()).unwrap_or_default(),
                error: shown_error(state, &minutes),
                input_type: AttrValue::Static("number"),
                autocomplete: None,
                spellcheck: None,
                inputmode: Some(AttrValue::Static("numeric")),
                readonly: !state.editable(),
                on_input: on_minutes,
                path: minutes.to_string(),
            })}
            <div class="cfp-list__actions">
                if i > 0 {
                    {item_button(id("up"), l.tr(Key::ListMoveUp, &[]), whose(), dispatch, move || Action::Edit(Edit::MoveTalk { index: i, up: true }))}
                }
                if i + 1 < n {
                    {item_button(id("down"), l.tr(Key::ListMoveDown, &[]), whose(), dispatch, move || Action::Edit(Edit::MoveTalk { index: i, up: false }))}
                }
                {item_button(id("remove"), l.tr(Key::ListRemove, &[]), whose(), dispatch, move || Action::Edit(Edit::RemoveTalk(i)))}
            </div>
        </fieldset>
    }
}

/// Buttons naming the people already in the proposal (speakers, other talks' speakers),
/// each filling in this talk's speaker. This talk's own speaker is not a source, so the
/// buttons stay put when one is chosen and focus stays on it. Nothing when no one is in.
fn same_as(state: &FormState, dispatch: &Dispatch, i: usize) -> Html {
    let proposal = &state.proposal;
    let mut seen = Vec::new();
    let people = proposal
        .speakers
        .iter()
        .map(|s| (&s.name, &s.email))
        .chain(
            proposal
                .talks
                .iter()
                .enumerate()
                .filter(|(t, _)| *t != i)
                .map(|(_, t)| (&t.speaker_name, &t.speaker_email)),
        )
        .filter(|(name, _)| !name.trim().is_empty())
        .filter(|(name, email)| {
            // As validate compares emails (ASCII case only: no Unicode tables in the wasm).
            let key = (name.trim().to_ascii_lowercase(), normalised_email(email));
            let new = !seen.contains(&key);
            if new {
                seen.push(key);
            }
            new
        })
        .enumerate()
        .map(|(j, (name, email))| {
            let (name, email) = (name.trim().to_owned(), email.trim().to_owned());
            let label = name.clone();
            let dispatch = dispatch.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                dispatch.dispatch(Action::Edit(Edit::PickTalkSpeaker {
                    talk: i,
                    name: name.clone(),
                    email: email.clone(),
                }))
            });
            html! {
                <button
                    type="button"
                    id={crate::ids::item_button("talk", i, &format!("same-{j}"))}
                    class="cfp-button cfp-button--secondary cfp-button--small"
                    part="button"
                    {onclick}
                >
                    {label}
                </button>
            }
        })
        .collect::<Vec<Html>>();
    if people.is_empty() {
        return Html::default();
    }
    let label_id = format!("cfp-talk-{i}-same");
    html! {
        <div class="cfp-field cfp-same-as" role="group" aria-labelledby={label_id.clone()}>
            <p id={label_id} part="hint" class="cfp-hint">
                {state.locale.tr(Key::TalksSameAs, &[("n", &(i + 1).to_string())])}
            </p>
            {for people}
        </div>
    }
}
