//! The message catalogues (`locales/*.txt`), the locale a widget speaks, and filling in a
//! message: placeholders, plural forms by the browser's `Intl.PluralRules`, numbers by its
//! `Intl.NumberFormat`.
//!
//! English is compiled in by `build.rs`. Spanish and German are compiled catalogues
//! (`build/catalogue.rs`: a header line, then one message a line in English's key order)
//! that the loader fetches for a page that needs them and hands over with [`install`]; with
//! the `bundled-locales` feature (the default, for Rust callers and tests) they are
//! compiled in as well. A language whose catalogue is not installed speaks English.

use std::cell::RefCell;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// The languages with a catalogue, in the order of the generated tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
    De,
}

impl Lang {
    /// The language subtag: `en`, `es`, `de`.
    pub fn code(self) -> &'static str {
        ["en", "es", "de"][self as usize]
    }

    /// Its place among the fetched catalogues; English has none (it is built in).
    fn slot(self) -> Option<usize> {
        (self as usize).checked_sub(1)
    }

    /// Whether its messages are at hand: English always; another language once its
    /// catalogue is installed (or bundled).
    pub fn ready(self) -> bool {
        catalogue(self) == Catalogue::Ready
    }

    /// Whether its catalogue is yet to be fetched: not installed, not bundled, and not
    /// failed already.
    pub fn fetchable(self) -> bool {
        catalogue(self) == Catalogue::Missing
    }

    /// Installs its compiled catalogue; see [`install`].
    pub fn install(self, text: &str) -> Result<(), String> {
        install(self, text)
    }

    /// Its catalogue could not be loaded: it speaks English from now on.
    pub fn failed(self) {
        if let Some(slot) = self.slot() {
            INSTALLED.with(|t| {
                t.borrow_mut()[slot].get_or_insert(Err(()));
            });
        }
    }
}

/// The compiled catalogues of Spanish and German, when they are built into the wasm.
#[cfg(feature = "bundled-locales")]
static BUNDLED: [&str; 2] = [
    include_str!(concat!(env!("OUT_DIR"), "/es.txt")),
    include_str!(concat!(env!("OUT_DIR"), "/de.txt")),
];
#[cfg(not(feature = "bundled-locales"))]
static BUNDLED: [&str; 2] = ["", ""];

/// A language's messages in `Key` order: `None` until asked for, `Err` once its catalogue
/// failed to load or was refused (the widget speaks English then).
type Slot = Option<Result<Vec<&'static str>, ()>>;

thread_local! {
    /// Spanish's and German's slots.
    static INSTALLED: RefCell<[Slot; 2]> = const { RefCell::new([None, None]) };
}

/// Where the messages of a language stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Catalogue {
    /// At hand: English, or an installed (or bundled) catalogue.
    Ready,
    /// Not asked for yet: the loader can fetch it.
    Missing,
    /// It could not be loaded, or was refused: the widget speaks English.
    Failed,
}

/// Where `lang`'s messages stand (a bundled catalogue is installed on the first question).
fn catalogue(lang: Lang) -> Catalogue {
    let Some(slot) = lang.slot() else {
        return Catalogue::Ready;
    };
    match INSTALLED.with(|t| t.borrow()[slot].as_ref().map(Result::is_ok)) {
        Some(true) => Catalogue::Ready,
        Some(false) => Catalogue::Failed,
        None if !BUNDLED[slot].is_empty() && install(lang, BUNDLED[slot]).is_ok() => {
            Catalogue::Ready
        }
        None => Catalogue::Missing,
    }
}

/// Installs `text`, the compiled catalogue of `lang` (`cfp-widget-<lang>.txt`), for every
/// widget on the page. Refused, with a sentence for the site maintainer, when it is not
/// `lang`'s catalogue from this very build (its lines would be other messages); the
/// language then speaks English. A language installed already keeps its catalogue.
fn install(lang: Lang, text: &str) -> Result<(), String> {
    let Some(slot) = lang.slot() else {
        return Ok(());
    };
    if INSTALLED.with(|t| t.borrow()[slot].is_some()) {
        return Ok(());
    }
    let checked = check(lang, text);
    let messages = checked.as_ref().map(|body| {
        // Installed once per language and page, and kept for the page's life.
        let body: &'static str = Box::leak(body.to_string().into_boxed_str());
        body.split('\n').collect()
    });
    INSTALLED.with(|t| t.borrow_mut()[slot] = Some(messages.map_err(|_| ())));
    checked.map(|_| ())
}

/// The messages of a compiled catalogue, if it is `lang`'s from this build.
fn check(lang: Lang, text: &str) -> Result<&str, String> {
    let name = format!("cfp-widget-{}.txt", lang.code());
    let expected = format!("cfp-widget {} {FINGERPRINT}", lang.code());
    let (header, body) = text.split_once('\n').unwrap_or((text, ""));
    if header.trim_end() != expected {
        return Err(format!(
            "{name} is not the catalogue this build of the widget reads (its first line is \"{header}\", not \"{expected}\"): copy the whole folder that `cargo xtask dist` made, with no file left from another release"
        ));
    }
    let count = body.split('\n').count();
    if count != KEYS {
        return Err(format!(
            "{name} has {count} messages where this build of the widget has {KEYS}: the file was cut short or changed"
        ));
    }
    Ok(body)
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

    /// The text of `key` in this locale, or in English when the catalogue lacks it (or is
    /// not installed).
    fn message(&self, key: Key) -> &'static str {
        let i = key as usize;
        let start = if i == 0 { 0 } else { ENDS[i - 1] };
        let english = &ENGLISH[usize::from(start)..usize::from(ENDS[i])];
        let Some(slot) = self.lang.slot().filter(|_| self.lang.ready()) else {
            return english;
        };
        INSTALLED
            .with(|t| match &t.borrow()[slot] {
                Some(Ok(messages)) => messages.get(i).copied(),
                _ => None,
            })
            .filter(|m| !m.is_empty())
            .unwrap_or(english)
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
/// `build/catalogue.rs` writes them).
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
    fn a_catalogue_from_another_build_is_refused_and_english_shown() {
        let refused = install(Lang::De, "cfp-widget de 00000000\nVorschlag einreichen");
        let why = refused.unwrap_err();
        assert!(
            why.starts_with("cfp-widget-de.txt is not the catalogue this build"),
            "{why}"
        );
        assert_eq!(catalogue(Lang::De), Catalogue::Failed);
        assert_eq!(
            Locale::new("de").tr(Key::FormSubmit, &[]),
            "Submit proposal"
        );
    }

    #[test]
    fn a_catalogue_cut_short_is_refused() {
        let text = format!("cfp-widget es {FINGERPRINT}\nEnviar propuesta");
        let why = install(Lang::Es, &text).unwrap_err();
        assert!(why.contains("has 1 messages where this build"), "{why}");
        assert_eq!(catalogue(Lang::Es), Catalogue::Failed);
    }

    #[test]
    fn a_fetched_catalogue_is_read_in_key_order() {
        // The text the loader fetches is what build.rs bundles.
        let text = include_str!(concat!(env!("OUT_DIR"), "/es.txt"));
        assert_eq!(install(Lang::Es, text), Ok(()));
        assert_eq!(catalogue(Lang::Es), Catalogue::Ready);
        let es = Locale::new("es");
        assert_eq!(es.tr(Key::FormSubmit, &[]), "Enviar propuesta");
        assert_eq!(es.plural(Key::UnitWords, 2, &[]), "2 palabras");
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
