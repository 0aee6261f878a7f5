//! The widget's view: small function components, one concern per file. State lives in
//! `App`'s reducer; everything below it takes plain props and callbacks.

mod app;
mod checkbox;
mod closed;
mod config_error;
mod counted_textarea;
mod download;
mod draft_notice;
mod error_message;
mod error_summary;
mod honeypot;
mod private_link;
mod questions;
mod radio_group;
mod ready_panel;
mod receipt;
mod schedule;
mod send_error;
mod speakers;
mod talks;
mod text_input;

pub use app::{App, AppProps};
pub use checkbox::{checkbox, CheckboxProps};
pub use closed::closed_panel;
pub use config_error::{ConfigErrorBox, ConfigErrorProps};
pub use counted_textarea::CountedTextarea;
pub use download::download_link;
pub use draft_notice::{draft_notice, DraftCallbacks};
pub use error_message::field_error;
pub use error_summary::{error_summary, SummaryEntry};
pub use honeypot::honeypot;
pub use private_link::{
    link_panel, lost_link, unsaved_notice, withdraw_controls, yours_list, WithdrawCallbacks,
};
pub use questions::questions;
pub use radio_group::{radio_group, RadioGroupProps, RadioOption};
pub use ready_panel::ready_panel;
pub use receipt::receipt_panel;
pub use schedule::{deadline_line, opening_panel};
pub use send_error::send_error;
pub use speakers::{co_speakers, speaker_fields};
pub use talks::talks_section;
pub use text_input::{text_input, TextInputProps};

use crate::messages::error_message;
use crate::state::{Action, Edit, FormState};
use cfp_core::{Field, SpeakerField, TalkField};
use yew::prelude::*;

/// How the list views reach the reducer.
type Dispatch = UseReducerDispatcher<FormState>;

/// The message for the error shown on `field`, if any.
fn shown_error(state: &FormState, field: &Field) -> Option<String> {
    state
        .error_for(field)
        .map(|e| error_message(&state.locale, &state.config, e))
}

/// A single-line field of the proposal, wired to the reducer.
fn text_field(
    state: &FormState,
    dispatch: &Dispatch,
    field: Field,
    label: &str,
    autocomplete: Option<&'static str>,
) -> Html {
    let path = field.to_string();
    let email = matches!(
        field,
        Field::Speaker(_, SpeakerField::Email) | Field::Talk(_, TalkField::SpeakerEmail)
    );
    let dispatch = dispatch.clone();
    text_input(TextInputProps {
        locale: state.locale,
        label: label.to_owned(),
        hint: None,
        value: field.text(&state.proposal).unwrap_or_default().to_owned(),
        error: shown_error(state, &field),
        readonly: !state.editable(),
        input_type: AttrValue::Static(if email { "email" } else { "text" }),
        autocomplete: autocomplete.map(AttrValue::Static),
        spellcheck: email.then_some(AttrValue::Static("false")),
        inputmode: None,
        on_input: Callback::from(move |value| {
            dispatch.dispatch(Action::Edit(Edit::Text(field.clone(), value)))
        }),
        path,
    })
}

/// A counted paragraph field of the proposal (an abstract, a biography), with the
/// config's limit for that field.
fn counted_field(
    state: &FormState,
    dispatch: &Dispatch,
    field: Field,
    label: &str,
    hint: Option<String>,
    rows: u32,
) -> Html {
    let dispatch = dispatch.clone();
    html! {
        <CountedTextarea
            locale={state.locale}
            label={label.to_owned()}
            {hint}
            limit={state.config.limit_for(&field).copied()}
            value={field.text(&state.proposal).unwrap_or_default().to_owned()}
            error={shown_error(state, &field)}
            readonly={!state.editable()}
            {rows}
            path={field.to_string()}
            on_input={Callback::from(move |value| dispatch.dispatch(Action::Edit(Edit::Text(field.clone(), value))))}
        />
    }
}

/// A list item's button (Remove, Move up, ...): `whose` ("talk 2") is read by screen
/// readers only, so that each button's name is unique on the page.
fn item_button(
    id: String,
    text: String,
    whose: String,
    dispatch: &Dispatch,
    action: impl Fn() -> Action + 'static,
) -> Html {
    let dispatch = dispatch.clone();
    let onclick = Callback::from(move |_: MouseEvent| dispatch.dispatch(action()));
    html! {
        <button type="button" {id} part="button" class="cfp-button cfp-button--secondary cfp-button--small" {onclick}>
            {text}<span class="cfp-visually-hidden">{" "}{whose}</span>
        </button>
    }
}

/// A list's Add button (`id`), disabled when the list is full, with `full` saying why.
fn add_button(
    id: &'static str,
    list: &str,
    text: String,
    full: Option<String>,
    dispatch: &Dispatch,
    action: fn() -> Action,
) -> Html {
    let hint_id = full.as_ref().map(|_| crate::ids::part_id(list, "add-hint"));
    let dispatch = dispatch.clone();
    let onclick = Callback::from(move |_: MouseEvent| dispatch.dispatch(action()));
    html! {
        <>
            <button
                type="button"
                {id}
                class="cfp-button cfp-button--secondary"
                part="button"
                disabled={full.is_some()}
                aria-describedby={hint_id.clone()}
                {onclick}
            >
                {text}
            </button>
            if let (Some(id), Some(full)) = (hint_id, full) {
                <p {id} part="hint" class="cfp-hint">{full}</p>
            }
        </>
    }
}

/// Space-separated ids for aria-describedby, or None when there are none.
fn described_by(ids: &[Option<String>]) -> Option<String> {
    let joined = ids.iter().flatten().cloned().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}
