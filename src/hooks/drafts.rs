//! The draft in localStorage: loaded once when the form mounts, saved a moment after each
//! change (at once when the page hides), removed once the proposal was received, and
//! another tab's newer draft offered instead of overwritten (see `draft::store`).
//!
//! The same two effects keep a sent proposal's private link in step (`private_link.rs`),
//! since each effect costs the wasm about 1 KB (hooks.rs): at mount, the proposals this
//! browser sent and the proposal a link opens are read; once a proposal is received,
//! its link is remembered as the draft is removed.

use crate::draft::{self, store};
use crate::private_link;
use crate::state::{Action, FormState, ReceiptKind, Submission, Yours};
use yew::prelude::*;

/// How long typing must pause before the draft is saved.
const AUTOSAVE_AFTER_MS: u32 = 500;

#[hook]
pub fn use_drafts(state: &UseReducerHandle<FormState>) {
    // The draft's text waiting for the next save.
    let pending: store::Pending = use_mut_ref(|| None);
    {
        let (event_id, tab) = (state.draft_scope(), state.tab.clone());
        let dispatch = state.dispatcher();
        let pending = pending.clone();
        let links = private_link::offered(&state.config).then(|| {
            let endpoint = state.config.endpoint.as_ref().map(|e| e.url.clone());
            let opening = state
                .changing
                .as_ref()
                .map(|c| (c.reference.clone(), c.token.clone()));
            (
                state.config.id.clone(),
                endpoint.unwrap_or_default(),
                opening,
            )
        });
        use_effect_with((), move |_| {
            // The benchmark reads this mark: navigation start to the form on screen.
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.mark("cfp:first-render");
            }
            dispatch.dispatch(Action::DraftLoaded(store::load(&event_id)));
            if let Some((event, endpoint, opening)) = links {
                dispatch.dispatch(Action::Remembered(private_link::remembered(&event)));
                if let Some((reference, token)) = opening {
                    let dispatch = dispatch.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let opened = private_link::open(&endpoint, &reference, &token).await;
                        dispatch.dispatch(Action::Opened(opened));
                    });
                }
            }
            let on_other_tab =
                Callback::from(move |d| dispatch.dispatch(Action::OtherTabSaved(Box::new(d))));
            let listeners = store::listen(&event_id, &tab, pending, on_other_tab);
            move || drop(listeners)
        });
    }
    // Debounced: each change restarts the wait.
    let event_id = state.draft_scope();
    let dispatch = state.dispatcher();
    let to_save = state.draft_to_save(js_sys::Date::now());
    let done = state.draft_done();
    // A new proposal's receipt with its private link: remembered for "Your proposals".
    let sent = match &state.submission {
        Submission::Sent(r)
            if r.kind == ReceiptKind::Received && private_link::offered(&state.config) =>
        {
            r.id.clone().zip(r.token.clone()).map(|(reference, token)| {
                let title = r.title.clone();
                (
                    state.config.id.clone(),
                    Yours {
                        reference,
                        token,
                        title,
                    },
                )
            })
        }
        _ => None,
    };
    // Compare without the time stamp, which changes on every render.
    let deps = (
        to_save
            .as_ref()
            .map(|d| (d.proposal.clone(), d.key.clone())),
        done,
    );
    use_effect_with(deps, move |_| {
        let timer = if done {
            *pending.borrow_mut() = None;
            store::clear(&event_id);
            if let Some((event, yours)) = sent {
                dispatch.dispatch(Action::Remembered(private_link::remember(&event, yours)));
            }
            None
        } else {
            *pending.borrow_mut() = to_save.as_ref().map(draft::encode);
            to_save.is_some().then(|| {
                gloo_timers::callback::Timeout::new(AUTOSAVE_AFTER_MS, move || {
                    if !store::flush(&event_id, &pending) {
                        dispatch.dispatch(Action::DraftUnsaved);
                    }
                })
            })
        };
        move || drop(timer)
    });
}
