//! Times shown to speakers, formatted by the browser's own Intl (no time-zone database in
//! the wasm).

use wasm_bindgen::JsValue;

/// An RFC 3339 time in the speaker's terms, by the browser's own formatter; as written if
/// the browser cannot read it.
pub fn local_time(rfc3339: &str, locale: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    String::from(date.to_locale_string(locale, &JsValue::UNDEFINED))
}
