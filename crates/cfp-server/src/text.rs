//! The server's catalogues (`crates/cfp-server/text/{en,es,de}.txt`, compiled in): the
//! sentences of every email and of the organisers' inbox in each language, and filling
//! in their `{placeholders}`. The two share the proposal's field labels (`field.*`).
//! The format is the widget's (`key = text`, one a line, `#` comments); the tests below
//! hold Spanish and German to English's keys and placeholders, as `tests/locales.rs`
//! does for the widget.

use std::collections::HashMap;
use std::sync::LazyLock;

const SOURCES: [(&str, &str); 3] = [
    ("en", include_str!("../text/en.txt")),
    ("es", include_str!("../text/es.txt")),
    ("de", include_str!("../text/de.txt")),
];

static CATALOGUES: LazyLock<HashMap<&'static str, HashMap<&'static str, &'static str>>> =
    LazyLock::new(|| {
        SOURCES
            .iter()
            .map(|(lang, text)| (*lang, parse(text)))
            .collect()
    });

fn parse(text: &'static str) -> HashMap<&'static str, &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once(" = "))
        .map(|(key, text)| (key.trim(), text.trim()))
        .collect()
}

/// The sentences of one language (English for any language without a catalogue).
#[derive(Clone, Copy, Debug)]
pub struct Text {
    messages: &'static HashMap<&'static str, &'static str>,
    english: &'static HashMap<&'static str, &'static str>,
}

impl Text {
    pub fn new(language: &str) -> Text {
        let english = &CATALOGUES["en"];
        Text {
            messages: CATALOGUES.get(language).unwrap_or(english),
            english,
        }
    }

    /// Message `key` with each `{name}` of `args` filled in, in one pass: a value that
    /// itself contains `{title}` (a speaker may type anything) is left as it is.
    pub fn say(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut rest = self
            .messages
            .get(key)
            .or_else(|| self.english.get(key))
            .copied()
            .unwrap_or(key);
        let mut out = String::with_capacity(rest.len());
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.split_once('}').and_then(|(name, tail)| {
                args.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v, tail))
            }) {
                Some((value, tail)) => {
                    out.push_str(value);
                    rest = tail;
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn every_catalogue_has_englishs_keys_and_placeholders() {
        let english = parse(SOURCES[0].1);
        assert!(english.len() > 40, "{}", english.len());
        for (lang, text) in &SOURCES[1..] {
            let other = parse(text);
            let keys = |c: &HashMap<&'static str, &'static str>| {
                c.keys().copied().collect::<BTreeSet<&'static str>>()
            };
            assert_eq!(keys(&other), keys(&english), "{lang}.txt's keys");
            for (key, text) in &english {
                assert_eq!(
                    placeholders(other[key]),
                    placeholders(text),
                    "{lang}.txt's {key}"
                );
            }
        }
    }

    #[test]
    fn messages_are_filled_in_and_unknown_languages_speak_english() {
        let german = Text::new("de");
        assert_eq!(
            german.say("subject.received", &[("event", "PyCon"), ("title", "Dask")]),
            "Ihr Vorschlag für PyCon: Dask"
        );
        assert_eq!(
            german.say("subject.received", &[("event", "{title}"), ("title", "x")]),
            "Ihr Vorschlag für {title}: x"
        );
        assert_eq!(
            Text::new("fr").say("answer.yes", &[]),
            Text::new("en").say("answer.yes", &[])
        );
    }
}
