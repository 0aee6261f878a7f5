//! Turns the message catalogues (`locales/*.txt`) into Rust: a `Key` per English message,
//! so that a misspelt key does not compile, and English's messages in one string with the
//! offsets where each ends (see `src/messages/catalogue.rs`). Spanish and German are not
//! compiled into the wasm the loader starts: they are fetched by the loader as compiled
//! catalogues (`cfp-widget-es.txt`, `cfp-widget-de.txt`, made by `build/catalogue.rs`).
//! This writes them to OUT_DIR too, for the `bundled-locales` feature (on by default, for
//! Rust callers of `mount` and the tests, which have no loader).
//!
//! English is the reference: a broken `en.txt` stops the build. A key missing from another
//! locale does not; that message falls back to English at run time, and
//! `tests/locales.rs` fails naming the locale and the key.

#[path = "build/catalogue.rs"]
mod catalogue;

use catalogue::{compiled, compiled_message, fingerprint, ident, parse, FETCHED};
use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=build/catalogue.rs");
    let read = |lang: &str| {
        let path = format!("locales/{lang}.txt");
        println!("cargo:rerun-if-changed={path}");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let english = parse(&read("en")).unwrap_or_else(|e| panic!("locales/en.txt: {e}"));
    let out_dir = std::env::var("OUT_DIR").unwrap();

    let mut out = String::new();
    out.push_str("/// A message of the catalogues, named after its key in `locales/en.txt`.\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq)]\n#[repr(u16)]\npub enum Key {\n");
    for m in &english {
        let _ = writeln!(out, "    /// `{}`\n    {},", m.key, ident(&m.key));
    }
    out.push_str("}\n\n");
    let _ = writeln!(out, "const KEYS: usize = {};\n", english.len());
    let _ = writeln!(
        out,
        "/// English's keys, hashed: the header a fetched catalogue must carry.\nconst FINGERPRINT: &str = {:?};\n",
        fingerprint(&english)
    );

    let mut text = String::new();
    let mut ends = Vec::new();
    for m in &english {
        text.push_str(&compiled_message(m));
        ends.push(u16::try_from(text.len()).expect("a catalogue under 64 KB"));
    }
    out.push_str("/// Every English message, one after the other.\n");
    let _ = writeln!(out, "static ENGLISH: &str = {text:?};\n");
    out.push_str("/// Where each English message ends in `ENGLISH`.\n");
    let _ = writeln!(out, "static ENDS: [u16; KEYS] = {ends:?};");
    std::fs::write(Path::new(&out_dir).join("catalogue.rs"), out).unwrap();

    for lang in FETCHED {
        let messages = parse(&read(lang)).unwrap_or_else(|e| {
            println!("cargo:warning=locales/{lang}.txt: {e} (English is shown instead)");
            Vec::new()
        });
        let path = Path::new(&out_dir).join(format!("{lang}.txt"));
        std::fs::write(path, compiled(&english, lang, &messages)).unwrap();
    }
}
