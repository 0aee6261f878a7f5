//! What a valid Submit shows when the event config names no endpoint: the exact JSON body
//! that would be posted, read-only, so site maintainers trying a config can see it. A plain
//! view function: it has no state, and a component type would cost the wasm more.

use crate::messages::{Key, Locale};
use yew::prelude::*;

pub fn ready_panel(l: &Locale, json: String, node_ref: NodeRef) -> Html {
    html! {
        <section
            class="cfp-panel cfp-ready"
            part="panel"
            aria-labelledby="cfp-ready-title"
            tabindex="-1"
            ref={node_ref}
        >
            <h2 id="cfp-ready-title" class="cfp-panel__title" part="heading">{l.tr(Key::ReadyTitle, &[])}</h2>
            <p>
                {l.tr(Key::ReadyBody, &[])}
            </p>
            <label class="cfp-label" part="label" for="cfp-json-preview">{l.tr(Key::ReadyJson, &[])}</label>
            <textarea part="input" id="cfp-json-preview" class="cfp-textarea cfp-json" readonly=true rows="16" value={json} />
        </section>
    }
}
