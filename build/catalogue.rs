#![allow(dead_code)] // Each user (build.rs, tests/locales.rs) needs part of it.

//! Reading a message catalogue (`locales/<lang>.txt`). Shared by `build.rs`, which turns the
//! catalogues into Rust tables, and by `tests/locales.rs`, which checks that every locale
//! has every English message with the same placeholders.
//!
//! The format, one message a line:
//!
//! ```text
//! # A comment
//! form.submit = Submit proposal
//! count.remaining.one = You have {count} remaining
//! count.remaining.other = You have {count} remaining
//! ```
//!
//! `{name}` is a placeholder. A key ending in a CLDR plural category (`.zero`, `.one`,
//! `.two`, `.few`, `.many`, `.other`) is one form of a plural message, chosen by the
//! browser's `Intl.PluralRules` for the count `{n}`.

use std::collections::BTreeSet;

/// The CLDR plural categories, as `Intl.PluralRules.select` names them.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One message: its key (without a plural category) and its forms, each with the
/// category (`""` for a message that is not plural) and the template.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub key: String,
    pub forms: Vec<(String, String)>,
    /// The line of its first form, for error messages.
    pub line: usize,
}

impl Message {
    pub fn is_plural(&self) -> bool {
        self.forms.iter().any(|(category, _)| !category.is_empty())
    }

    /// Every placeholder name in any of the forms.
    pub fn placeholders(&self) -> BTreeSet<String> {
        self.forms
            .iter()
            .flat_map(|(_, template)| placeholders(template))
            .collect()
    }
}

/// The placeholder names in a template, in order of appearance.
pub fn placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + len].to_owned());
        rest = &rest[start + len + 1..];
    }
    out
}

/// The messages of a catalogue, in file order; an error names the line of any line that
/// is not a comment, blank, or `key = template`, and any key given twice.
pub fn parse(text: &str) -> Result<Vec<Message>, String> {
    let mut messages: Vec<Message> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, template) = line
            .split_once('=')
            .ok_or_else(|| format!("line {n}: expected `key = template`"))?;
        let (key, template) = (key.trim(), template.trim());
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
        {
            return Err(format!(
                "line {n}: a key is lowercase letters, digits, `_` and `.`: {key:?}"
            ));
        }
        if template.is_empty() {
            return Err(format!("line {n}: {key} has no text"));
        }
        let (base, category) = match key.rsplit_once('.') {
            Some((base, last)) if CATEGORIES.contains(&last) => (base, last),
            _ => (key, ""),
        };
        match messages.iter_mut().find(|m| m.key == base) {
            Some(m) if !category.is_empty() && m.is_plural() => {
                if m.forms.iter().any(|(c, _)| c == category) {
                    return Err(format!("line {n}: {key} is given twice"));
                }
                m.forms.push((category.to_owned(), template.to_owned()));
            }
            Some(_) => return Err(format!("line {n}: {key} is given twice")),
            None => messages.push(Message {
                key: base.to_owned(),
                forms: vec![(category.to_owned(), template.to_owned())],
                line: n,
            }),
        }
    }
    Ok(messages)
}

/// The Rust name of a key: `error.required.title` -> `ErrorRequiredTitle`.
pub fn ident(key: &str) -> String {
    key.split(['.', '_'])
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// What is wrong with `other` (the catalogue of `locale`) against English, one line a
/// problem: keys missing or extra, plural forms missing, placeholders that differ.
pub fn compare(english: &[Message], locale: &str, other: &[Message]) -> Vec<String> {
    let mut problems = Vec::new();
    for en in english {
        let Some(m) = other.iter().find(|m| m.key == en.key) else {
            problems.push(format!("{locale}: the key {} is missing", en.key));
            continue;
        };
        if en.is_plural() != m.is_plural() {
            problems.push(format!(
                "{locale}: {} is plural in one catalogue and not in the other",
                en.key
            ));
        }
        if en.placeholders() != m.placeholders() {
            problems.push(format!(
                "{locale}: {} has the placeholders {:?}; English has {:?}",
                en.key,
                m.placeholders(),
                en.placeholders()
            ));
        }
    }
    for m in other {
        if !english.iter().any(|en| en.key == m.key) {
            problems.push(format!(
                "{locale}: the key {} (line {}) is not in English",
                m.key, m.line
            ));
        }
        if m.is_plural() {
            for needed in ["one", "other"] {
                if !m.forms.iter().any(|(c, _)| c == needed) {
                    problems.push(format!("{locale}: {} has no .{needed} form", m.key));
                }
            }
        }
    }
    problems
}

/// Between the forms of a plural message, and between a form's category and its text, in
/// compiled catalogues (`src/messages/catalogue.rs` splits on them).
pub const FORM: char = '\u{1}';
pub const CATEGORY: char = '\u{2}';

/// A short hash of English's keys in order (FNV-1a, 32 bits, hex). A compiled catalogue is
/// one message per line in that order, so the wasm takes only a catalogue whose header
/// carries the fingerprint it was built with: a file from another build (an old copy in a
/// cache, a folder half updated) is refused rather than shown with its lines shifted.
pub fn fingerprint(english: &[Message]) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for m in english {
        for b in m.key.bytes().chain([b'\n']) {
            hash = (hash ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
    format!("{hash:08x}")
}

/// One message in the compiled form: its text, or for a plural message each form as
/// `category CATEGORY template`, the forms joined by `FORM`. Never a newline (a catalogue
/// line cannot hold one).
pub fn compiled_message(m: &Message) -> String {
    if !m.is_plural() {
        return m.forms[0].1.clone();
    }
    let mut text = String::new();
    for (i, (category, template)) in m.forms.iter().enumerate() {
        if i > 0 {
            text.push(FORM);
        }
        text.push_str(category);
        text.push(CATEGORY);
        text.push_str(template);
    }
    text
}

/// The catalogue of `lang` as the loader fetches it (`cfp-widget-<lang>.txt`): a header
/// line `cfp-widget <lang> <fingerprint>`, then one line per English key in English's
/// order, empty where `messages` lacks the key (the widget shows English for it).
pub fn compiled(english: &[Message], lang: &str, messages: &[Message]) -> String {
    let mut out = format!("cfp-widget {lang} {}\n", fingerprint(english));
    for (i, en) in english.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let Some(m) = messages.iter().find(|m| m.key == en.key) {
            out.push_str(&compiled_message(m));
        }
    }
    out
}

/// The file name of a compiled catalogue, as the loader names it.
pub fn compiled_name(lang: &str) -> String {
    format!("cfp-widget-{lang}.txt")
}

/// The languages fetched by the loader (English is built into the wasm), in `Lang` order.
pub const FETCHED: [&str; 2] = ["es", "de"];

/// Compiles every fetched catalogue from `locales/` into `out` (Trunk's post-build hook,
/// through `cargo xtask catalogues`). A catalogue that does not parse is written with no
/// messages, so the widget shows English, as the build of the wasm does (`build.rs` warns).
pub fn write_compiled(locales: &std::path::Path, out: &std::path::Path) -> Result<(), String> {
    let read = |lang: &str| {
        let path = locales.join(format!("{lang}.txt"));
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let english = parse(&read("en")?).map_err(|e| format!("locales/en.txt: {e}"))?;
    for lang in FETCHED {
        let messages = parse(&read(lang)?).unwrap_or_default();
        let path = out.join(compiled_name(lang));
        std::fs::write(&path, compiled(&english, lang, &messages))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
