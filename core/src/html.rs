//! The safe HTML subset of `html` elements and `completedHtml`: organizers' markup read into a
//! small tree the view builds DOM nodes from (never `innerHTML`).
//!
//! Owns: a tolerant tokenizer (tags, attributes, character references, comments, raw text,
//! broken and misnested markup, as a browser would read them, simplified) and the allowlist:
//! `p`, `div`, `br`, `hr`, `b`, `strong`, `i`, `em`, `u`, `ul`, `ol`, `li`, `h1`–`h6` and `a`
//! with an `http:`, `https:` or `mailto:` `href`; `{name}` piping in text (`Node::Pipe`).
//! Every other element is dropped with its text kept, except script, style, template, iframe,
//! object, svg, math and the like, whose content is dropped too; every attribute but `a`'s
//! `href` is dropped. What was dropped is reported, for the organizer's warnings.
//! Must not: produce anything but these nodes (no attribute, style or URL other than a checked
//! `href` can come out of it), recurse without bound, or panic on any input.

use crate::pipe::{self, Piece};

/// How deep elements may nest; deeper start tags are dropped (their text kept).
pub const MAX_DEPTH: usize = 32;

/// An allowlisted element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    P,
    Div,
    Br,
    Hr,
    B,
    Strong,
    I,
    Em,
    U,
    Ul,
    Ol,
    Li,
    /// `h1`..`h6`: the level as written (the view maps it below its own headings).
    H(u8),
}

impl Tag {
    /// The element name to create (a heading's level is the one given: see [`heading_level`]).
    pub fn name(self) -> &'static str {
        match self {
            Tag::P => "p",
            Tag::Div => "div",
            Tag::Br => "br",
            Tag::Hr => "hr",
            Tag::B => "b",
            Tag::Strong => "strong",
            Tag::I => "i",
            Tag::Em => "em",
            Tag::U => "u",
            Tag::Ul => "ul",
            Tag::Ol => "ol",
            Tag::Li => "li",
            Tag::H(1) => "h1",
            Tag::H(2) => "h2",
            Tag::H(3) => "h3",
            Tag::H(4) => "h4",
            Tag::H(5) => "h5",
            Tag::H(_) => "h6",
        }
    }

    fn is_void(self) -> bool {
        matches!(self, Tag::Br | Tag::Hr)
    }

    /// A block that closes an open `p`, as in HTML.
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::P | Tag::Div | Tag::Hr | Tag::Ul | Tag::Ol | Tag::H(_)
        )
    }
}

/// A node of the safe tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Text(String),
    /// `{name}`: the answer's shown text, inserted as text (as written between the braces).
    Pipe(String),
    Element(Tag, Vec<Node>),
    /// A link; the `href` is `http:`, `https:` or `mailto:`, trimmed, without tabs or newlines.
    Link(String, Vec<Node>),
}

/// A parsed fragment and what was left out of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fragment {
    pub nodes: Vec<Node>,
    /// Element names not shown as elements (`img`, `script`, `span`…), each once.
    pub dropped_tags: Vec<String>,
    /// Attribute names dropped (`style`, `onclick`, `href` of a link that is not http(s) or
    /// mailto…), each once.
    pub dropped_attributes: Vec<String>,
}

impl Fragment {
    /// The highest heading written (the smallest `n` of `hn`), if any.
    pub fn top_heading(&self) -> Option<u8> {
        fn walk(nodes: &[Node], top: &mut Option<u8>) {
            for n in nodes {
                if let Node::Element(Tag::H(l), _) = n {
                    *top = Some(top.map_or(*l, |t| t.min(*l)));
                }
                if let Node::Element(_, c) | Node::Link(_, c) = n {
                    walk(c, top);
                }
            }
        }
        let mut top = None;
        walk(&self.nodes, &mut top);
        top
    }
}

/// The level a heading `hn` gets under the view's own heading of level `base - 1`: the
/// fragment's highest heading becomes `base`, the others keep their distance, at most 6.
pub fn heading_level(n: u8, top: u8, base: u8) -> u8 {
    (base + n.saturating_sub(top)).clamp(1, 6)
}

/// Elements whose content is dropped too (space-separated: one string costs the widget less
/// than a table of them). Raw text elements' content is not markup: it runs to their end tag.
const RAW_TEXT: &str = "script style xmp iframe noembed noframes noscript textarea title";
const DROPPED_WITH_CONTENT: &str =
    "template object applet svg math select audio video canvas head frameset datalist map picture";
/// Besides the allowlisted ones, elements that end an `svg` or `math` element, as a browser's
/// parser does (the rest of its list is rare in organizers' markup).
const BREAKS_FOREIGN: &str = "table img span font center blockquote pre dl code body";
/// Blocks shown as a plain `div` (their attributes dropped), so text in them stays apart.
const AS_DIV: &str = "section article aside header footer nav main blockquote center figure \
                      figcaption address pre table caption tr dl dt dd details summary fieldset form";

fn listed(list: &str, name: &str) -> bool {
    list.split(' ').any(|n| n == name)
}

fn allowed(name: &str) -> Option<Tag> {
    Some(match name {
        "p" => Tag::P,
        "div" => Tag::Div,
        "br" => Tag::Br,
        "hr" => Tag::Hr,
        "b" => Tag::B,
        "strong" => Tag::Strong,
        "i" => Tag::I,
        "em" => Tag::Em,
        "u" => Tag::U,
        "ul" => Tag::Ul,
        "ol" => Tag::Ol,
        "li" => Tag::Li,
        "h1" => Tag::H(1),
        "h2" => Tag::H(2),
        "h3" => Tag::H(3),
        "h4" => Tag::H(4),
        "h5" => Tag::H(5),
        "h6" => Tag::H(6),
        _ => return None,
    })
}

/// One token of the input.
enum Token<'a> {
    Text(&'a str),
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End(String),
}

/// Reads `src` into the safe tree. Never fails: broken markup is read as a browser would,
/// more or less, and what is not allowed is left out.
pub fn parse(src: &str) -> Fragment {
    let mut b = Builder::default();
    let mut t = Tokenizer { src, at: 0 };
    // Inside an element whose content is dropped: its name and how deep.
    let mut skip: Option<(String, usize)> = None;
    while let Some(token) = t.next() {
        if let Some((name, depth)) = &mut skip {
            match &token {
                Token::Start {
                    name: n,
                    self_closing,
                    ..
                } => {
                    let foreign = name == "svg" || name == "math";
                    if foreign && (allowed(n).is_some() || listed(BREAKS_FOREIGN, n)) {
                        skip = None;
                    } else {
                        if n == name && !(foreign && *self_closing) {
                            *depth += 1;
                        }
                        continue;
                    }
                }
                Token::End(n) => {
                    if n == name {
                        *depth -= 1;
                        if *depth == 0 {
                            skip = None;
                        }
                    }
                    continue;
                }
                Token::Text(_) => continue,
            }
        }
        match token {
            Token::Text(s) => b.text(s),
            Token::Start {
                name,
                attrs,
                self_closing,
            } => {
                if listed(RAW_TEXT, &name) {
                    b.drop_tag(&name);
                    t.skip_raw_text(&name);
                } else if name == "plaintext" {
                    b.drop_tag(&name);
                    t.at = src.len();
                } else if listed(DROPPED_WITH_CONTENT, &name) {
                    b.drop_tag(&name);
                    let foreign = name == "svg" || name == "math";
                    if !(foreign && self_closing) {
                        skip = Some((name, 1));
                    }
                } else {
                    b.start(&name, attrs);
                }
            }
            Token::End(name) => b.end(&name),
        }
    }
    b.finish()
}

struct Tokenizer<'a> {
    src: &'a str,
    at: usize,
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

impl<'a> Tokenizer<'a> {
    fn rest(&self) -> &'a [u8] {
        self.src.as_bytes().get(self.at..).unwrap_or_default()
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.rest().get(ahead).copied()
    }

    /// Moves past the next `>` (or to the end): a comment-like construct or a broken tag.
    fn skip_past(&mut self, pat: &str) {
        match self.src.get(self.at..).and_then(|r| r.find(pat)) {
            Some(i) => self.at += i + pat.len(),
            None => self.at = self.src.len(),
        }
    }

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return None;
            }
            if rest[0] != b'<' {
                let len = rest.iter().position(|&c| c == b'<').unwrap_or(rest.len());
                let text = self.src.get(self.at..self.at + len).unwrap_or("");
                self.at += len;
                return Some(Token::Text(text));
            }
            match (self.peek(1), self.peek(2)) {
                (Some(b'!'), _) => {
                    self.at += 2;
                    if self.rest().starts_with(b"--") {
                        self.comment();
                    } else {
                        self.skip_past(">");
                    }
                }
                (Some(b'?'), _) => self.skip_past(">"),
                (Some(b'/'), Some(c)) if c.is_ascii_alphabetic() => {
                    self.at += 2;
                    return self.tag(true);
                }
                (Some(b'/'), Some(b'>')) => self.at += 3,
                (Some(b'/'), Some(_)) => self.skip_past(">"),
                (Some(c), _) if c.is_ascii_alphabetic() => {
                    self.at += 1;
                    return self.tag(false);
                }
                _ => {
                    // A `<` that opens nothing is text.
                    let text = self.src.get(self.at..self.at + 1).unwrap_or("");
                    self.at += 1;
                    return Some(Token::Text(text));
                }
            }
        }
    }

    /// After `<!--`: to `-->` or `--!>`; `<!-->` and `<!--->` end at once; the end of the
    /// input ends it too.
    fn comment(&mut self) {
        self.at += 2;
        if self.rest().starts_with(b">") {
            self.at += 1;
            return;
        }
        if self.rest().starts_with(b"->") {
            self.at += 2;
            return;
        }
        let rest = self.src.get(self.at..).unwrap_or("");
        let end = [("-->", 3), ("--!>", 4)]
            .iter()
            .filter_map(|(p, n)| rest.find(p).map(|i| i + n))
            .min();
        self.at = end.map_or(self.src.len(), |e| self.at + e);
    }

    /// A start tag (`end`: an end tag, its attributes ignored), with `self.at` just after the
    /// `<` or `</`. `None` when the input ends inside the tag, which a browser drops.
    fn tag(&mut self, end: bool) -> Option<Token<'a>> {
        let name_len = self
            .rest()
            .iter()
            .position(|&c| is_space(c) || c == b'/' || c == b'>')
            .unwrap_or(self.rest().len());
        let name = self
            .src
            .get(self.at..self.at + name_len)
            .unwrap_or("")
            .to_ascii_lowercase();
        self.at += name_len;
        let mut attrs: Vec<(String, String)> = Vec::new();
        loop {
            let c = self.peek(0)?;
            if is_space(c) {
                self.at += 1;
            } else if c == b'>' || (c == b'/' && self.peek(1) == Some(b'>')) {
                self.at += if c == b'>' { 1 } else { 2 };
                return Some(if end {
                    Token::End(name)
                } else {
                    Token::Start {
                        name,
                        attrs,
                        self_closing: c == b'/',
                    }
                });
            } else if c == b'/' {
                self.at += 1;
            } else {
                let (key, value) = self.attribute()?;
                if !attrs.iter().any(|(k, _)| *k == key) {
                    attrs.push((key, value));
                }
            }
        }
    }

    fn attribute(&mut self) -> Option<(String, String)> {
        // The first character may be `=` (it is part of the name then).
        let len = 1 + self
            .rest()
            .iter()
            .skip(1)
            .position(|&c| is_space(c) || c == b'/' || c == b'>' || c == b'=')
            .unwrap_or(self.rest().len().saturating_sub(1));
        let key = self
            .src
            .get(self.at..self.at + len)
            .unwrap_or("")
            .to_ascii_lowercase();
        self.at += len;
        while self.peek(0).is_some_and(is_space) {
            self.at += 1;
        }
        if self.peek(0) != Some(b'=') {
            return Some((key, String::new()));
        }
        self.at += 1;
        while self.peek(0).is_some_and(is_space) {
            self.at += 1;
        }
        let value = match self.peek(0)? {
            q @ (b'"' | b'\'') => {
                self.at += 1;
                let end = self.rest().iter().position(|&c| c == q)?;
                let v = self.src.get(self.at..self.at + end).unwrap_or("");
                self.at += end + 1;
                v
            }
            b'>' => "",
            _ => {
                let end = self
                    .rest()
                    .iter()
                    .position(|&c| is_space(c) || c == b'>')
                    .unwrap_or(self.rest().len());
                let v = self.src.get(self.at..self.at + end).unwrap_or("");
                self.at += end;
                v
            }
        };
        Some((key, decode(value, true)))
    }

    /// Past the end tag of a raw text element (`</script`, any case, then a space, `/` or
    /// `>`), or to the end of the input.
    fn skip_raw_text(&mut self, name: &str) {
        let bytes = self.src.as_bytes();
        let mut i = self.at;
        while let Some(off) = bytes
            .get(i..)
            .and_then(|r| r.iter().position(|&c| c == b'<'))
        {
            i += off;
            let after = i + 2 + name.len();
            let closes = bytes.get(i + 1) == Some(&b'/')
                && bytes
                    .get(i + 2..after)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                && bytes
                    .get(after)
                    .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>');
            if closes {
                self.at = i + 2;
                // Read (and drop) the end tag itself.
                let _ = self.tag(true);
                return;
            }
            i += 1;
        }
        self.at = self.src.len();
    }
}

/// Named character references decoded, each name followed by its character (one string: less
/// wasm than a table); others stay as written (as in a browser, an unknown name is text). The
/// first `LEGACY` are also decoded without their `;`, as HTML does.
const ENTITIES: &str = "amp&lt<gt>quot\"nbsp\u{a0}copy©reg®apos'colon:Tab\tNewLine\nhellip…mdash—\
                        ndash–lsquo‘rsquo’ldquo“rdquo”laquo«raquo»middot·bull•times×deg°yen¥\
                        euro€trade™ensp\u{2002}emsp\u{2003}thinsp\u{2009}shy\u{ad}zwj\u{200d}\
                        zwnj\u{200c}";
const LEGACY: usize = 7;

/// The named references: (name, character).
fn entities() -> impl Iterator<Item = (&'static str, char)> {
    let mut rest = ENTITIES;
    std::iter::from_fn(move || {
        let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = rest.get(..len)?;
        let c = rest.get(len..)?.chars().next()?;
        rest = rest.get(len + c.len_utf8()..)?;
        Some((name, c))
    })
}

/// Text with its character references decoded. `attribute`: as in an attribute value, where a
/// legacy reference without `;` followed by a letter, digit or `=` stays as written.
pub fn decode(s: &str, attribute: bool) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        match reference(rest, attribute) {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference stands for and how many bytes after the `&` it used.
fn reference(s: &str, attribute: bool) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.first() == Some(&b'#') {
        let hex = matches!(b.get(1), Some(b'x' | b'X'));
        let start = if hex { 2 } else { 1 };
        let digits = b
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return None;
        }
        let text = s.get(start..start + digits)?;
        let n = u32::from_str_radix(text.trim_start_matches('0'), if hex { 16 } else { 10 })
            .unwrap_or(if text.trim_start_matches('0').is_empty() {
                0
            } else {
                u32::MAX
            });
        let c = match n {
            0 => '\u{fffd}',
            n => char::from_u32(n).unwrap_or('\u{fffd}'),
        };
        let semi = usize::from(b.get(start + digits) == Some(&b';'));
        return Some((c, start + digits + semi));
    }
    let len = b.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
    let name = s.get(..len)?;
    if b.get(len) == Some(&b';') {
        return entities()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| (c, len + 1));
    }
    // Without `;`: the longest legacy name at the start.
    let (n, c) = entities()
        .take(LEGACY)
        .filter(|(n, _)| name.starts_with(n))
        .max_by_key(|(n, _)| n.len())?;
    let next = b.get(n.len()).copied();
    if attribute && next.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'=') {
        return None;
    }
    Some((c, n.len()))
}

/// The `href` as the link will carry it, if it is an `http:`, `https:` or `mailto:` URL: the
/// browser's own clean-up done first (spaces and control characters around it, tabs and
/// newlines anywhere in it removed), so what is checked is what it will follow.
pub fn safe_href(href: &str) -> Option<String> {
    let url: String = href
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if url.chars().any(|c| c.is_control()) {
        return None;
    }
    let (scheme, rest) = url.split_once(':')?;
    let ok = ["http", "https", "mailto"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s));
    (ok && !rest.is_empty()).then_some(url)
}

#[derive(Default)]
struct Builder {
    root: Vec<Node>,
    /// Open elements: the tag (`None`: a link, whose `href` is the `String`; an unsafe link
    /// still has an entry, with no `href`, so its end tag finds it) and its children so far.
    open: Vec<(Open, Vec<Node>)>,
    dropped_tags: Vec<String>,
    dropped_attributes: Vec<String>,
}

enum Open {
    Tag(Tag),
    Link(Option<String>),
}

fn remember(list: &mut Vec<String>, name: &str) {
    if !list.iter().any(|n| n == name) {
        list.push(name.to_string());
    }
}

impl Builder {
    fn children(&mut self) -> &mut Vec<Node> {
        match self.open.last_mut() {
            Some((_, c)) => c,
            None => &mut self.root,
        }
    }

    fn drop_tag(&mut self, name: &str) {
        remember(&mut self.dropped_tags, name);
    }

    fn text(&mut self, raw: &str) {
        for piece in pipe::pieces(raw) {
            let node = match piece {
                Piece::Text(t) => Node::Text(decode(t, false)),
                Piece::Name(n) => Node::Pipe(decode(n, false)),
            };
            let children = self.children();
            match (children.last_mut(), node) {
                (Some(Node::Text(prev)), Node::Text(t)) => prev.push_str(&t),
                (_, Node::Text(t)) if t.is_empty() => {}
                (_, node) => children.push(node),
            }
        }
    }

    fn is_open(&self, f: &dyn Fn(&Open) -> bool) -> Option<usize> {
        self.open.iter().rposition(|(o, _)| f(o))
    }

    /// Closes the element at `index` and everything opened after it.
    fn close_to(&mut self, index: usize) {
        while self.open.len() > index {
            let Some((open, children)) = self.open.pop() else {
                return;
            };
            let parent = self.children();
            match open {
                Open::Tag(t) => parent.push(Node::Element(t, children)),
                Open::Link(Some(href)) => parent.push(Node::Link(href, children)),
                Open::Link(None) => parent.extend(children),
            }
        }
    }

    fn start(&mut self, name: &str, attrs: Vec<(String, String)>) {
        let tag = match (allowed(name), name) {
            (Some(t), _) => Open::Tag(t),
            (None, "a") => Open::Link(None),
            (None, n) if listed(AS_DIV, n) => {
                self.drop_tag(n);
                Open::Tag(Tag::Div)
            }
            // `img`, `span`, `font`, unknown names…: not shown, their text is.
            (None, n) => {
                self.drop_tag(n);
                return;
            }
        };
        let mut href = None;
        for (key, value) in attrs {
            match (&tag, key.as_str()) {
                (Open::Link(_), "href") => match safe_href(&value) {
                    Some(h) => href = Some(h),
                    None => remember(&mut self.dropped_attributes, "href"),
                },
                // Yehua sets these itself on every link.
                (Open::Link(_), "target" | "rel") => {}
                (_, k) => remember(&mut self.dropped_attributes, k),
            }
        }
        let tag = match tag {
            Open::Link(_) => Open::Link(href),
            t => t,
        };
        // A browser's implied end tags, simplified.
        match &tag {
            Open::Tag(t) if t.closes_p() => {
                if let Some(p) = self.is_open(&|o| matches!(o, Open::Tag(Tag::P))) {
                    self.close_to(p);
                }
                if let (Tag::H(_), Some((Open::Tag(Tag::H(_)), _))) = (t, self.open.last()) {
                    self.close_to(self.open.len() - 1);
                }
            }
            Open::Tag(Tag::Li) => {
                let list = self.is_open(&|o| matches!(o, Open::Tag(Tag::Ul | Tag::Ol)));
                if let Some(li) = self.is_open(&|o| matches!(o, Open::Tag(Tag::Li))) {
                    if list.is_none_or(|l| l < li) {
                        self.close_to(li);
                    }
                }
            }
            Open::Link(_) => {
                if let Some(a) = self.is_open(&|o| matches!(o, Open::Link(_))) {
                    self.close_to(a);
                }
            }
            _ => {}
        }
        match tag {
            Open::Tag(t) if t.is_void() => self.children().push(Node::Element(t, Vec::new())),
            _ if self.open.len() >= MAX_DEPTH => {}
            open => self.open.push((open, Vec::new())),
        }
    }

    fn end(&mut self, name: &str) {
        let found = match (allowed(name), name) {
            // `</br>` is read as `<br>`, as browsers do.
            (Some(Tag::Br), _) => {
                self.children().push(Node::Element(Tag::Br, Vec::new()));
                return;
            }
            (Some(Tag::H(_)), _) => self.is_open(&|o| matches!(o, Open::Tag(Tag::H(_)))),
            (Some(t), _) => self.is_open(&|o| matches!(o, Open::Tag(x) if *x == t)),
            (None, "a") => self.is_open(&|o| matches!(o, Open::Link(_))),
            (None, n) if listed(AS_DIV, n) => self.is_open(&|o| matches!(o, Open::Tag(Tag::Div))),
            _ => None,
        };
        if let Some(i) = found {
            self.close_to(i);
        }
    }

    fn finish(mut self) -> Fragment {
        self.close_to(0);
        Fragment {
            nodes: self.root,
            dropped_tags: self.dropped_tags,
            dropped_attributes: self.dropped_attributes,
        }
    }
}
