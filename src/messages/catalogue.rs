//! The message catalogues (`locales/*.txt`, compiled in by `build.rs`), the locale a widget
//! speaks, and filling in a message: placeholders, plural forms by the browser's
//! `Intl.PluralRules`, numbers by its `Intl.NumberFormat`.

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// The languages with a catalogue, in the order of the generated tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
    De,
}

/// The locale a widget speaks: the language of its messages and the tag the browser's Intl
/// formats dates and numbers for (`en-GB`, `de-CH`, `es`). Copy, kept inline: it travels
/// in many props.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Locale {
    pub lang: Lang,
    /// The tag's bytes (language, then `-` and a region, if any), `len` of them.
    tag: [u8; 5],
    len: u8,
}

impl Default for Locale {
    fn default() -> Self {
        Locale {
            lang: Lang::En,
            tag: *b"en\0\0\0",
            len: 2,
        }
    }
}

impl Locale {
    /// The locale for a BCP 47 tag, matched on its language (`de-CH` speaks German). A
    /// language without a catalogue speaks English. The tag kept for Intl is the language
    /// and a region, if any: always one Intl accepts.
    pub fn new(tag: &str) -> Locale {
        let mut subtags = tag.trim().split(['-', '_']);
        let primary = subtags.next().unwrap_or_default().to_ascii_lowercase();
        let lang = match primary.as_str() {
            "en" => Lang::En,
            "es" => Lang::Es,
            "de" => Lang::De,
            _ => return Locale::default(),
        };
        let mut locale = Locale {
            lang,
            tag: [0; 5],
            len: 2,
        };
        locale.tag[..2].copy_from_slice(primary.as_bytes());
        if let Some(r) = subtags.next() {
            if r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()) {
                locale.tag[2] = b'-';
                locale.tag[3..].copy_from_slice(r.to_ascii_uppercase().as_bytes());
                locale.len = 5;
            }
        }
        locale
    }

    /// The config's locale if it names one; else the page's language where the widget sits
    /// (the closest `lang` around `el`, looking out of open shadow roots to their hosts;
    /// else the document's); else English.
    pub fn resolve(config: Option<&str>, el: &web_sys::Element) -> Locale {
        match config {
            Some(tag) => Locale::new(tag),
            None => page_lang(el)
                .map(|tag| Locale::new(&tag))
                .unwrap_or_default(),
        }
    }

    /// The tag for the browser's Intl.
    pub fn tag(&self) -> &str {
        std::str::from_utf8(&self.tag[..usize::from(self.len)]).unwrap_or("en")
    }

    /// A number as this locale writes it: "1,000", "1.000", "0,5".
    pub fn num(&self, n: f64) -> String {
        #[cfg(target_arch = "wasm32")]
        {
            intl::with(self.tag(), |number, _| {
                number
                    .format()
                    .call1(&wasm_bindgen::JsValue::NULL, &n.into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            })
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            n.to_string()
        }
    }

    /// The message `key`, its `{placeholders}` filled from `args`.
    pub fn tr(&self, key: Key, args: &[(&str, &str)]) -> String {
        fill(self.message(key), args)
    }

    /// The plural message `key` in the form this locale uses for `n`, with `{n}` the
    /// number as the locale writes it and the other placeholders filled from `args`.
    pub fn plural(&self, key: Key, n: u32, args: &[(&str, &str)]) -> String {
        let category = self.category(n);
        let mut forms = self
            .message(key)
            .split(FORM)
            .filter_map(|f| f.split_once(CATEGORY));
        let template = forms
            .clone()
            .find(|(c, _)| *c == category)
            .or_else(|| forms.find(|(c, _)| *c == "other"))
            .map(|(_, t)| t)
            .unwrap_or_default();
        let n = self.num(n.into());
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(args);
        fill(template, &all)
    }

    /// The text of `key` in this locale, or in English when the catalogue lacks it.
    fn message(&self, key: Key) -> &'static str {
        let text = |lang: usize| {
            let i = key as usize;
            let start = if i == 0 { 0 } else { ENDS[lang][i - 1] };
            &TEXTS[lang][usize::from(start)..usize::from(ENDS[lang][i])]
        };
        match text(self.lang as usize) {
            "" => text(0),
            found => found,
        }
    }

    /// The CLDR plural category of `n`: "one", "other", "many"...
    fn category(&self, n: u32) -> String {
        #[cfg(target_arch = "wasm32")]
        {
            intl::with(self.tag(), |_, plurals| {
                String::from(plurals.select(n.into()))
            })
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            if n == 1 { "one" } else { "other" }.to_owned()
        }
    }
}

/// The closest non-empty `lang` around `el`: `closest` stops at a shadow root, so each root's
/// host is asked in turn, up to the document.
fn page_lang(el: &web_sys::Element) -> Option<String> {
    use wasm_bindgen::JsCast;
    let mut el = el.clone();
    loop {
        let lang = el
            .closest("[lang]")
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("lang"))
            .filter(|lang| !lang.trim().is_empty());
        if lang.is_some() {
            return lang;
        }
        // A ShadowRoot's host; the document has none.
        let root = el.get_root_node();
        el = js_sys::Reflect::get(&root, &"host".into())
            .ok()?
            .dyn_into()
            .ok()?;
    }
}

/// Between the forms of a plural message, and between a form's category and its text (as
/// `build.rs` writes them).
const FORM: char = '\u{1}';
const CATEGORY: char = '\u{2}';

/// `template` with each `{name}` replaced by its value in `args`; unknown names stay.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + end + 2]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locale_is_chosen_by_its_language() {
        assert_eq!(Locale::new("de-CH").lang, Lang::De);
        assert_eq!(Locale::new("de-CH").tag(), "de-CH");
        assert_eq!(Locale::new("es_mx").tag(), "es-MX");
        assert_eq!(Locale::new("ES").lang, Lang::Es);
        assert_eq!(Locale::new("en-GB").tag(), "en-GB");
        assert_eq!(Locale::new("de-Latn-DE").tag(), "de");
        assert_eq!(Locale::new("fr"), Locale::default());
        assert_eq!(Locale::new(""), Locale::default());
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        assert_eq!(fill("{a} and {b}", &[("a", "1"), ("b", "2")]), "1 and 2");
        assert_eq!(fill("{x} {", &[]), "{x} {");
        assert_eq!(fill("no args", &[("a", "1")]), "no args");
    }

    #[test]
    fn plural_forms_follow_the_count() {
        let de = Locale::new("de");
        assert_eq!(de.plural(Key::UnitWords, 1, &[]), "1 Wort");
        assert_eq!(de.plural(Key::UnitWords, 2, &[]), "2 Wörter");
        assert_eq!(
            Locale::default().plural(Key::UnitChars, 1, &[]),
            "1 character"
        );
        assert_eq!(
            Locale::new("es").tr(Key::FormSubmit, &[]),
            "Enviar propuesta"
        );
    }
}

/// The browser's Intl formatters, made once per tag: building one costs a millisecond or
/// more (ICU data), and a first render asks for a dozen numbers and plurals.
#[cfg(target_arch = "wasm32")]
mod intl {
    use js_sys::Intl::{NumberFormat, PluralRules};
    use std::cell::RefCell;

    thread_local! {
        static MADE: RefCell<Vec<(String, NumberFormat, PluralRules)>> = const { RefCell::new(Vec::new()) };
    }

    pub fn with<T>(tag: &str, f: impl FnOnce(&NumberFormat, &PluralRules) -> T) -> T {
        MADE.with(|made| {
            let mut made = made.borrow_mut();
            let i = match made.iter().position(|(t, ..)| t == tag) {
                Some(i) => i,
                None => {
                    let locales = js_sys::Array::of1(&tag.into());
                    let options = js_sys::Object::new();
                    made.push((
                        tag.to_owned(),
                        NumberFormat::new(&locales, &options),
                        PluralRules::new(&locales, &options),
                    ));
                    made.len() - 1
                }
            };
            let (_, number, plurals) = &made[i];
            f(number, plurals)
        })
    }
}
