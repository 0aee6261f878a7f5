//! The widget in real headless Chromium (wasm-bindgen-test through chromedriver): mount it
//! with the shipped event configs, type, read the count, submit, follow the summary links,
//! and send: no endpoint server runs here, so sends go to the test runner's own server
//! (POST / answers 200, other paths 404) or to a port where nothing listens.
#![cfg(target_arch = "wasm32")]

mod support;

use std::time::Duration;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const DASK: &str = include_str!("../events/dask-summit-2021.json");
const SCIPY: &str = include_str!("../events/scipy-2020.json");
/// SciPy 2020 with its deadline moved to 2099, so the form is open.
const SCIPY_OPEN: &str = include_str!("../events/scipy-2020-demo.json");
const DASK_ENDPOINT: &str =
    r#""endpoint": { "url": "/api/events/dask-summit-2021/proposals", "encoding": "json" },"#;

/// The Dask config with its endpoint replaced by `endpoint` (JSON, or "" for none).
fn dask_with_endpoint(endpoint: &str) -> String {
    assert!(DASK.contains(DASK_ENDPOINT), "the Dask config changed");
    DASK.replace(DASK_ENDPOINT, endpoint)
}

/// Fill in the Dask form with a valid talk.
async fn fill_valid(host: &Element) {
    type_into(
        host,
        "#cfp-field-title",
        "Scaling Machine Learning With Python and Dask",
    )
    .await;
    click(host, "#cfp-field-format").await;
    type_into(host, "#cfp-field-abstract", &vec!["Dask"; 40].join(" ")).await;
    type_into(host, "#cfp-field-speakers-0-name", "James Lamb").await;
    type_into(host, "#cfp-field-speakers-0-email", "james@example.org").await;
    click(host, "#cfp-field-code_of_conduct").await;
}

fn value(host: &Element, selector: &str) -> String {
    let el = find(host, selector);
    match el.dyn_ref::<HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => el.unchecked_into::<HtmlInputElement>().value(),
    }
}

/// Every field of `fill_valid` still holds what was typed.
fn assert_draft_kept(host: &Element) {
    assert_eq!(
        value(host, "#cfp-field-title"),
        "Scaling Machine Learning With Python and Dask"
    );
    assert_eq!(
        value(host, "#cfp-field-abstract"),
        vec!["Dask"; 40].join(" ")
    );
    assert_eq!(value(host, "#cfp-field-speakers-0-name"), "James Lamb");
    assert_eq!(
        value(host, "#cfp-field-speakers-0-email"),
        "james@example.org"
    );
    let checked = |sel| {
        find(host, sel)
            .unchecked_into::<HtmlInputElement>()
            .checked()
    };
    assert!(checked("#cfp-field-format"));
    assert!(checked("#cfp-field-code_of_conduct"));
}

#[wasm_bindgen_test]
async fn the_dask_form_mounts_with_its_formats_and_limits() {
    let (host, _widget) = mounted(DASK).await;
    assert!(text(&host, "h2").contains("Dask User Summit 2021"));
    assert_eq!(text(&host, "label[for='cfp-field-format']"), "Talk");
    assert_eq!(text(&host, "#cfp-field-format-hint"), "30 minutes");
    assert_eq!(
        text(&host, "label[for='cfp-field-format-1']"),
        "Workshop: a curated block of talks"
    );
    assert!(text(&host, "#cfp-field-abstract-hint").contains("You can enter 30 to 300 words"));
    assert_eq!(text(&host, ".cfp-count"), "You have 300 words remaining");
    let email = find(&host, "#cfp-field-speakers-0-email");
    assert_eq!(
        email.get_attribute("autocomplete").as_deref(),
        Some("email")
    );
    assert_eq!(email.get_attribute("type").as_deref(), Some("email"));
    assert_eq!(
        find(&host, "#cfp-field-speakers-0-name")
            .get_attribute("autocomplete")
            .as_deref(),
        Some("name")
    );
    assert!(host.query_selector(".cfp-error-summary").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn typing_updates_the_word_count_then_announces_it_after_a_pause() {
    let (host, _widget) = mounted(DASK).await;
    type_into(
        &host,
        "#cfp-field-abstract",
        "Dask-ML's API, 2× faster! — … ***",
    )
    .await;
    // Polled, not read once: on a loaded machine the render can take longer than settle().
    wait_until(
        Duration::from_secs(2),
        "the count to follow the typing",
        || text(&host, ".cfp-count") == "You have 296 words remaining",
    )
    .await;
    let live = find(&host, ".cfp-count + [aria-live='polite']");
    assert_eq!(
        live.text_content().unwrap(),
        "",
        "not announced while typing"
    );
    yew::platform::time::sleep(Duration::from_millis(1_200)).await;
    assert_eq!(live.text_content().unwrap(), "You have 296 words remaining");

    let over = vec!["word"; 305].join(" ");
    type_into(&host, "#cfp-field-abstract", &over).await;
    assert_eq!(text(&host, ".cfp-count"), "You have 5 words too many");
    assert!(find(&host, ".cfp-count")
        .get_attribute("class")
        .unwrap()
        .contains("cfp-count--over"));
    let area: HtmlTextAreaElement = find(&host, "#cfp-field-abstract").unchecked_into();
    assert_eq!(area.value(), over, "nothing is cut off");
}

#[wasm_bindgen_test]
async fn submitting_empty_shows_a_focused_summary_whose_links_focus_fields() {
    let (host, _widget) = mounted(DASK).await;
    click(&host, "button[type='submit']").await;

    let summary = find(&host, ".cfp-error-summary");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(text(&host, ".cfp-error-summary h2"), "There is a problem");
    focus_lands("the error summary", || {
        summary.contains(active_element().as_ref().map(|e| e.unchecked_ref()))
    })
    .await;

    let links = summary.query_selector_all("a").unwrap();
    let hrefs: Vec<String> = (0..links.length())
        .map(|i| {
            links
                .item(i)
                .unwrap()
                .unchecked_into::<Element>()
                .get_attribute("href")
                .unwrap()
        })
        .collect();
    assert_eq!(
        hrefs,
        [
            "#cfp-field-title",
            "#cfp-field-format",
            "#cfp-field-abstract",
            "#cfp-field-speakers-0-name",
            "#cfp-field-speakers-0-email",
            "#cfp-field-code_of_conduct"
        ]
    );
    assert_eq!(
        links.item(0).unwrap().text_content().unwrap(),
        "Enter a title for your proposal"
    );

    for (link, field) in [
        (0, "cfp-field-title"),
        (4, "cfp-field-speakers-0-email"),
        (1, "cfp-field-format"),
    ] {
        links
            .item(link)
            .unwrap()
            .unchecked_into::<HtmlElement>()
            .click();
        focus_lands(field, || active_id() == field).await;
    }

    let title = find(&host, "#cfp-field-title");
    assert_eq!(title.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = title.get_attribute("aria-describedby").unwrap();
    assert!(described.contains("cfp-field-title-error"));
    assert_eq!(
        text(&host, "#cfp-field-title-error"),
        "Error: Enter a title for your proposal"
    );
}

#[wasm_bindgen_test]
async fn after_the_first_attempt_errors_follow_each_edit() {
    let (host, _widget) = mounted(DASK).await;
    click(&host, "button[type='submit']").await;
    let before = find(&host, ".cfp-error-summary")
        .query_selector_all("a")
        .unwrap()
        .length();
    type_into(
        &host,
        "#cfp-field-title",
        "Scaling Machine Learning With Python and Dask",
    )
    .await;
    let after = find(&host, ".cfp-error-summary")
        .query_selector_all("a")
        .unwrap()
        .length();
    assert_eq!(after, before - 1);
    assert!(host
        .query_selector("#cfp-field-title-error")
        .unwrap()
        .is_none());
    type_into(&host, "#cfp-field-speakers-0-email", "james at example").await;
    assert_eq!(
        text(&host, "#cfp-field-speakers-0-email-error"),
        "Error: Enter an email address in the correct format, like name@example.com"
    );
    type_into(&host, "#cfp-field-abstract", &vec!["word"; 342].join(" ")).await;
    wait_until(Duration::from_secs(2), "the abstract's error", || {
        host.query_selector("#cfp-field-abstract-error")
            .unwrap()
            .is_some()
    })
    .await;
    assert_eq!(
        text(&host, "#cfp-field-abstract-error"),
        "Error: Abstract must be 300 words or fewer; you have 342"
    );
}

#[wasm_bindgen_test]
async fn without_an_endpoint_a_valid_proposal_shows_the_json_to_be_sent() {
    let (host, _widget) = mounted(&dask_with_endpoint("")).await;
    let before = cfp_widget::submit::requests_started();
    fill_valid(&host).await;
    click(&host, "button[type='submit']").await;
    assert_eq!(cfp_widget::submit::requests_started(), before);

    assert!(host.query_selector(".cfp-error-summary").unwrap().is_none());
    let panel = find(&host, ".cfp-ready");
    focus_lands("the ready panel", || is_focused(&panel)).await;
    let json: HtmlTextAreaElement = find(&host, "#cfp-json-preview").unchecked_into();
    let sent: cfp_core::Proposal = serde_json::from_str(&json.value()).unwrap();
    assert_eq!(sent.title, "Scaling Machine Learning With Python and Dask");
    assert_eq!(sent.format.as_deref(), Some("talk"));
    assert!(sent.code_of_conduct);
    assert_eq!(sent.speakers[0].email, "james@example.org");
}

#[wasm_bindgen_test]
async fn scipy_requires_a_track_from_its_two() {
    let (host, _widget) = mounted(SCIPY_OPEN).await;
    assert!(text(&host, "h2").contains("SciPy 2020"));
    let legends: Vec<String> = {
        let list = host.query_selector_all("legend").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert!(legends.contains(&"Track".to_string()), "{legends:?}");
    assert_eq!(
        text(&host, "label[for='cfp-field-track']"),
        "High Performance Python"
    );
    assert_eq!(
        text(&host, "label[for='cfp-field-track-1']"),
        "Machine Learning and Data Science"
    );
    assert!(
        host.query_selector("#cfp-field-track-2").unwrap().is_none(),
        "no 'No preference' when required"
    );
    assert_eq!(text(&host, "label[for='cfp-field-format-1']"), "Poster");
    click(&host, "button[type='submit']").await;
    assert_eq!(
        text(&host, "#cfp-field-track-error"),
        "Error: Choose a track"
    );
}

#[wasm_bindgen_test]
async fn a_broken_config_is_shown_with_its_json_path_never_a_blank_box() {
    let broken = DASK.replace("\"minutes\": 120", "\"minutes\": \"120\"");
    let (host, _widget) = mounted(&broken).await;
    let box_ = find(&host, ".cfp-config-error");
    assert_eq!(box_.get_attribute("role").as_deref(), Some("alert"));
    let message = text(&host, ".cfp-config-error li");
    assert!(
        message.starts_with(
            "formats[1].minutes: expected a whole number (0 or more), found string \"120\""
        ),
        "{message}"
    );
    assert!(host.query_selector("form").unwrap().is_none());

    let (host, _widget) = mounted("{\"id\": \"x\",").await;
    assert!(text(&host, ".cfp-config-error li").contains("EOF while parsing"));

    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let widget = cfp_widget::mount(host, None);
    settle().await;
    assert!(text(widget.root(), ".cfp-config-error li").contains("no event config found"));
}

#[wasm_bindgen_test]
async fn the_honeypot_is_hidden_from_people_and_out_of_the_tab_order() {
    let (host, _widget) = mounted(DASK).await;
    let trap = find(&host, "input[name='_gotcha']");
    assert_eq!(trap.get_attribute("tabindex").as_deref(), Some("-1"));
    assert_eq!(trap.get_attribute("autocomplete").as_deref(), Some("off"));
    let wrapper = trap.parent_element().unwrap();
    assert_eq!(
        wrapper.get_attribute("aria-hidden").as_deref(),
        Some("true")
    );
    assert_eq!(
        text(&host, "label[for='cfp-honeypot']"),
        "Leave this field empty"
    );
    let (host, _widget) = mounted(&DASK.replace(
        "\"id\": \"dask-summit-2021\",",
        "\"id\": \"dask-summit-2021\", \"honeypot\": \"website\",",
    ))
    .await;
    assert!(host
        .query_selector("input[name='website']")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn an_unreachable_endpoint_is_retried_then_offers_try_again_keeping_the_draft() {
    // Nothing listens on port 9 (and Chromium refuses it outright): every attempt fails.
    let (host, _widget) = mounted(&dask_with_endpoint(
        r#""endpoint": { "url": "http://127.0.0.1:9/" },"#,
    ))
    .await;
    fill_valid(&host).await;
    let before = cfp_widget::submit::requests_started();
    let submit = find(&host, "button[type='submit']").unchecked_into::<HtmlElement>();
    submit.click();
    submit.click();
    settle().await;
    submit.click();
    settle().await;
    assert_eq!(
        cfp_widget::submit::requests_started() - before,
        1,
        "three clicks, one request"
    );

    let status = find(&host, ".cfp-send-status");
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"));
    wait_until(Duration::from_secs(3), "attempt 2", || {
        status
            .text_content()
            .unwrap_or_default()
            .contains("(attempt 2 of 4)")
    })
    .await;
    wait_until(Duration::from_secs(12), "the error panel", || {
        host.query_selector(".cfp-send-error").unwrap().is_some()
    })
    .await;
    settle().await;
    assert_eq!(cfp_widget::submit::requests_started() - before, 4);
    let panel = find(&host, ".cfp-send-error");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    focus_lands("the send error panel", || is_focused(&panel)).await;
    assert!(text(&host, ".cfp-send-error").contains("could not reach the server after 4 attempts"));
    assert_eq!(status.text_content().unwrap_or_default(), "");
    assert_draft_kept(&host);

    let retry = find(&host, ".cfp-send-error button");
    assert_eq!(retry.text_content().unwrap_or_default(), "Try again");
    retry.unchecked_into::<HtmlElement>().click();
    wait_until(Duration::from_secs(2), "the fifth request", || {
        cfp_widget::submit::requests_started() - before == 5
    })
    .await;
    assert!(host.query_selector(".cfp-send-error").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn while_a_send_is_retried_the_form_is_read_only_and_says_so() {
    // An edit between attempts would send a different proposal under the same
    // Idempotency-Key: if the lost first attempt was stored, the server refuses the retry
    // (422 idempotency_conflict) for a proposal it in fact received. So it is locked.
    let config = dask_with_endpoint(r#""endpoint": { "url": "http://127.0.0.1:9/" },"#)
        .replace("\"id\": \"dask-summit-2021\"", "\"id\": \"locked-send\"");
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("cfp-draft:locked-send").unwrap();
    let (host, _widget) = mounted_as_is(&config).await;
    fill_valid(&host).await;
    let form = find(&host, "form");
    assert_eq!(form.get_attribute("aria-busy"), None);
    click(&host, "button[type='submit']").await;
    let status = find(&host, ".cfp-send-status");
    wait_until(Duration::from_secs(3), "a retry", || {
        status
            .text_content()
            .unwrap_or_default()
            .contains("attempt 2 of 4")
    })
    .await;
    assert_eq!(form.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(status
        .text_content()
        .unwrap_or_default()
        .contains("Your proposal cannot be changed while it is being sent."));
    for input in [
        "#cfp-field-title",
        "#cfp-field-abstract",
        "#cfp-field-speakers-0-email",
    ] {
        assert!(find(&host, input).has_attribute("readonly"), "{input}");
    }
    // Radios and checkboxes cannot be read-only: they are disabled (a fieldset's
    // `disabled` reaches every input in it).
    for choice in ["#cfp-field-format", "#cfp-field-code_of_conduct"] {
        assert!(
            find(&host, choice).matches(":disabled").unwrap(),
            "{choice}"
        );
    }
    // What a script (or an extension) could still do is refused by the reducer itself.
    type_into(&host, "#cfp-field-title", "Changed while sending").await;
    click(&host, "#cfp-field-code_of_conduct").await;

    wait_until(Duration::from_secs(12), "the error panel", || {
        host.query_selector(".cfp-send-error").unwrap().is_some()
    })
    .await;
    settle().await;
    assert_eq!(form.get_attribute("aria-busy"), None);
    assert!(!find(&host, "#cfp-field-title").has_attribute("readonly"));
    assert!(!find(&host, "#cfp-field-format")
        .matches(":disabled")
        .unwrap());
    // The proposal is what it was at Submit: the draft kept in storage says so.
    wait_until(Duration::from_secs(2), "the saved draft", || {
        storage.get_item("cfp-draft:locked-send").unwrap().is_some()
    })
    .await;
    let saved: serde_json::Value =
        serde_json::from_str(&storage.get_item("cfp-draft:locked-send").unwrap().unwrap()).unwrap();
    assert_eq!(
        saved["proposal"]["title"],
        "Scaling Machine Learning With Python and Dask"
    );
    assert_eq!(saved["proposal"]["code_of_conduct"], true);
    storage.remove_item("cfp-draft:locked-send").unwrap();
}

#[wasm_bindgen_test]
async fn a_refusal_is_explained_in_a_focused_panel_and_the_draft_is_kept() {
    // The test runner's server answers 404 (no JSON) to a POST it has no file for.
    let (host, _widget) = mounted(&dask_with_endpoint(
        r#""endpoint": { "url": "/no-such-endpoint", "encoding": "form" },"#,
    ))
    .await;
    fill_valid(&host).await;
    click(&host, "button[type='submit']").await;
    wait_until(Duration::from_secs(5), "the error panel", || {
        host.query_selector(".cfp-send-error").unwrap().is_some()
    })
    .await;
    settle().await;
    let panel = find(&host, ".cfp-send-error");
    focus_lands("the send error panel", || is_focused(&panel)).await;
    assert_eq!(
        text(&host, ".cfp-send-error h2"),
        "Your proposal has not been sent"
    );
    // A 404 that is not the reference server's `unknown_event`: not a form endpoint.
    assert!(text(&host, ".cfp-send-error p").contains("not set up to take proposals"));
    let copy = find(&host, ".cfp-send-error a[download]");
    assert_eq!(
        copy.get_attribute("download").as_deref(),
        Some("proposal.json")
    );
    assert!(
        host.query_selector(".cfp-send-error button")
            .unwrap()
            .is_none(),
        "retrying would get the same answer"
    );
    assert_draft_kept(&host);
}

#[wasm_bindgen_test]
async fn success_shows_a_receipt_in_place_of_the_form_until_a_new_proposal() {
    // The test runner's server answers POST / with 200 and its page: a generic 2xx.
    let (host, _widget) = mounted(&dask_with_endpoint(r#""endpoint": { "url": "/" },"#)).await;
    fill_valid(&host).await;
    click(&host, "button[type='submit']").await;
    wait_until(Duration::from_secs(5), "the receipt", || {
        host.query_selector(".cfp-receipt").unwrap().is_some()
    })
    .await;
    settle().await;
    let heading = find(&host, ".cfp-receipt h2");
    assert_eq!(heading.text_content().unwrap(), "Proposal received");
    focus_lands("the receipt's heading", || is_focused(&heading)).await;
    assert!(text(&host, ".cfp-receipt").contains("Scaling Machine Learning With Python and Dask"));
    assert!(
        host.query_selector(".cfp-receipt__id").unwrap().is_none(),
        "a generic 2xx names no id"
    );
    assert!(host.query_selector("form").unwrap().is_none(), "locked");
    assert!(host
        .query_selector("button[type='submit']")
        .unwrap()
        .is_none());

    let link = find(&host, ".cfp-receipt a[download]");
    assert_eq!(link.text_content().unwrap(), "Download a copy");
    assert_eq!(
        link.get_attribute("download").as_deref(),
        Some("proposal.json")
    );
    let href = link.get_attribute("href").unwrap();
    let json = js_sys::decode_uri_component(
        href.strip_prefix("data:application/json;charset=utf-8,")
            .unwrap(),
    )
    .unwrap();
    let copy: cfp_core::Proposal = serde_json::from_str(&String::from(json)).unwrap();
    assert_eq!(copy.speakers[0].email, "james@example.org");

    let new = find(&host, ".cfp-receipt button");
    assert_eq!(new.text_content().unwrap(), "Start a new proposal");
    new.unchecked_into::<HtmlElement>().click();
    settle().await;
    assert_eq!(value(&host, "#cfp-field-title"), "");
    focus_lands("the title", || active_id() == "cfp-field-title").await;
    assert!(host.query_selector(".cfp-receipt").unwrap().is_none());
}

#[wasm_bindgen_test]
fn answers_are_read_with_the_browsers_json_parser() {
    use cfp_core::{ErrorCode, Field, FieldError};
    use cfp_widget::submit::read_body;
    let created = read_body(r#"{"id":"p_1","received_at":"2026-11-22T18:01:02Z"}"#);
    assert_eq!(created.id.as_deref(), Some("p_1"));
    assert_eq!(created.received_at.as_deref(), Some("2026-11-22T18:01:02Z"));
    let invalid = read_body(
        r#"{"errors":[{"field":"speakers[0].email","code":"invalid_email"},
            {"field":"abstract","code":"too_long","limit":300,"actual":342},
            {"field":"title","code":"from_a_newer_server"}]}"#,
    );
    assert_eq!(
        invalid.errors,
        [
            FieldError::new(
                Field::from_static("speakers[0].email"),
                ErrorCode::InvalidEmail
            ),
            FieldError::bounded(Field::from_static("abstract"), ErrorCode::TooLong, 300, 342),
        ]
    );
    let closed = read_body(r#"{"error":"cfp_closed","message":"The call closed."}"#);
    assert_eq!(closed.error.as_deref(), Some("cfp_closed"));
    let capped = read_body(
        r#"{"error":"too_many_proposals","field":"speakers[1].email","limit":3,"message":"..."}"#,
    );
    assert_eq!(
        (capped.error.as_deref(), capped.limit),
        (Some("too_many_proposals"), Some(3))
    );
    for not_json in ["", "<html>Thanks!</html>", "[1, 2]", "null"] {
        let body = read_body(not_json);
        assert!(body.id.is_none() && body.errors.is_empty(), "{not_json}");
    }
}

#[wasm_bindgen_test]
async fn after_the_deadline_the_call_shows_closed_with_no_form() {
    let (host, _widget) = mounted(SCIPY).await;
    assert!(host.query_selector("form").unwrap().is_none());
    assert_eq!(
        text(&host, ".cfp-closed h2"),
        "The call for proposals for SciPy 2020 has closed"
    );
    let time = find(&host, ".cfp-closed time");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2020-02-11T23:59:59-06:00")
    );
    assert!(time.text_content().unwrap().contains("2020"));
}
