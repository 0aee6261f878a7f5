//! What a valid Submit shows when the event config names no endpoint: the exact JSON body
//! that would be posted, read-only, so site maintainers trying a config can see it. A plain
//! view function: it has no state, and a component type would cost the wasm more.

use yew::prelude::*;

pub fn ready_panel(json: String, node_ref: NodeRef) -> Html {
    html! {
        <section
            class="cfp-panel cfp-ready"
            aria-labelledby="cfp-ready-title"
            tabindex="-1"
            ref={node_ref}
        >
            <h2 id="cfp-ready-title" class="cfp-panel__title">{"Ready to send"}</h2>
            <p>
                {"Your proposal has no problems. The event config names no endpoint, so nothing is sent: below is exactly what would be posted."}
            </p>
            <label class="cfp-label" for="cfp-json-preview">{"JSON to be sent"}</label>
            <textarea id="cfp-json-preview" class="cfp-textarea cfp-json" readonly=true rows="16" value={json} />
        </section>
    }
}
