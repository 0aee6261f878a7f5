//! cfp-server: the reference form endpoint for cfp-widget.
//!
//! It re-checks every proposal with `cfp_core::validate` (the same rules the widget runs),
//! stores it with sqlx (SQLite by default, PostgreSQL by URL, one code path), answers with
//! a receipt, and exports what was received for the organisers. `main.rs` is a thin CLI
//! over this library; `app` builds the router that tests drive directly.

pub mod app;
pub mod auth;
pub mod client_addr;
pub mod edit_token;
pub mod error;
pub mod events;
pub mod export;
pub mod inbox;
pub mod intake;
pub mod log;
pub mod mail;
pub mod metrics;
pub mod openapi;
pub mod outbox;
pub mod receipt;
pub mod reload;
pub mod routes;
pub mod serve;
pub mod serve_settings;
pub mod settings;
pub mod store;
pub mod text;
pub mod webhook;

pub use app::{app, AppState, Limits};
pub use error::ApiError;
pub use events::{Events, LiveEvents};
pub use store::Store;
