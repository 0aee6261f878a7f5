//! Finding the widget's hosts on a page, reading their configs, and rendering the form or,
//! for a broken config, the list of what is wrong (on the page and on the console).

use crate::components::{App, AppProps, ConfigErrorBox, ConfigErrorProps};
use crate::messages::Locale;
use cfp_core::{ConfigError, EventConfig};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::AppHandle;

/// A rendered widget. Keep it to keep the widget alive in tests; pages can drop it.
pub enum Mounted {
    Form(AppHandle<App>),
    ConfigError(AppHandle<ConfigErrorBox>),
}

/// Mount a widget on every `[data-cfp-widget]` element of the document.
pub fn mount_all() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(hosts) = document.query_selector_all("[data-cfp-widget]") else {
        return;
    };
    for i in 0..hosts.length() {
        if let Some(host) = hosts.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let config = config_text(&host);
            mount(host, config.as_deref());
        }
    }
}

/// Mount one widget into `host` from its config JSON (`None`: the page has no config).
pub fn mount(host: Element, config_json: Option<&str>) -> Mounted {
    let parsed = match config_json {
        Some(text) => EventConfig::from_json(text),
        None => Err(vec![ConfigError {
            path: String::new(),
            message: "no event config found: put a <script type=\"application/json\" data-cfp-config> block right after the element with data-cfp-widget".into(),
        }]),
    };
    let locale = Locale::resolve(
        parsed.as_ref().ok().and_then(|c| c.locale.as_deref()),
        &host,
    );
    // Whatever the page showed while loading makes way for the widget.
    host.set_inner_html("");
    match parsed {
        Ok(config) => Mounted::Form(
            yew::Renderer::<App>::with_root_and_props(
                host,
                AppProps {
                    config: Rc::new(config),
                    locale,
                },
            )
            .render(),
        ),
        Err(errors) => {
            for error in &errors {
                web_sys::console::error_1(&format!("cfp-widget: config error: {error}").into());
            }
            Mounted::ConfigError(
                yew::Renderer::<ConfigErrorBox>::with_root_and_props(
                    host,
                    ConfigErrorProps { errors, locale },
                )
                .render(),
            )
        }
    }
}

/// The text of the config block next to (or inside) a host element.
fn config_text(host: &Element) -> Option<String> {
    const SELECTOR: &str = "script[type=\"application/json\"][data-cfp-config]";
    let sibling = host
        .next_element_sibling()
        .filter(|el| el.matches(SELECTOR).unwrap_or(false));
    let script = sibling.or_else(|| host.query_selector(SELECTOR).ok().flatten())?;
    script.text_content()
}
