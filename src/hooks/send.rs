//! Focus where the speaker carries on, and the send's fetches and timers, on one effect:
//! each state of the send starts its own fetch, timer or listener, and leaving the state
//! cancels the timer or listener. Starting a send clears the focus request, so that a
//! change of send state alone never moves focus.

use crate::ids::field_id;
use crate::state::{FocusTarget, FormState};
use crate::submit;
use wasm_bindgen::JsCast;
use web_sys::{Element, FocusOptions, HtmlElement};
use yew::prelude::*;

/// The elements focus moves to.
#[derive(Clone, Default, PartialEq)]
pub struct Panels {
    pub form: NodeRef,
    pub summary: NodeRef,
    pub ready: NodeRef,
    pub send_error: NodeRef,
    pub receipt: NodeRef,
    /// "Lost your link?"'s address field, read when it is submitted.
    pub lost_email: NodeRef,
}

#[hook]
pub fn use_focus_and_send(state: &UseReducerHandle<FormState>, panels: &Panels) {
    let handle = state.clone();
    let panels = panels.clone();
    use_effect_with(
        (state.focus.clone(), state.submission.clone()),
        move |(focus, _)| {
            let target = focus.as_ref().map(|f| match &f.target {
                FocusTarget::ErrorSummary => panels.summary.clone(),
                FocusTarget::ReadyPanel => panels.ready.clone(),
                FocusTarget::SendError => panels.send_error.clone(),
                FocusTarget::Receipt => panels.receipt.clone(),
                FocusTarget::FirstField => {
                    focus_field(&panels.form, &field_id("title"));
                    NodeRef::default()
                }
                FocusTarget::Element(id) => {
                    focus_field(&panels.form, id);
                    NodeRef::default()
                }
            });
            if let Some(el) = target.and_then(|r| r.cast::<HtmlElement>()) {
                let _ = el.focus();
            }
            let follow = submit::follow(&handle, handle.dispatcher().to_callback());
            move || drop(follow)
        },
    );
}

/// Bring a field's label into view and put the cursor in the field.
pub fn focus_field(form_ref: &NodeRef, target_id: &str) {
    let Some(form) = form_ref.cast::<Element>() else {
        return;
    };
    let Ok(Some(input)) = form.query_selector(&format!("#{target_id}")) else {
        return;
    };
    if let Ok(Some(group)) = input.closest(".cfp-field") {
        group.scroll_into_view_with_bool(true);
    }
    if let Ok(input) = input.dyn_into::<HtmlElement>() {
        let options = FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = input.focus_with_options(&options);
    }
}
