//! What a speaker sees after the deadline: no form, the reason and the date.

use super::download_link;
use crate::messages::schedule::{closed, zone_label};
use crate::time::wall_time_at_offset;
use cfp_core::EventConfig;
use yew::prelude::*;

/// `draft`: the speaker's unsent draft as JSON, if they had one: it stays theirs to keep.
pub fn closed_panel(config: &EventConfig, draft: Option<&str>) -> Html {
    let when = config.deadline.as_ref().map(|d| {
        html! {
            <p>
                <time datetime={d.as_str().to_owned()}>{closed(
                    &wall_time_at_offset(d.unix_seconds(), d.offset_minutes(), &config.locale),
                    &zone_label(d.offset_minutes(), d.is_aoe()),
                )}</time>
            </p>
        }
    });
    html! {
        <section class="cfp-panel cfp-closed" aria-labelledby="cfp-closed-title">
            <h2 id="cfp-closed-title" class="cfp-panel__title">
                {format!("The call for proposals for {} has closed", config.name)}
            </h2>
            {when}
            if let Some(draft) = draft {
                <p>
                    {"Your unsent draft is still in this browser. "}
                    {download_link(draft, "draft.json", "Download your draft")}
                </p>
                <label class="cfp-label" for="cfp-closed-draft">{"Your draft"}</label>
                <textarea id="cfp-closed-draft" class="cfp-textarea cfp-json" readonly=true rows="12" value={draft.to_owned()} />
            }
        </section>
    }
}
