//! cfp-widget: a call-for-proposals form that mounts into a static event page.
//!
//! A page carries a host element and its event config; the loader (loader/cfp-widget.js)
//! starts this wasm and calls `embed::mount` for each host, which parses the config with
//! `cfp_core` and renders, inside the host's shadow root, either the form or, for a broken
//! config, a box that says exactly what is wrong.

// Talc instead of the default dlmalloc: the same job in fewer bytes of wasm (measured in
// BENCHMARKS.md).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod components;
pub mod draft;
pub mod embed;
pub mod hooks;
pub mod host_events;
pub mod ids;
pub mod json;
pub mod messages;
pub mod mount;
pub mod private_link;
pub mod state;
pub mod submit;
pub mod time;

pub use mount::{mount, Mounted};
