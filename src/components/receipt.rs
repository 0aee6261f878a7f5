//! What a speaker sees once the proposal is sent, in place of the form: the receipt (its
//! number and time when the endpoint gave them), a copy to download, and a way to start
//! another proposal. A plain view function: no state of its own, and a component type
//! would cost the wasm more than the markup.

use super::download_link;
use crate::messages::{Key, Locale};
use crate::state::{Receipt, ReceiptKind};
use crate::time::local_time;
use std::rc::Rc;
use yew::prelude::*;

/// `heading_ref` is focused when the panel appears.
pub fn receipt_panel(
    receipt: &Rc<Receipt>,
    l: &Locale,
    heading_ref: NodeRef,
    on_new: Callback<MouseEvent>,
    page_url: Option<&str>,
) -> Html {
    let version;
    let (heading, note, args): (Key, Key, &[(&str, &str)]) = match receipt.kind {
        ReceiptKind::Saved { version: v } => {
            version = v.to_string();
            (
                Key::ReceiptSaved,
                Key::ReceiptSavedNote,
                &[("version", &version)],
            )
        }
        ReceiptKind::Withdrawn => (Key::ReceiptWithdrawn, Key::ReceiptWithdrawnNote, &[]),
        ReceiptKind::Received if receipt.confirmed => {
            (Key::ReceiptReceived, Key::ReceiptReceivedNote, &[])
        }
        ReceiptKind::Received => (Key::ReceiptSent, Key::ReceiptSentNote, &[]),
    };
    let file = match &receipt.id {
        Some(id) => format!("proposal-{id}.json"),
        None => "proposal.json".to_owned(),
    };
    html! {
        <section part="panel" class={classes!("cfp-panel", "cfp-receipt", (!receipt.confirmed).then_some("cfp-receipt--unconfirmed"))} role="status">
            <h2 class="cfp-panel__title" part="heading" tabindex="-1" ref={heading_ref}>{l.tr(heading, &[])}</h2>
            <p>{l.tr(note, args)}</p>
            <dl class="cfp-receipt__details">
                <dt>{l.tr(Key::ReceiptTitle, &[])}</dt>
                <dd>{receipt.title.clone()}</dd>
                if let Some(id) = &receipt.id {
                    <dt>{l.tr(Key::ReceiptReference, &[])}</dt>
                    <dd class="cfp-receipt__id">{id.clone()}</dd>
                }
                if let Some(at) = &receipt.received_at {
                    <dt>{l.tr(Key::ReceiptReceivedAt, &[])}</dt>
                    <dd><time datetime={at.clone()}>{local_time(at, l.tag())}</time></dd>
                }
            </dl>
            if let Some(link) = receipt.link(page_url).filter(|_| receipt.kind != ReceiptKind::Withdrawn) {
                <p class="cfp-receipt__link">{l.tr(Key::LinkReceipt, &[])}<br /><a href={link.clone()}>{link}</a></p>
            }
            <p>{download_link(&receipt.copy, &file, &l.tr(Key::ReceiptDownload, &[]))}</p>
            <button type="button" part="button" class="cfp-button" onclick={on_new}>{l.tr(Key::ReceiptNew, &[])}</button>
        </section>
    }
}
