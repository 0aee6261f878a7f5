//! What a speaker sees once the proposal is sent, in place of the form: the receipt (its
//! number and time when the endpoint gave them), a copy to download, and a way to start
//! another proposal. A plain view function: no state of its own, and a component type
//! would cost the wasm more than the markup.

use super::download_link;
use crate::state::Receipt;
use crate::time::local_time;
use std::rc::Rc;
use yew::prelude::*;

/// `locale` is the config's, for the time; `heading_ref` is focused when the panel appears.
pub fn receipt_panel(
    receipt: &Rc<Receipt>,
    locale: &str,
    heading_ref: NodeRef,
    on_new: Callback<MouseEvent>,
) -> Html {
    let (heading, note) = if receipt.confirmed {
        (
            "Proposal received",
            "The organisers have your proposal. Keep a copy for your records.",
        )
    } else {
        (
            "Proposal sent",
            "Your proposal was sent, but this form service does not confirm that it arrived. Keep a copy; if you hear nothing from the organisers, send it to them.",
        )
    };
    let file = match &receipt.id {
        Some(id) => format!("proposal-{id}.json"),
        None => "proposal.json".to_owned(),
    };
    html! {
        <section class={classes!("cfp-panel", "cfp-receipt", (!receipt.confirmed).then_some("cfp-receipt--unconfirmed"))} role="status">
            <h2 class="cfp-panel__title" tabindex="-1" ref={heading_ref}>{heading}</h2>
            <p>{note}</p>
            <dl class="cfp-receipt__details">
                <dt>{"Title"}</dt>
                <dd>{receipt.title.clone()}</dd>
                if let Some(id) = &receipt.id {
                    <dt>{"Reference"}</dt>
                    <dd class="cfp-receipt__id">{id.clone()}</dd>
                }
                if let Some(at) = &receipt.received_at {
                    <dt>{"Received"}</dt>
                    <dd><time datetime={at.clone()}>{local_time(at, locale)}</time></dd>
                }
            </dl>
            <p>{download_link(&receipt.copy, &file, "Download a copy")}</p>
            <button type="button" class="cfp-button" onclick={on_new}>{"Start a new proposal"}</button>
        </section>
    }
}
