//! The widget reads configs with `mount::config_json::parse_config` (plain serde_json, the
//! JSON path read back from the text), not cfp-core's `EventConfig::from_json`
//! (serde_path_to_error), to keep the wasm small. Both must give a maintainer the same
//! answer, path and message, for every config: here for each example event and thousands
//! of broken variants of it (every key removed, an unknown key in every object, every value
//! replaced by values of other types, cut short, trailing text), pretty and compact.
#![cfg(not(target_arch = "wasm32"))]

use cfp_core::EventConfig;
use cfp_widget::mount::config_json::parse_config;
use serde_json::{json, Value};

/// Every place in `value`: the pointer of each object and array and each of their members.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                pointers(member, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// The broken variants of `config`.
fn variants(config: &Value) -> Vec<Value> {
    let mut places = Vec::new();
    pointers(config, String::new(), &mut places);
    let replacements = [
        json!(null),
        json!(true),
        json!(-1),
        json!(25),
        json!(2.5),
        json!("25"),
        json!(""),
        json!("not a slug"),
        json!([]),
        json!([1]),
        json!({}),
        json!({"id": "x"}),
    ];
    let mut out = Vec::new();
    for place in &places {
        for replacement in &replacements {
            let mut broken = config.clone();
            *broken.pointer_mut(place).unwrap() = replacement.clone();
            out.push(broken);
        }
        let target = config.pointer(place).unwrap();
        if let Some(map) = target.as_object() {
            let mut extra = config.clone();
            extra
                .pointer_mut(place)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .insert("colour".into(), json!(1));
            out.push(extra);
            for key in map.keys() {
                let mut without = config.clone();
                without
                    .pointer_mut(place)
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove(key);
                out.push(without);
            }
        }
        if target.is_array() {
            let mut empty = config.clone();
            *empty.pointer_mut(place).unwrap() = json!([]);
            out.push(empty);
        }
    }
    out
}

/// Compares the two on `text`; a difference is added to `differences`.
fn compare(text: &str, checked: &mut usize, differences: &mut Vec<String>) {
    let reference = EventConfig::from_json(text);
    let ours = parse_config(text);
    if reference != ours {
        differences.push(format!(
            "from_json:    {reference:?}\nparse_config: {ours:?}\nfor the config:\n{text}\n"
        ));
    }
    *checked += 1;
}

fn assert_none(differences: &[String], checked: usize) {
    assert!(
        differences.is_empty(),
        "{} of {checked} configs read differently; the first ones:\n{}",
        differences.len(),
        differences[..differences.len().min(5)].join("\n")
    );
}

#[test]
fn the_widget_reads_configs_as_cfp_core_does() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/events");
    let mut checked = 0;
    let mut broken = 0;
    let mut differences = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        compare(&text, &mut checked, &mut differences);
        // Cut short anywhere, and with text after the end.
        for cut in (0..text.len())
            .step_by(7)
            .filter(|&i| text.is_char_boundary(i))
        {
            compare(&text[..cut], &mut checked, &mut differences);
        }
        compare(&format!("{text} x"), &mut checked, &mut differences);
        compare(&format!("{text},"), &mut checked, &mut differences);
        let config: Value = serde_json::from_str(&text).unwrap();
        for variant in variants(&config) {
            let pretty = serde_json::to_string_pretty(&variant).unwrap();
            let compact = serde_json::to_string(&variant).unwrap();
            if EventConfig::from_json(&compact).is_err() {
                broken += 1;
            }
            compare(&pretty, &mut checked, &mut differences);
            compare(&compact, &mut checked, &mut differences);
        }
    }
    assert_none(&differences, checked);
    assert!(broken > 1_000, "only {broken} broken variants");
    println!("{checked} configs read alike ({broken} broken variants)");
}

#[test]
fn odd_json_is_read_alike() {
    let (mut checked, mut differences) = (0, Vec::new());
    for text in [
        "",
        "   ",
        "[]",
        "null",
        "{",
        "{}",
        r#"{"id":"ev","id":"ev"}"#,
        r#"{"id" "ev"}"#,
        r#"{"id":"ev",}"#,
        r#"{"i\"d":"ev"}"#,
        r#"{"id":"ev\u0000","name":"Ev","formats":[{"id":"t","label":"T"}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T",}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T"}],"questions":[{"id":"q","label":"Q","kind":"choice","options":[{"id":"a"}]}]}"#,
        "{\"id\":\"év\",\n\"name\":\"Ev\",\n\"formats\":[{\"id\":\"t\",\"label\":\"T\",\"minutes\":\"x\"}]}",
        // Strings, numbers and literals at the edges of serde_json's grammar.
        r#"{"id":"e\u00e9\ud83d\ude00\n\/","name":"Ev","formats":[{"id":"t","label":"T","minutes":1e1}]}"#,
        r#"{"id":"\ud83d","name":"Ev","formats":[]}"#,
        r#"{"id":"\ud83dx","name":"Ev","formats":[]}"#,
        r#"{"id":"\ude00","name":"Ev","formats":[]}"#,
        r#"{"id":"\u12zz","name":"Ev","formats":[]}"#,
        r#"{"id":"\q","name":"Ev","formats":[]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T","minutes":01}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T","minutes":-0}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T","minutes":1.}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T","minutes":1.5e}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T","minutes":1e400}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T","minutes":99999999999999999999999}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T","minutes":4294967296}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T","minutes":-}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T","minutes":nul}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T","minutes":tru}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[["t","T",5]],"tracks":[["a","A"]]}"#,
        r#"{"id":"ev","name":"Ev","formats":[["t","T",]]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T"}],"questions":[{"id":"q","label":"Q","kind":{"number":null},"min":-1.25e-2,"max":12345678901234567890}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T"}],"questions":[{"id":"q","label":"Q","kind":{"number":1}}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T"}],"questions":[{"id":"q","label":"Q","kind":{"numbr":null}}]}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T"}],"limits":{"bio":{"unit":"lines"}}}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T"}],"endpoint":{"url":"/x","fields":{"title":"a","title":"b"},"encoding":"form"}}"#,
        r#"{"id":"ev","name":"Ev","formats":[{"id":"t","label":"T"}],"endpoint":{"url":"/x","fields":{"title":1}}}"#,
        "{\"id\" :\"ev\",\"id\" : \"ev\"}",
        "{\"colour\" \n: 1}",
        "{\"id\":\"ev\"\t,\"name\":\"Ev\",\"formats\":[{\"id\":\"t\",\"label\":\"T\"}]\r\n}\n\n ",
        "\u{feff}{}",
    ] {
        compare(text, &mut checked, &mut differences);
    }
    assert_none(&differences, checked);
}
