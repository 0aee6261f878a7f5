//! Turns the message catalogues (`locales/*.txt`) into Rust: a `Key` per English message,
//! so that a misspelt key does not compile, and per locale one string holding every
//! message with the offsets where each ends (see `src/messages/catalogue.rs`).
//!
//! English is the reference: a broken `en.txt` stops the build. A key missing from another
//! locale does not; that message falls back to English at run time, and
//! `tests/locales.rs` fails naming the locale and the key.

#[path = "build/catalogue.rs"]
mod catalogue;

use catalogue::{ident, parse, Message};
use std::fmt::Write;
use std::path::Path;

/// The locales after English, in `Lang` order.
const OTHERS: [&str; 2] = ["es", "de"];

/// Between the forms of a plural message, and between a form's category and its text.
const FORM: char = '\u{1}';
const CATEGORY: char = '\u{2}';

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=build/catalogue.rs");
    let read = |lang: &str| {
        let path = format!("locales/{lang}.txt");
        println!("cargo:rerun-if-changed={path}");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let english = parse(&read("en")).unwrap_or_else(|e| panic!("locales/en.txt: {e}"));

    let mut out = String::new();
    out.push_str("/// A message of the catalogues, named after its key in `locales/en.txt`.\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq)]\n#[repr(u16)]\npub enum Key {\n");
    for m in &english {
        let _ = writeln!(out, "    /// `{}`\n    {},", m.key, ident(&m.key));
    }
    out.push_str("}\n\n");
    let _ = writeln!(out, "const KEYS: usize = {};\n", english.len());

    let mut tables = vec![table(&english, &english)];
    for lang in OTHERS {
        let messages = parse(&read(lang)).unwrap_or_else(|e| {
            println!("cargo:warning=locales/{lang}.txt: {e} (English is shown instead)");
            Vec::new()
        });
        tables.push(table(&english, &messages));
    }
    out.push_str("/// Per language (`Lang` order): every message, one after the other.\n");
    out.push_str("static TEXTS: [&str; 3] = [\n");
    for (text, _) in &tables {
        let _ = writeln!(out, "    {text:?},");
    }
    out.push_str("];\n\n/// Where each message ends in its text; an empty message is missing.\n");
    out.push_str("static ENDS: [[u16; KEYS]; 3] = [\n");
    for (_, ends) in &tables {
        let _ = writeln!(out, "    {ends:?},");
    }
    out.push_str("];\n");

    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalogue.rs");
    std::fs::write(dest, out).unwrap();
}

/// One locale's messages in English's key order, and the offset where each ends.
fn table(english: &[Message], messages: &[Message]) -> (String, Vec<u16>) {
    let mut text = String::new();
    let mut ends = Vec::new();
    for en in english {
        if let Some(m) = messages.iter().find(|m| m.key == en.key) {
            if m.is_plural() {
                for (i, (category, template)) in m.forms.iter().enumerate() {
                    if i > 0 {
                        text.push(FORM);
                    }
                    text.push_str(category);
                    text.push(CATEGORY);
                    text.push_str(template);
                }
            } else {
                text.push_str(&m.forms[0].1);
            }
        }
        ends.push(u16::try_from(text.len()).expect("a catalogue under 64 KB"));
    }
    (text, ends)
}
