//! What a speaker sees after the deadline: no form, the reason and the date.

use crate::time::local_time;
use cfp_core::EventConfig;
use yew::prelude::*;

pub fn closed_panel(config: &EventConfig) -> Html {
    let when = config.deadline.as_ref().map(|d| {
        html! {
            <p>
                {"It closed on "}
                <time datetime={d.as_str().to_owned()}>{local_time(d.as_str(), &config.locale)}</time>
                {" (your time). Proposals can no longer be sent."}
            </p>
        }
    });
    html! {
        <section class="cfp-panel cfp-closed" aria-labelledby="cfp-closed-title">
            <h2 id="cfp-closed-title" class="cfp-panel__title">
                {format!("The call for proposals for {} has closed", config.name)}
            </h2>
            {when}
        </section>
    }
}
