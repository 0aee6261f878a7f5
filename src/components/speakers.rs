//! Co-speakers (GOV.UK add-another): one fieldset per speaker after the first, who is the
//! contact (a block's organiser) and has the "About you" fieldset; "Remove" on each;
//! "Add another speaker", disabled at `speakers.max` with a hint saying why. Nothing at
//! all when the event takes one speaker per proposal.

use super::{
    add_button, counted_field, field_error, item_button, shown_error, text_field, Dispatch,
};
use crate::ids::{field_id, part_id, ADD_SPEAKER};
use crate::messages::Key;
use crate::state::{Action, Edit, FormState};
use cfp_core::{Field, SpeakerField};
use yew::prelude::*;

pub fn co_speakers(state: &FormState, dispatch: &Dispatch) -> Html {
    let max = state.config.speakers.max;
    let n = state.proposal.speakers.len();
    if max <= 1 && n <= 1 {
        return Html::default();
    }
    let l = &state.locale;
    let nth = |key, i: usize| l.tr(key, &[("n", &(i + 1).to_string())]);
    let items = (1..n).map(|i| {
        html! {
            <fieldset class="cfp-fieldset cfp-list__item" key={i}>
                <legend class="cfp-legend" part="label">{nth(Key::SpeakersLegend, i)}</legend>
                {speaker_fields(state, dispatch, i)}
                <div class="cfp-list__actions">
                    {item_button(crate::ids::item_button("speaker", i, "remove"), l.tr(Key::ListRemove, &[]), nth(Key::SpeakersWhose, i), dispatch, move || Action::Edit(Edit::RemoveSpeaker(i)))}
                </div>
            </fieldset>
        }
    });
    // Only a proposal from elsewhere (the server, an old draft) can have too many.
    let error = shown_error(state, &Field::Speakers);
    let full =
        (!state.can_add_speaker()).then(|| l.tr(Key::SpeakersAtMost, &[("max", &max.to_string())]));
    html! {
        // A group, not a named <section>: that would be a landmark, repeated by a second
        // widget on the page.
        <div
            role="group"
            id={field_id("speakers")}
            class={classes!("cfp-field", "cfp-list", error.is_some().then_some("cfp-field--error"))}
            tabindex="-1"
            aria-labelledby="cfp-speakers-title"
        >
            <h3 id="cfp-speakers-title" class="cfp-list__title" part="heading">{l.tr(Key::SpeakersTitle, &[])}</h3>
            if let Some(message) = error {
                {field_error(l, part_id("speakers", "error"), message)}
            }
            {for items}
            {add_button(ADD_SPEAKER, "speakers", l.tr(Key::SpeakersAdd, &[]), full, dispatch, || Action::Edit(Edit::AddSpeaker))}
        </div>
    }
}

/// Speaker `i`'s fields in the order of cfp-core's table (`SpeakerField::ALL`), so a new
/// field of the table is on the form once it has a label here.
pub fn speaker_fields(state: &FormState, dispatch: &Dispatch, i: usize) -> Html {
    let l = &state.locale;
    SpeakerField::ALL
        .iter()
        .map(|&f| {
            let (field, label) = (Field::Speaker(i, f), l.tr(label(f), &[]));
            if f.is_paragraph() {
                counted_field(state, dispatch, field, &label, None, 4)
            } else {
                // The browser may fill in the person at the keyboard: the first speaker.
                let autocomplete = if i == 0 { autocomplete(f) } else { None };
                text_field(state, dispatch, field, &label, autocomplete)
            }
        })
        .collect()
}

fn label(f: SpeakerField) -> Key {
    match f {
        SpeakerField::Name => Key::FormName,
        SpeakerField::Email => Key::FormEmail,
        SpeakerField::Affiliation => Key::FormAffiliation,
        SpeakerField::Bio => Key::FormBio,
    }
}

/// The `autocomplete` token for the speaker filling in the form.
fn autocomplete(f: SpeakerField) -> Option<&'static str> {
    match f {
        SpeakerField::Name => Some("name"),
        SpeakerField::Email => Some("email"),
        SpeakerField::Affiliation => Some("organization"),
        SpeakerField::Bio => None,
    }
}
