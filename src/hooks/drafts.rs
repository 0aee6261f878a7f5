//! The draft in localStorage: loaded once when the form mounts, saved a moment after each
//! change (at once when the page hides), removed once the proposal was received, and
//! another tab's newer draft offered instead of overwritten (see `draft::store`).

use crate::draft::{self, store};
use crate::state::{Action, FormState};
use yew::prelude::*;

/// How long typing must pause before the draft is saved.
const AUTOSAVE_AFTER_MS: u32 = 500;

#[hook]
pub fn use_drafts(state: &UseReducerHandle<FormState>) {
    // The draft's text waiting for the next save.
    let pending: store::Pending = use_mut_ref(|| None);
    {
        let (event_id, tab) = (state.config.id.clone(), state.tab.clone());
        let dispatch = state.dispatcher();
        let pending = pending.clone();
        use_effect_with((), move |_| {
            // The benchmark reads this mark: navigation start to the form on screen.
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.mark("cfp:first-render");
            }
            dispatch.dispatch(Action::DraftLoaded(store::load(&event_id)));
            let on_other_tab =
                Callback::from(move |d| dispatch.dispatch(Action::OtherTabSaved(Box::new(d))));
            let listeners = store::listen(&event_id, &tab, pending, on_other_tab);
            move || drop(listeners)
        });
    }
    // Debounced: each change restarts the wait.
    let event_id = state.config.id.clone();
    let dispatch = state.dispatcher();
    let to_save = state.draft_to_save(js_sys::Date::now());
    let done = state.draft_done();
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
