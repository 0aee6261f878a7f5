//! Embedding, in real headless Chromium: where a host element's config comes from
//! (data-config, data-config-url, an object passed to `mount`), the open shadow root the
//! widget renders into, `unmount()`, and the `cfp:error` event a host page can listen to.
#![cfg(target_arch = "wasm32")]

mod support;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const DASK: &str = include_str!("../events/dask-summit-2021.json");

/// A host element in the document with the given attributes, and nothing mounted yet.
fn host_with(attributes: &[(&str, &str)]) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    for (name, value) in attributes {
        host.set_attribute(name, value).unwrap();
    }
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// A `<script type="application/json" id=...>` block in the document.
fn config_block(id: &str, json: &str) {
    let document = web_sys::window().unwrap().document().unwrap();
    let block = document.create_element("script").unwrap();
    block.set_attribute("type", "application/json").unwrap();
    block.set_attribute("id", id).unwrap();
    block.set_text_content(Some(json));
    document.body().unwrap().append_child(&block).unwrap();
}

fn title(root: &Element) -> String {
    text(root, ".cfp-form__title")
}

#[wasm_bindgen_test]
async fn data_config_names_the_json_block_by_selector() {
    config_block("embed-config-a", DASK);
    let host = host_with(&[("data-cfp-widget", ""), ("data-config", "#embed-config-a")]);
    let widget = cfp_widget::mount(host.clone(), None);
    settle().await;
    assert!(title(widget.root()).contains("Dask User Summit 2021"));

    let shadow = host
        .shadow_root()
        .expect("the widget renders in a shadow root");
    assert_eq!(shadow.mode(), web_sys::ShadowRootMode::Open);
    assert!(
        host.query_selector("form").unwrap().is_none(),
        "nothing of the widget is in the host page's DOM"
    );

    let host = host_with(&[("data-config", "#no-such-block")]);
    let widget = cfp_widget::mount(host, None);
    settle().await;
    let message = text(widget.root(), ".cfp-config-error li");
    assert!(
        message.contains("data-config=\"#no-such-block\" matches no element"),
        "{message}"
    );
}

#[wasm_bindgen_test]
async fn data_config_url_is_fetched_and_a_failed_fetch_is_explained() {
    let url = format!(
        "data:application/json,{}",
        String::from(js_sys::encode_uri_component(DASK))
    );
    let host = host_with(&[("data-config-url", &url)]);
    let widget = cfp_widget::mount(host, None);
    let root = widget.root().clone();
    wait_until(Duration::from_secs(5), "the fetched config's form", || {
        root.query_selector("form").unwrap().is_some()
    })
    .await;
    assert!(title(&root).contains("Dask User Summit 2021"));

    // The test runner's server answers 404 for paths it does not know.
    let host = host_with(&[("data-config-url", "/cfp/no-such-event.json")]);
    let widget = cfp_widget::mount(host, None);
    let root = widget.root().clone();
    wait_until(Duration::from_secs(5), "the config error box", || {
        root.query_selector(".cfp-config-error").unwrap().is_some()
    })
    .await;
    let message = text(&root, ".cfp-config-error li");
    assert!(
        message.contains("/cfp/no-such-event.json: the server answered 404"),
        "{message}"
    );
}

#[wasm_bindgen_test]
async fn mount_takes_a_config_object_and_unmount_empties_the_shadow_root() {
    let host = host_with(&[]);
    let config = js_sys::JSON::parse(DASK).unwrap();
    let widget = cfp_widget::embed::mount(host.clone(), config, None);
    settle().await;
    let shadow = host.shadow_root().unwrap();
    assert!(shadow.query_selector("form").unwrap().is_some());

    widget.unmount();
    settle().await;
    assert_eq!(
        shadow.child_element_count(),
        0,
        "unmount leaves nothing behind"
    );
    // The listeners the form had on window are gone with it: these must not reach it.
    let window = web_sys::window().unwrap();
    for name in ["online", "pagehide", "storage"] {
        window
            .dispatch_event(&web_sys::Event::new(name).unwrap())
            .unwrap();
    }
    settle().await;

    // The same host can take a widget again.
    let widget = cfp_widget::embed::mount(host.clone(), JsValue::from_str(DASK), None);
    settle().await;
    assert!(shadow.query_selector("form").unwrap().is_some());
    widget.unmount();
}

#[wasm_bindgen_test]
async fn a_broken_config_fires_cfp_error_with_every_problem() {
    let host = host_with(&[]);
    let heard: Rc<RefCell<Vec<JsValue>>> = Rc::default();
    let listener = {
        let heard = heard.clone();
        gloo_events::EventListener::new(&host, "cfp:error", move |event| {
            let event: &web_sys::CustomEvent = event.unchecked_ref();
            heard.borrow_mut().push(event.detail());
        })
    };
    let broken = DASK.replace("\"minutes\": 30", "\"minutes\": \"30\"");
    let _widget = cfp_widget::embed::mount(host, JsValue::from_str(&broken), None);
    settle().await;
    drop(listener);

    let heard = heard.borrow();
    assert_eq!(heard.len(), 1, "one cfp:error event");
    let detail = &heard[0];
    let get = |key: &str| js_sys::Reflect::get(detail, &key.into()).unwrap();
    assert_eq!(get("code").as_string().as_deref(), Some("config"));
    let errors: js_sys::Array = get("errors").unchecked_into();
    assert_eq!(errors.length(), 1);
    let path = js_sys::Reflect::get(&errors.get(0), &"path".into()).unwrap();
    assert_eq!(path.as_string().as_deref(), Some("formats[0].minutes"));
}
