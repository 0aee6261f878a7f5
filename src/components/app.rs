//! The proposal form for one event: owns the reducer, lays out the fields, and moves
//! focus where the speaker needs it after Submit. Once the proposal is sent, the receipt
//! takes the form's place.

use super::{
    checkbox, closed_panel, co_speakers, counted_field, deadline_line, download_link, draft_notice,
    error_summary, honeypot, opening_panel, questions, radio_group, ready_panel, receipt_panel,
    send_error, talks_section, text_field, CheckboxProps, CountedTextarea, DraftCallbacks,
    RadioGroupProps, RadioOption, SummaryEntry,
};
use crate::draft::{self, store};
use crate::ids::field_id;
use crate::messages::{duration, error_message, send_failure, send_status, Key, Locale};
use crate::state::{Action, FocusTarget, FormState, SendFailure, Submission, TextField};
use crate::{host_events, submit};
use cfp_core::{CallState, EventConfig, Format};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, FocusOptions, HtmlElement};
use yew::prelude::*;

/// How long typing must pause before the draft is saved.
const AUTOSAVE_AFTER_MS: u32 = 500;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub config: Rc<EventConfig>,
    /// The language to speak: the config's `locale`, else the page's (`Locale::resolve`).
    pub locale: Locale,
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let (config, locale) = (props.config.clone(), props.locale);
        use_reducer(move || FormState::with_locale(config, locale))
    };
    let form_ref = use_node_ref();
    let summary_ref = use_node_ref();
    let ready_ref = use_node_ref();
    let send_error_ref = use_node_ref();
    let receipt_ref = use_node_ref();

    // The draft's text waiting for the next save (see draft::store).
    let pending: store::Pending = use_mut_ref(|| None);
    {
        let (event_id, tab) = (props.config.id.clone(), state.tab.clone());
        let dispatch = state.dispatcher();
        let pending = pending.clone();
        use_effect_with((), move |_| {
            // The benchmark reads this mark: navigation start to the form on screen.
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.mark("cfp:first-render");
            }
            dispatch.dispatch(Action::DraftLoaded(store::load(&event_id)));
            let on_other_tab =
                Callback::from(move |d| dispatch.dispatch(Action::OtherTabSaved(Box::new(d))));
            let listeners = store::listen(&event_id, &tab, pending, on_other_tab);
            move || drop(listeners)
        });
    }
    {
        // Autosave, debounced: each change restarts the wait; the page hiding saves at once.
        let event_id = props.config.id.clone();
        let dispatch = state.dispatcher();
        let pending = pending.clone();
        let to_save = state.draft_to_save(js_sys::Date::now());
        let done = state.draft_done();
        // Compare without the time stamp, which changes on every render.
        let deps = (
            to_save
                .as_ref()
                .map(|d| (d.proposal.clone(), d.key.clone())),
            done,
        );
        use_effect_with(deps, move |_| {
            let timer = if done {
                *pending.borrow_mut() = None;
                store::clear(&event_id);
                None
            } else {
                *pending.borrow_mut() = to_save.as_ref().map(draft::encode);
                to_save.is_some().then(|| {
                    gloo_timers::callback::Timeout::new(AUTOSAVE_AFTER_MS, move || {
                        if !store::flush(&event_id, &pending) {
                            dispatch.dispatch(Action::DraftUnsaved);
                        }
                    })
                })
            };
            move || drop(timer)
        });
    }
    {
        // One effect for focus and for the send (each `use_effect_with` costs the wasm about
        // 1 KB). Each state of the send starts its own fetch, timer or listener; leaving the
        // state cancels the timer or listener. Starting a send clears the focus request, so
        // that a change of send state alone never moves focus.
        let handle = state.clone();
        let refs = [
            &summary_ref,
            &ready_ref,
            &send_error_ref,
            &receipt_ref,
            &form_ref,
        ]
        .map(|r| (*r).clone());
        use_effect_with(
            (state.focus.clone(), state.submission.clone()),
            move |(focus, _)| {
                let [summary, ready, send_error, receipt, form] = refs;
                let target = focus.as_ref().map(|f| match &f.target {
                    FocusTarget::ErrorSummary => summary,
                    FocusTarget::ReadyPanel => ready,
                    FocusTarget::SendError => send_error,
                    FocusTarget::Receipt => receipt,
                    FocusTarget::FirstField => {
                        focus_field(&form, &field_id("title"));
                        NodeRef::default()
                    }
                    FocusTarget::Element(id) => {
                        focus_field(&form, id);
                        NodeRef::default()
                    }
                });
                if let Some(el) = target.and_then(|r| r.cast::<HtmlElement>()) {
                    let _ = el.focus();
                }
                let follow = submit::follow(&handle, handle.dispatcher().to_callback());
                move || drop(follow)
            },
        );
    }

    {
        // Tell the host page (see host_events), once per change of the send's state; a
        // wrong endpoint is the maintainer's to fix, so the console says where it is.
        let (event_id, locale) = (props.config.id.clone(), props.locale);
        let endpoint = props.config.endpoint.as_ref().map(|e| e.url.clone());
        let (receipt_ref, send_error_ref) = (receipt_ref.clone(), send_error_ref.clone());
        use_effect_with(
            state.submission.clone(),
            move |submission| match submission {
                Submission::Sent(receipt) => {
                    if let Some(el) = receipt_ref.cast::<Element>() {
                        host_events::submitted(&el, &event_id, receipt);
                    }
                }
                Submission::Failed(failure) => {
                    // Made absolute here, once a send has failed, not on every render.
                    let url = endpoint
                        .as_deref()
                        .map(crate::mount::absolute_url)
                        .unwrap_or_default();
                    let url = url.as_str();
                    if let SendFailure::WrongEndpoint(status) = failure {
                        web_sys::console::error_1(&format!(
                            "cfp-widget: {url} answered {status} to the proposal's POST: that address does not take proposals. Check endpoint.url in the event config (relative to the page for an inline or mount() config, to the config's own URL for data-config-url and data-event)"
                        ).into());
                    }
                    if let Some(el) = send_error_ref.cast::<Element>() {
                        let message = send_failure(&locale, failure);
                        host_events::send_failed(&el, &event_id, failure.code(), &message, url);
                    }
                }
                _ => {}
            },
        );
    }

    {
        // The clock moves on while the page is open: render again each minute (and the
        // moment the call opens or closes), so the countdown counts down and, at the
        // deadline, the form gives way to the closed panel with the draft still readable.
        let tick = use_state(|| 0u32);
        let config = props.config.clone();
        use_effect_with(*tick, move |&n| {
            let timer = next_change_ms(&config, js_sys::Date::now()).map(|ms| {
                gloo_timers::callback::Timeout::new(ms, move || tick.set(n.wrapping_add(1)))
            });
            move || drop(timer)
        });
    }

    let config = &state.config;
    let l = &state.locale;
    let t = |key| l.tr(key, &[]);
    // The server enforces the deadline with its own clock; this only spares the speaker
    // a form that can no longer be sent.
    let now = (js_sys::Date::now() / 1000.0) as i64;
    match config.state_at(now) {
        CallState::Open => {}
        CallState::NotYetOpen => {
            return html! { <div class="cfp-widget" lang={l.tag().to_owned()}>{opening_panel(l, config)}</div> };
        }
        CallState::Closed => {
            let kept = draft::worth_keeping(&state.proposal)
                .then(|| serde_json::to_string_pretty(&state.proposal).unwrap_or_default());
            return html! { <div class="cfp-widget" lang={l.tag().to_owned()}>{closed_panel(l, config, kept.as_deref())}</div> };
        }
    }
    let proposal = &state.proposal;
    let dispatcher = state.dispatcher();
    let error = |path: &str| state.error_for(path).map(|e| error_message(l, config, e));
    let set_text = |field: TextField| {
        let dispatch = state.dispatcher();
        Callback::from(move |value: String| dispatch.dispatch(Action::SetText(field, value)))
    };
    let text_field = |field: TextField, label: &str, autocomplete: Option<&'static str>| {
        text_field(&state, &dispatcher, field, label, autocomplete)
    };
    // A workshop block: the title, abstract and contact are the block's and its organiser's.
    let block = proposal
        .format
        .as_deref()
        .and_then(|id| config.format(id))
        .and_then(|f| f.talks.map(|range| (range, f.minutes)));

    let summary = state.errors.iter().map(|e| SummaryEntry {
        target_id: field_id(&e.field),
        message: error_message(l, config, e),
    });
    let on_follow = {
        let form_ref = form_ref.clone();
        Callback::from(move |target_id: String| focus_field(&form_ref, &target_id))
    };
    let onsubmit = {
        let dispatch = state.dispatcher();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            dispatch.dispatch(Action::Submit);
        })
    };

    let format_options: Vec<RadioOption> =
        config.formats.iter().map(|f| format_option(l, f)).collect();
    let mut track_options: Vec<RadioOption> = config
        .tracks
        .iter()
        .map(|t| RadioOption {
            value: t.id.clone(),
            label: t.label.clone(),
            hint: None,
        })
        .collect();
    if !config.track_required {
        track_options.push(RadioOption {
            value: String::new(),
            label: t(Key::FormNoPreference),
            hint: None,
        });
    }
    let on_format = {
        let dispatch = state.dispatcher();
        Callback::from(move |id: String| dispatch.dispatch(Action::ChooseFormat(id)))
    };
    let on_track = {
        let dispatch = state.dispatcher();
        Callback::from(move |id: String| {
            dispatch.dispatch(Action::ChooseTrack((!id.is_empty()).then_some(id)))
        })
    };
    let on_consent = {
        let dispatch = state.dispatcher();
        Callback::from(move |agreed: bool| dispatch.dispatch(Action::SetConsent(agreed)))
    };
    let conduct_hint = config.code_of_conduct_url.as_ref().map(|url| {
        html! { <a href={url.clone()} target="_blank" rel="noopener">{t(Key::FormConductLink)}</a> }
    });
    let json = state
        .ready
        .then(|| serde_json::to_string_pretty(&state.sendable()).unwrap_or_default());

    if let Submission::Sent(receipt) = &state.submission {
        let on_new = {
            let dispatch = state.dispatcher();
            Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::NewProposal))
        };
        return html! {
            <div class="cfp-widget" lang={l.tag().to_owned()}>
                {receipt_panel(receipt, l, receipt_ref, on_new)}
            </div>
        };
    }
    let send_error_panel = match &state.submission {
        Submission::Failed(failure) => {
            let on_retry = failure.is_temporary().then(|| {
                let dispatch = state.dispatcher();
                Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Submit))
            });
            let only_organisers_can_help = matches!(
                failure,
                SendFailure::WrongEndpoint(_) | SendFailure::OriginRefused
            );
            let copy = only_organisers_can_help.then(|| {
                let json = serde_json::to_string_pretty(&state.sendable()).unwrap_or_default();
                download_link(&json, "proposal.json", &l.tr(Key::ReceiptDownload, &[]))
            });
            send_error(l, send_failure(l, failure), on_retry, copy, send_error_ref)
        }
        _ => Html::default(),
    };
    let on_honeypot = {
        let dispatch = state.dispatcher();
        Callback::from(move |value: String| dispatch.dispatch(Action::SetHoneypot(value)))
    };

    let draft_callbacks = {
        let on = |action: fn() -> Action| {
            let dispatch = state.dispatcher();
            Callback::from(move |_: MouseEvent| dispatch.dispatch(action()))
        };
        let start_over = {
            let event_id = config.id.clone();
            let dispatch = state.dispatcher();
            Callback::from(move |_: MouseEvent| {
                store::clear(&event_id);
                dispatch.dispatch(Action::StartOver)
            })
        };
        DraftCallbacks {
            start_over,
            use_other_tab: on(|| Action::UseOtherTab),
            keep_this_tab: on(|| Action::KeepThisTab),
        }
    };

    html! {
        <div class="cfp-widget" lang={l.tag().to_owned()}>
            <form class="cfp-form" part="form" novalidate=true {onsubmit} ref={form_ref}>
                <h2 class="cfp-form__title" part="heading">{l.tr(Key::FormTitle, &[("event", &config.name)])}</h2>
                {deadline_line(l, config, now)}
                {draft_notice(&state.draft, l, draft_callbacks)}
                {send_error_panel}
                if !state.errors.is_empty() {
                    {error_summary(l, summary, summary_ref, on_follow)}
                }
                {text_field(TextField::Title, &t(if block.is_some() { Key::FormWorkshopTitle } else { Key::FormTitleField }), None)}
                {radio_group(RadioGroupProps {
                    locale: *l,
                    path: "format".into(),
                    legend: t(Key::FormFormat),
                    hint: None,
                    options: format_options,
                    selected: proposal.format.clone(),
                    error: error("format"),
                    on_change: on_format,
                })}
                if !config.tracks.is_empty() {
                    {radio_group(RadioGroupProps {
                        locale: *l,
                        path: "track".into(),
                        legend: t(if config.track_required { Key::FormTrack } else { Key::FormTrackOptional }),
                        hint: None,
                        options: track_options,
                        selected: Some(proposal.track.clone().unwrap_or_default()),
                        error: error("track"),
                        on_change: on_track,
                    })}
                }
                <CountedTextarea
                    locale={*l}
                    path="abstract"
                    label={t(if block.is_some() { Key::FormWorkshopAbstract } else { Key::FormAbstract })}
                    hint={Some(t(if block.is_some() { Key::FormWorkshopAbstractHint } else { Key::FormAbstractHint }))}
                    limit={config.limits.abstract_}
                    value={proposal.r#abstract.clone()}
                    error={error("abstract")}
                    rows={8}
                    on_input={set_text(TextField::Abstract)}
                />
                <CountedTextarea
                    locale={*l}
                    path="description"
                    label={t(Key::FormDescription)}
                    hint={Some(t(Key::FormDescriptionHint))}
                    limit={config.limits.description}
                    value={proposal.description.clone()}
                    error={error("description")}
                    rows={8}
                    on_input={set_text(TextField::Description)}
                />
                <fieldset class="cfp-fieldset cfp-speaker">
                    <legend class="cfp-legend" part="label">{t(if block.is_some() { Key::FormAboutYouOrganiser } else { Key::FormAboutYou })}</legend>
                    {text_field(TextField::SpeakerName(0), &t(Key::FormName), Some("name"))}
                    {text_field(TextField::SpeakerEmail(0), &t(Key::FormEmail), Some("email"))}
                    {text_field(TextField::SpeakerAffiliation(0), &t(Key::FormAffiliation), Some("organization"))}
                    {counted_field(&state, &dispatcher, TextField::SpeakerBio(0), &t(Key::FormBio), config.limits.bio, 4)}
                </fieldset>
                {co_speakers(&state, &dispatcher)}
                if let Some((range, minutes)) = block {
                    {talks_section(&state, &dispatcher, range, minutes)}
                }
                {questions(&state, &dispatcher)}
                {checkbox(CheckboxProps {
                    locale: *l,
                    path: "code_of_conduct".into(),
                    label: t(Key::FormConduct),
                    hint: conduct_hint,
                    checked: proposal.code_of_conduct,
                    error: error("code_of_conduct"),
                    on_change: on_consent,
                })}
                {honeypot(l, &config.honeypot, &state.honeypot, on_honeypot)}
                <button type="submit" class="cfp-button" part="button submit">{t(Key::FormSubmit)}</button>
                // Present from the start, so that screen readers announce what it comes to say.
                <div class="cfp-send-status" role="status">{send_status(l, &state.submission)}</div>
                // What the last change to a list did ("Talk 3 removed"), said politely.
                <div class="cfp-visually-hidden" aria-live="polite">{state.announcement.clone()}</div>
                if let Some(json) = json {
                    {ready_panel(l, json, ready_ref)}
                }
            </form>
        </div>
    }
}

fn format_option(l: &Locale, format: &Format) -> RadioOption {
    let hint = match (format.minutes, format.talks) {
        (Some(m), Some(t)) => Some(l.tr(
            Key::FormFormatBlock,
            &[
                ("duration", &duration(l, m)),
                ("min", &t.min.to_string()),
                ("max", &t.max.to_string()),
            ],
        )),
        (Some(m), None) => Some(duration(l, m)),
        (None, _) => None,
    };
    RadioOption {
        value: format.id.clone(),
        label: format.label.clone(),
        hint,
    }
}

/// Bring a field's label into view and put the cursor in the field.
fn focus_field(form_ref: &NodeRef, target_id: &str) {
    let Some(form) = form_ref.cast::<Element>() else {
        return;
    };
    let Ok(Some(input)) = form.query_selector(&format!("#{target_id}")) else {
        return;
    };
    if let Ok(Some(group)) = input.closest(".cfp-field") {
        group.scroll_into_view_with_bool(true);
    }
    if let Ok(input) = input.dyn_into::<HtmlElement>() {
        let options = FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = input.focus_with_options(&options);
    }
}

/// Milliseconds until the widget must render again for the clock's sake: at most a minute,
/// and just after the call opens or closes if that comes sooner; None once both have
/// passed. The call is open from the second of `opens_at` to the second of `deadline`,
/// both included (cfp_core::CallState).
fn next_change_ms(config: &EventConfig, now_ms: f64) -> Option<u32> {
    let now = now_ms / 1000.0;
    let opens = config.opens_at.as_ref().map(|o| o.unix_seconds());
    let closes = config.deadline.as_ref().map(|d| d.unix_seconds() + 1);
    [opens, closes]
        .into_iter()
        .flatten()
        .map(|at| at as f64 - now)
        .filter(|left| *left >= 0.0)
        .map(|left| (left * 1000.0 + 50.0).min(60_000.0) as u32)
        .min()
}
