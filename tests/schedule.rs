//! When the call is open, in real headless Chromium: the closing time in the event's time
//! and the speaker's, the countdown in the last week, AoE deadlines, and the panel before
//! the call opens.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SCIPY_OPEN: &str = include_str!("../events/scipy-2020-demo.json");
const SCIPY_DEADLINE: &str = r#""deadline": "2099-02-11T23:59:59-06:00","#;

/// The SciPy demo config in British English (so dates read "11 February 2099 at 23:59"),
/// with its schedule replaced.
fn scipy_with(schedule: &str) -> String {
    assert!(
        SCIPY_OPEN.contains(SCIPY_DEADLINE),
        "the SciPy demo config changed"
    );
    SCIPY_OPEN
        .replace(SCIPY_DEADLINE, schedule)
        .replace(r#""locale": "en""#, r#""locale": "en-GB""#)
}

/// An RFC 3339 UTC time `seconds` from now, as the browser's clock has it.
fn from_now(seconds: f64) -> String {
    let date = js_sys::Date::new(&(js_sys::Date::now() + seconds * 1000.0).into());
    String::from(date.to_iso_string())
}

#[wasm_bindgen_test]
async fn the_deadline_reads_in_the_events_time_and_the_speakers() {
    let (host, _widget) = mounted(&scipy_with(SCIPY_DEADLINE)).await;
    let line = text(&host, ".cfp-schedule");
    assert!(
        line.starts_with("The call closes on 11 February 2099 at 23:59 (UTC\u{2212}6)"),
        "{line}"
    );
    // The test browser runs on UTC: the speaker's clock says the next morning.
    assert!(
        line.contains("12 February 2099 at 05:59 your time"),
        "{line}"
    );
    assert!(
        !line.contains("That is in"),
        "no countdown months ahead: {line}"
    );
    assert_eq!(
        find(&host, ".cfp-schedule time")
            .get_attribute("datetime")
            .as_deref(),
        Some("2099-02-11T23:59:59-06:00")
    );
}

#[wasm_bindgen_test]
async fn in_the_last_week_a_countdown_is_shown() {
    let deadline = from_now(3.0 * 86_400.0 + 1_800.0);
    let (host, _widget) = mounted(&scipy_with(&format!(r#""deadline": "{deadline}","#))).await;
    let countdown = text(&host, ".cfp-schedule strong");
    assert_eq!(countdown, "That is in 3 days.");
}

#[wasm_bindgen_test]
async fn anywhere_on_earth_deadlines_say_so() {
    let (host, _widget) = mounted(&scipy_with(r#""deadline": "2099-04-01 AoE","#)).await;
    let line = text(&host, ".cfp-schedule");
    assert!(
        line.starts_with("The call closes on 1 April 2099 at 23:59 (AoE, UTC\u{2212}12)"),
        "{line}"
    );
}

#[wasm_bindgen_test]
async fn before_it_opens_the_call_says_when_and_shows_no_form() {
    let opens = from_now(2.0 * 86_400.0);
    let (host, _widget) = mounted(&scipy_with(&format!(
        r#""opens_at": "{opens}", "deadline": "2099-02-11T23:59:59-06:00","#
    )))
    .await;
    assert!(host.query_selector("form").unwrap().is_none());
    assert_eq!(
        text(&host, ".cfp-not-open h2"),
        "The call for proposals for SciPy 2020 (demo copy, still open) is not open yet"
    );
    assert!(text(&host, ".cfp-not-open p").starts_with("The call opens on "));
}

#[wasm_bindgen_test]
async fn an_open_page_closes_at_the_deadline_and_keeps_the_draft_readable() {
    let deadline = format!(r#""deadline": "{}","#, from_now(3.0));
    let (host, _widget) = mounted(&scipy_with(&deadline)).await;
    let line = text(&host, ".cfp-schedule");
    assert!(line.contains("That is in less than a minute"), "{line}");
    type_into(&host, "#cfp-field-title", "Typed before the deadline").await;

    // Nobody touches the page: the clock alone closes it.
    let root = host.clone();
    wait_until(
        std::time::Duration::from_secs(8),
        "the closed panel",
        || root.query_selector(".cfp-closed").unwrap().is_some(),
    )
    .await;
    assert!(host.query_selector("form").unwrap().is_none());
    let kept = find(&host, "#cfp-closed-draft");
    let kept: &web_sys::HtmlTextAreaElement = wasm_bindgen::JsCast::unchecked_ref(&kept);
    assert!(
        kept.value().contains("Typed before the deadline"),
        "{}",
        kept.value()
    );
}
