//! The clock moves on while the page is open: render again each minute (and the moment
//! the call opens or closes), so the countdown counts down and, at the deadline, the form
//! gives way to the closed panel with the draft still readable.

use cfp_core::EventConfig;
use yew::prelude::*;

#[hook]
pub fn use_clock(config: &EventConfig) {
    let tick = use_state(|| 0u32);
    let next = next_change_ms(config, js_sys::Date::now());
    use_effect_with(*tick, move |&n| {
        let timer = next
            .map(|ms| gloo_timers::callback::Timeout::new(ms, move || tick.set(n.wrapping_add(1))));
        move || drop(timer)
    });
}

/// Milliseconds until the widget must render again for the clock's sake: at most a minute,
/// and just after the call opens or closes if that comes sooner; None once both have
/// passed. The call is open from the second of `opens_at` to the second of `deadline`,
/// both included (cfp_core::CallState).
pub fn next_change_ms(config: &EventConfig, now_ms: f64) -> Option<u32> {
    let now = now_ms / 1000.0;
    let opens = config.opens_at.as_ref().map(|o| o.unix_seconds());
    let closes = config.deadline.as_ref().map(|d| d.unix_seconds() + 1);
    [opens, closes]
        .into_iter()
        .flatten()
        .map(|at| at as f64 - now)
        .filter(|left| *left >= 0.0)
        .map(|left| (left * 1000.0 + 50.0).min(60_000.0) as u32)
        .min()
}
