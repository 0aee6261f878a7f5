//! The panel at the top of the form when a proposal was not sent: announced as an alert and
//! focused, it says what happened and what to do; the draft below is untouched.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SendErrorProps {
    pub message: String,
    /// Offered when sending gave up on an unreachable server.
    #[prop_or_default]
    pub on_retry: Option<Callback<MouseEvent>>,
    pub node_ref: NodeRef,
}

#[function_component]
pub fn SendError(props: &SendErrorProps) -> Html {
    html! {
        <div
            class="cfp-send-error"
            role="alert"
            tabindex="-1"
            aria-labelledby="cfp-send-error-title"
            ref={props.node_ref.clone()}
        >
            <h2 id="cfp-send-error-title" class="cfp-error-summary__title">{"Your proposal has not been sent"}</h2>
            <p>{props.message.clone()}</p>
            if let Some(onclick) = props.on_retry.clone() {
                <button type="button" class="cfp-button" {onclick}>{"Try again"}</button>
            }
        </div>
    }
}
