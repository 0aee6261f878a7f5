//! The widget's view: small function components, one concern per file. State lives in
//! `App`'s reducer; everything below it takes plain props and callbacks.

mod app;
mod checkbox;
mod config_error;
mod counted_textarea;
mod error_message;
mod error_summary;
mod honeypot;
mod radio_group;
mod ready_panel;
mod receipt;
mod send_error;
mod text_input;

pub use app::{App, AppProps};
pub use checkbox::Checkbox;
pub use config_error::{ConfigErrorBox, ConfigErrorProps};
pub use counted_textarea::CountedTextarea;
pub use error_message::ErrorMessage;
pub use error_summary::{ErrorSummary, SummaryEntry};
pub use honeypot::Honeypot;
pub use radio_group::{RadioGroup, RadioOption};
pub use ready_panel::ReadyPanel;
pub use receipt::ReceiptPanel;
pub use send_error::SendError;
pub use text_input::TextInput;

/// Space-separated ids for aria-describedby, or None when there are none.
fn described_by(ids: &[Option<String>]) -> Option<String> {
    let joined = ids.iter().flatten().cloned().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}
