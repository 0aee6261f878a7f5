//! Every locale's catalogue has every English message, no message English lacks, the same
//! placeholders, and both the `.one` and `.other` form of each plural message. A missing
//! translation does not break the build (the widget falls back to English); it fails here.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../build/catalogue.rs"]
mod catalogue;

use catalogue::{compare, parse};

fn catalogue(lang: &str) -> Vec<catalogue::Message> {
    let path = format!("{}/locales/{lang}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_locale_has_every_message_with_the_same_placeholders() {
    let english = catalogue("en");
    let mut problems = compare(&english, "en", &english);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
    let mut langs: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().ok()?;
            Some(name.strip_suffix(".txt")?.to_owned())
        })
        .filter(|lang| lang != "en")
        .collect();
    langs.sort();
    assert_eq!(
        langs,
        ["de", "es"],
        "a new locale needs a Lang in src/messages"
    );
    for lang in &langs {
        problems.extend(compare(&english, lang, &catalogue(lang)));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_check_names_the_locale_and_the_key() {
    let english = parse("a.b = Hello {name}\nc.one = {n} thing\nc.other = {n} things").unwrap();
    let other = parse("a.b = Hola {nombre}\nc.other = {n} cosas\nd = extra").unwrap();
    let problems = compare(&english, "es", &other);
    assert!(problems
        .iter()
        .any(|p| p.starts_with("es: a.b has the placeholders")));
    assert!(problems.contains(&"es: c has no .one form".to_owned()));
    assert!(problems.iter().any(|p| p.starts_with("es: the key d ")));
    let missing = compare(&english, "de", &parse("a.b = Hallo {name}").unwrap());
    assert_eq!(missing, ["de: the key c is missing"]);
}

#[test]
fn a_broken_line_is_named() {
    assert_eq!(
        parse("# ok\n\nno equals sign"),
        Err("line 3: expected `key = template`".into())
    );
    assert!(parse("a = 1\na = 2").unwrap_err().contains("given twice"));
}
