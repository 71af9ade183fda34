//! A small JSON reader and writer of our own, used for definitions, stored submissions and
//! payloads on both the native and the wasm32 target.
//!
//! Owns: the `Value` tree (objects keep their key order), strict RFC 8259 parsing with
//! line/column errors, and compact serialisation. Numbers are kept as their validated literal
//! text so that no f64 parsing or printing machinery is linked into the widget (see
//! docs/BENCHMARKS.md). A leading UTF-8 BOM is skipped; nesting deeper than `MAX_DEPTH`
//! arrays/objects is refused. Of duplicate keys in an object the LAST value counts, at the place
//! of the first (as `JSON.parse` and serde_json read them); `parse_noting_duplicates` also says
//! where each was, so a definition can warn about it.
//! Must not: know anything about surveys, touch the browser, or panic on any input.

/// How many arrays/objects may be nested inside each other.
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value. Objects keep the order of their keys as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number's literal text, already validated against the JSON grammar.
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// Why a text is not JSON, with the 1-based line and column (in characters) where it broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub message: &'static str,
}

/// Parses a complete JSON text (surrounding whitespace allowed, nothing else after it).
pub fn parse(text: &str) -> Result<Value, JsonError> {
    parse_noting_duplicates(text).map(|(v, _)| v)
}

/// As [`parse`], and the path of every key that appeared more than once in its object
/// (`pages[0].elements[2].isRequired`, in the order met): the last value was kept.
pub fn parse_noting_duplicates(text: &str) -> Result<(Value, Vec<String>), JsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        pos: 0,
        path: Vec::new(),
        duplicates: Vec::new(),
    };
    let v = p.value(0)?;
    p.ws();
    if p.pos < p.s.len() {
        return Err(p.fail("trailing characters"));
    }
    Ok((v, p.duplicates))
}

/// One step of the path to the value being read: an array index, or an object key (its text
/// as written between the quotes, decoded only when a path is reported).
enum Step {
    Index(usize),
    Key(usize, usize),
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
    path: Vec<Step>,
    duplicates: Vec<String>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        self.pos += usize::from(hit);
        hit
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// An error at the current position; at the end of input the message says so instead.
    fn fail(&self, message: &'static str) -> JsonError {
        self.fail_at(self.pos, message)
    }

    fn fail_at(&self, at: usize, message: &'static str) -> JsonError {
        let message = if at >= self.s.len() {
            "unexpected end of input"
        } else {
            message
        };
        let before = self.s.get(..at).unwrap_or(self.s);
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let chars = |b: &[u8]| b.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        JsonError {
            line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
            column: 1 + chars(before.get(line_start..).unwrap_or_default()),
            message,
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.ws();
        let Some(c) = self.peek() else {
            return Err(self.fail(""));
        };
        if matches!(c, b'[' | b'{') && depth >= MAX_DEPTH {
            return Err(self.fail("nesting too deep"));
        }
        match c {
            b'{' => {
                self.pos += 1;
                let mut members = Vec::new();
                self.ws();
                if self.eat(b'}') {
                    return Ok(Value::Object(members));
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(self.fail("expected a string key"));
                    }
                    let start = self.pos + 1;
                    let key = self.string()?;
                    self.path.push(Step::Key(start, self.pos - 1));
                    self.ws();
                    if !self.eat(b':') {
                        return Err(self.fail("expected ':'"));
                    }
                    let value = self.value(depth + 1)?;
                    match members.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, earlier)) => {
                            *earlier = value;
                            let path = self.path_text();
                            self.duplicates.push(path);
                        }
                        None => members.push((key, value)),
                    }
                    self.path.pop();
                    self.ws();
                    if self.eat(b'}') {
                        return Ok(Value::Object(members));
                    }
                    if !self.eat(b',') {
                        return Err(self.fail("expected ',' or '}'"));
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat(b']') {
                    return Ok(Value::Array(items));
                }
                loop {
                    self.path.push(Step::Index(items.len()));
                    items.push(self.value(depth + 1)?);
                    self.path.pop();
                    self.ws();
                    if self.eat(b']') {
                        return Ok(Value::Array(items));
                    }
                    if !self.eat(b',') {
                        return Err(self.fail("expected ',' or ']'"));
                    }
                }
            }
            b'"' => self.string().map(Value::String),
            b'-' | b'0'..=b'9' => self.number(),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Null),
            _ => Err(self.fail("expected a value")),
        }
    }

    /// The path to the value being read, as the definition reader writes paths.
    fn path_text(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match *step {
                Step::Index(i) => out.push_str(&format!("[{i}]")),
                Step::Key(start, end) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    let raw = self.text.get(start..end).unwrap_or_default();
                    match parse(&format!("\"{raw}\"")) {
                        Ok(Value::String(key)) => out.push_str(&key),
                        _ => out.push_str(raw),
                    }
                }
            }
        }
        out
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, JsonError> {
        if !self
            .s
            .get(self.pos..)
            .unwrap_or_default()
            .starts_with(word.as_bytes())
        {
            return Err(self.fail("invalid literal"));
        }
        self.pos += word.len();
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        self.eat(b'-');
        if self.eat(b'0') {
            if matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.fail("invalid number"));
            }
        } else if self.digits() == 0 {
            return Err(self.fail("invalid number"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.fail("invalid number"));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            let _ = self.eat(b'+') || self.eat(b'-');
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        Ok(Value::Number(
            self.text
                .get(start..self.pos)
                .unwrap_or_default()
                .to_string(),
        ))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.s.get(self.pos..self.pos + 4)?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16)?;
        }
        self.pos += 4;
        Some(n)
    }

    /// A string starting at the opening quote under the cursor.
    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.fail(""));
            };
            if c == b'"' || c == b'\\' {
                out.push_str(self.text.get(run..self.pos).unwrap_or_default());
            }
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    let at = self.pos;
                    self.pos += 2;
                    let ch = match self.s.get(at + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode(at)?,
                        _ => return Err(self.fail_at(at, "invalid escape")),
                    };
                    out.push(ch);
                    run = self.pos;
                }
                0..=0x1f => return Err(self.fail("control character in string")),
                _ => self.pos += 1,
            }
        }
    }

    /// The character of a `\uXXXX` escape (or surrogate pair) whose backslash is at `at`.
    fn unicode(&mut self, at: usize) -> Result<char, JsonError> {
        let bad = |p: &Self| p.fail_at(at, "invalid escape");
        let hi = self.hex4().ok_or_else(|| bad(self))?;
        let code = match hi {
            0xD800..=0xDBFF => {
                if !self
                    .s
                    .get(self.pos..)
                    .unwrap_or_default()
                    .starts_with(b"\\u")
                {
                    return Err(self.fail_at(at, "lone surrogate"));
                }
                self.pos += 2;
                let lo = self.hex4().ok_or_else(|| bad(self))?;
                if !(0xDC00..=0xDFFF).contains(&lo) {
                    return Err(self.fail_at(at, "lone surrogate"));
                }
                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.fail_at(at, "lone surrogate")),
            _ => hi,
        };
        char::from_u32(code).ok_or_else(|| bad(self))
    }
}

impl Value {
    /// A string value (a convenience for writers of payloads).
    pub fn str(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// Compact JSON text of this value; strings escaped so the text is valid JSON and safe to
    /// embed in HTML `<script>` (`<`, `>`, `&`, U+2028, U+2029 escaped as `\uXXXX`).
    /// `Number` text is written as it is.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => write_string(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The member `key` of an object; `None` for other kinds.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// The number as an integer when it is one without fraction or exponent, within i64.
    pub fn as_i64(&self) -> Option<i64> {
        self.integer_text()?.parse().ok()
    }
    /// The number as a non-negative integer without fraction or exponent, within u64.
    pub fn as_u64(&self) -> Option<u64> {
        self.integer_text()?.parse().ok()
    }
    fn integer_text(&self) -> Option<&str> {
        match self {
            Value::Number(n) if !n.contains(['.', 'e', 'E']) => Some(n),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }
    /// A short name of the kind, for messages: "null", "boolean", "number", "string", "array", "object".
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Number(n.to_string())
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Number(n.to_string())
    }
}

/// Builds an object value from pairs (a convenience for writers of payloads).
pub fn object<I, K>(pairs: I) -> Value
where
    I: IntoIterator<Item = (K, Value)>,
    K: Into<String>,
{
    Value::Object(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

/// Appends `s` as a quoted, escaped JSON string to `out`.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1f}' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str("\\u");
                let n = u32::from(c);
                for shift in [12, 8, 4, 0] {
                    out.push(char::from_digit((n >> shift) & 15, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, usize, &'static str) {
        let e = parse(text).unwrap_err();
        (e.line, e.column, e.message)
    }

    #[test]
    fn parses_every_kind_and_keeps_key_order() {
        let v =
            parse(r#" {"b": [1, -2.5e3, true, false, null], "a": {"x": "y"}, "c": []} "#).unwrap();
        let keys: Vec<&str> = v
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["b", "a", "c"]);
        let b = v.get("b").unwrap().as_array().unwrap();
        assert_eq!(b[0], Value::Number("1".into()));
        assert_eq!(b[1], Value::Number("-2.5e3".into()));
        assert_eq!(b[2].as_bool(), Some(true));
        assert_eq!(b[4].kind(), "null");
        assert_eq!(v.get("a").unwrap().get("x").unwrap().as_str(), Some("y"));
        assert_eq!(v.get("missing"), None);
        assert_eq!(Value::Null.get("a"), None);
    }

    #[test]
    fn round_trips_compactly() {
        let text = r#"{"名字":"夜话","n":[0,-0.5,1E+2,{}],"ok":true,"x":null}"#;
        assert_eq!(parse(text).unwrap().to_json(), text);
        let spaced = "{ \"a\" : [ 1 , 2 ] ,\n \"b\" : \"c\" }";
        assert_eq!(parse(spaced).unwrap().to_json(), r#"{"a":[1,2],"b":"c"}"#);
    }

    #[test]
    fn chinese_text_survives() {
        let v = parse("\"社区夜话：停车难怎么办？🚗\"").unwrap();
        assert_eq!(v.as_str(), Some("社区夜话：停车难怎么办？🚗"));
        assert_eq!(parse(&v.to_json()).unwrap(), v);
    }

    #[test]
    fn decodes_escapes_and_surrogate_pairs() {
        let v = parse(r#""a\"b\\c\/d\b\f\n\r\t\u4e2d\uD83D\uDE97""#).unwrap();
        assert_eq!(v.as_str(), Some("a\"b\\c/d\u{8}\u{c}\n\r\t中🚗"));
    }

    #[test]
    fn writes_escapes_safe_for_html() {
        let v = Value::str("\"\\\n\u{1}</script>&\u{2028}\u{2029}中");
        let json = v.to_json();
        assert_eq!(
            json,
            r#""\"\\\n\u0001\u003c/script\u003e\u0026\u2028\u2029中""#
        );
        assert_eq!(parse(&json).unwrap(), v);
    }

    #[test]
    fn tolerates_a_leading_bom() {
        assert_eq!(
            parse("\u{feff}[true]").unwrap(),
            Value::Array(vec![Value::Bool(true)])
        );
        assert_eq!(err("\u{feff}[x]"), (1, 2, "expected a value"));
    }

    #[test]
    fn number_grammar_is_strict() {
        for ok in ["0", "-0", "12", "1.5", "1e9", "1E-9", "-0.0e+0"] {
            assert_eq!(parse(ok).unwrap(), Value::Number(ok.into()), "{ok}");
        }
        assert_eq!(err("01"), (1, 2, "invalid number"));
        assert_eq!(err("[1.]"), (1, 4, "invalid number"));
        assert_eq!(err("-x"), (1, 2, "invalid number"));
        assert_eq!(err("1e+"), (1, 4, "unexpected end of input"));
        assert_eq!(err("+1"), (1, 1, "expected a value"));
        assert_eq!(err(".5"), (1, 1, "expected a value"));
    }

    #[test]
    fn reports_errors_with_line_and_column() {
        assert_eq!(err(""), (1, 1, "unexpected end of input"));
        assert_eq!(err("[1,\n 2"), (2, 3, "unexpected end of input"));
        assert_eq!(err("{\"a\" 1}"), (1, 6, "expected ':'"));
        assert_eq!(err("{\"a\":1 \"b\":2}"), (1, 8, "expected ',' or '}'"));
        assert_eq!(err("[1 2]"), (1, 4, "expected ',' or ']'"));
        assert_eq!(err("{\"a\":1,}"), (1, 8, "expected a string key"));
        assert_eq!(err("[1,]"), (1, 4, "expected a value"));
        assert_eq!(err("[tru]"), (1, 2, "invalid literal"));
        assert_eq!(err("{} x"), (1, 4, "trailing characters"));
        assert_eq!(err("\"中文\" 1"), (1, 6, "trailing characters"));
        assert_eq!(err("\"abc"), (1, 5, "unexpected end of input"));
    }

    #[test]
    fn rejects_bad_strings() {
        assert_eq!(err("\"a\\qb\""), (1, 3, "invalid escape"));
        assert_eq!(err("\"\\u12G4\""), (1, 2, "invalid escape"));
        assert_eq!(err("\"\\u12"), (1, 2, "invalid escape"));
        assert_eq!(err("\"x\\uD83D\""), (1, 3, "lone surrogate"));
        assert_eq!(err("\"\\uD83D\\u0041\""), (1, 2, "lone surrogate"));
        assert_eq!(err("\"\\uDE97\""), (1, 2, "lone surrogate"));
        assert_eq!(err("\"a\tb\""), (1, 3, "control character in string"));
        assert_eq!(err("[\n\"中\nx\"]"), (2, 3, "control character in string"));
    }

    #[test]
    fn limits_nesting_without_overflowing_the_stack() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(err(&deep), (1, MAX_DEPTH + 1, "nesting too deep"));
        assert_eq!(err(&"{\"a\":".repeat(100_000)).2, "nesting too deep");
    }

    #[test]
    fn numeric_accessors() {
        assert_eq!(parse("-42").unwrap().as_i64(), Some(-42));
        assert_eq!(parse("42").unwrap().as_u64(), Some(42));
        assert_eq!(parse("-42").unwrap().as_u64(), None);
        assert_eq!(parse("1.0").unwrap().as_i64(), None);
        assert_eq!(parse("1e2").unwrap().as_i64(), None);
        assert_eq!(parse("99999999999999999999").unwrap().as_i64(), None);
        assert_eq!(parse("\"1\"").unwrap().as_i64(), None);
        assert_eq!(Value::from(-7i64).to_json(), "-7");
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_in_the_first_place_and_are_reported() {
        let text = r#"{"isRequired": false, "n": 1, "isRequired": true}"#;
        let (v, duplicates) = parse_noting_duplicates(text).unwrap();
        assert_eq!(v.get("isRequired"), Some(&Value::Bool(true)));
        assert_eq!(v.to_json(), r#"{"isRequired":true,"n":1}"#);
        assert_eq!(duplicates, ["isRequired"]);
        let nested =
            r#"{"pages":[{"elements":[{},{"a\u0062":1,"ab":[2],"ab":3}]}],"x":{"y":0,"y":1}}"#;
        let (v, duplicates) = parse_noting_duplicates(nested).unwrap();
        let ab = "pages[0].elements[1].ab";
        assert_eq!(duplicates, [ab, ab, "x.y"]);
        assert_eq!(
            v.to_json(),
            r#"{"pages":[{"elements":[{},{"ab":3}]}],"x":{"y":1}}"#
        );
        assert_eq!(
            parse(r#"[{"k":1,"k":2,"k":3}]"#).unwrap().to_json(),
            r#"[{"k":3}]"#
        );
    }

    #[test]
    fn builds_objects() {
        let v = object([("z", Value::from(true)), ("a", Value::from("文"))]);
        assert_eq!(v.to_json(), r#"{"z":true,"a":"文"}"#);
        assert_eq!(v.kind(), "object");
        let mut out = String::new();
        write_string(&mut out, "x");
        assert_eq!(out, "\"x\"");
    }
}
