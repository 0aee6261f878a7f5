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

/// A saved-at time (ms since the epoch) as a speaker says it: "14:32" today, with the date
/// on another day.
pub fn short_time(ms: f64, locale: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms));
    let today = js_sys::Date::new_0();
    let time = date.to_locale_time_string_with_options(locale, &hour_minute());
    if date.to_date_string() == today.to_date_string() {
        String::from(time)
    } else {
        format!(
            "{}, {}",
            String::from(date.to_locale_date_string(locale, &JsValue::UNDEFINED)),
            String::from(time)
        )
    }
}

fn hour_minute() -> JsValue {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"hour".into(), &"2-digit".into());
    let _ = js_sys::Reflect::set(&options, &"minute".into(), &"2-digit".into());
    options.into()
}

/// A moment as a wall clock at a fixed UTC offset reads it ("11 February 2020 at 23:59").
/// The offset is applied here and the browser formats in UTC, which every Intl supports
/// (offset time zones are newer).
pub fn wall_time_at_offset(unix_seconds: i64, offset_minutes: i16, locale: &str) -> String {
    let shifted = (unix_seconds + i64::from(offset_minutes) * 60) as f64 * 1000.0;
    format_ms(shifted, locale, Some("UTC"))
}

/// The same moment on the speaker's own clock.
pub fn speakers_wall_time(unix_seconds: i64, locale: &str) -> String {
    format_ms(unix_seconds as f64 * 1000.0, locale, None)
}

fn format_ms(ms: f64, locale: &str, time_zone: Option<&str>) -> String {
    let options = js_sys::Object::new();
    for (key, value) in [
        ("day", "numeric"),
        ("month", "long"),
        ("year", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    if let Some(zone) = time_zone {
        let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &zone.into());
    }
    String::from(js_sys::Date::new(&JsValue::from_f64(ms)).to_locale_string(locale, &options))
}
