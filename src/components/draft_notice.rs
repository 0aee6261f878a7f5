//! What the speaker is told about their saved draft: restored (with a way to start over),
//! set aside (with the old text to download), not savable, or changed in another tab. A
//! polite status, never focused: restoring a draft must not steal focus.

use super::download_link;
use crate::draft::DraftStatus;
use crate::messages::{Key, Locale};
use crate::time::short_time;
use yew::prelude::*;

pub struct DraftCallbacks {
    pub start_over: Callback<MouseEvent>,
    pub use_other_tab: Callback<MouseEvent>,
    pub keep_this_tab: Callback<MouseEvent>,
}

pub fn draft_notice(status: &DraftStatus, l: &Locale, on: DraftCallbacks) -> Html {
    let time = |ms| short_time(ms, l.tag());
    let body = match status {
        DraftStatus::Quiet => return html! { <div class="cfp-draft" role="status"></div> },
        DraftStatus::Restored { saved_at } => html! {
            <>
                <p>{l.tr(Key::DraftRestored, &[("time", &time(*saved_at))])}</p>
                <button type="button" part="button" class="cfp-button cfp-button--secondary" onclick={on.start_over}>{l.tr(Key::DraftStartOver, &[])}</button>
            </>
        },
        DraftStatus::SetAside { text } => html! {
            <p>
                {l.tr(Key::DraftSetAside, &[])}{" "}
                {download_link(text, "earlier-draft.json", &l.tr(Key::DraftDownloadEarlier, &[]))}
            </p>
        },
        DraftStatus::Unavailable => html! {
            <p>{l.tr(Key::DraftUnavailable, &[])}</p>
        },
        DraftStatus::OtherTab { newer } => html! {
            <>
                <p>{l.tr(Key::DraftOtherTab, &[("time", &time(newer.saved_at))])}</p>
                <button type="button" part="button" class="cfp-button cfp-button--secondary" onclick={on.use_other_tab}>{l.tr(Key::DraftUseOther, &[])}</button>
                {" "}
                <button type="button" part="button" class="cfp-button cfp-button--secondary" onclick={on.keep_this_tab}>{l.tr(Key::DraftKeepThis, &[])}</button>
            </>
        },
    };
    html! { <div part="panel" class="cfp-draft cfp-panel cfp-panel--notice" role="status">{body}</div> }
}
