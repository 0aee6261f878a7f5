//! A single checkbox, such as agreeing to the code of conduct, with its hint and error.
//!
//! A plain view function rather than a component: it has no state, and each component type
//! costs the wasm about half a kilobyte compressed.

use super::{described_by, field_error};
use crate::ids::{field_id, part_id};
use crate::messages::Locale;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub struct CheckboxProps {
    pub locale: Locale,
    pub path: String,
    pub label: String,
    pub hint: Option<Html>,
    pub checked: bool,
    pub error: Option<String>,
    /// While a send is under way: the box can be seen, not changed.
    pub disabled: bool,
    pub on_change: Callback<bool>,
}

pub fn checkbox(props: CheckboxProps) -> Html {
    let id = field_id(&props.path);
    let hint_id = props.hint.as_ref().map(|_| part_id(&props.path, "hint"));
    let error_id = props.error.as_ref().map(|_| part_id(&props.path, "error"));
    let invalid = props.error.is_some();
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            on_change.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    html! {
        <div class={classes!("cfp-field", invalid.then_some("cfp-field--error"))}>
            if let (Some(message), Some(error_id)) = (&props.error, &error_id) {
                {field_error(&props.locale, error_id.clone(), message.clone())}
            }
            <div class="cfp-checkbox">
                <input
                    id={id.clone()}
                    class="cfp-checkbox__input"
                    type="checkbox"
                    name={props.path.clone()}
                    checked={props.checked}
                    disabled={props.disabled}
                    aria-describedby={described_by(&[hint_id.clone(), error_id])}
                    aria-invalid={invalid.then_some("true")}
                    {onchange}
                />
                <label class="cfp-checkbox__label" part="label" for={id}>{props.label.clone()}</label>
            </div>
            if let (Some(hint), Some(hint_id)) = (&props.hint, hint_id) {
                <div id={hint_id} part="hint" class="cfp-hint cfp-checkbox__hint">{hint.clone()}</div>
            }
        </div>
    }
}
