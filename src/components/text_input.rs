//! A single-line text input with its label, optional hint and error message.
//!
//! A plain view function rather than a component: it has no state, and each component type
//! costs the wasm about half a kilobyte compressed.

use super::{described_by, field_error};
use crate::ids::{field_id, part_id};
use crate::messages::Locale;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub struct TextInputProps {
    pub locale: Locale,
    pub path: String,
    pub label: String,
    pub hint: Option<String>,
    pub value: String,
    pub error: Option<String>,
    pub input_type: AttrValue,
    pub autocomplete: Option<AttrValue>,
    pub spellcheck: Option<AttrValue>,
    /// The on-screen keyboard: `decimal` for a number.
    pub inputmode: Option<AttrValue>,
    /// While a send is under way: the text can be read and selected, not changed.
    pub readonly: bool,
    pub on_input: Callback<String>,
}

pub fn text_input(props: TextInputProps) -> Html {
    let id = field_id(&props.path);
    let hint_id = props.hint.as_ref().map(|_| part_id(&props.path, "hint"));
    let error_id = props.error.as_ref().map(|_| part_id(&props.path, "error"));
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            on_input.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let invalid = props.error.is_some();
    html! {
        <div class={classes!("cfp-field", invalid.then_some("cfp-field--error"))}>
            <label class="cfp-label" part="label" for={id.clone()}>{props.label.clone()}</label>
            if let (Some(hint), Some(hint_id)) = (&props.hint, &hint_id) {
                <div id={hint_id.clone()} part="hint" class="cfp-hint">{hint.clone()}</div>
            }
            if let (Some(message), Some(error_id)) = (&props.error, &error_id) {
                {field_error(&props.locale, error_id.clone(), message.clone())}
            }
            <input
                id={id}
                name={props.path.clone()}
                class={classes!("cfp-input", invalid.then_some("cfp-input--error"))}
                part="input"
                type={props.input_type.clone()}
                value={props.value.clone()}
                autocomplete={props.autocomplete.clone()}
                spellcheck={props.spellcheck.clone()}
                inputmode={props.inputmode.clone()}
                readonly={props.readonly}
                aria-describedby={described_by(&[hint_id, error_id])}
                aria-invalid={invalid.then_some("true")}
                {oninput}
            />
        </div>
    }
}
