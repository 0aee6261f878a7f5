//! The widget in German and Spanish, in headless Chromium: chosen by the config's `locale`
//! or, without one, by the page's `lang`; plural forms from the browser's Intl.PluralRules
//! and numbers grouped as the locale writes them.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

const DASK: &str = include_str!("../events/dask-summit-2021.json");
const LOCALE_EN: &str = r#""locale": "en","#;

/// The Dask config with its locale line replaced by `locale` ("" for none).
fn dask_in(locale: &str) -> String {
    assert!(DASK.contains(LOCALE_EN), "the Dask config changed");
    DASK.replace(LOCALE_EN, locale)
}

#[wasm_bindgen_test]
async fn a_german_config_speaks_german_and_its_errors_too() {
    let (host, _widget) = mounted(&dask_in(r#""locale": "de","#)).await;
    assert_eq!(
        text(&host, ".cfp-form__title"),
        "Schlagen Sie einen Vortrag für Dask User Summit 2021 vor"
    );
    assert_eq!(text(&host, "label[for='cfp-field-title']"), "Titel");
    // Screen readers pronounce it as German, whatever the page's language.
    assert_eq!(
        find(&host, ".cfp-widget").get_attribute("lang").as_deref(),
        Some("de")
    );
    assert_eq!(text(&host, "button[type='submit']"), "Vorschlag einreichen");
    click(&host, "button[type='submit']").await;
    assert_eq!(
        text(&host, ".cfp-error-summary__title"),
        "Es gibt ein Problem"
    );
    let summary = text(&host, ".cfp-error-summary__list");
    assert!(
        summary.contains("Geben Sie einen Titel für Ihren Vorschlag ein"),
        "{summary}"
    );
    assert!(summary.contains("Wählen Sie ein Format"), "{summary}");
    assert_eq!(
        text(&host, "#cfp-field-title-error"),
        "Fehler: Geben Sie einen Titel für Ihren Vorschlag ein"
    );
}

/// A widget mounted from `config` in a host inside a `<section lang="{lang}">`: the element
/// it renders into (inside the host's shadow root) and its handle.
async fn mounted_in(lang: &str, config: &str) -> (Element, cfp_widget::Mounted) {
    thread_local!(static MOUNTS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    let n = MOUNTS.with(|m| {
        m.set(m.get() + 1);
        m.get()
    });
    let document = web_sys::window().unwrap().document().unwrap();
    let section = document.create_element("section").unwrap();
    section.set_attribute("lang", lang).unwrap();
    let host = document.create_element("div").unwrap();
    section.append_child(&host).unwrap();
    document.body().unwrap().append_child(&section).unwrap();
    let id = format!("\"id\": \"{}{n}-", lang.to_ascii_lowercase());
    let config = config.replacen("\"id\": \"", &id, 1);
    let widget = cfp_widget::mount(host, Some(&config));
    settle().await;
    (widget.root().clone(), widget)
}

#[wasm_bindgen_test]
async fn without_a_locale_the_pages_lang_decides() {
    let (host, _widget) = mounted_in("es-MX", &dask_in("")).await;
    assert_eq!(
        text(&host, ".cfp-form__title"),
        "Proponga una charla para Dask User Summit 2021"
    );
    assert_eq!(text(&host, "button[type='submit']"), "Enviar propuesta");
    assert_eq!(
        find(&host, ".cfp-widget").get_attribute("lang").as_deref(),
        Some("es-MX")
    );
    click(&host, "button[type='submit']").await;
    assert_eq!(text(&host, ".cfp-error-summary__title"), "Hay un problema");
    let summary = text(&host, ".cfp-error-summary__list");
    assert!(
        summary.contains("Escriba un título para su propuesta"),
        "{summary}"
    );
}

#[wasm_bindgen_test]
async fn an_unsupported_locale_falls_back_to_english() {
    let (host, _widget) = mounted(&dask_in(r#""locale": "fr-CA","#)).await;
    assert_eq!(text(&host, "button[type='submit']"), "Submit proposal");
}

#[wasm_bindgen_test]
async fn german_counts_pluralise_and_group_thousands() {
    let (host, _widget) = mounted(&dask_in(r#""locale": "de","#)).await;
    // The description allows 1000 words.
    assert_eq!(
        text(&host, "#cfp-field-description + .cfp-count"),
        "Sie haben noch 1.000 Wörter übrig"
    );
    let words = |n| vec!["Dask"; n].join(" ");
    type_into(&host, "#cfp-field-abstract", &words(299)).await;
    assert_eq!(
        text(&host, "#cfp-field-abstract + .cfp-count"),
        "Sie haben noch 1 Wort übrig"
    );
    type_into(&host, "#cfp-field-abstract", &words(298)).await;
    assert_eq!(
        text(&host, "#cfp-field-abstract + .cfp-count"),
        "Sie haben noch 2 Wörter übrig"
    );
    type_into(&host, "#cfp-field-abstract", &words(301)).await;
    assert_eq!(
        text(&host, "#cfp-field-abstract + .cfp-count"),
        "Sie haben 1 Wort zu viel"
    );
}

#[wasm_bindgen_test]
async fn the_configs_locale_wins_over_the_pages_lang() {
    let (host, _widget) = mounted_in("es", &dask_in(r#""locale": "de","#)).await;
    assert_eq!(text(&host, "button[type='submit']"), "Vorschlag einreichen");
}

#[wasm_bindgen_test]
async fn a_broken_config_is_explained_in_the_pages_language() {
    let broken = dask_in(r#""locale": "de DE","#);
    let (host, _widget) = mounted_in("de-AT", &broken).await;
    assert_eq!(
        text(&host, ".cfp-config-error__title"),
        "Dieser Call for Proposals kann nicht angezeigt werden"
    );
    let body = text(&host, ".cfp-config-error p");
    assert!(body.ends_with("hat 1 Problem:"), "{body}");
    // The details are for the maintainer, from cfp-core, in English.
    let detail = text(&host, ".cfp-config-error li");
    assert!(
        detail.starts_with("locale: must be a language tag"),
        "{detail}"
    );
}

#[wasm_bindgen_test]
async fn the_pages_lang_is_found_from_inside_a_shadow_root() {
    use wasm_bindgen::JsCast;
    let document = web_sys::window().unwrap().document().unwrap();
    let section = document.create_element("section").unwrap();
    section.set_attribute("lang", "de-CH").unwrap();
    let host = document.create_element("div").unwrap();
    section.append_child(&host).unwrap();
    document.body().unwrap().append_child(&section).unwrap();
    // host.attachShadow({ mode: "open" }), without web-sys's ShadowRoot feature.
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"mode".into(), &"open".into()).unwrap();
    let attach: js_sys::Function = js_sys::Reflect::get(&host, &"attachShadow".into())
        .unwrap()
        .unchecked_into();
    let shadow: web_sys::Node = attach.call1(&host, &options).unwrap().unchecked_into();
    let inner = document.create_element("div").unwrap();
    shadow.append_child(&inner).unwrap();

    let locale = cfp_widget::messages::Locale::resolve(None, &inner);
    assert_eq!(locale.lang, cfp_widget::messages::Lang::De);
    assert_eq!(locale.tag(), "de-CH");
    let config = cfp_widget::messages::Locale::resolve(Some("es"), &inner);
    assert_eq!(config.tag(), "es");
}
