//! The proposal form for one event: owns the reducer, lays out the fields, and moves
//! focus where the speaker needs it after Submit. Once the proposal is sent, the receipt
//! takes the form's place.

use super::{
    checkbox, closed_panel, co_speakers, counted_field, deadline_line, download_link, draft_notice,
    error_summary, honeypot, link_panel, lost_link, opening_panel, questions, radio_group,
    ready_panel, receipt_panel, send_error, speaker_fields, talks_section, text_field,
    unsaved_notice, withdraw_controls, yours_list, CheckboxProps, DraftCallbacks, RadioGroupProps,
    RadioOption, SummaryEntry, WithdrawCallbacks,
};
use crate::draft::{self, store};
use crate::hooks::{
    focus_field, use_clock, use_drafts, use_focus_and_send, use_host_events, Panels,
};
use crate::ids::field_id;
use crate::messages::{duration, error_message, send_failure, send_status, Key, Locale};
use crate::state::{Action, Edit, FormState, SendFailure, Stage, Submission};
use cfp_core::{CallState, EventConfig, Field, Format};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub config: Rc<EventConfig>,
    /// The language to speak: the config's `locale`, else the page's (`Locale::resolve`).
    pub locale: Locale,
    /// A sent proposal's private link from the page's address (reference, token): the
    /// form changes that proposal.
    #[prop_or_default]
    pub link: Option<(String, String)>,
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let (config, locale, link) = (props.config.clone(), props.locale, props.link.clone());
        use_reducer(move || match link {
            Some(link) => FormState::changing(config, locale, link),
            None => FormState::with_locale(config, locale),
        })
    };
    let panels = use_memo((), |_| Panels::default());
    use_drafts(&state);
    use_focus_and_send(&state, &panels);
    use_host_events(&state, &panels);
    use_clock(&props.config);

    let config = &state.config;
    let l = &state.locale;
    let t = |key| l.tr(key, &[]);
    // The server enforces the deadline with its own clock; this only spares the speaker
    // a form that can no longer be sent.
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let changing = state.changing.as_ref();
    if let Some(changing) = changing.filter(|_| !matches!(state.submission, Submission::Sent(_))) {
        if let Some(panel) = link_panel(l, config, changing, &state.proposal, now) {
            let lost = (changing.stage == Stage::NotFound).then(|| {
                lost_link(
                    l,
                    &config.name,
                    state.links_asked.as_ref(),
                    panels.lost_email.clone(),
                    ask_links(&state, &panels),
                )
            });
            return widget_box(l, html! {<>{panel}{lost}</>});
        }
    }
    match config.state_at(now) {
        _ if changing.is_some() => {}
        CallState::Open => {}
        CallState::NotYetOpen => {
            return widget_box(l, opening_panel(l, config));
        }
        CallState::Closed => {
            let kept = draft::worth_keeping(&state.proposal)
                .then(|| serde_json::to_string_pretty(&state.proposal).unwrap_or_default());
            return widget_box(l, closed_panel(l, config, kept.as_deref()));
        }
    }
    let proposal = &state.proposal;
    let dispatcher = state.dispatcher();
    let error = |field: Field| state.error_for(&field).map(|e| error_message(l, config, e));
    let text_field = |field: Field, label: &str, autocomplete: Option<&'static str>| {
        text_field(&state, &dispatcher, field, label, autocomplete)
    };
    // While a send is under way the proposal is locked (see state/edit.rs).
    let locked = !state.editable();
    // A workshop block: the title, abstract and contact are the block's and its organiser's.
    let block = proposal
        .format
        .as_deref()
        .and_then(|id| config.format(id))
        .and_then(|f| f.talks.map(|range| (range, f.minutes)));

    let summary = state.errors.iter().map(|e| SummaryEntry {
        target_id: field_id(&e.field.to_string()),
        message: error_message(l, config, e),
    });
    let on_follow = {
        let form_ref = panels.form.clone();
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
        Callback::from(move |id: String| dispatch.dispatch(Action::Edit(Edit::Format(id))))
    };
    let on_track = {
        let dispatch = state.dispatcher();
        Callback::from(move |id: String| {
            dispatch.dispatch(Action::Edit(Edit::Track((!id.is_empty()).then_some(id))))
        })
    };
    let on_consent = {
        let dispatch = state.dispatcher();
        Callback::from(move |agreed: bool| dispatch.dispatch(Action::Edit(Edit::Consent(agreed))))
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
            let changing = changing.is_some();
            Callback::from(move |_: MouseEvent| {
                if changing {
                    // Leave the private link: the page without its fragment, afresh.
                    if let Some(location) = web_sys::window().map(|w| w.location()) {
                        let (path, search) = (location.pathname(), location.search());
                        if let (Ok(path), Ok(search)) = (path, search) {
                            let _ = location.set_href(&format!("{path}{search}"));
                        }
                    }
                } else {
                    dispatch.dispatch(Action::NewProposal)
                }
            })
        };
        return widget_box(
            l,
            receipt_panel(
                receipt,
                l,
                panels.receipt.clone(),
                on_new,
                config.page_url.as_deref(),
            ),
        );
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
            send_error(
                l,
                send_failure(l, failure),
                on_retry,
                copy,
                panels.send_error.clone(),
            )
        }
        _ => Html::default(),
    };
    let on_honeypot = {
        let dispatch = state.dispatcher();
        Callback::from(move |value: String| dispatch.dispatch(Action::Edit(Edit::Honeypot(value))))
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

    let on = |action: fn() -> Action| {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(action()))
    };
    let heading = match changing {
        Some(c) => l.tr(Key::LinkTitle, &[("reference", &c.reference)]),
        None => l.tr(Key::FormTitle, &[("event", &config.name)]),
    };
    let unsaved = changing
        .filter(|c| c.unsaved.is_some())
        .map(|_| unsaved_notice(l, on(|| Action::UseUnsaved), on(|| Action::DiscardUnsaved)));
    let withdraw = changing.map(|c| {
        withdraw_controls(
            l,
            c.confirming,
            &proposal.title,
            WithdrawCallbacks {
                ask: on(|| Action::AskWithdraw),
                confirm: on(|| Action::Withdraw),
                keep: on(|| Action::KeepProposal),
            },
        )
    });
    let after_form = (changing.is_none() && crate::private_link::offered(config)).then(|| {
        html! {
            <>
                {yours_list(l, config, &state.yours)}
                {lost_link(l, &config.name, state.links_asked.as_ref(), panels.lost_email.clone(), ask_links(&state, &panels))}
            </>
        }
    });

    widget_box(
        l,
        html! {
            <>
                <form class="cfp-form" part="form" novalidate=true aria-busy={locked.then_some("true")} {onsubmit} ref={panels.form.clone()}>
                    <h2 class="cfp-form__title" part="heading">{heading}</h2>
                    if changing.is_none() {
                        {deadline_line(l, config, now)}
                    }
                    {unsaved}
                    {draft_notice(&state.draft, l, draft_callbacks)}
                    {send_error_panel}
                    if !state.errors.is_empty() {
                        {error_summary(l, summary, panels.summary.clone(), on_follow)}
                    }
                    {text_field(Field::Title, &t(if block.is_some() { Key::FormWorkshopTitle } else { Key::FormTitleField }), None)}
                    {radio_group(RadioGroupProps {
                        locale: *l,
                        path: "format".into(),
                        legend: t(Key::FormFormat),
                        hint: None,
                        options: format_options,
                        selected: proposal.format.clone(),
                        error: error(Field::Format),
                        disabled: locked,
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
                            error: error(Field::Track),
                            disabled: locked,
                            on_change: on_track,
                        })}
                    }
                    {counted_field(&state, &dispatcher, Field::Abstract,
                        &t(if block.is_some() { Key::FormWorkshopAbstract } else { Key::FormAbstract }),
                        Some(t(if block.is_some() { Key::FormWorkshopAbstractHint } else { Key::FormAbstractHint })), 8)}
                    {counted_field(&state, &dispatcher, Field::Description, &t(Key::FormDescription), Some(t(Key::FormDescriptionHint)), 8)}
                    <fieldset class="cfp-fieldset cfp-speaker">
                        <legend class="cfp-legend" part="label">{t(if block.is_some() { Key::FormAboutYouOrganiser } else { Key::FormAboutYou })}</legend>
                        if state.prefilled {
                            <p class="cfp-hint" part="hint">{t(Key::NewPrefilled)}</p>
                        }
                        {speaker_fields(&state, &dispatcher, 0)}
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
                        error: error(Field::CodeOfConduct),
                        disabled: locked,
                        on_change: on_consent,
                    })}
                    {honeypot(l, &config.honeypot, &state.honeypot, on_honeypot)}
                    <button type="submit" class="cfp-button" part="button submit">{t(if changing.is_some() { Key::LinkSave } else { Key::FormSubmit })}</button>
                    {withdraw}
                    // Present from the start, so that screen readers announce what it comes to say.
                    <div class="cfp-send-status" role="status">
                        {send_status(l, &state.submission)}
                        if locked {
                            <span class="cfp-send-status__locked">{t(Key::SendLocked)}</span>
                        }
                    </div>
                    // What the last change to a list did ("Talk 3 removed"), said politely.
                    <div class="cfp-visually-hidden" aria-live="polite">{state.announcement.clone()}</div>
                    if let Some(json) = json {
                        {ready_panel(l, json, panels.ready.clone())}
                    }
                </form>
                {after_form}
            </>
        },
    )
}

/// The widget's box, in the widget's language, around whatever it shows now.
fn widget_box(l: &Locale, content: Html) -> Html {
    html! { <div class="cfp-widget" lang={l.tag().to_owned()}>{content}</div> }
}

/// "Lost your link?" submitted: ask the server, then say how it went.
fn ask_links(state: &UseReducerHandle<FormState>, panels: &Panels) -> Callback<SubmitEvent> {
    let dispatch = state.dispatcher();
    let field = panels.lost_email.clone();
    let endpoint = state
        .config
        .endpoint
        .as_ref()
        .map(|e| e.url.clone())
        .unwrap_or_default();
    let language = state.locale.lang.code();
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        let email = field
            .cast::<web_sys::HtmlInputElement>()
            .map(|input| input.value().trim().to_owned())
            .unwrap_or_default();
        if email.is_empty() {
            return;
        }
        let (dispatch, endpoint) = (dispatch.clone(), endpoint.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let ok = crate::private_link::send_links(&endpoint, &email, language).await;
            dispatch.dispatch(Action::LinksAsked(email, ok));
        });
    })
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
