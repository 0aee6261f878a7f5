//! What a page shows instead of the form when its event config is broken: every problem
//! with its JSON path, for the site maintainer, and a plain sentence for a speaker.

use crate::messages::{Key, Locale};
use cfp_core::ConfigError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConfigErrorProps {
    pub errors: Vec<ConfigError>,
    /// The page's language: a broken config cannot say its own.
    pub locale: Locale,
}

#[function_component]
pub fn ConfigErrorBox(props: &ConfigErrorProps) -> Html {
    let l = &props.locale;
    let count = props.errors.len() as u32;
    let items = props.errors.iter().map(|e| {
        if e.path.is_empty() {
            html! { <li>{e.message.clone()}</li> }
        } else {
            html! { <li><code>{e.path.clone()}</code>{": "}{e.message.clone()}</li> }
        }
    });
    html! {
        <div class="cfp-widget" lang={l.tag().to_owned()}>
            <div class="cfp-config-error" part="config-error" role="alert">
                <h2 class="cfp-config-error__title" part="heading">{l.tr(Key::ConfigErrorTitle, &[])}</h2>
                <p>
                    {l.tr(Key::ConfigErrorSpeaker, &[])}{" "}
                    {l.plural(Key::ConfigErrorCount, count, &[])}
                </p>
                <ul>{for items}</ul>
            </div>
        </div>
    }
}
