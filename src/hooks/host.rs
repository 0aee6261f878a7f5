//! Telling the host page (see `host_events`), once per change of the send's state; a wrong
//! endpoint is the maintainer's to fix, so the console says where it is.

use super::Panels;
use crate::host_events;
use crate::messages::send_failure;
use crate::state::{FormState, SendFailure, Submission};
use web_sys::Element;
use yew::prelude::*;

#[hook]
pub fn use_host_events(state: &UseReducerHandle<FormState>, panels: &Panels) {
    let (event_id, locale) = (state.config.id.clone(), state.locale);
    let endpoint = state.config.endpoint.as_ref().map(|e| e.url.clone());
    let (receipt, send_error) = (panels.receipt.clone(), panels.send_error.clone());
    use_effect_with(
        state.submission.clone(),
        move |submission| match submission {
            Submission::Sent(r) => {
                if let Some(el) = receipt.cast::<Element>() {
                    host_events::submitted(&el, &event_id, r);
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
                if let Some(el) = send_error.cast::<Element>() {
                    let message = send_failure(&locale, failure);
                    host_events::send_failed(&el, &event_id, failure.code(), &message, url);
                }
            }
            _ => {}
        },
    );
}
