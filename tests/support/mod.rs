//! Helpers shared by the browser test files: mount a widget, type, click, wait, read.
#![allow(dead_code)]

use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

/// A widget mounted from `config` on a fresh host element: the element it renders into
/// (inside the host's shadow root, where the helpers below search), and its handle. The event gets an id of its own, so that drafts saved by one test are never
/// restored by another.
pub async fn mounted(config: &str) -> (Element, cfp_widget::Mounted) {
    thread_local!(static MOUNTS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    let n = MOUNTS.with(|m| {
        m.set(m.get() + 1);
        m.get()
    });
    mounted_as_is(&config.replacen("\"id\": \"", &format!("\"id\": \"t{n}-"), 1)).await
}

/// Like `mounted`, keeping the config's event id (for tests of drafts across mounts).
pub async fn mounted_as_is(config: &str) -> (Element, cfp_widget::Mounted) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = cfp_widget::mount(host, Some(config));
    settle().await;
    (handle.root().clone(), handle)
}

/// Let Yew's scheduler render.
pub async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(20)).await;
}

pub fn find(host: &Element, selector: &str) -> Element {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub fn text(host: &Element, selector: &str) -> String {
    find(host, selector).text_content().unwrap_or_default()
}

pub fn active_id() -> String {
    active_element().map(|e| e.id()).unwrap_or_default()
}

/// The focused element, looking inside shadow roots (the document's active element is the
/// widget's host when focus is in the widget).
pub fn active_element() -> Option<Element> {
    let mut active = web_sys::window()?.document()?.active_element()?;
    while let Some(inner) = active.shadow_root().and_then(|s| s.active_element()) {
        active = inner;
    }
    Some(active)
}

pub async fn type_into(host: &Element, selector: &str, value: &str) {
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

pub async fn click(host: &Element, selector: &str) {
    find(host, selector).unchecked_into::<HtmlElement>().click();
    settle().await;
}

/// Poll until `done` holds, for at most `limit`.
pub async fn wait_until(limit: Duration, what: &str, done: impl Fn() -> bool) {
    let step = Duration::from_millis(50);
    let mut waited = Duration::ZERO;
    while !done() {
        assert!(waited < limit, "waited {limit:?} for {what}");
        yew::platform::time::sleep(step).await;
        waited += step;
    }
}

pub fn is_focused(el: &Element) -> bool {
    active_element().as_ref() == Some(el)
}

/// Wait (up to 2 s) until `check` says focus is where it should be: the widget moves focus
/// in an effect after rendering, which a loaded machine can run late.
pub async fn focus_lands(what: &str, check: impl Fn() -> bool) {
    wait_until(Duration::from_secs(2), &format!("focus on {what}"), check).await;
}
