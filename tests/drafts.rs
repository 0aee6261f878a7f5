//! Drafts in real headless Chromium: autosave and restore across mounts, a corrupt or old
//! draft set aside, storage that refuses, another tab saving the same event's draft, and a
//! draft kept readable after the deadline.
#![cfg(target_arch = "wasm32")]

mod support;

use std::time::Duration;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlInputElement, HtmlTextAreaElement, Storage, StorageEvent, StorageEventInit};

wasm_bindgen_test_configure!(run_in_browser);

const DASK: &str = include_str!("../events/dask-summit-2021.json");
const SCIPY: &str = include_str!("../events/scipy-2020.json");

fn storage() -> Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// The Dask config under an event id of its own, with no draft stored for it yet.
fn dask_as(id: &str) -> String {
    storage().remove_item(&format!("cfp-draft:{id}")).unwrap();
    storage()
        .remove_item(&format!("cfp-draft:{id}:set-aside"))
        .unwrap();
    DASK.replacen(
        "\"id\": \"dask-summit-2021\"",
        &format!("\"id\": \"{id}\""),
        1,
    )
}

fn value(host: &web_sys::Element, selector: &str) -> String {
    let el = find(host, selector);
    match el.dyn_ref::<HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => el.unchecked_into::<HtmlInputElement>().value(),
    }
}

fn run_js(source: &str) {
    js_sys::Function::new_no_args(source)
        .call0(&wasm_bindgen::JsValue::UNDEFINED)
        .unwrap();
}

async fn saved(id: &str) -> serde_json::Value {
    let key = format!("cfp-draft:{id}");
    wait_until(Duration::from_secs(3), "the draft to be saved", || {
        storage().get_item(&key).unwrap().is_some()
    })
    .await;
    serde_json::from_str(&storage().get_item(&key).unwrap().unwrap()).unwrap()
}

#[wasm_bindgen_test]
async fn a_draft_is_saved_after_a_pause_and_restored_on_the_next_visit() {
    let config = dask_as("drafts-restore");
    let (host, widget) = mounted_as_is(&config).await;
    type_into(&host, "#cfp-field-title", "Scaling Machine Learning").await;
    type_into(
        &host,
        "#cfp-field-abstract",
        "Dask on a laptop, then on a cluster.",
    )
    .await;
    type_into(&host, "#cfp-field-speakers-0-email", "james@example.org").await;
    assert!(
        storage()
            .get_item("cfp-draft:drafts-restore")
            .unwrap()
            .is_none(),
        "nothing is written while typing goes on"
    );
    let draft = saved("drafts-restore").await;
    assert_eq!(draft["v"], 1);
    assert_eq!(draft["proposal"]["title"], "Scaling Machine Learning");
    let key = draft["key"].as_str().unwrap().to_owned();
    drop(widget);
    host.remove();

    let (host, _widget) = mounted_as_is(&config).await;
    settle().await;
    assert_eq!(value(&host, "#cfp-field-title"), "Scaling Machine Learning");
    assert_eq!(
        value(&host, "#cfp-field-abstract"),
        "Dask on a laptop, then on a cluster."
    );
    assert_eq!(
        value(&host, "#cfp-field-speakers-0-email"),
        "james@example.org"
    );
    let notice = text(&host, ".cfp-draft");
    assert!(
        notice.starts_with("We restored your draft from "),
        "{notice}"
    );
    assert_eq!(
        find(&host, ".cfp-draft").get_attribute("role").as_deref(),
        Some("status")
    );
    assert_ne!(
        active_id(),
        "cfp-field-title",
        "restoring does not steal focus"
    );
    // The restored draft keeps its Idempotency-Key: a send cut short is retried under it.
    assert_eq!(saved("drafts-restore").await["key"], key.as_str());

    click(&host, ".cfp-draft button").await;
    assert_eq!(value(&host, "#cfp-field-title"), "");
    assert!(storage()
        .get_item("cfp-draft:drafts-restore")
        .unwrap()
        .is_none());
    focus_lands("the title", || active_id() == "cfp-field-title").await;
}

#[wasm_bindgen_test]
async fn a_corrupt_or_old_draft_is_set_aside_never_fatal() {
    for (id, stored) in [
        ("drafts-corrupt", "{\"v\":1,\"proposal\":{\"title\":"),
        ("drafts-old", "{\"v\":0,\"saved_at\":1,\"proposal\":{}}"),
    ] {
        let config = dask_as(id);
        storage()
            .set_item(&format!("cfp-draft:{id}"), stored)
            .unwrap();
        let (host, _widget) = mounted_as_is(&config).await;
        settle().await;
        assert!(
            host.query_selector("form").unwrap().is_some(),
            "the form still works"
        );
        assert_eq!(value(&host, "#cfp-field-title"), "");
        assert!(
            text(&host, ".cfp-draft").contains("could not restore an earlier draft"),
            "{}",
            text(&host, ".cfp-draft")
        );
        let link = find(&host, ".cfp-draft a");
        assert!(link.get_attribute("href").unwrap().starts_with("data:"));
        assert_eq!(
            storage()
                .get_item(&format!("cfp-draft:{id}:set-aside"))
                .unwrap()
                .as_deref(),
            Some(stored),
            "the old text is kept"
        );
        // A new draft can be saved beside it.
        type_into(&host, "#cfp-field-title", "New text").await;
        assert_eq!(saved(id).await["proposal"]["title"], "New text");
    }
}

#[wasm_bindgen_test]
async fn when_storage_refuses_the_form_keeps_working_and_says_so() {
    let config = dask_as("drafts-refused");
    // What a full or blocked storage does: setItem throws.
    run_js("Storage.prototype.__cfpSetItem = Storage.prototype.setItem; Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };");
    let (host, _widget) = mounted_as_is(&config).await;
    type_into(&host, "#cfp-field-title", "Kept in the page").await;
    wait_until(Duration::from_secs(3), "the unavailable notice", || {
        text(&host, ".cfp-draft").contains("not letting the page save drafts")
    })
    .await;
    run_js("Storage.prototype.setItem = Storage.prototype.__cfpSetItem;");
    assert_eq!(value(&host, "#cfp-field-title"), "Kept in the page");
    type_into(&host, "#cfp-field-title", "Kept in the page, still").await;
    assert_eq!(value(&host, "#cfp-field-title"), "Kept in the page, still");
}

#[wasm_bindgen_test]
async fn another_tab_saving_the_same_draft_pauses_saving_until_the_speaker_chooses() {
    let config = dask_as("drafts-tabs");
    let (host, _widget) = mounted_as_is(&config).await;
    type_into(&host, "#cfp-field-title", "This tab's title").await;
    let mine = saved("drafts-tabs").await;

    // The other tab's save, as the browser reports it here.
    let mut theirs = mine.clone();
    theirs["tab"] = "another-tab".into();
    theirs["proposal"]["title"] = "The other tab's title".into();
    let text_of_theirs = theirs.to_string();
    storage()
        .set_item("cfp-draft:drafts-tabs", &text_of_theirs)
        .unwrap();
    let init = StorageEventInit::new();
    init.set_key(Some("cfp-draft:drafts-tabs"));
    init.set_new_value(Some(&text_of_theirs));
    let event = StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    settle().await;

    assert!(text(&host, ".cfp-draft").contains("You changed this proposal in another tab"));
    type_into(&host, "#cfp-field-title", "This tab's title, edited").await;
    yew::platform::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        storage()
            .get_item("cfp-draft:drafts-tabs")
            .unwrap()
            .as_deref(),
        Some(text_of_theirs.as_str()),
        "the other tab's draft is not overwritten while the speaker has not chosen"
    );

    click(&host, ".cfp-draft button").await; // "Use the other tab's version"
    assert_eq!(value(&host, "#cfp-field-title"), "The other tab's title");
}

#[wasm_bindgen_test]
async fn after_the_deadline_a_kept_draft_stays_readable_and_downloadable() {
    let draft = serde_json::json!({
        "v": 1, "saved_at": 1.58e12, "tab": "t", "key": "k",
        "proposal": { "title": "HPC with Numba", "format": "talk", "track": "hpc",
                      "abstract": "Fast loops.", "description": "", "speakers": [], "code_of_conduct": false }
    });
    storage()
        .set_item("cfp-draft:scipy-2020", &draft.to_string())
        .unwrap();
    let (host, _widget) = mounted_as_is(SCIPY).await;
    settle().await;
    assert!(host.query_selector("form").unwrap().is_none());
    let kept = find(&host, "#cfp-closed-draft")
        .unchecked_into::<HtmlTextAreaElement>()
        .value();
    assert!(kept.contains("HPC with Numba"), "{kept}");
    let link = find(&host, ".cfp-closed a[download]");
    assert_eq!(link.text_content().unwrap(), "Download your draft");
    storage().remove_item("cfp-draft:scipy-2020").unwrap();
}
