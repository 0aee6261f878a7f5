//! What a speaker sees after the deadline: no form, the reason and the date.

use super::download_link;
use crate::messages::schedule::{closed, zone_label};
use crate::messages::{Key, Locale};
use crate::time::wall_time_at_offset;
use cfp_core::EventConfig;
use yew::prelude::*;

/// `draft`: the speaker's unsent draft as JSON, if they had one: it stays theirs to keep.
pub fn closed_panel(l: &Locale, config: &EventConfig, draft: Option<&str>) -> Html {
    let when = config.deadline.as_ref().map(|d| {
        html! {
            <p>
                <time datetime={d.as_str().to_owned()}>{closed(
                    l,
                    &wall_time_at_offset(d.unix_seconds(), d.offset_minutes(), l.tag()),
                    &zone_label(l, d.offset_minutes(), d.is_aoe()),
                )}</time>
            </p>
        }
    });
    html! {
        <section part="panel" class="cfp-panel cfp-closed" aria-labelledby="cfp-closed-title">
            <h2 id="cfp-closed-title" class="cfp-panel__title" part="heading">
                {l.tr(Key::ClosedTitle, &[("event", &config.name)])}
            </h2>
            {when}
            if let Some(draft) = draft {
                <p>
                    {l.tr(Key::ClosedDraft, &[])}{" "}
                    {download_link(draft, "draft.json", &l.tr(Key::ClosedDownload, &[]))}
                </p>
                <label class="cfp-label" part="label" for="cfp-closed-draft">{l.tr(Key::ClosedDraftLabel, &[])}</label>
                <textarea part="input" id="cfp-closed-draft" class="cfp-textarea cfp-json" readonly=true rows="12" value={draft.to_owned()} />
            }
        </section>
    }
}
