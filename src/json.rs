//! A small JSON reader for the two documents the widget reads (the event config and the
//! saved draft), in place of serde_json's `Deserializer` and serde's derived visitors.
//!
//! serde's derive writes a visitor per type, and serde_json's `deserialize_*` are
//! monomorphised for each one (fourteen config types, five draft types). Here one reader
//! walks the text and each type is a few calls to shared, non-generic functions; with
//! both documents read this way serde_json's deserializer left the wasm, -14.5 KB brotli
//! (BENCHMARKS.md). It follows serde_json step by step (what is accepted, each
//! error's wording and the byte it points at), because the config's errors must read as
//! `cfp_core::EventConfig::from_json`'s do on the server: `tests/config_json.rs` compares
//! them on 5,269 configs.

use std::fmt::Write;

/// serde_json's `Category` of an error, which decides how its JSON path is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Syntax,
    Eof,
    Data,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// serde_json's message, without its position.
    pub message: String,
    pub category: Category,
    /// The byte serde_json's line and column point at; `None` until a reader frame
    /// places it, as serde_json's `fix_position` does.
    pub at: Option<usize>,
}

pub type Result<T> = std::result::Result<T, Error>;

/// A data error (serde's `Error::custom`), placed later by the frame it leaves.
pub fn custom(message: String) -> Error {
    Error {
        message,
        category: Category::Data,
        at: None,
    }
}

/// serde's `OneOf`: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
fn one_of(names: &[&str]) -> String {
    match names {
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => {
            let mut out = String::from("one of ");
            for (i, name) in names.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "`{name}`");
            }
            out
        }
    }
}

/// A number as serde_json's parser holds it.
#[derive(Clone, Copy)]
pub enum Number {
    U(u64),
    I(i64),
    F(f64),
}

impl Number {
    /// serde's `Unexpected` for it, as serde_json words it.
    fn unexpected(self) -> String {
        match self {
            Number::U(n) => format!("integer `{n}`"),
            Number::I(n) => format!("integer `{n}`"),
            Number::F(f) => format!("floating point `{}`", zmij::Buffer::new().format(f)),
        }
    }

    pub fn as_f64(self) -> f64 {
        match self {
            Number::U(n) => n as f64,
            Number::I(n) => n as f64,
            Number::F(f) => f,
        }
    }
}

/// The text as exactly JSON's grammar reads a number, in the browser's (or Rust's)
/// correctly rounded float parser.
fn parse_f64(text: &str) -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::parse_float(text)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.parse().unwrap_or(f64::NAN)
    }
}

pub struct Reader<'a> {
    text: &'a str,
    i: usize,
    /// How deep `skip` is, limited as serde_json limits it.
    depth: u8,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader {
            text,
            i: 0,
            depth: 0,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek();
        if b.is_some() {
            self.i += 1;
        }
        b
    }

    /// serde_json's `parse_whitespace`: the next byte that is not white space, not eaten.
    fn ws(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
        self.peek()
    }

    fn error_at(&self, at: usize, message: &str) -> Error {
        let category = if message.starts_with("EOF") {
            Category::Eof
        } else {
            Category::Syntax
        };
        Error {
            message: message.to_owned(),
            category,
            at: Some(at),
        }
    }

    /// serde_json's `error`: at the current byte.
    fn error(&self, message: &str) -> Error {
        self.error_at(self.i, message)
    }

    /// serde_json's `peek_error`: just after the byte peeked at.
    fn peek_error(&self, message: &str) -> Error {
        self.error_at((self.i + 1).min(self.text.len()), message)
    }

    /// serde_json's `fix_position`.
    fn fix(&self, mut e: Error) -> Error {
        e.at.get_or_insert(self.i);
        e
    }

    fn eof_value(&self) -> Error {
        self.peek_error("EOF while parsing a value")
    }

    fn ident(&mut self, rest: &[u8]) -> Result<()> {
        for &expected in rest {
            match self.next() {
                None => return Err(self.error("EOF while parsing a value")),
                Some(b) if b != expected => return Err(self.error("expected ident")),
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// After `"`: the string up to its closing quote (serde_json's `parse_str`).
    fn string_body(&mut self) -> Result<String> {
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(&self.text[start..self.i]);
            match self.next() {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => return Ok(out),
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => {
                    return Err(self
                        .error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<()> {
        let c = match self.next() {
            None => return Err(self.error("EOF while parsing a string")),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\x08',
            Some(b'f') => '\x0c',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(out),
            Some(_) => return Err(self.error("invalid escape")),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32> {
        let Some(digits) = self.bytes().get(self.i..self.i + 4) else {
            self.i = self.text.len();
            return Err(self.error("EOF while parsing a string"));
        };
        self.i += 4;
        let mut n = 0;
        for &d in digits {
            match (d as char).to_digit(16) {
                Some(v) => n = n * 16 + v,
                None => return Err(self.error("invalid escape")),
            }
        }
        Ok(n)
    }

    fn unicode_escape(&mut self, out: &mut String) -> Result<()> {
        const LONE: &str = "lone leading surrogate in hex escape";
        let n = self.hex4()?;
        if (0xDC00..=0xDFFF).contains(&n) {
            return Err(self.error(LONE));
        }
        let code = if (0xD800..=0xDBFF).contains(&n) {
            for expected in [b'\\', b'u'] {
                match self.peek() {
                    None => return Err(self.error("EOF while parsing a string")),
                    Some(b) if b == expected => self.i += 1,
                    Some(_) => {
                        self.i += 1;
                        return Err(self.error("unexpected end of hex escape"));
                    }
                }
            }
            let n2 = self.hex4()?;
            if !(0xDC00..=0xDFFF).contains(&n2) {
                return Err(self.error(LONE));
            }
            (((n - 0xD800) << 10) | (n2 - 0xDC00)) + 0x1_0000
        } else {
            n
        };
        out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
        Ok(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
    }

    /// A number starting here (`-` included), read as serde_json's `parse_integer` does:
    /// the same errors at the same bytes; the value of a fraction or exponent (or of an
    /// integer beyond u64) from the number's text.
    fn number(&mut self) -> Result<Number> {
        let start = self.i;
        let positive = self.peek() != Some(b'-');
        if !positive {
            self.i += 1;
        }
        let first = self.i;
        match self.next() {
            None => return Err(self.error("EOF while parsing a value")),
            Some(b'0') => {
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.peek_error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            Some(_) => return Err(self.error("invalid number")),
        }
        let integer = &self.text[first..self.i];
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.i += 1;
            let before = self.i;
            self.digits();
            if self.i == before {
                return Err(match self.peek() {
                    Some(_) => self.peek_error("invalid number"),
                    None => self.peek_error("EOF while parsing a value"),
                });
            }
            float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            match self.next() {
                None => return Err(self.error("EOF while parsing a value")),
                Some(b'0'..=b'9') => self.digits(),
                Some(_) => return Err(self.error("invalid number")),
            }
            float = true;
        }
        if !float {
            if let Ok(n) = integer.parse::<u64>() {
                return Ok(if positive {
                    Number::U(n)
                } else {
                    match (n as i64).wrapping_neg() {
                        neg if neg >= 0 => Number::F(-(n as f64)),
                        neg => Number::I(neg),
                    }
                });
            }
        }
        let f = parse_f64(&self.text[start..self.i]);
        if f.is_infinite() {
            return Err(self.error("number out of range"));
        }
        Ok(Number::F(f))
    }

    /// serde_json's `peek_invalid_type`: what is here, read, as an invalid type.
    fn invalid_type(&mut self, expected: &str) -> Error {
        let found = match self.peek().unwrap_or(0) {
            b'n' => {
                self.i += 1;
                if let Err(e) = self.ident(b"ull") {
                    return e;
                }
                "null".to_owned()
            }
            b't' | b'f' => {
                let truth = self.next() == Some(b't');
                if let Err(e) = self.ident(if truth { b"rue" } else { b"alse" }) {
                    return e;
                }
                format!("boolean `{truth}`")
            }
            b'-' | b'0'..=b'9' => match self.number() {
                Ok(n) => n.unexpected(),
                Err(e) => return e,
            },
            b'"' => {
                self.i += 1;
                match self.string_body() {
                    Ok(s) => format!("string {s:?}"),
                    Err(e) => return e,
                }
            }
            b'[' => "sequence".to_owned(),
            b'{' => "map".to_owned(),
            _ => return self.peek_error("expected value"),
        };
        self.fix(custom(format!(
            "invalid type: {found}, expected {expected}"
        )))
    }

    /// A value's first byte, or serde_json's error for the end of the text.
    fn start(&mut self) -> Result<u8> {
        self.ws().ok_or_else(|| self.eof_value())
    }

    /// The first byte of the next value, not eaten.
    pub fn peek_value(&mut self) -> Result<u8> {
        self.start()
    }

    pub fn string(&mut self) -> Result<String> {
        if self.start()? != b'"' {
            return Err(self.invalid_type("a string"));
        }
        self.i += 1;
        self.string_body()
    }

    pub fn bool(&mut self) -> Result<bool> {
        let truth = match self.start()? {
            b't' => true,
            b'f' => false,
            _ => return Err(self.invalid_type("a boolean")),
        };
        self.i += 1;
        self.ident(if truth { b"rue" } else { b"alse" })?;
        Ok(truth)
    }

    /// Any number (serde_json's `deserialize_number`).
    pub fn any_number(&mut self, expected: &str) -> Result<Number> {
        match self.start()? {
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.invalid_type(expected)),
        }
    }

    pub fn u32(&mut self) -> Result<u32> {
        let unexpected = match self.any_number("u32")? {
            Number::U(n) if n <= u32::MAX as u64 => return Ok(n as u32),
            n @ (Number::U(_) | Number::I(_)) => format!("invalid value: {}", n.unexpected()),
            n => format!("invalid type: {}", n.unexpected()),
        };
        Err(self.fix(custom(format!("{unexpected}, expected u32"))))
    }

    pub fn f64(&mut self) -> Result<f64> {
        Ok(self.any_number("f64")?.as_f64())
    }

    /// `null` is `None` (serde_json's `deserialize_option`), anything else `read`s.
    pub fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        if self.ws() == Some(b'n') {
            self.i += 1;
            self.ident(b"ull")?;
            return Ok(None);
        }
        read(self).map(Some)
    }

    /// serde_json's `end_seq`.
    fn end_seq(&mut self) -> Result<()> {
        match self.ws() {
            Some(b']') => {
                self.i += 1;
                Ok(())
            }
            Some(b',') => {
                self.i += 1;
                Err(match self.ws() {
                    Some(b']') => self.peek_error("trailing comma"),
                    _ => self.peek_error("trailing characters"),
                })
            }
            Some(_) => Err(self.peek_error("trailing characters")),
            None => Err(self.peek_error("EOF while parsing a list")),
        }
    }

    /// serde_json's `end_map`.
    fn end_map(&mut self) -> Result<()> {
        match self.ws() {
            Some(b'}') => {
                self.i += 1;
                Ok(())
            }
            Some(b',') => Err(self.peek_error("trailing comma")),
            Some(_) => Err(self.peek_error("trailing characters")),
            None => Err(self.peek_error("EOF while parsing an object")),
        }
    }

    /// The next element of an array (serde_json's `has_next_element`).
    fn next_element(&mut self, first: &mut bool) -> Result<bool> {
        let peek = self
            .ws()
            .ok_or_else(|| self.peek_error("EOF while parsing a list"))?;
        if peek == b']' {
            Ok(false)
        } else if std::mem::take(first) {
            Ok(true)
        } else if peek == b',' {
            self.i += 1;
            match self.ws() {
                Some(b']') => Err(self.peek_error("trailing comma")),
                Some(_) => Ok(true),
                None => Err(self.eof_value()),
            }
        } else {
            Err(self.peek_error("expected `,` or `]`"))
        }
    }

    /// The next key of an object (serde_json's `has_next_key` and `MapKey`).
    fn next_key(&mut self, first: &mut bool) -> Result<Option<String>> {
        let peek = self
            .ws()
            .ok_or_else(|| self.peek_error("EOF while parsing an object"))?;
        if peek == b'}' {
            return Ok(None);
        }
        if !std::mem::take(first) {
            if peek != b',' {
                return Err(self.peek_error("expected `,` or `}`"));
            }
            self.i += 1;
            match self.ws() {
                Some(b'"') => {}
                Some(b'}') => return Err(self.peek_error("trailing comma")),
                Some(_) => return Err(self.peek_error("key must be a string")),
                None => return Err(self.eof_value()),
            }
        } else if peek != b'"' {
            return Err(self.peek_error("key must be a string"));
        }
        self.i += 1;
        self.string_body().map(Some)
    }

    /// serde_json's `parse_object_colon`.
    fn colon(&mut self) -> Result<()> {
        match self.ws() {
            Some(b':') => {
                self.i += 1;
                Ok(())
            }
            Some(_) => Err(self.peek_error("expected `:`")),
            None => Err(self.peek_error("EOF while parsing an object")),
        }
    }

    /// A `[` or `{` frame: its content read by `read` (told whether it is an array), its
    /// end checked even after an error, and a data error placed where the frame stopped
    /// (serde_json's `deserialize_seq`, `deserialize_map` and `deserialize_struct`).
    fn frame(
        &mut self,
        expected: &str,
        (seq, map): (bool, bool),
        read: &mut dyn FnMut(&mut Self, bool) -> Result<()>,
    ) -> Result<()> {
        let peek = self.start()?;
        let result = if (peek == b'[' && seq) || (peek == b'{' && map) {
            self.i += 1;
            let ret = read(self, peek == b'[');
            let end = if peek == b'[' {
                self.end_seq()
            } else {
                self.end_map()
            };
            ret.and(end)
        } else {
            Err(self.invalid_type(expected))
        };
        result.map_err(|e| self.fix(e))
    }

    /// An array, each element read by `element`.
    pub fn seq(&mut self, element: &mut dyn FnMut(&mut Self) -> Result<()>) -> Result<()> {
        self.frame("a sequence", (true, false), &mut |r, _| {
            let mut first = true;
            while r.next_element(&mut first)? {
                element(r)?;
            }
            Ok(())
        })
    }

    pub fn strings(&mut self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        self.seq(&mut |r| {
            out.push(r.string()?);
            Ok(())
        })?;
        Ok(out)
    }

    /// An object of any keys (a `BTreeMap<String, _>`: a repeated key's last value wins).
    pub fn map(&mut self, member: &mut dyn FnMut(&mut Self, String) -> Result<()>) -> Result<()> {
        self.frame("a map", (false, true), &mut |r, _| {
            let mut first = true;
            while let Some(key) = r.next_key(&mut first)? {
                r.colon()?;
                member(r, key)?;
            }
            Ok(())
        })
    }

    /// A struct as serde's derive reads it: an object of its `fields` (each once; unknown
    /// ones refused unless `ignore_unknown`), or an array of them in order. `field(r, i)`
    /// reads field `i`'s value; those in `required` (a bit per field) must be there.
    pub fn fields(
        &mut self,
        name: &str,
        fields: &[&str],
        required: u32,
        ignore_unknown: bool,
        field: &mut dyn FnMut(&mut Self, usize) -> Result<()>,
    ) -> Result<()> {
        self.frame(&format!("struct {name}"), (true, true), &mut |r, seq| {
            let mut first = true;
            if seq {
                for i in 0..fields.len() {
                    if r.next_element(&mut first)? {
                        field(r, i)?;
                    } else if required & (1 << i) != 0 {
                        let n = fields.len();
                        let elements = if n == 1 { "element" } else { "elements" };
                        return Err(custom(format!(
                            "invalid length {i}, expected struct {name} with {n} {elements}"
                        )));
                    }
                }
                return Ok(());
            }
            let mut seen = 0u32;
            while let Some(key) = r.next_key(&mut first)? {
                match fields.iter().position(|f| *f == key) {
                    Some(i) => {
                        if seen & (1 << i) != 0 {
                            return Err(custom(format!("duplicate field `{key}`")));
                        }
                        seen |= 1 << i;
                        r.colon()?;
                        field(r, i)?;
                    }
                    None if ignore_unknown => {
                        r.colon()?;
                        r.skip()?;
                    }
                    None => {
                        return Err(custom(format!(
                            "unknown field `{key}`, expected {}",
                            one_of(fields)
                        )))
                    }
                }
            }
            match (0..fields.len()).find(|i| required & !seen & (1 << i) != 0) {
                Some(i) => Err(custom(format!("missing field `{}`", fields[i]))),
                None => Ok(()),
            }
        })
    }

    /// A unit variant of an enum, by name (`"words"`, or serde_json's `{"words": null}`).
    pub fn variant(&mut self, variants: &[&str]) -> Result<usize> {
        let find = |r: &Self, name: String| {
            variants.iter().position(|v| *v == name).ok_or_else(|| {
                r.fix(custom(format!(
                    "unknown variant `{name}`, expected {}",
                    one_of(variants)
                )))
            })
        };
        match self.ws() {
            Some(b'"') => {
                self.i += 1;
                let name = self.string_body()?;
                find(self, name)
            }
            Some(b'{') => {
                self.i += 1;
                match self.ws() {
                    Some(b'"') => {}
                    Some(b'}') => return Err(self.peek_error("expected value")),
                    Some(_) => return Err(self.peek_error("key must be a string")),
                    None => return Err(self.peek_error("EOF while parsing an object")),
                }
                self.i += 1;
                let name = self.string_body()?;
                let index = find(self, name)?;
                self.colon()?;
                // The unit's value: `null`.
                let unit = match self.start()? {
                    b'n' => {
                        self.i += 1;
                        self.ident(b"ull")
                    }
                    _ => Err(self.invalid_type("unit")),
                };
                unit.map_err(|e| self.fix(e))?;
                match self.ws() {
                    Some(b'}') => {
                        self.i += 1;
                        Ok(index)
                    }
                    Some(_) => Err(self.error("expected value")),
                    None => Err(self.error("EOF while parsing an object")),
                }
            }
            Some(_) => Err(self.peek_error("expected value")),
            None => Err(self.eof_value()),
        }
    }

    /// Any value, read and dropped (serde_json's `ignore_value`).
    pub fn skip(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > 128 {
            return Err(self.error("recursion limit exceeded"));
        }
        let skipped = match self.start()? {
            b'[' => self.seq(&mut |r| r.skip()),
            b'{' => self.map(&mut |r, _| r.skip()),
            b'"' => self.string().map(drop),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            b'n' | b't' | b'f' => {
                let rest: &[u8] = match self.next() {
                    Some(b'n') => b"ull",
                    Some(b't') => b"rue",
                    _ => b"alse",
                };
                self.ident(rest)
            }
            _ => Err(self.peek_error("expected value")),
        };
        self.depth -= 1;
        skipped
    }

    /// serde_json's `end`: nothing but white space after the value.
    pub fn end(&mut self) -> Result<()> {
        match self.ws() {
            Some(_) => Err(self.peek_error("trailing characters")),
            None => Ok(()),
        }
    }

    /// serde_json's line and column for byte `at`, as its `Display` adds them.
    pub fn position(&self, at: usize) -> (usize, usize) {
        let before = &self.bytes()[..at];
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let line = 1 + before[..start].iter().filter(|&&b| b == b'\n').count();
        (line, at - start)
    }
}
