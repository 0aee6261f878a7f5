//! The widget in real headless Chromium (wasm-bindgen-test through chromedriver): mount it
//! with the shipped event configs, type, read the count, submit, follow the summary links.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const DASK: &str = include_str!("../events/dask-summit-2021.json");
const SCIPY: &str = include_str!("../events/scipy-2020.json");

/// A fresh host element with a widget mounted from `config`, plus the handle keeping it alive.
async fn mounted(config: &str) -> (Element, cfp_widget::Mounted) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = cfp_widget::mount(host.clone(), Some(config));
    settle().await;
    (host, handle)
}

/// Let Yew's scheduler render.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(20)).await;
}

fn find(host: &Element, selector: &str) -> Element {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn text(host: &Element, selector: &str) -> String {
    find(host, selector).text_content().unwrap_or_default()
}

fn active_id() -> String {
    let document = web_sys::window().unwrap().document().unwrap();
    document
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

async fn type_into(host: &Element, selector: &str, value: &str) {
    let el = find(host, selector);
    if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    } else {
        el.dyn_ref::<HtmlInputElement>().unwrap().set_value(value);
    }
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
}

async fn click(host: &Element, selector: &str) {
    find(host, selector).unchecked_into::<HtmlElement>().click();
    settle().await;
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
    assert_eq!(text(&host, ".cfp-count"), "You have 296 words remaining");
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
    assert!(summary.contains(
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element()
            .as_ref()
            .map(|e| e.unchecked_ref())
    ));

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
        settle().await;
        assert_eq!(active_id(), field);
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
    assert_eq!(
        text(&host, "#cfp-field-abstract-error"),
        "Error: Abstract must be 300 words or fewer; you have 342"
    );
}

#[wasm_bindgen_test]
async fn a_valid_proposal_shows_the_json_to_be_sent() {
    let (host, _widget) = mounted(DASK).await;
    type_into(
        &host,
        "#cfp-field-title",
        "Scaling Machine Learning With Python and Dask",
    )
    .await;
    click(&host, "#cfp-field-format").await;
    type_into(&host, "#cfp-field-abstract", &vec!["Dask"; 40].join(" ")).await;
    type_into(&host, "#cfp-field-speakers-0-name", "James Lamb").await;
    type_into(&host, "#cfp-field-speakers-0-email", "james@example.org").await;
    click(&host, "#cfp-field-code_of_conduct").await;
    click(&host, "button[type='submit']").await;

    assert!(host.query_selector(".cfp-error-summary").unwrap().is_none());
    let panel = find(&host, ".cfp-ready");
    assert_eq!(
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element()
            .as_ref(),
        Some(&panel)
    );
    let json: HtmlTextAreaElement = find(&host, "#cfp-json-preview").unchecked_into();
    let sent: cfp_core::Proposal = serde_json::from_str(&json.value()).unwrap();
    assert_eq!(sent.title, "Scaling Machine Learning With Python and Dask");
    assert_eq!(sent.format.as_deref(), Some("talk"));
    assert!(sent.code_of_conduct);
    assert_eq!(sent.speakers[0].email, "james@example.org");
}

#[wasm_bindgen_test]
async fn scipy_requires_a_track_from_its_two() {
    let (host, _widget) = mounted(SCIPY).await;
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
    let _widget = cfp_widget::mount(host.clone(), None);
    settle().await;
    assert!(text(&host, ".cfp-config-error li").contains("no event config found"));
}
