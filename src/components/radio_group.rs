//! A fieldset of radio buttons with a legend, a hint per option, and the group's error.
//! The first option carries the group's field id so the error summary can link to it.
//!
//! A plain view function rather than a component: it has no state, and each component type
//! costs the wasm about half a kilobyte compressed.

use super::{described_by, field_error};
use crate::ids::{field_id, part_id};
use crate::messages::Locale;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct RadioOption {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

pub struct RadioGroupProps {
    pub locale: Locale,
    pub path: String,
    pub legend: String,
    pub hint: Option<String>,
    pub options: Vec<RadioOption>,
    pub selected: Option<String>,
    pub error: Option<String>,
    /// While a send is under way: the choice can be seen, not changed.
    pub disabled: bool,
    pub on_change: Callback<String>,
}

pub fn radio_group(props: RadioGroupProps) -> Html {
    let group_id = field_id(&props.path);
    let hint_id = props.hint.as_ref().map(|_| part_id(&props.path, "hint"));
    let error_id = props.error.as_ref().map(|_| part_id(&props.path, "error"));
    let invalid = props.error.is_some();
    let options = props.options.iter().enumerate().map(|(i, option)| {
        let id = if i == 0 {
            group_id.clone()
        } else {
            format!("{group_id}-{i}")
        };
        let option_hint_id = option.hint.as_ref().map(|_| format!("{id}-hint"));
        let onchange = {
            let on_change = props.on_change.clone();
            let value = option.value.clone();
            Callback::from(move |_: Event| on_change.emit(value.clone()))
        };
        html! {
            <div class="cfp-radio" key={option.value.clone()}>
                <input
                    id={id.clone()}
                    class="cfp-radio__input"
                    type="radio"
                    name={group_id.clone()}
                    value={option.value.clone()}
                    checked={props.selected.as_deref() == Some(option.value.as_str())}
                    aria-describedby={option_hint_id.clone()}
                    {onchange}
                />
                <label class="cfp-radio__label" part="label" for={id}>{option.label.clone()}</label>
                if let (Some(hint), Some(hint_id)) = (&option.hint, option_hint_id) {
                    <div id={hint_id} part="hint" class="cfp-hint cfp-radio__hint">{hint.clone()}</div>
                }
            </div>
        }
    });
    html! {
        <div class={classes!("cfp-field", invalid.then_some("cfp-field--error"))}>
            <fieldset class="cfp-fieldset" disabled={props.disabled} aria-describedby={described_by(&[hint_id.clone(), error_id.clone()])}>
                <legend class="cfp-legend" part="label">{props.legend.clone()}</legend>
                if let (Some(hint), Some(hint_id)) = (&props.hint, &hint_id) {
                    <div id={hint_id.clone()} part="hint" class="cfp-hint">{hint.clone()}</div>
                }
                if let (Some(message), Some(error_id)) = (&props.error, &error_id) {
                    {field_error(&props.locale, error_id.clone(), message.clone())}
                }
                <div class="cfp-radios">{for options}</div>
            </fieldset>
        </div>
    }
}
