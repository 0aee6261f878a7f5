//! Workshop blocks, co-speakers and custom questions in real headless Chromium: talks
//! added, removed and moved with focus where the speaker carries on and a polite
//! announcement, "Add a talk" disabled at the format's max, a speaker picked from the
//! people already entered, questions shown only while they apply, and a workshop's talks
//! restored after a remount.
#![cfg(target_arch = "wasm32")]

mod support;

use std::time::Duration;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlButtonElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const DASK: &str = include_str!("../events/dask-summit-2021.json");
const SCIPY_OPEN: &str = include_str!("../events/scipy-2020-demo.json");

fn value(host: &Element, selector: &str) -> String {
    let el = find(host, selector);
    match el.dyn_ref::<HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => el.unchecked_into::<HtmlInputElement>().value(),
    }
}

fn exists(host: &Element, selector: &str) -> bool {
    host.query_selector(selector).unwrap().is_some()
}

fn announced(host: &Element) -> String {
    text(host, ".cfp-form > [aria-live='polite']")
        .trim_end_matches('\u{a0}')
        .to_owned()
}

/// The Dask form with the workshop format chosen and `n` talks titled "Talk A", "Talk B"...
async fn workshop_with(host: &Element, n: usize) {
    click(host, "#cfp-field-format-1").await;
    for i in 0..n {
        click(host, "#cfp-talks-add").await;
        let title = format!("Talk {}", (b'A' + i as u8) as char);
        type_into(host, &format!("#cfp-field-talks-{i}-title"), &title).await;
    }
}

/// Wait (briefly) for focus to land on `id`: the focus effect runs after Yew's render.
async fn focus_on(id: &str, why: &str) {
    wait_until(
        Duration::from_secs(2),
        &format!("focus on {id} ({why})"),
        || active_id() == id,
    )
    .await;
}

fn titles(host: &Element) -> Vec<String> {
    let list = host
        .query_selector_all(".cfp-list__item input[name$='].title']")
        .unwrap();
    (0..list.length())
        .map(|i| {
            list.item(i)
                .unwrap()
                .unchecked_into::<HtmlInputElement>()
                .value()
        })
        .collect()
}

#[wasm_bindgen_test]
async fn choosing_the_workshop_turns_the_form_into_a_block_with_talks() {
    let (host, _widget) = mounted(DASK).await;
    assert!(
        !exists(&host, "#cfp-field-talks"),
        "a talk has no talks list"
    );
    assert_eq!(text(&host, "label[for='cfp-field-title']"), "Title");
    click(&host, "#cfp-field-format-1").await;
    assert_eq!(
        text(&host, "label[for='cfp-field-title']"),
        "Workshop title"
    );
    assert_eq!(
        text(&host, "label[for='cfp-field-abstract']"),
        "Theme and description"
    );
    assert_eq!(
        text(&host, "#cfp-field-talks-hint"),
        "A workshop has 3 to 5 talks, 2 hours in all."
    );
    click(&host, "#cfp-talks-add").await;
    focus_on("cfp-field-talks-0-title", "").await;
    assert_eq!(announced(&host), "Talk 1 added");
    assert_eq!(text(&host, ".cfp-list__item legend"), "Talk 1");
    assert!(text(&host, "#cfp-field-talks-0-abstract-hint").contains("30 to 200 words"));
    let minutes = find(&host, "#cfp-field-talks-0-minutes");
    assert_eq!(minutes.get_attribute("type").as_deref(), Some("number"));
    type_into(&host, "#cfp-field-talks-0-minutes", "45").await;
    assert_eq!(
        text(&host, ".cfp-list__total"),
        "Talks so far: 45 minutes of 2 hours"
    );
}

#[wasm_bindgen_test]
async fn talks_are_removed_and_moved_with_focus_and_an_announcement() {
    let (host, _widget) = mounted(DASK).await;
    workshop_with(&host, 4).await;
    assert_eq!(titles(&host), ["Talk A", "Talk B", "Talk C", "Talk D"]);
    assert!(
        !exists(&host, "#cfp-talk-0-up"),
        "the first talk has no Move up"
    );
    assert!(
        !exists(&host, "#cfp-talk-3-down"),
        "the last has no Move down"
    );
    assert_eq!(
        text(&host, "#cfp-talk-1-remove"),
        "Remove talk 2",
        "each button names its talk"
    );

    click(&host, "#cfp-talk-2-up").await;
    assert_eq!(titles(&host), ["Talk A", "Talk C", "Talk B", "Talk D"]);
    focus_on("cfp-talk-1-up", "focus stays on the moved button").await;
    assert_eq!(announced(&host), "Talk 3 moved up to position 2");
    click(&host, "#cfp-talk-1-up").await;
    assert_eq!(titles(&host), ["Talk C", "Talk A", "Talk B", "Talk D"]);
    focus_on("cfp-talk-0-down", "at the top, its other button").await;
    click(&host, "#cfp-talk-0-down").await;
    assert_eq!(titles(&host), ["Talk A", "Talk C", "Talk B", "Talk D"]);
    focus_on("cfp-talk-1-down", "").await;

    click(&host, "#cfp-talk-1-remove").await;
    assert_eq!(titles(&host), ["Talk A", "Talk B", "Talk D"]);
    focus_on("cfp-field-talks-1-title", "the next talk").await;
    assert_eq!(announced(&host), "Talk 2 removed");
    click(&host, "#cfp-talk-2-remove").await;
    focus_on("cfp-field-talks-1-title", "the previous talk").await;
    click(&host, "#cfp-talk-1-remove").await;
    click(&host, "#cfp-talk-0-remove").await;
    assert!(titles(&host).is_empty());
    focus_on("cfp-talks-add", "no talk left: the Add button").await;
}

#[wasm_bindgen_test]
async fn add_is_disabled_at_five_talks_with_a_hint_saying_why() {
    let (host, _widget) = mounted(DASK).await;
    workshop_with(&host, 4).await;
    let add = find(&host, "#cfp-talks-add").unchecked_into::<HtmlButtonElement>();
    assert!(!add.disabled());
    assert!(!exists(&host, "#cfp-field-talks-add-hint"));
    click(&host, "#cfp-talks-add").await;
    let add = find(&host, "#cfp-talks-add").unchecked_into::<HtmlButtonElement>();
    assert!(add.disabled());
    assert_eq!(
        add.get_attribute("aria-describedby").as_deref(),
        Some("cfp-field-talks-add-hint")
    );
    assert_eq!(
        text(&host, "#cfp-field-talks-add-hint"),
        "A workshop has at most 5 talks"
    );
    add.click();
    settle().await;
    assert_eq!(titles(&host).len(), 5);
    click(&host, "#cfp-talk-4-remove").await;
    assert!(!find(&host, "#cfp-talks-add")
        .unchecked_into::<HtmlButtonElement>()
        .disabled());
}

#[wasm_bindgen_test]
async fn the_summary_links_to_a_talks_field_and_to_the_talks_list() {
    let (host, _widget) = mounted(DASK).await;
    workshop_with(&host, 2).await;
    click(&host, "button[type='submit']").await;
    // Let the summary take focus first, as it does after Submit, so it cannot take it
    // back from the links' targets below.
    let summary = find(&host, ".cfp-error-summary");
    wait_until(Duration::from_secs(2), "the summary's focus", || {
        is_focused(&summary)
    })
    .await;
    let link = find(&host, ".cfp-error-summary a[href='#cfp-field-talks']");
    assert_eq!(
        link.text_content().unwrap(),
        "Add at least 3 talks; this workshop has 2"
    );
    link.unchecked_into::<web_sys::HtmlElement>().click();
    settle().await;
    focus_on("cfp-field-talks", "").await;
    let link = find(
        &host,
        ".cfp-error-summary a[href='#cfp-field-talks-1-abstract']",
    );
    assert_eq!(link.text_content().unwrap(), "Enter an abstract for talk 2");
    link.unchecked_into::<web_sys::HtmlElement>().click();
    settle().await;
    focus_on("cfp-field-talks-1-abstract", "").await;
    assert_eq!(
        text(&host, "#cfp-field-talks-1-abstract-error"),
        "Error: Enter an abstract for talk 2"
    );
}

#[wasm_bindgen_test]
async fn a_talks_speaker_is_picked_from_the_people_already_entered() {
    let (host, _widget) = mounted(DASK).await;
    type_into(&host, "#cfp-field-speakers-0-name", "James Lamb").await;
    type_into(&host, "#cfp-field-speakers-0-email", "james@example.org").await;
    workshop_with(&host, 2).await;
    let pick = find(&host, "[aria-labelledby='cfp-talk-1-same'] button");
    assert_eq!(pick.text_content().unwrap(), "James Lamb");
    pick.unchecked_into::<web_sys::HtmlElement>().click();
    settle().await;
    assert_eq!(
        value(&host, "#cfp-field-talks-1-speaker_name"),
        "James Lamb"
    );
    assert_eq!(
        value(&host, "#cfp-field-talks-1-speaker_email"),
        "james@example.org"
    );
    assert_eq!(announced(&host), "James Lamb is the speaker of talk 2");
    assert_eq!(
        text(&host, "#cfp-talk-1-same-0"),
        "James Lamb",
        "the button stays, so focus is not lost"
    );
    let talk_0 = "[aria-labelledby='cfp-talk-0-same'] button";
    assert_eq!(
        text(&host, talk_0),
        "James Lamb",
        "only once, though in twice"
    );
}

#[wasm_bindgen_test]
async fn co_speakers_are_added_up_to_four_and_removed() {
    let (host, _widget) = mounted(DASK).await;
    for n in 1..4 {
        click(&host, "#cfp-speakers-add").await;
        focus_on(&format!("cfp-field-speakers-{n}-name"), "").await;
    }
    assert!(find(&host, "#cfp-speakers-add")
        .unchecked_into::<HtmlButtonElement>()
        .disabled());
    assert_eq!(
        text(&host, "#cfp-field-speakers-add-hint"),
        "A proposal has at most 4 speakers"
    );
    assert!(!exists(&host, "#cfp-speaker-0-remove"), "the contact stays");
    type_into(&host, "#cfp-field-speakers-2-name", "Ann").await;
    click(&host, "#cfp-speaker-1-remove").await;
    assert_eq!(value(&host, "#cfp-field-speakers-1-name"), "Ann");
    focus_on("cfp-field-speakers-1-name", "").await;
    assert_eq!(announced(&host), "Speaker 2 removed");
}

#[wasm_bindgen_test]
async fn a_question_scoped_to_a_format_comes_and_goes_with_it() {
    let (host, _widget) = mounted(SCIPY_OPEN).await;
    let question = "#cfp-field-answers-proceedings";
    assert!(!exists(&host, question), "no format chosen yet");
    click(&host, "#cfp-field-format").await;
    assert!(exists(&host, question));
    assert!(text(
        &host,
        ".cfp-fieldset:has(#cfp-field-answers-proceedings) legend"
    )
    .starts_with("Would you write a paper for the proceedings? (optional)"));
    click(&host, "#cfp-field-answers-proceedings-1").await;
    click(&host, "#cfp-field-format-1").await;
    assert!(!exists(&host, question), "a poster is not asked");
    click(&host, "#cfp-field-format").await;
    assert!(
        find(&host, "#cfp-field-answers-proceedings-1")
            .unchecked_into::<HtmlInputElement>()
            .checked(),
        "the answer was kept in the draft"
    );
}

#[wasm_bindgen_test]
async fn dask_asks_its_two_yes_no_questions() {
    let (host, _widget) = mounted(DASK).await;
    assert_eq!(
        text(&host, "label[for='cfp-field-answers-first-talk']"),
        "Yes"
    );
    assert_eq!(
        text(&host, "label[for='cfp-field-answers-ticket-assistance-1']"),
        "No"
    );
}

#[wasm_bindgen_test]
async fn a_workshop_with_talks_is_restored_after_a_remount() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("cfp-draft:workshop-restore").unwrap();
    let config = DASK.replacen(
        "\"id\": \"dask-summit-2021\"",
        "\"id\": \"workshop-restore\"",
        1,
    );
    let (host, widget) = mounted_as_is(&config).await;
    workshop_with(&host, 3).await;
    type_into(&host, "#cfp-field-talks-2-minutes", "40").await;
    click(&host, "#cfp-field-answers-first-talk").await;
    wait_until(Duration::from_secs(3), "the draft to be saved", || {
        storage
            .get_item("cfp-draft:workshop-restore")
            .unwrap()
            .is_some_and(|d| d.contains("Talk C") && d.contains("first-talk"))
    })
    .await;
    drop(widget);
    host.remove();

    let (host, _widget) = mounted_as_is(&config).await;
    settle().await;
    assert_eq!(titles(&host), ["Talk A", "Talk B", "Talk C"]);
    assert_eq!(value(&host, "#cfp-field-talks-2-minutes"), "40");
    assert!(find(&host, "#cfp-field-format-1")
        .unchecked_into::<HtmlInputElement>()
        .checked());
    assert!(find(&host, "#cfp-field-answers-first-talk")
        .unchecked_into::<HtmlInputElement>()
        .checked());
    storage.remove_item("cfp-draft:workshop-restore").unwrap();
}

#[wasm_bindgen_test]
async fn a_number_answer_is_written_back_as_typed_after_a_remount() {
    let config = DASK
        .replace(
            r#""id": "dask-summit-2021""#,
            r#""id": "number-answer-test""#,
        )
        .replace(
            r#""questions": ["#,
            r#""questions": [
    { "id": "group-size", "label": "How many people come with you?", "kind": "number", "min": 0, "max": 10.5 },"#,
        );
    let input = "#cfp-field-answers-group-size";
    let (host, widget) = mounted_as_is(&config).await;
    type_into(&host, input, "2.5").await;
    let hint_id = find(&host, input)
        .get_attribute("aria-describedby")
        .unwrap_or_default();
    let hint = text(&host, &format!("#{}", hint_id.split(' ').next().unwrap()));
    assert!(
        hint.contains("10.5"),
        "the browser writes the bound: {hint}"
    );
    // Saved with the draft, the number reads back as the speaker typed it. (Waiting for
    // the save itself: a fixed 800 ms was once too short on a loaded machine.)
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    wait_until(Duration::from_secs(5), "the draft to be saved", || {
        storage
            .get_item("cfp-draft:number-answer-test")
            .unwrap()
            .is_some_and(|d| d.contains("\"group-size\":2.5"))
    })
    .await;
    widget.unmount();
    let (host, _widget) = mounted_as_is(&config).await;
    // The restored draft renders after the mount returns; 20 ms was not always enough.
    wait_until(Duration::from_secs(3), "the number answer restored", || {
        host.query_selector(input).ok().flatten().is_some() && value(&host, input) == "2.5"
    })
    .await;
    assert_eq!(value(&host, input), "2.5");
}
