//! The honeypot: a text input people never see or reach, which form-filling bots fill in.
//! Hidden from assistive technology (aria-hidden, out of the tab order) so that nobody is
//! asked to leave it empty, and never autofilled.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HoneypotProps {
    /// The config's `honeypot` field name.
    pub name: String,
    pub value: String,
    pub on_input: Callback<String>,
}

#[function_component]
pub fn Honeypot(props: &HoneypotProps) -> Html {
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            on_input.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    html! {
        <div class="cfp-visually-hidden" aria-hidden="true">
            <label for="cfp-honeypot">{"Leave this field empty"}</label>
            <input
                id="cfp-honeypot"
                type="text"
                name={props.name.clone()}
                tabindex="-1"
                autocomplete="off"
                value={props.value.clone()}
                {oninput}
            />
        </div>
    }
}
