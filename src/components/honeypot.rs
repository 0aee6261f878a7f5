//! The honeypot: a text input people never see or reach, which form-filling bots fill in.
//! Hidden from assistive technology (aria-hidden, out of the tab order) so that nobody is
//! asked to leave it empty, and never autofilled. A plain view function: no state of its
//! own, and a component type would cost the wasm more than the markup.

use crate::messages::{Key, Locale};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// `name` is the config's `honeypot` field name.
pub fn honeypot(l: &Locale, name: &str, value: &str, on_input: Callback<String>) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        on_input.emit(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    html! {
        <div class="cfp-visually-hidden" aria-hidden="true">
            <label for="cfp-honeypot">{l.tr(Key::FormHoneypot, &[])}</label>
            <input
                id="cfp-honeypot"
                type="text"
                name={name.to_owned()}
                tabindex="-1"
                autocomplete="off"
                value={value.to_owned()}
                {oninput}
            />
        </div>
    }
}
