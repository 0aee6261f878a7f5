//! cfp-widget: a call-for-proposals form that mounts into a static event page.
//!
//! The page carries a host element and its event config as JSON; `mount_all` finds every
//! host, parses its config with `cfp_core` and renders either the form or, for a broken
//! config, a box that says exactly what is wrong.

// Talc instead of the default dlmalloc: the same job in fewer bytes of wasm (measured in
// BENCHMARKS.md).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod components;
pub mod draft;
pub mod ids;
pub mod messages;
pub mod mount;
pub mod state;
pub mod submit;
pub mod time;

pub use mount::{mount, mount_all, Mounted};
