//! The event config read from JSON text in the wasm: the same result as
//! `cfp_core::EventConfig::from_json` (the config, or every problem with its JSON path and
//! message), in fewer bytes.
//!
//! `from_json` finds the path of a structural error with serde_path_to_error, which wraps
//! the deserializer of every type in the config: about 6 KB of the widget's brotli wasm.
//! Here the config is read with plain serde_json, and the path is read back from the text
//! itself: serde_json says where it stopped (line and column), and [`path_at`] walks the
//! JSON up to there, keeping the keys and indexes it is inside. `tests/config_json.rs`
//! checks both give the same errors for thousands of broken configs.

use crate::json::{custom, Category, Reader, Result};
use cfp_core::config::{
    Encoding, Endpoint, Format, Limit, Limits, ResponseMode, SpeakerRules, TalkRange, Track, Unit,
};
use cfp_core::{ConfigError, Deadline, EventConfig, Question, QuestionKind, QuestionOption};

/// The config in `text`, checked, or every problem found, as `EventConfig::from_json`
/// gives them.
pub fn parse_config(text: &str) -> std::result::Result<EventConfig, Vec<ConfigError>> {
    let mut reader = Reader::new(text);
    let config = event_config(&mut reader).and_then(|config| {
        reader.end()?;
        Ok(config)
    });
    let config = config.map_err(|e| {
        let at = e.at.unwrap_or(0);
        let (line, column) = reader.position(at);
        let message = format!("{} at line {line} column {column}", e.message);
        vec![match e.category {
            // Text after the config's closing brace: where from_json's `end()` stops.
            Category::Syntax if message.starts_with("trailing characters") => ConfigError {
                path: String::new(),
                message,
            },
            category => {
                let stop = match category {
                    Category::Syntax => Stop::Syntax,
                    Category::Eof => Stop::Eof {
                        after_value: message.starts_with("EOF while parsing an object")
                            || message.starts_with("EOF while parsing a list"),
                    },
                    Category::Data => Stop::Data {
                        duplicate: message.starts_with("duplicate field"),
                    },
                };
                let variant =
                    message.starts_with("unknown variant") || message.starts_with("expected value");
                ConfigError {
                    path: path_at(text, at, stop, variant),
                    message: cfp_core::config::plain_serde_message(&message),
                }
            }
        }]
    })?;
    config.checked()
}

/// The first `n` fields required, a bit each, for `Reader::fields`.
const fn first(n: u32) -> u32 {
    (1 << n) - 1
}

fn event_config(r: &mut Reader) -> Result<EventConfig> {
    let mut c = EventConfig {
        schema: None,
        id: String::new(),
        name: String::new(),
        opens_at: None,
        deadline: None,
        edits_until: None,
        locale: None,
        endpoint: None,
        page_url: None,
        tracks: Vec::new(),
        track_required: false,
        formats: Vec::new(),
        limits: Limits::default(),
        speakers: SpeakerRules::default(),
        questions: Vec::new(),
        code_of_conduct_url: None,
        allowed_origins: Vec::new(),
        honeypot: "_gotcha".to_owned(),
    };
    const FIELDS: &[&str] = &[
        "$schema",
        "id",
        "name",
        "opens_at",
        "deadline",
        "edits_until",
        "locale",
        "endpoint",
        "page_url",
        "tracks",
        "track_required",
        "formats",
        "limits",
        "speakers",
        "questions",
        "code_of_conduct_url",
        "allowed_origins",
        "honeypot",
    ];
    // Required: id, name, formats.
    r.fields(
        "EventConfig",
        FIELDS,
        0b110 | 1 << 11,
        false,
        &mut |r, i| {
            match i {
                0 => c.schema = r.option(Reader::string)?,
                1 => c.id = r.string()?,
                2 => c.name = r.string()?,
                3 => c.opens_at = r.option(deadline)?,
                4 => c.deadline = r.option(deadline)?,
                5 => c.edits_until = r.option(deadline)?,
                6 => c.locale = r.option(Reader::string)?,
                7 => c.endpoint = r.option(endpoint)?,
                8 => c.page_url = r.option(Reader::string)?,
                9 => c.tracks = list(r, track)?,
                10 => c.track_required = r.bool()?,
                11 => c.formats = list(r, format)?,
                12 => c.limits = limits(r)?,
                13 => c.speakers = speaker_rules(r)?,
                14 => c.questions = list(r, question)?,
                15 => c.code_of_conduct_url = r.option(Reader::string)?,
                16 => c.allowed_origins = r.strings()?,
                _ => c.honeypot = r.string()?,
            }
            Ok(())
        },
    )?;
    Ok(c)
}

fn list<T>(r: &mut Reader, read: fn(&mut Reader) -> Result<T>) -> Result<Vec<T>> {
    let mut out = Vec::new();
    r.seq(&mut |r| {
        out.push(read(r)?);
        Ok(())
    })?;
    Ok(out)
}

/// `try_from = "String"`: the text, then `Deadline`'s own error, placed by the frame.
fn deadline(r: &mut Reader) -> Result<Deadline> {
    Deadline::try_from(r.string()?).map_err(|e| custom(e.to_string()))
}

fn endpoint(r: &mut Reader) -> Result<Endpoint> {
    let mut e = Endpoint {
        url: String::new(),
        encoding: Encoding::default(),
        response: ResponseMode::default(),
        fields: Default::default(),
    };
    const FIELDS: &[&str] = &["url", "encoding", "response", "fields"];
    r.fields("Endpoint", FIELDS, first(1), false, &mut |r, i| {
        match i {
            0 => e.url = r.string()?,
            1 => e.encoding = [Encoding::Json, Encoding::Form][r.variant(&["json", "form"])?],
            2 => {
                e.response = [ResponseMode::Readable, ResponseMode::Opaque]
                    [r.variant(&["readable", "opaque"])?]
            }
            _ => {
                let mut fields = std::collections::BTreeMap::new();
                r.map(&mut |r, key| {
                    fields.insert(key, r.string()?);
                    Ok(())
                })?;
                e.fields = fields;
            }
        }
        Ok(())
    })?;
    Ok(e)
}

/// A struct of an `id` and a `label` (a track or a question's option).
fn id_label(r: &mut Reader, name: &str) -> Result<(String, String)> {
    let (mut id, mut label) = (String::new(), String::new());
    r.fields(name, &["id", "label"], first(2), false, &mut |r, i| {
        *if i == 0 { &mut id } else { &mut label } = r.string()?;
        Ok(())
    })?;
    Ok((id, label))
}

fn track(r: &mut Reader) -> Result<Track> {
    let (id, label) = id_label(r, "Track")?;
    Ok(Track { id, label })
}

fn question_option(r: &mut Reader) -> Result<QuestionOption> {
    let (id, label) = id_label(r, "QuestionOption")?;
    Ok(QuestionOption { id, label })
}

fn format(r: &mut Reader) -> Result<Format> {
    let mut f = Format {
        id: String::new(),
        label: String::new(),
        minutes: None,
        talks: None,
    };
    const FIELDS: &[&str] = &["id", "label", "minutes", "talks"];
    r.fields("Format", FIELDS, first(2), false, &mut |r, i| {
        match i {
            0 => f.id = r.string()?,
            1 => f.label = r.string()?,
            2 => f.minutes = r.option(Reader::u32)?,
            _ => f.talks = r.option(talk_range)?,
        }
        Ok(())
    })?;
    Ok(f)
}

fn talk_range(r: &mut Reader) -> Result<TalkRange> {
    let mut t = TalkRange { min: 0, max: 0 };
    r.fields(
        "TalkRange",
        &["min", "max"],
        first(2),
        false,
        &mut |r, i| {
            *if i == 0 { &mut t.min } else { &mut t.max } = r.u32()?;
            Ok(())
        },
    )?;
    Ok(t)
}

fn limits(r: &mut Reader) -> Result<Limits> {
    let mut l = Limits::default();
    const FIELDS: &[&str] = &[
        "title",
        "abstract",
        "description",
        "bio",
        "talk_abstract",
        "proposals_per_speaker",
    ];
    r.fields("Limits", FIELDS, 0, false, &mut |r, i| {
        let slot = match i {
            0 => &mut l.title,
            1 => &mut l.abstract_,
            2 => &mut l.description,
            3 => &mut l.bio,
            4 => &mut l.talk_abstract,
            _ => {
                l.proposals_per_speaker = r.option(Reader::u32)?;
                return Ok(());
            }
        };
        *slot = r.option(limit)?;
        Ok(())
    })?;
    Ok(l)
}

fn limit(r: &mut Reader) -> Result<Limit> {
    let mut l = Limit {
        min: None,
        max: None,
        unit: Unit::default(),
    };
    r.fields("Limit", &["min", "max", "unit"], 0, false, &mut |r, i| {
        match i {
            0 => l.min = r.option(Reader::u32)?,
            1 => l.max = r.option(Reader::u32)?,
            _ => l.unit = [Unit::Words, Unit::Chars][r.variant(&["words", "chars"])?],
        }
        Ok(())
    })?;
    Ok(l)
}

fn speaker_rules(r: &mut Reader) -> Result<SpeakerRules> {
    let mut s = SpeakerRules::default();
    r.fields("SpeakerRules", &["max"], first(1), false, &mut |r, _| {
        s.max = r.u32()?;
        Ok(())
    })?;
    Ok(s)
}

fn question(r: &mut Reader) -> Result<Question> {
    let mut q = Question {
        id: String::new(),
        label: String::new(),
        hint: None,
        kind: QuestionKind::Text,
        required: false,
        options: Vec::new(),
        limit: None,
        min: None,
        max: None,
        formats: Vec::new(),
        tracks: Vec::new(),
    };
    const FIELDS: &[&str] = &[
        "id", "label", "hint", "kind", "required", "options", "limit", "min", "max", "formats",
        "tracks",
    ];
    const KINDS: [QuestionKind; 7] = [
        QuestionKind::Text,
        QuestionKind::LongText,
        QuestionKind::Choice,
        QuestionKind::MultiChoice,
        QuestionKind::Bool,
        QuestionKind::Number,
        QuestionKind::Url,
    ];
    const KIND_NAMES: &[&str] = &[
        "text",
        "long_text",
        "choice",
        "multi_choice",
        "bool",
        "number",
        "url",
    ];
    // Required: id, label, kind.
    r.fields("Question", FIELDS, 0b1011, false, &mut |r, i| {
        match i {
            0 => q.id = r.string()?,
            1 => q.label = r.string()?,
            2 => q.hint = r.option(Reader::string)?,
            3 => q.kind = KINDS[r.variant(KIND_NAMES)?],
            4 => q.required = r.bool()?,
            5 => q.options = list(r, question_option)?,
            6 => q.limit = r.option(limit)?,
            7 => q.min = r.option(Reader::f64)?,
            8 => q.max = r.option(Reader::f64)?,
            9 => q.formats = r.strings()?,
            _ => q.tracks = r.strings()?,
        }
        Ok(())
    })?;
    Ok(q)
}

/// What stopped serde_json, which decides what serde_path_to_error would name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// A visitor refused what it read (a wrong type or value, an unknown, missing or
    /// duplicate field): serde_json points just after it.
    Data { duplicate: bool },
    /// The text is not JSON: serde_json points just after the offending character.
    Syntax,
    /// The text ended early: inside an object or array, after its last complete value
    /// (`after_value`), or inside a value.
    Eof { after_value: bool },
}

/// Where the walk is in an object: the key, once read, and how far its value is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Before a key (after `{` or `,`).
    Key,
    /// Inside a key that is not finished.
    InKey,
    /// After the key, before its `:`.
    AfterKey,
    /// After the `:`, before the value.
    Colon,
    /// Inside the value.
    Value,
    /// After the value.
    Done,
}

/// One level of the JSON the walk is inside.
enum Level {
    Object(Part, String),
    /// An array: the index of the current element, and whether the walk is inside it.
    Array(usize, Part),
}

/// The JSON path (`formats[1].minutes`) serde_path_to_error gives for an error at byte
/// `end` of `text`: the value being read, the key just read for an unknown field, `?` for a
/// key that was expected and not read.
///
/// `variant`: serde_json was reading an enum's variant name (`unknown variant`, or
/// `expected value` for an empty object). Given as an object (`"unit": {"words": ...}`),
/// the object is the enum's value, not a level of the path.
pub fn path_at(text: &str, end: usize, stop: Stop, variant: bool) -> String {
    let end = match stop {
        Stop::Syntax => end.saturating_sub(1),
        _ => end,
    };
    let bytes = &text.as_bytes()[..end.min(text.len())];
    let mut levels: Vec<Level> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' | b'}' | b']') {
            // A number, true, false or null ends here.
            finish_scalar(&mut levels);
        }
        match b {
            b'{' => {
                start_value(&mut levels);
                levels.push(Level::Object(Part::Key, String::new()));
            }
            b'[' => {
                start_value(&mut levels);
                levels.push(Level::Array(0, Part::Key));
            }
            b'}' | b']' => {
                levels.pop();
                done(&mut levels);
            }
            b',' => match levels.last_mut() {
                Some(Level::Object(part, _)) => *part = Part::Key,
                Some(Level::Array(index, part)) => {
                    *index += 1;
                    *part = Part::Key;
                }
                None => {}
            },
            b':' => {
                if let Some(Level::Object(part @ Part::AfterKey, _)) = levels.last_mut() {
                    *part = Part::Colon;
                }
            }
            b'"' => {
                let (string, next) = read_string(bytes, i + 1);
                let closed = next <= bytes.len();
                match levels.last_mut() {
                    Some(Level::Object(part @ Part::Key, key)) => {
                        *part = if closed { Part::AfterKey } else { Part::InKey };
                        *key = string;
                    }
                    _ => {
                        start_value(&mut levels);
                        if closed {
                            done(&mut levels);
                        }
                    }
                }
                i = next;
                continue;
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => start_value(&mut levels),
        }
        i += 1;
    }
    if stop == (Stop::Eof { after_value: true }) {
        finish_scalar(&mut levels);
    }
    if let (true, Some(Level::Object(Part::Key | Part::InKey | Part::AfterKey, _))) =
        (variant, levels.last())
    {
        levels.pop();
    }
    let mut path = String::new();
    let last = levels.len().saturating_sub(1);
    for (depth, level) in levels.iter().enumerate() {
        let segment = match level {
            Level::Object(part, key) => match (stop, *part) {
                _ if depth < last => Some(key.as_str()),
                (Stop::Data { .. }, Part::Key | Part::InKey) => None,
                (_, Part::Key | Part::InKey) => Some("?"),
                (Stop::Data { duplicate: true }, Part::AfterKey) => None,
                (Stop::Data { .. }, _) => Some(key.as_str()),
                (_, Part::AfterKey) => None,
                (_, Part::Colon | Part::Value) => Some(key.as_str()),
                (_, Part::Done) => Some("?"),
            },
            Level::Array(index, part) => {
                // A visitor refusing an element has read it, or looked at its first byte.
                let inside =
                    depth < last || *part == Part::Value || matches!(stop, Stop::Data { .. });
                if inside {
                    path.push('[');
                    path.push_str(&index.to_string());
                    path.push(']');
                }
                None
            }
        };
        if let Some(segment) = segment {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(segment);
        }
    }
    path
}

/// A value starts in the innermost level.
fn start_value(levels: &mut [Level]) {
    match levels.last_mut() {
        Some(Level::Object(part, _)) if *part != Part::Done => *part = Part::Value,
        Some(Level::Array(_, part)) if *part == Part::Key => *part = Part::Value,
        _ => {}
    }
}

/// The innermost level's current value is complete.
fn done(levels: &mut [Level]) {
    match levels.last_mut() {
        Some(Level::Object(part, _)) | Some(Level::Array(_, part)) => *part = Part::Done,
        None => {}
    }
}

/// A scalar (number, true, false, null) being read is complete.
fn finish_scalar(levels: &mut [Level]) {
    if let Some(Level::Object(part @ Part::Value, _)) | Some(Level::Array(_, part @ Part::Value)) =
        levels.last_mut()
    {
        *part = Part::Done;
    }
}

/// The string starting at `start` (after its opening quote), unescaped as far as a key
/// needs, and where the walk goes on: after its closing quote, or past the end when it has
/// none.
fn read_string(bytes: &[u8], start: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
            b'\\' if i + 1 < bytes.len() => {
                out.push(bytes[i + 1]);
                i += 2;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), bytes.len() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_values_keys_and_closed_containers() {
        let text = r#"{"id":"ev","formats":[{"id":"a"},{"id":"b","minutes":"25"}]}"#;
        let data = Stop::Data { duplicate: false };
        let at =
            |needle: &str| path_at(text, text.find(needle).unwrap() + needle.len(), data, false);
        assert_eq!(at(r#""minutes":"25""#), "formats[1].minutes");
        assert_eq!(at(r#""minutes""#), "formats[1].minutes");
        assert_eq!(at(r#"{"id":"a"}"#), "formats[0]");
        assert_eq!(at(r#""id":"ev""#), "id");
        assert_eq!(at(r#""id":"ev","#), "");
        assert_eq!(path_at(r#"{"a\"b":1"#, 9, data, false), "a\"b");
        let eof = Stop::Eof { after_value: true };
        assert_eq!(path_at(r#"{"a":1,"#, 7, eof, false), "?");
        assert_eq!(path_at(r#"{"a":1"#, 6, eof, false), "?");
        assert_eq!(path_at(r#"{"a" 1}"#, 6, Stop::Syntax, false), "");
    }

    #[test]
    fn positions_follow_lines_and_columns() {
        let reader = crate::json::Reader::new("{\n  \"a\": 1\n}");
        assert_eq!(reader.position(0), (1, 0));
        assert_eq!(reader.position(5), (2, 3));
        assert_eq!(reader.position(12), (3, 1));
    }
}
