//! The panel at the top of the form when a proposal was not sent: announced as an alert and
//! focused, it says what happened and what to do; the draft below is untouched.
//!
//! A plain view function rather than a component: it has no state of its own, and each
//! component type costs the wasm about half a kilobyte compressed.

use crate::messages::{Key, Locale};
use yew::prelude::*;

/// `on_retry` is offered when sending gave up on a failure that may pass (no answer, or
/// the server's own trouble); `copy`, a download of the proposal, when only the
/// organisers can help (the form's endpoint is wrong).
pub fn send_error(
    l: &Locale,
    message: String,
    on_retry: Option<Callback<MouseEvent>>,
    copy: Option<Html>,
    node_ref: NodeRef,
) -> Html {
    html! {
        <div
            class="cfp-send-error"
            part="error-summary"
            role="alert"
            tabindex="-1"
            aria-labelledby="cfp-send-error-title"
            ref={node_ref}
        >
            <h2 id="cfp-send-error-title" class="cfp-error-summary__title" part="heading">{l.tr(Key::SendFailedTitle, &[])}</h2>
            <p>{message}</p>
            if let Some(copy) = copy {
                <p>{copy}</p>
            }
            if let Some(onclick) = on_retry {
                <button type="button" part="button" class="cfp-button" {onclick}>{l.tr(Key::SendRetry, &[])}</button>
            }
        </div>
    }
}
