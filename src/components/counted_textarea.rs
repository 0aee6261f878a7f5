//! A textarea with a GOV.UK-style count: a static hint with the limit, a visible count
//! that follows every keystroke, and a polite live region that speaks only once typing
//! pauses, so a screen reader is not interrupted on each key. No maxlength: a paste is
//! never cut short; going over the limit is an error the speaker can see and fix.

use super::{described_by, field_error};
use crate::ids::{field_id, part_id};
use crate::messages::{count_status, limit_hint, Locale};
use cfp_core::{count, Limit};
use gloo_timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// How long typing must pause before the count is announced.
const ANNOUNCE_AFTER_MS: u32 = 1_000;

#[derive(Properties, PartialEq)]
pub struct CountedTextareaProps {
    pub locale: Locale,
    pub path: String,
    pub label: String,
    #[prop_or_default]
    pub hint: Option<String>,
    #[prop_or_default]
    pub limit: Option<Limit>,
    pub value: String,
    #[prop_or_default]
    pub error: Option<String>,
    #[prop_or(5)]
    pub rows: u32,
    /// While a send is under way: the text can be read and selected, not changed.
    #[prop_or_default]
    pub readonly: bool,
    pub on_input: Callback<String>,
}

#[function_component]
pub fn CountedTextarea(props: &CountedTextareaProps) -> Html {
    let id = field_id(&props.path);
    let status = props
        .limit
        .as_ref()
        .and_then(|limit| count_status(&props.locale, limit, count(&props.value, limit.unit)));
    let over = props
        .limit
        .as_ref()
        .and_then(|l| l.max.map(|max| count(&props.value, l.unit) > max))
        .unwrap_or(false);

    let announced = use_state(String::new);
    let typed = use_mut_ref(|| false);
    {
        let announced = announced.clone();
        let typed = typed.clone();
        use_effect_with(status.clone(), move |status| {
            // Dropping the Timeout cancels it: each keystroke restarts the wait.
            let pending = (*typed.borrow()).then(|| {
                let status = status.clone().unwrap_or_default();
                Timeout::new(ANNOUNCE_AFTER_MS, move || announced.set(status))
            });
            move || drop(pending)
        });
    }

    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            *typed.borrow_mut() = true;
            on_input.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };

    let limit_text = props
        .limit
        .as_ref()
        .and_then(|limit| limit_hint(&props.locale, limit));
    let hint = match (&props.hint, limit_text) {
        (Some(h), Some(l)) => Some(format!("{h} {l}.")),
        (Some(h), None) => Some(h.clone()),
        (None, l) => l,
    };
    let hint_id = hint.as_ref().map(|_| part_id(&props.path, "hint"));
    let error_id = props.error.as_ref().map(|_| part_id(&props.path, "error"));
    let invalid = props.error.is_some();
    html! {
        <div class={classes!("cfp-field", invalid.then_some("cfp-field--error"))}>
            <label class="cfp-label" part="label" for={id.clone()}>{props.label.clone()}</label>
            if let (Some(hint), Some(hint_id)) = (&hint, &hint_id) {
                <div id={hint_id.clone()} part="hint" class="cfp-hint">{hint.clone()}</div>
            }
            if let (Some(message), Some(error_id)) = (&props.error, &error_id) {
                {field_error(&props.locale, error_id.clone(), message.clone())}
            }
            <textarea
                id={id}
                name={props.path.clone()}
                class={classes!("cfp-textarea", invalid.then_some("cfp-input--error"))}
                part="input"
                rows={props.rows.to_string()}
                value={props.value.clone()}
                readonly={props.readonly}
                aria-describedby={described_by(&[hint_id, error_id])}
                aria-invalid={invalid.then_some("true")}
                {oninput}
            />
            if let Some(status) = status {
                <div
                    class={classes!("cfp-count", over.then_some("cfp-count--over"))}
                    part="count"
                    aria-hidden="true"
                >
                    {status}
                </div>
                <div class="cfp-visually-hidden" aria-live="polite">{(*announced).clone()}</div>
            }
        </div>
    }
}
