//! What the loader (loader/cfp-widget.js) calls in the wasm: `mount(host, config,
//! stylesheet)` returning a handle with `unmount()`, which the loader wraps as
//! `CfpWidget.mount(element, config)` (see docs/embedding.md); and, for a page in Spanish or
//! German, `catalogues(load)` (how to fetch a catalogue) and `catalogue(lang, text)` (one
//! fetched with the wasm, before the first mount).

use crate::mount::{config_source, mount_into, ConfigSource, Mounted};
pub use crate::mount::{install_catalogue, set_catalogue_loader};
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// A widget on the page, as JavaScript holds it.
#[wasm_bindgen]
pub struct Widget(Mounted);

#[wasm_bindgen]
impl Widget {
    /// Removes the widget and every listener and timer it started.
    pub fn unmount(&self) {
        self.0.unmount();
    }
}

/// Mounts a widget into `host`. `config` is the event config as an object or JSON text;
/// `undefined` reads it from the host's attributes (data-config, data-config-url,
/// data-event). `stylesheet` is the URL of cfp-widget.css.
#[wasm_bindgen]
pub fn mount(host: Element, config: JsValue, stylesheet: Option<String>) -> Widget {
    let source = if config.is_undefined() || config.is_null() {
        config_source(&host)
    } else if let Some(text) = config.as_string() {
        ConfigSource::Text(text)
    } else {
        match js_sys::JSON::stringify(&config) {
            Ok(text) => ConfigSource::Text(text.into()),
            Err(_) => ConfigSource::Missing(
                "the config given to CfpWidget.mount cannot be written as JSON (a cycle, or a BigInt?): pass a plain object or JSON text".into(),
            ),
        }
    };
    Widget(mount_into(host, source, stylesheet.as_deref()))
}

/// The loader's `lang => Promise<string>`, fetching the compiled catalogue of a language
/// (`cfp-widget-de.txt`). A widget whose locale has no catalogue yet asks it, then renders.
#[wasm_bindgen]
pub fn catalogues(load: js_sys::Function) {
    set_catalogue_loader(load);
}

/// A compiled catalogue the loader fetched with the wasm, for the page's language.
#[wasm_bindgen]
pub fn catalogue(lang: &str, text: &str) {
    install_catalogue(lang, text);
}
