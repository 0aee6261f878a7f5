//! The views of a proposal already sent: what its private link shows before the form is
//! open (opening, not found, unreachable, withdrawn, closed for changes), the choice
//! about changes this browser did not save, the withdrawal and its confirmation, "Your
//! proposals" (what this browser sent), and "Lost your link?".

use super::download_link;
use crate::messages::{Key, Locale};
use crate::state::{link, Changing, Stage, Yours};
use crate::time::local_time;
use cfp_core::{EventConfig, Proposal};
use yew::prelude::*;

/// In place of the form while the link's proposal is not open for changes (past
/// `edits_until`, else the deadline, it is readable only); `None` once it is.
pub fn link_panel(
    l: &Locale,
    config: &EventConfig,
    changing: &Changing,
    proposal: &Proposal,
    now: i64,
) -> Option<Html> {
    let t = |key| l.tr(key, &[]);
    let (title, body) = match changing.stage {
        Stage::Open { .. } if config.edits_open_at(now) => return None,
        Stage::Open { .. } => {
            let end = config.edits_end().map(|d| d.as_str()).unwrap_or_default();
            (
                None,
                l.tr(Key::LinkClosed, &[("time", &local_time(end, l.tag()))]),
            )
        }
        Stage::Opening => {
            return Some(html! {
                <p class="cfp-loading" role="status">{t(Key::LinkOpening)}</p>
            })
        }
        Stage::NotFound => (Some(t(Key::LinkNotFoundTitle)), t(Key::LinkNotFound)),
        Stage::Unreachable => (None, t(Key::LinkUnreachable)),
        Stage::Withdrawn => (None, t(Key::LinkWithdrawn)),
    };
    Some(html! {
        <section part="panel" class="cfp-panel cfp-panel--notice" role="status">
            if let Some(title) = title {
                <h2 class="cfp-panel__title" part="heading">{title}</h2>
            }
            <p>{body}</p>
            if matches!(changing.stage, Stage::Open { .. } | Stage::Withdrawn) {
                <p>{download_link(&serde_json::to_string_pretty(proposal).unwrap_or_default(), &format!("proposal-{}.json", changing.reference), &t(Key::ReceiptDownload))}</p>
            }
        </section>
    })
}

/// Changes kept in this browser but not saved: the speaker chooses. A polite status,
/// like the draft notices: it must not steal focus.
pub fn unsaved_notice(
    l: &Locale,
    on_use: Callback<MouseEvent>,
    on_discard: Callback<MouseEvent>,
) -> Html {
    html! {
        <div part="panel" class="cfp-panel cfp-panel--notice" role="status">
            <p>{l.tr(Key::LinkUnsaved, &[])}</p>
            <button type="button" part="button" class="cfp-button cfp-button--secondary" onclick={on_use}>{l.tr(Key::LinkUnsavedUse, &[])}</button>
            {" "}
            <button type="button" part="button" class="cfp-button cfp-button--secondary" onclick={on_discard}>{l.tr(Key::LinkUnsavedDiscard, &[])}</button>
        </div>
    }
}

/// The callbacks of the withdrawal.
pub struct WithdrawCallbacks {
    pub ask: Callback<MouseEvent>,
    pub confirm: Callback<MouseEvent>,
    pub keep: Callback<MouseEvent>,
}

/// "Withdraw this proposal", and once pressed the question that names what it does,
/// focused (a `group` labelled by its heading).
pub fn withdraw_controls(l: &Locale, confirming: bool, title: &str, on: WithdrawCallbacks) -> Html {
    if !confirming {
        return html! {
            <button type="button" id="cfp-withdraw" part="button" class="cfp-button cfp-button--secondary cfp-button--danger" onclick={on.ask}>{l.tr(Key::LinkWithdraw, &[])}</button>
        };
    }
    html! {
        <section id="cfp-withdraw-confirm" part="panel" class="cfp-panel cfp-panel--warning" role="group" aria-labelledby="cfp-withdraw-title" tabindex="-1">
            <h3 id="cfp-withdraw-title" class="cfp-panel__title">{l.tr(Key::LinkConfirmTitle, &[("title", title)])}</h3>
            <p>{l.tr(Key::LinkConfirmBody, &[])}</p>
            <button type="button" part="button" class="cfp-button cfp-button--danger" onclick={on.confirm}>{l.tr(Key::LinkConfirmYes, &[])}</button>
            {" "}
            <button type="button" part="button" class="cfp-button cfp-button--secondary" onclick={on.keep}>{l.tr(Key::LinkConfirmNo, &[])}</button>
        </section>
    }
}

/// The proposals this browser sent to the event, each with its private link.
pub fn yours_list(l: &Locale, config: &EventConfig, yours: &[Yours]) -> Html {
    let Some(page) = config.page_url.as_deref() else {
        return Html::default();
    };
    if yours.is_empty() {
        return Html::default();
    }
    html! {
        <section class="cfp-yours" aria-labelledby="cfp-yours-title">
            <h3 id="cfp-yours-title" class="cfp-legend">{l.tr(Key::YoursTitle, &[("event", &config.name)])}</h3>
            <ul>
                { for yours.iter().map(|y| html! {
                    <li><a href={link(page, &y.reference, &y.token)}>{l.tr(Key::YoursChange, &[("title", &y.title), ("reference", &y.reference)])}</a></li>
                }) }
            </ul>
        </section>
    }
}

/// "Lost your link?": a disclosure with an address field; the server mails that address
/// the links of the proposals sent from it, and answers the same for any address.
/// `asked` is the address last asked for and whether the request got through. A plain
/// function (a component type costs the wasm more): the field is read at submit.
pub fn lost_link(
    l: &Locale,
    event: &str,
    asked: Option<&(String, bool)>,
    email_ref: NodeRef,
    onsubmit: Callback<SubmitEvent>,
) -> Html {
    let said = match asked {
        Some((email, true)) => l.tr(Key::LostSent, &[("event", event), ("email", email)]),
        Some((_, false)) => l.tr(Key::LostFailed, &[]),
        None => String::new(),
    };
    html! {
        <details class="cfp-lost" part="panel" open={asked.is_some()}>
            <summary>{l.tr(Key::LostSummary, &[])}</summary>
            <form class="cfp-lost__form" novalidate=true {onsubmit}>
                <div class="cfp-field">
                    <label class="cfp-label" part="label" for="cfp-lost-email">{l.tr(Key::LostEmail, &[])}</label>
                    <input id="cfp-lost-email" class="cfp-input" part="input" type="email" autocomplete="email" spellcheck="false" ref={email_ref} />
                </div>
                <button type="submit" part="button" class="cfp-button cfp-button--secondary">{l.tr(Key::LostSend, &[])}</button>
                <p class="cfp-lost__status" role="status">{said}</p>
            </form>
        </details>
    }
}
