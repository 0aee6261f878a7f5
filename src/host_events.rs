//! The DOM events a host page can listen to on the widget's element: `cfp:submitted` with
//! the receipt (for analytics or a thank-you page) and `cfp:error` when a proposal could
//! not be sent or the config is broken. They bubble and cross the shadow boundary, so a
//! listener on the host element or on `document` hears them.

use cfp_core::ConfigError;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

/// `cfp:submitted`, detail `{ event, id, received_at, confirmed, title }`.
pub fn submitted(from: &Element, event: &str, receipt: &crate::state::Receipt) {
    let detail = object(&[
        ("event", event.into()),
        ("id", receipt.id.as_deref().into()),
        ("received_at", receipt.received_at.as_deref().into()),
        ("confirmed", receipt.confirmed.into()),
        ("title", receipt.title.as_str().into()),
    ]);
    dispatch(from, "cfp:submitted", &detail);
}

/// `cfp:error` for a proposal not sent, detail `{ event, code, message, url }` (`url`: the
/// endpoint it was posted to).
pub fn send_failed(from: &Element, event: &str, code: &str, message: &str, url: &str) {
    let detail = object(&[
        ("event", event.into()),
        ("code", code.into()),
        ("message", message.into()),
        ("url", url.into()),
    ]);
    dispatch(from, "cfp:error", &detail);
}

/// `cfp:error` found at mount, before anyone sends: the endpoint's cfp-server does not let
/// this page's origin post, detail `{ event, code: "cors", origin, url, message }`.
pub fn origin_refused(from: &Element, event: &str, origin: &str, url: &str, message: &str) {
    let detail = object(&[
        ("event", event.into()),
        ("code", "cors".into()),
        ("origin", origin.into()),
        ("url", url.into()),
        ("message", message.into()),
    ]);
    dispatch(from, "cfp:error", &detail);
}

/// `cfp:error` for a broken config, detail `{ code: "config", errors: [{ path, message }] }`.
pub fn config_failed(from: &Element, errors: &[ConfigError]) {
    let list: Array = errors
        .iter()
        .map(|e| {
            JsValue::from(object(&[
                ("path", e.path.as_str().into()),
                ("message", e.message.as_str().into()),
            ]))
        })
        .collect();
    let detail = object(&[("code", "config".into()), ("errors", list.into())]);
    dispatch(from, "cfp:error", &detail);
}

fn object(entries: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

fn dispatch(from: &Element, name: &str, detail: &Object) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = from.dispatch_event(&event);
    }
}
