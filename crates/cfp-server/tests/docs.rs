//! The docs against the code they describe: docs/config.md names every key of the event
//! config's schema and every enum value, docs/protocol.md every error code a client can
//! receive. Each time a key or a code is added, the docs must follow.

use cfp_core::schema::event_config_schema;
use cfp_core::ErrorCode;
use serde_json::Value;
use std::path::Path;

fn read_doc(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every property name anywhere in the schema, e.g. `talk_abstract`.
fn property_names(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                out.extend(props.keys().cloned());
            }
            for child in map.values() {
                property_names(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|child| property_names(child, out)),
        _ => {}
    }
}

#[test]
fn config_md_documents_every_key_of_the_schema() {
    let doc = read_doc("config.md");
    let mut names = Vec::new();
    property_names(
        &serde_json::to_value(event_config_schema()).unwrap(),
        &mut names,
    );
    names.sort();
    names.dedup();
    assert!(names.len() > 30, "{names:?}");
    let missing: Vec<&String> = names
        .iter()
        .filter(|name| !doc.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/config.md does not name {missing:?}"
    );
    // And every enum value an editor would offer.
    for value in [
        "json",
        "form",
        "readable",
        "opaque",
        "words",
        "chars",
        "text",
        "long_text",
        "choice",
        "multi_choice",
        "bool",
        "number",
        "url",
    ] {
        assert!(
            doc.contains(&format!("`{value}`")),
            "docs/config.md: {value}"
        );
    }
}

#[test]
fn protocol_md_lists_every_error_code() {
    let doc = read_doc("protocol.md");
    for &code in ErrorCode::ALL {
        assert!(
            doc.contains(&format!("| `{}` |", code.as_str())),
            "docs/protocol.md has no row for {}",
            code.as_str()
        );
    }
    // The server's own codes, from its error type: a new one cannot be left out here.
    for code in cfp_server::error::Code::ALL {
        assert!(
            doc.contains(&format!("`{}`", code.as_str())),
            "docs/protocol.md: {}",
            code.as_str()
        );
    }
}

/// docs/config.md's settings file example is read by the server's own loader, and sets
/// every key `serve` has, each one (but `trusted_proxies`) with the flag and variable
/// named as the section says.
#[test]
fn config_md_settings_file_example_loads_and_names_every_key() {
    use cfp_server::serve_settings::ServeSettings;
    let doc = read_doc("config.md");
    let section = doc
        .split("\n## Server settings file\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("docs/config.md has a \"Server settings file\" section");
    let example = section
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the section has a ```toml example");
    let settings = ServeSettings::from_toml(example)
        .unwrap_or_else(|e| panic!("docs/config.md's settings file example: {e}"));
    assert_eq!(settings.body_limit, 64 * 1024);
    assert!(settings.admin_token.is_some() && settings.dist.is_some());
    for key in ServeSettings::keys() {
        assert!(
            example
                .lines()
                .any(|line| line.starts_with(&format!("{key} = "))),
            "docs/config.md's settings file example does not set {key}"
        );
    }
    // What the section says of flags and variables (its words, however wrapped).
    let words = section.split_whitespace().collect::<Vec<_>>().join(" ");
    let command = <ServeSettings as clap::Args>::augment_args(clap::Command::new("serve"));
    for arg in command.get_arguments() {
        let key = arg.get_id().as_str();
        let env = arg.get_env().and_then(|e| e.to_str()).unwrap_or_default();
        assert_eq!(env, format!("CFP_{}", key.to_uppercase()), "{key}");
        let long = arg.get_long().unwrap_or_default();
        if long != key.replace('_', "-") {
            assert!(
                words.contains(&format!("`{key}`: its flag is `--{long}`")),
                "{key}: --{long} is not the rule and the section does not say so"
            );
        }
    }
}
