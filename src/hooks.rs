//! App's effects, one named hook each (yew's function_todomvc style): the form's
//! component lays out fields, these keep the world in step with its state.
//!
//! Each `use_effect_with` costs the wasm about 1 KB, so effects that must run on the same
//! change share one: focus and the send (`use_focus_and_send`).

mod clock;
mod drafts;
mod host;
mod send;

pub use clock::use_clock;
pub use drafts::use_drafts;
pub use host::use_host_events;
pub use send::{focus_field, use_focus_and_send, Panels};
