//! The send's side effects, driven by the reducer's `Submission` state: `Sending` posts the
//! proposal, `Waiting` sets a timer, `Offline` listens for the window's `online` event.
//! Each reports back with an action carrying its `run`, so the reducer alone decides what
//! happens next.

pub mod answer;
pub mod key;

use crate::state::{Action, Answer, FormState, SendFailure, Submission};
use cfp_core::encode::{encode_form, encode_json};
use cfp_core::{Encoding, ErrorCode, Field, FieldError, ResponseMode};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, RequestMode, Response};
use yew::Callback;

/// How long one attempt may take before it is abandoned and counted as a network error.
const TIMEOUT_MS: u32 = 15_000;

thread_local! {
    static STARTED: Cell<u32> = const { Cell::new(0) };
}

/// How many requests this page has started: browser tests count them.
pub fn requests_started() -> u32 {
    STARTED.with(Cell::get)
}

/// The timer or listener of the current state; dropping it (when the state changes)
/// cancels them.
pub struct Follow {
    _timer: Option<Timeout>,
    _online: Option<EventListener>,
}

/// Start what `state.submission` calls for.
pub fn follow(state: &FormState, dispatch: Callback<Action>) -> Follow {
    let mut follow = Follow {
        _timer: None,
        _online: None,
    };
    match state.submission {
        Submission::Sending { run, .. } => {
            let request = Outgoing::new(state);
            STARTED.with(|n| n.set(n.get() + 1));
            // No answer from a server already known to refuse this page's origin: CORS,
            // which no retry and no better connection will fix.
            let refused = request
                .as_ref()
                .is_some_and(|r| crate::mount::origin_refused(&r.url));
            wasm_bindgen_futures::spawn_local(async move {
                let answer = match request {
                    Some(request) => request.post().await,
                    None => Err(JsValue::NULL),
                };
                let answer = answer.unwrap_or_else(|_| match refused {
                    true => Answer::Refused(SendFailure::OriginRefused),
                    false => Answer::Transient {
                        offline: web_sys::window().is_some_and(|w| !w.navigator().on_line()),
                        failure: SendFailure::Unreachable,
                    },
                });
                dispatch.emit(Action::Answered { run, answer });
            });
        }
        Submission::Waiting { delay_ms, run, .. } => {
            follow._timer = Some(Timeout::new(delay_ms, move || {
                dispatch.emit(Action::Retry { run })
            }));
        }
        Submission::Offline { run, .. } => {
            if let Some(window) = web_sys::window() {
                follow._online = Some(EventListener::once(&window, "online", move |_| {
                    dispatch.emit(Action::Retry { run })
                }));
            }
        }
        _ => {}
    }
    follow
}

/// One request, built from the state when the attempt starts. The proposal is locked while
/// a send is under way (state/edit.rs), so every attempt sends the same body, under the
/// same key.
struct Outgoing {
    url: String,
    content_type: &'static str,
    body: String,
    opaque: bool,
    key: String,
    /// The language the form spoke (`en`, `es`, `de`): the server writes the speaker's
    /// messages in it.
    language: &'static str,
    /// POST for a new proposal and a withdrawal, PUT for a change.
    method: &'static str,
    /// A change or withdrawal: its private-link token and the version it was made from.
    owner: Option<(String, i64)>,
}

impl Outgoing {
    fn new(state: &FormState) -> Option<Self> {
        let endpoint = state.config.endpoint.as_ref()?;
        let honeypot = (!state.honeypot.is_empty())
            .then_some((state.config.honeypot.as_str(), state.honeypot.as_str()));
        // Answers to questions that no longer apply stay in the draft, never in the post.
        let proposal = state.sendable();
        let names = &endpoint.fields;
        let (content_type, mut body) = match endpoint.encoding {
            Encoding::Json => ("application/json", encode_json(&proposal, names, honeypot)),
            Encoding::Form => (
                "application/x-www-form-urlencoded;charset=UTF-8",
                encode_form(&proposal, names, honeypot),
            ),
        };
        // A sent proposal is changed at its own address, and withdrawn there.
        let (mut url, mut method, mut owner) = (endpoint.url.clone(), "POST", None);
        if let Some(changing) = &state.changing {
            let version = changing.version()?;
            url = format!(
                "{}/{}",
                endpoint.url.trim_end_matches('/'),
                changing.reference
            );
            owner = Some((changing.token.clone(), version));
            if changing.withdrawing {
                url.push_str("/withdraw");
                body.clear();
            } else {
                method = "PUT";
            }
        }
        Some(Outgoing {
            url,
            method,
            owner,
            content_type,
            body,
            opaque: endpoint.response == ResponseMode::Opaque,
            key: state.key.clone(),
            language: state.locale.lang.code(),
        })
    }

    /// Post and read the answer; any error (network, abort, a script error) is `Err`.
    async fn post(self) -> Result<Answer, JsValue> {
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let headers = Headers::new()?;
        headers.set("Content-Type", self.content_type)?;
        headers.set("Accept", "application/json")?;
        // A no-cors request silently drops this header; opaque endpoints do not dedupe.
        headers.set("Idempotency-Key", &self.key)?;
        // CORS-safelisted, so it costs no preflight.
        headers.set("Content-Language", self.language)?;
        if let Some((token, version)) = &self.owner {
            headers.set("Authorization", &format!("Bearer {token}"))?;
            headers.set("If-Match", &format!("\"v{version}\""))?;
        }
        let init = RequestInit::new();
        init.set_method(self.method);
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(&self.body));
        if self.opaque {
            init.set_mode(RequestMode::NoCors);
        }
        let controller = AbortController::new()?;
        init.set_signal(Some(&controller.signal()));
        // Aborting makes the fetch (or the body read) reject: a network error, retried.
        let _deadline = Timeout::new(TIMEOUT_MS, move || controller.abort());
        let response: Response = JsFuture::from(window.fetch_with_str_and_init(&self.url, &init))
            .await?
            .dyn_into()?;
        // An opaque answer has status 0 and no readable body or headers.
        if response.status() == 0 {
            return Ok(Answer::Unconfirmed);
        }
        let retry_after = response.headers().get("Retry-After").ok().flatten();
        let text = JsFuture::from(response.text()?).await?;
        Ok(answer::classify(
            response.status(),
            read_body(&text.as_string().unwrap_or_default()),
            retry_after.as_deref(),
        ))
    }
}

/// The fields the widget reads from a JSON answer, by the browser's parser; a body that is
/// not JSON (a form service's thank-you page) reads as empty.
pub fn read_body(text: &str) -> answer::Body {
    let Ok(json) = js_sys::JSON::parse(text) else {
        return answer::Body::default();
    };
    let get = |value: &JsValue, key: &str| {
        js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    };
    let string = |value: &JsValue, key: &str| get(value, key).as_string();
    let number = |value: &JsValue, key: &str| get(value, key).as_f64().map(|n| n as u32);
    let errors = get(&json, "errors");
    let errors = if js_sys::Array::is_array(&errors) {
        js_sys::Array::from(&errors)
            .iter()
            .filter_map(|e| {
                Some(FieldError {
                    // A field or code newer than this widget (or a generic endpoint's own
                    // field) is left out: the summary could not link to it or say it.
                    field: Field::parse(&string(&e, "field")?)?,
                    code: ErrorCode::from_name(&string(&e, "code")?)?,
                    limit: number(&e, "limit"),
                    actual: number(&e, "actual"),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    answer::Body {
        id: string(&json, "id"),
        received_at: string(&json, "received_at"),
        edit_token: string(&json, "edit_token"),
        version: get(&json, "version").as_f64().map(|n| n as i64),
        error: string(&json, "error"),
        errors,
        limit: number(&json, "limit"),
    }
}
