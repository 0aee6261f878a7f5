//! When the call is open: the closing time above the form (in the event's time and the
//! speaker's, with a countdown in the last week), and the panel shown instead of the form
//! before `opens_at`.

use crate::messages::schedule::{closes, countdown, opens, zone_label};
use crate::messages::{Key, Locale};
use crate::time::{speakers_wall_time, wall_time_at_offset};
use cfp_core::{Deadline, EventConfig};
use yew::prelude::*;

type Sentence = fn(&Locale, &str, &str, &str) -> String;

/// The sentence for `deadline` built by `sentence(event time, zone, speaker's time)`.
fn say(deadline: &Deadline, l: &Locale, sentence: Sentence) -> String {
    let at = deadline.unix_seconds();
    sentence(
        l,
        &wall_time_at_offset(at, deadline.offset_minutes(), l.tag()),
        &zone_label(l, deadline.offset_minutes(), deadline.is_aoe()),
        &speakers_wall_time(at, l.tag()),
    )
}

/// Above the form: when it closes, and how long is left in the last week.
pub fn deadline_line(l: &Locale, config: &EventConfig, now_unix_seconds: i64) -> Html {
    let Some(deadline) = &config.deadline else {
        return Html::default();
    };
    let left = countdown(l, deadline.unix_seconds() - now_unix_seconds);
    html! {
        <p class="cfp-schedule">
            <time datetime={deadline.as_str().to_owned()}>{say(deadline, l, closes)}</time>
            if let Some(left) = left {
                {" "}<strong>{left}</strong>
            }
        </p>
    }
}

/// Instead of the form, before the call opens.
pub fn opening_panel(l: &Locale, config: &EventConfig) -> Html {
    let when = config
        .opens_at
        .as_ref()
        .map(|o| say(o, l, opens))
        .unwrap_or_default();
    html! {
        <section part="panel" class="cfp-panel cfp-not-open" aria-labelledby="cfp-not-open-title">
            <h2 id="cfp-not-open-title" class="cfp-panel__title" part="heading">
                {l.tr(Key::NotOpenTitle, &[("event", &config.name)])}
            </h2>
            <p>{when}</p>
        </section>
    }
}
