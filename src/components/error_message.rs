//! A field's error message, shown above its input, GOV.UK style: a visually hidden
//! "Error:" prefix tells screen-reader users what kind of text this is.
//!
//! A plain view function rather than a component: it has no state, and each component type
//! costs the wasm about half a kilobyte compressed.

use crate::messages::{Key, Locale};
use yew::prelude::*;

/// The message for the field whose error element has id `id`.
pub fn field_error(l: &Locale, id: String, message: String) -> Html {
    html! {
        <p {id} class="cfp-error-message" part="error-message">
            <span class="cfp-visually-hidden">{l.tr(Key::ErrorPrefix, &[])}{" "}</span>{message}
        </p>
    }
}
