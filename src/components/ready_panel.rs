//! What a valid Submit produces until sending is wired to an endpoint: the exact JSON body
//! that will be posted, read-only, so speakers and site maintainers can see it.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReadyPanelProps {
    pub json: String,
    pub endpoint: Option<String>,
    pub node_ref: NodeRef,
}

#[function_component]
pub fn ReadyPanel(props: &ReadyPanelProps) -> Html {
    let destination = match &props.endpoint {
        Some(url) => html! { <>{" It will be sent to "}<code>{url.clone()}</code>{"."}</> },
        None => html! { {" The event config names no endpoint yet."} },
    };
    html! {
        <section
            class="cfp-panel cfp-ready"
            aria-labelledby="cfp-ready-title"
            tabindex="-1"
            ref={props.node_ref.clone()}
        >
            <h2 id="cfp-ready-title" class="cfp-panel__title">{"Ready to send"}</h2>
            <p>
                {"Your proposal has no problems. Sending is not connected yet: below is exactly what will be posted."}
                {destination}
            </p>
            <label class="cfp-label" for="cfp-json-preview">{"JSON to be sent"}</label>
            <textarea id="cfp-json-preview" class="cfp-textarea cfp-json" readonly=true rows="16" value={props.json.clone()} />
        </section>
    }
}
