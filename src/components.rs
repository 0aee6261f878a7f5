//! The widget's view: small function components, one concern per file. State lives in
//! `App`'s reducer; everything below it takes plain props and callbacks.

mod app;
mod checkbox;
mod closed;
mod config_error;
mod counted_textarea;
mod download;
mod draft_notice;
mod error_message;
mod error_summary;
mod honeypot;
mod radio_group;
mod ready_panel;
mod receipt;
mod schedule;
mod send_error;
mod text_input;

pub use app::{App, AppProps};
pub use checkbox::{checkbox, CheckboxProps};
pub use closed::closed_panel;
pub use config_error::{ConfigErrorBox, ConfigErrorProps};
pub use counted_textarea::CountedTextarea;
pub use download::download_link;
pub use draft_notice::{draft_notice, DraftCallbacks};
pub use error_message::field_error;
pub use error_summary::{error_summary, SummaryEntry};
pub use honeypot::honeypot;
pub use radio_group::{radio_group, RadioGroupProps, RadioOption};
pub use ready_panel::ready_panel;
pub use receipt::receipt_panel;
pub use schedule::{deadline_line, opening_panel};
pub use send_error::send_error;
pub use text_input::{text_input, TextInputProps};

/// Space-separated ids for aria-describedby, or None when there are none.
fn described_by(ids: &[Option<String>]) -> Option<String> {
    let joined = ids.iter().flatten().cloned().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}
