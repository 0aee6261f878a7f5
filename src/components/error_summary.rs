//! The error summary at the top of the form (GOV.UK pattern): announced as an alert,
//! focused after a failed Submit, one link per error that moves focus to its field.
//! A plain view function: it has no state, and a component type would cost the wasm more.

use crate::messages::{Key, Locale};
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct SummaryEntry {
    /// The id of the input to focus.
    pub target_id: String,
    pub message: String,
}

/// `on_follow` is called with the target id when a link is followed.
pub fn error_summary(
    l: &Locale,
    entries: impl Iterator<Item = SummaryEntry>,
    node_ref: NodeRef,
    on_follow: Callback<String>,
) -> Html {
    let links = entries.map(|entry| {
        let onclick = {
            let on_follow = on_follow.clone();
            let target = entry.target_id.clone();
            // The link's href still works without script; with it, focus lands on the
            // input itself rather than the page merely scrolling.
            Callback::from(move |e: MouseEvent| {
                e.prevent_default();
                on_follow.emit(target.clone());
            })
        };
        html! {
            <li><a href={format!("#{}", entry.target_id)} {onclick}>{entry.message.clone()}</a></li>
        }
    });
    html! {
        <div
            class="cfp-error-summary"
            part="error-summary"
            role="alert"
            tabindex="-1"
            aria-labelledby="cfp-error-summary-title"
            ref={node_ref}
        >
            <h2 id="cfp-error-summary-title" class="cfp-error-summary__title" part="heading">{l.tr(Key::ErrorSummaryTitle, &[])}</h2>
            <ul class="cfp-error-summary__list">{for links}</ul>
        </div>
    }
}
