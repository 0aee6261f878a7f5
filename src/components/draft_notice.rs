//! What the speaker is told about their saved draft: restored (with a way to start over),
//! set aside (with the old text to download), not savable, or changed in another tab. A
//! polite status, never focused: restoring a draft must not steal focus.

use super::download_link;
use crate::draft::DraftStatus;
use crate::time::short_time;
use yew::prelude::*;

pub struct DraftCallbacks {
    pub start_over: Callback<MouseEvent>,
    pub use_other_tab: Callback<MouseEvent>,
    pub keep_this_tab: Callback<MouseEvent>,
}

pub fn draft_notice(status: &DraftStatus, locale: &str, on: DraftCallbacks) -> Html {
    let body = match status {
        DraftStatus::Quiet => return html! { <div class="cfp-draft" role="status"></div> },
        DraftStatus::Restored { saved_at } => html! {
            <>
                <p>{format!("We restored your draft from {}.", short_time(*saved_at, locale))}</p>
                <button type="button" class="cfp-button cfp-button--secondary" onclick={on.start_over}>{"Start over"}</button>
            </>
        },
        DraftStatus::SetAside { text } => html! {
            <p>
                {"We could not restore an earlier draft of this proposal, so we set it aside. "}
                {download_link(text, "earlier-draft.json", "Download the earlier draft")}
            </p>
        },
        DraftStatus::Unavailable => html! {
            <p>{"This browser is not letting the page save drafts. Keep this page open until you submit, or keep a copy of your text elsewhere."}</p>
        },
        DraftStatus::OtherTab { newer } => html! {
            <>
                <p>{format!(
                    "You changed this proposal in another tab at {}. Saving here is paused, so that neither version is lost.",
                    short_time(newer.saved_at, locale)
                )}</p>
                <button type="button" class="cfp-button cfp-button--secondary" onclick={on.use_other_tab}>{"Use the other tab's version"}</button>
                {" "}
                <button type="button" class="cfp-button cfp-button--secondary" onclick={on.keep_this_tab}>{"Keep this version"}</button>
            </>
        },
    };
    html! { <div class="cfp-draft cfp-panel cfp-panel--notice" role="status">{body}</div> }
}
