//! The organisers' own questions (`questions` in the config), each as the input its kind
//! calls for: text, url and number inputs, a counted textarea for long_text, radios for
//! choice and bool (Yes/No), checkboxes for multi_choice. Optional questions say so in
//! their label (GOV.UK marks the optional, not the required). A question scoped to
//! formats or tracks shows only while it applies; its answer stays in the draft, and
//! `FormState::sendable` leaves it out of what is sent.

use super::{
    described_by, field_error, radio_group, shown_error, text_input, CountedTextarea, Dispatch,
    RadioGroupProps, RadioOption, TextInputProps,
};
use crate::ids::{field_id, part_id};
use crate::messages::{number_hint, picks_hint, Key};
use crate::state::{Action, Edit, FormState};
use cfp_core::{Answer, Field, Question, QuestionKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Every question that applies to the proposal as it stands, in config order.
pub fn questions(state: &FormState, dispatch: &Dispatch) -> Html {
    let config = &state.config;
    config
        .questions
        .iter()
        .filter(|q| config.question_applies(q, &state.proposal))
        .map(|q| question(state, dispatch, q))
        .collect()
}

fn question(state: &FormState, dispatch: &Dispatch, q: &Question) -> Html {
    let field = Field::Answer(q.id.clone());
    let path = field.to_string();
    let locked = !state.editable();
    let l = &state.locale;
    let label = if q.required {
        q.label.clone()
    } else {
        l.tr(Key::QuestionOptional, &[("label", &q.label)])
    };
    let answer = state.proposal.answers.get(&q.id);
    let error = shown_error(state, &field);
    let set = |make: fn(String) -> Option<Answer>| {
        let (dispatch, id) = (dispatch.clone(), q.id.clone());
        Callback::from(move |v: String| {
            dispatch.dispatch(Action::Edit(Edit::Answer(id.clone(), make(v))))
        })
    };
    let text = match answer {
        Some(Answer::Text(s)) => s.clone(),
        // The browser writes the number back: Rust's f64 Display would add its tables.
        Some(Answer::Number(n)) => js_number(*n),
        _ => String::new(),
    };
    let joined = |extra: Option<String>| match (q.hint.clone(), extra) {
        (Some(h), Some(e)) => Some(format!("{h} {e}.")),
        (h, None) => h,
        (None, e) => e,
    };
    match q.kind {
        QuestionKind::Text | QuestionKind::Url | QuestionKind::Number => {
            let (input_type, inputmode, hint, on_input) = match q.kind {
                QuestionKind::Number => (
                    "number",
                    Some(AttrValue::Static("decimal")),
                    joined(number_hint(l, q.min, q.max)),
                    // The browser's parseFloat: Rust's f64 parser would add its tables
                    // (about 14 KB) to the wasm. An empty or unfinished box is no answer.
                    set(|v| {
                        Some(js_sys::Number::parse_float(&v))
                            .filter(|n| n.is_finite())
                            .map(Answer::Number)
                    }),
                ),
                QuestionKind::Url => ("url", None, q.hint.clone(), set(|v| Some(Answer::Text(v)))),
                _ => ("text", None, q.hint.clone(), set(|v| Some(Answer::Text(v)))),
            };
            text_input(TextInputProps {
                locale: *l,
                label,
                hint,
                value: text,
                error,
                input_type: AttrValue::Static(input_type),
                autocomplete: None,
                spellcheck: (input_type == "url").then_some(AttrValue::Static("false")),
                inputmode,
                readonly: locked,
                on_input,
                path,
            })
        }
        QuestionKind::LongText => html! {
            <CountedTextarea
                locale={*l}
                {label}
                hint={q.hint.clone()}
                limit={q.limit}
                value={text}
                {error}
                readonly={locked}
                on_input={set(|v| Some(Answer::Text(v)))}
                {path}
            />
        },
        QuestionKind::Choice | QuestionKind::Bool => {
            let bool = q.kind == QuestionKind::Bool;
            let options = if bool {
                vec![
                    option("yes", &l.tr(Key::QuestionYes, &[])),
                    option("no", &l.tr(Key::QuestionNo, &[])),
                ]
            } else {
                q.options.iter().map(|o| option(&o.id, &o.label)).collect()
            };
            let selected = match answer {
                Some(Answer::Bool(b)) => Some(if *b { "yes" } else { "no" }.to_owned()),
                Some(Answer::Text(s)) => Some(s.clone()),
                _ => None,
            };
            radio_group(RadioGroupProps {
                locale: *l,
                path,
                legend: label,
                hint: q.hint.clone(),
                options,
                selected,
                error,
                disabled: locked,
                on_change: if bool {
                    set(|v| Some(Answer::Bool(v == "yes")))
                } else {
                    set(|v| Some(Answer::Text(v)))
                },
            })
        }
        QuestionKind::MultiChoice => checkboxes(
            state,
            dispatch,
            q,
            path,
            label,
            joined(picks_hint(l, q.min, q.max)),
            error,
        ),
    }
}

fn option(value: &str, label: &str) -> RadioOption {
    RadioOption {
        value: value.to_owned(),
        label: label.to_owned(),
        hint: None,
    }
}

/// A multi_choice question: a fieldset of checkboxes, the first carrying the field's id so
/// that the summary's link lands on it.
fn checkboxes(
    state: &FormState,
    dispatch: &Dispatch,
    q: &Question,
    path: String,
    legend: String,
    hint: Option<String>,
    error: Option<String>,
) -> Html {
    let picked = match state.proposal.answers.get(&q.id) {
        Some(Answer::Choices(picks)) => picks.as_slice(),
        _ => &[],
    };
    let group_id = field_id(&path);
    let hint_id = hint.as_ref().map(|_| part_id(&path, "hint"));
    let error_id = error.as_ref().map(|_| part_id(&path, "error"));
    let invalid = error.is_some();
    let boxes = q.options.iter().enumerate().map(|(i, o)| {
        let id = if i == 0 {
            group_id.clone()
        } else {
            format!("{group_id}-{i}")
        };
        let onchange = {
            let (dispatch, question, option) = (dispatch.clone(), q.id.clone(), o.id.clone());
            Callback::from(move |e: Event| {
                dispatch.dispatch(Action::Edit(Edit::TogglePick {
                    question: question.clone(),
                    option: option.clone(),
                    on: e.target_unchecked_into::<HtmlInputElement>().checked(),
                }))
            })
        };
        html! {
            <div class="cfp-checkbox" key={o.id.clone()}>
                <input
                    id={id.clone()}
                    class="cfp-checkbox__input"
                    type="checkbox"
                    name={group_id.clone()}
                    value={o.id.clone()}
                    checked={picked.contains(&o.id)}
                    {onchange}
                />
                <label class="cfp-checkbox__label" part="label" for={id}>{o.label.clone()}</label>
            </div>
        }
    });
    html! {
        <div class={classes!("cfp-field", invalid.then_some("cfp-field--error"))}>
            <fieldset class="cfp-fieldset" disabled={!state.editable()} aria-describedby={described_by(&[hint_id.clone(), error_id.clone()])}>
                <legend class="cfp-legend" part="label">{legend}</legend>
                if let (Some(hint), Some(hint_id)) = (hint, hint_id) {
                    <div id={hint_id} part="hint" class="cfp-hint">{hint}</div>
                }
                if let (Some(message), Some(error_id)) = (error, error_id) {
                    {field_error(&state.locale, error_id, message)}
                }
                {for boxes}
            </fieldset>
        </div>
    }
}

/// `n` as JavaScript writes it ("2.5", "1e21"), which its parseFloat reads back.
fn js_number(n: f64) -> String {
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}
