//! What the loader (loader/cfp-widget.js) calls in the wasm: `mount(host, config,
//! stylesheet)` returning a handle with `unmount()`. The loader wraps it as
//! `CfpWidget.mount(element, config)`; see docs/embedding.md.

use crate::mount::{config_source, mount_into, ConfigSource, Mounted};
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
