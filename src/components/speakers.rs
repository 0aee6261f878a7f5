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
                {text_field(state, dispatch, Field::Speaker(i, SpeakerField::Name), &l.tr(Key::FormName, &[]), None)}
                {text_field(state, dispatch, Field::Speaker(i, SpeakerField::Email), &l.tr(Key::FormEmail, &[]), None)}
                {text_field(state, dispatch, Field::Speaker(i, SpeakerField::Affiliation), &l.tr(Key::FormAffiliation, &[]), None)}
                {counted_field(state, dispatch, Field::Speaker(i, SpeakerField::Bio), &l.tr(Key::FormBio, &[]), 4)}
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
