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

use cfp_core::{ConfigError, EventConfig};

/// The config in `text`, checked, or every problem found, as `EventConfig::from_json`
/// gives them.
pub fn parse_config(text: &str) -> Result<EventConfig, Vec<ConfigError>> {
    let config: EventConfig = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        vec![match e.classify() {
            // Text after the config's closing brace: where from_json's `end()` stops.
            serde_json::error::Category::Syntax if message.starts_with("trailing characters") => {
                ConfigError {
                    path: String::new(),
                    message,
                }
            }
            category => {
                let stop = match category {
                    serde_json::error::Category::Syntax => Stop::Syntax,
                    serde_json::error::Category::Eof => Stop::Eof {
                        after_value: message.starts_with("EOF while parsing an object")
                            || message.starts_with("EOF while parsing a list"),
                    },
                    _ => Stop::Data {
                        duplicate: message.starts_with("duplicate field"),
                    },
                };
                let variant =
                    message.starts_with("unknown variant") || message.starts_with("expected value");
                ConfigError {
                    path: path_at(text, offset(text, e.line(), e.column()), stop, variant),
                    message: cfp_core::config::plain_serde_message(&message),
                }
            }
        }]
    })?;
    config.checked()
}

/// The byte offset of serde_json's (1-based line, bytes into that line).
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start = match line {
        0 | 1 => 0,
        n => text
            .match_indices('\n')
            .nth(n - 2)
            .map(|(i, _)| i + 1)
            .unwrap_or(text.len()),
    };
    (start + column).min(text.len())
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
    fn offsets_follow_lines_and_columns() {
        let text = "{\n  \"a\": 1\n}";
        assert_eq!(offset(text, 1, 0), 0);
        assert_eq!(offset(text, 2, 3), 5);
        assert_eq!(offset(text, 9, 9), text.len());
    }
}
