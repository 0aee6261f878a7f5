//! The event config's JSON Schema against the rest of the project: the committed copy in
//! docs/ is what the Rust types generate (and what `cfp-server schema` prints), every
//! example event validates, the configs cfp-core refuses for their structure the schema
//! refuses too, and its patterns agree with the core's parsers.

use cfp_core::schema::{event_config_schema, event_config_schema_json};
use cfp_core::EventConfig;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn schema() -> Value {
    serde_json::to_value(event_config_schema()).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).unwrap()
}

/// The schema's verdict, with its reasons when it refuses.
fn schema_errors(validator: &jsonschema::Validator, config: &Value) -> Vec<String> {
    validator
        .iter_errors(config)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn core_accepts(config: &Value) -> bool {
    EventConfig::from_json(&config.to_string()).is_ok()
}

/// A small config that both accept, to break one piece at a time.
fn base() -> Value {
    json!({
        "id": "my-conf-2026",
        "name": "MyConf 2026",
        "deadline": "2026-04-01 AoE",
        "endpoint": { "url": "/api/events/my-conf-2026/proposals", "encoding": "form", "response": "readable" },
        "tracks": [{ "id": "ml", "label": "Machine learning" }],
        "formats": [
            { "id": "talk", "label": "Talk", "minutes": 25 },
            { "id": "workshop", "label": "Workshop", "minutes": 120, "talks": { "min": 3, "max": 5 } }
        ],
        "limits": { "abstract": { "min": 30, "max": 300, "unit": "words" }, "title": { "max": 100 } },
        "speakers": { "max": 3 },
        "questions": [
            { "id": "first-talk", "label": "Is this your first talk?", "kind": "bool" },
            { "id": "topics", "label": "Topics", "kind": "multi_choice", "min": 1, "max": 2,
              "formats": ["talk"], "tracks": ["ml"],
              "options": [{ "id": "gpu", "label": "GPUs" }, { "id": "ml", "label": "ML" }] }
        ],
        "allowed_origins": ["https://my-conf.example.org", "http://localhost:8080"],
        "honeypot": "website"
    })
}

/// `base()` with the value at a JSON pointer replaced (`None`: removed).
fn with(pointer: &str, value: Option<Value>) -> Value {
    let mut config = base();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = config.pointer_mut(parent).unwrap();
    match (target, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(key.to_owned(), v);
        }
        (Value::Object(map), None) => {
            map.remove(key).unwrap();
        }
        (Value::Array(items), Some(v)) => items[key.parse::<usize>().unwrap()] = v,
        (other, _) => panic!("cannot edit {pointer} in {other}"),
    }
    config
}

#[test]
fn the_committed_schema_is_what_the_types_generate() {
    let path = repo().join("docs/event-config.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == event_config_schema_json(),
        "{} is stale or missing; regenerate it with\n  cargo run -p cfp-server -- schema > docs/event-config.schema.json",
        path.display()
    );
}

#[test]
fn cfp_server_schema_prints_it() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cfp-server"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        event_config_schema_json()
    );
}

#[test]
fn it_is_a_valid_draft_2020_12_schema() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(jsonschema::meta::is_valid(&schema));
    let description = schema["description"].as_str().unwrap();
    assert!(description.contains("EventConfig::check"), "{description}");
}

#[test]
fn every_object_refuses_unknown_keys_and_defaults_are_serdes() {
    fn walk(node: &Value, at: &str, objects: &mut usize) {
        match node {
            Value::Object(map) => {
                if map.contains_key("properties") {
                    *objects += 1;
                    assert_eq!(map.get("additionalProperties"), Some(&json!(false)), "{at}");
                }
                for (key, child) in map {
                    walk(child, &format!("{at}/{key}"), objects);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{at}/{i}"), objects);
                }
            }
            _ => {}
        }
    }
    let schema = schema();
    let mut objects = 0;
    walk(&schema, "", &mut objects);
    // EventConfig, Endpoint, Track, Format, TalkRange, Limits, Limit, SpeakerRules,
    // Question, QuestionOption.
    assert_eq!(objects, 10);

    let props = &schema["properties"];
    assert!(
        props["locale"].get("default").is_none(),
        "no locale: the page's lang"
    );
    assert_eq!(props["honeypot"]["default"], "_gotcha");
    assert_eq!(props["track_required"]["default"], false);
    assert_eq!(props["speakers"]["default"], json!({ "max": 1 }));
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["id", "name", "formats"]);
}

#[test]
fn every_example_event_validates_against_the_schema() {
    let validator = validator();
    let mut seen = 0;
    for entry in std::fs::read_dir(repo().join("events")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let config: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(core_accepts(&config), "{}", path.display());
        let errors = schema_errors(&validator, &config);
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        seen += 1;
    }
    assert!(seen >= 3, "only {seen} events found");
    assert!(schema_errors(&validator, &base()).is_empty());
    assert!(core_accepts(&base()));
}

#[test]
fn a_config_may_name_its_schema_for_editors() {
    let named = with(
        "/$schema",
        Some(Value::from("/cfp/event-config.schema.json")),
    );
    assert!(schema_errors(&validator(), &named).is_empty());
    assert!(core_accepts(&named));
    let not_a_string = with("/$schema", Some(Value::from(3)));
    assert!(!schema_errors(&validator(), &not_a_string).is_empty());
    assert!(!core_accepts(&not_a_string));
}

#[test]
fn configs_the_core_refuses_for_their_structure_the_schema_refuses_too() {
    let validator = validator();
    let cases: Vec<(&str, Value)> = vec![
        // Wrong types.
        (
            "minutes as text",
            with("/formats/0/minutes", Some(json!("25"))),
        ),
        (
            "negative minutes",
            with("/formats/0/minutes", Some(json!(-5))),
        ),
        (
            "fractional talks",
            with("/formats/1/talks/max", Some(json!(4.5))),
        ),
        ("name as number", with("/name", Some(json!(2026)))),
        (
            "formats as object",
            with("/formats", Some(json!({ "id": "talk" }))),
        ),
        (
            "track_required as text",
            with("/track_required", Some(json!("yes"))),
        ),
        (
            "deadline as number",
            with("/deadline", Some(json!(1_700_000_000))),
        ),
        ("questions as object", with("/questions", Some(json!({})))),
        (
            "required as text",
            with("/questions/0/required", Some(json!("true"))),
        ),
        (
            "speakers.max as text",
            with("/speakers/max", Some(json!("3"))),
        ),
        (
            "origins as text",
            with("/allowed_origins", Some(json!("https://a.org"))),
        ),
        // Unknown keys, at every level.
        (
            "top-level typo",
            with("/deadlin", Some(json!("2026-04-01 AoE"))),
        ),
        (
            "endpoint typo",
            with("/endpoint/methd", Some(json!("POST"))),
        ),
        ("track typo", with("/tracks/0/lable", Some(json!("x")))),
        ("format typo", with("/formats/0/minuts", Some(json!(25)))),
        (
            "talks typo",
            with("/formats/1/talks/maximum", Some(json!(5))),
        ),
        (
            "limits typo",
            with("/limits/abstrct", Some(json!({ "max": 3 }))),
        ),
        ("limit typo", with("/limits/title/maxx", Some(json!(3)))),
        ("speakers typo", with("/speakers/min", Some(json!(1)))),
        ("question typo", with("/questions/0/hnt", Some(json!("x")))),
        (
            "option typo",
            with("/questions/1/options/0/value", Some(json!("x"))),
        ),
        // Enum values.
        ("unit", with("/limits/title/unit", Some(json!("letters")))),
        ("encoding", with("/endpoint/encoding", Some(json!("xml")))),
        ("response", with("/endpoint/response", Some(json!("cors")))),
        ("kind", with("/questions/0/kind", Some(json!("checkbox")))),
        (
            "kind in caps",
            with("/questions/0/kind", Some(json!("Bool"))),
        ),
        // Missing required keys.
        ("no id", with("/id", None)),
        ("no name", with("/name", None)),
        ("no formats", with("/formats", None)),
        ("no endpoint url", with("/endpoint/url", None)),
        ("no track label", with("/tracks/0/label", None)),
        ("no format id", with("/formats/0/id", None)),
        ("no talks max", with("/formats/1/talks/max", None)),
        ("no speakers max", with("/speakers/max", None)),
        ("no question kind", with("/questions/0/kind", None)),
        (
            "no option label",
            with("/questions/1/options/0/label", None),
        ),
        // Ids that are not slugs.
        (
            "event id with spaces",
            with("/id", Some(json!("My Conf 2026"))),
        ),
        ("event id in caps", with("/id", Some(json!("MyConf")))),
        (
            "event id with a leading hyphen",
            with("/id", Some(json!("-conf"))),
        ),
        (
            "event id with a trailing hyphen",
            with("/id", Some(json!("conf-"))),
        ),
        ("empty event id", with("/id", Some(json!("")))),
        ("format id", with("/formats/0/id", Some(json!("Talk")))),
        (
            "track id",
            with("/tracks/0/id", Some(json!("machine_learning"))),
        ),
        (
            "question id",
            with("/questions/0/id", Some(json!("first talk"))),
        ),
        // Deadlines the parser refuses.
        (
            "no offset",
            with("/deadline", Some(json!("2026-04-01T23:59:59"))),
        ),
        (
            "prose deadline",
            with("/deadline", Some(json!("April 1, 2026"))),
        ),
        (
            "offset and AoE",
            with("/opens_at", Some(json!("2026-01-01T00:00:00Z AoE"))),
        ),
        // Values the core checks one at a time, which the schema can say too.
        ("blank name", with("/name", Some(json!("  ")))),
        ("no formats at all", with("/formats", Some(json!([])))),
        ("zero minutes", with("/formats/0/minutes", Some(json!(0)))),
        ("zero speakers", with("/speakers/max", Some(json!(0)))),
        (
            "an origin with a path",
            with("/allowed_origins/0", Some(json!("https://a.org/cfp"))),
        ),
        (
            "a blank option id",
            with("/questions/1/options/0/id", Some(json!(""))),
        ),
    ];
    for (what, config) in cases {
        assert!(!core_accepts(&config), "{what}: the core accepts {config}");
        assert!(
            !schema_errors(&validator, &config).is_empty(),
            "{what}: the schema accepts {config}"
        );
    }
}

/// The other half of the contract, stated so nobody expects otherwise: what needs several
/// values at once is the core's alone, and the schema's description says so.
#[test]
fn what_needs_several_values_is_left_to_the_core() {
    let validator = validator();
    let cases: Vec<(&str, Value)> = vec![
        (
            "min above max",
            with("/limits/abstract/min", Some(json!(400))),
        ),
        (
            "duplicate format ids",
            with("/formats/1/id", Some(json!("talk"))),
        ),
        (
            "scope naming no format",
            with("/questions/1/formats", Some(json!(["poster"]))),
        ),
        (
            "options on a bool",
            with(
                "/questions/0/options",
                Some(json!([{ "id": "a", "label": "A" }])),
            ),
        ),
        (
            "opens after the deadline",
            with("/opens_at", Some(json!("2027-01-01T00:00:00Z"))),
        ),
        (
            "no such day",
            with("/deadline", Some(json!("2023-02-29 AoE"))),
        ),
    ];
    for (what, config) in cases {
        assert!(!core_accepts(&config), "{what}: the core accepts {config}");
        let errors = schema_errors(&validator, &config);
        assert!(errors.is_empty(), "{what}: {errors:?}");
    }
}

#[test]
fn the_deadline_pattern_agrees_with_the_parser() {
    let validator = validator();
    for text in [
        "2020-02-11T23:59:59-06:00",
        "1970-01-01T00:00:00Z",
        "1970-01-01T05:30:00+05:30",
        "2021-04-01T23:59:00.250-12:00",
        "2024-02-29T12:00:00z",
        "2021-04-01t23:59:60+00:00",
        "2021-04-01T23:59:59 AoE",
        "2021-04-01T23:59:59AoE",
        "2021-04-01T23:59:59 AOE",
        "2021-04-01T23:59:59 aoe",
        "2021-04-01 AoE",
        "2021-04-01AoE",
        "2021-04-01T12:00:00.5 AoE",
        "AoE",
        " AoE",
        "2021-04-01T23:59:59-12:00 AoE",
        "2021-04-01T23:59:59Z AoE",
        "2021-04-01  AoE",
        "2021-04-01T AoE",
        "2021-04-01T23:59 AoE",
        "2021-04-01 AoE ",
        "2021-04-01 AoEx",
        "2021-4-01 AoE",
        "2021-04-01 A0E",
        "2021-04-01é AoE",
        "2020-02-11T23:59:59",
        "2020-02-11",
        "2020-13-01T10:00:00Z",
        "2020-02-11T24:00:00Z",
        "2020-02-11 23:59:59Z",
        "2020-02-11T23:59:59+6:00",
        "2020-02-11T23:59:59.Z",
        "2020-02-11T23:59:59-06:00 ",
        "2020-02-11T23:59:59+24:00",
        "2020-02-11T23:59:59+05:60",
        "February 11, 2020",
        "",
    ] {
        let parser = text.parse::<cfp_core::Deadline>().is_ok();
        let config = with("/deadline", Some(json!(text)));
        let schema = schema_errors(&validator, &config).is_empty();
        assert_eq!(schema, parser, "{text:?}: schema {schema}, parser {parser}");
    }
}

#[test]
fn the_slug_pattern_agrees_with_the_check() {
    let validator = validator();
    for id in [
        "a",
        "7",
        "pycon-2026",
        "a--b",
        "scipy-2020-demo",
        "",
        "-",
        "-a",
        "a-",
        "A",
        "a_b",
        "a b",
        "café",
        "a.b",
    ] {
        let config = with("/id", Some(json!(id)));
        let core = core_accepts(&config);
        let schema = schema_errors(&validator, &config).is_empty();
        assert_eq!(schema, core, "{id:?}: schema {schema}, core {core}");
    }
}

#[test]
fn the_language_tag_pattern_agrees_with_the_check() {
    let validator = validator();
    for tag in [
        "en",
        "de-CH",
        "es-419",
        "zh-Hant-TW",
        "fr",
        "",
        "e",
        "en_GB",
        "en-",
        "de CH",
        " en",
        "1a",
        "en-toolongsubtag",
    ] {
        let config = with("/locale", Some(json!(tag)));
        let core = core_accepts(&config);
        let schema = schema_errors(&validator, &config).is_empty();
        assert_eq!(schema, core, "{tag:?}: schema {schema}, core {core}");
    }
    assert!(core_accepts(&base()), "no locale: the page's lang");
}

#[test]
fn the_page_url_pattern_agrees_with_the_check() {
    let validator = validator();
    for url in [
        "https://my-conf.example.org/cfp/",
        "http://localhost:8080/events/x/",
        "https://example.org",
        "https://example.org?lang=de",
        "/cfp/",
        "ftp://example.org/",
        "https://",
        "https:///cfp",
        "https://?x",
        "https://example.org/cfp#form",
        "https://example.org/my cfp",
        "https://example.org/\t",
        "HTTPS://example.org/",
        "",
    ] {
        let config = with("/page_url", Some(json!(url)));
        let core = core_accepts(&config);
        let schema = schema_errors(&validator, &config).is_empty();
        assert_eq!(schema, core, "{url:?}: schema {schema}, core {core}");
    }
}
