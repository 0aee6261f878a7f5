//! A field's error message, shown above its input, GOV.UK style: a visually hidden
//! "Error:" prefix tells screen-reader users what kind of text this is.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorMessageProps {
    pub id: String,
    pub message: String,
}

#[function_component]
pub fn ErrorMessage(props: &ErrorMessageProps) -> Html {
    html! {
        <p id={props.id.clone()} class="cfp-error-message">
            <span class="cfp-visually-hidden">{"Error: "}</span>{props.message.clone()}
        </p>
    }
}
