//! What a page shows instead of the form when its event config is broken: every problem
//! with its JSON path, for the site maintainer, and a plain sentence for a speaker.

use cfp_core::ConfigError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConfigErrorProps {
    pub errors: Vec<ConfigError>,
}

#[function_component]
pub fn ConfigErrorBox(props: &ConfigErrorProps) -> Html {
    let count = props.errors.len();
    let items = props.errors.iter().map(|e| {
        if e.path.is_empty() {
            html! { <li>{e.message.clone()}</li> }
        } else {
            html! { <li><code>{e.path.clone()}</code>{": "}{e.message.clone()}</li> }
        }
    });
    html! {
        <div class="cfp-widget">
            <div class="cfp-config-error" role="alert">
                <h2 class="cfp-config-error__title">{"This call for proposals cannot be shown"}</h2>
                <p>
                    {"If you came to submit a proposal, please tell the organisers that the form is broken. "}
                    {format!("If you maintain this page, the event config has {count} {}:", if count == 1 { "problem" } else { "problems" })}
                </p>
                <ul>{for items}</ul>
            </div>
        </div>
    }
}
