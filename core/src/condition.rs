//! SurveyJS's expression language, as `visibleIf` / `requiredIf` and the other conditions use
//! it: parsed once into a small tree, evaluated on every answer against answers seen through
//! the `Answers` trait (which also supplies today's date: the core never reads a clock).
//!
//! Owns: tokenising and parsing (errors carry a 1-based character column and name what they
//! are about), the check of the names a condition reads against the definition's questions
//! (with the closest name as a suggestion), the literal values it compares questions with,
//! and evaluation with SurveyJS's (JavaScript's) coercions. Must not: know the answer model
//! (it sees answers only as `Operand`s), use floating point, or panic on any input.
//!
//! Grammar (survey-core's `grammar.pegjs`), loosest first: `or` `||`; `and` `&&`; the
//! comparisons `=` `==` `equal`, `!=` `<>` `notequal`, `<` `less`, `>` `greater`, `<=` `=<`
//! `lessorequal`, `>=` `=>` `greaterorequal`; `+` `-`; `*` `/` `%`; `contains` `contain` `*=`,
//! `notcontains` `notcontain`, `anyof`, `allof`, `noneof`. Each level chains left to right.
//! Operands: `(…)`, `name(args)` (no space before `(`), `!x` / `negate x` (binds to the operand:
//! `!{a} = 1` is `(!{a}) = 1`), `{name} empty` / `notempty` (after a value only), `null`
//! `undefined`, `true` `false`, numbers (`12`, `-1.5`, `0x10`), `'text'` or `"text"` (with `\'`
//! `\"`), bare words (`{a} = yes` means 'yes'), `[a, b]`, `{name}` (`{#name}`: not converted).
//! Operator words are case-insensitive. Refused with a named error: the word `not` (SurveyJS
//! has `!`), `^` / `power`, functions other than `iif` `age` `today` `diffDays` `currentYear`,
//! `{$name…}` element properties, `{name[0]}` indexes, unclosed `(`, `[` or `{`, and an
//! operator with no right side (SurveyJS accepts those last two and ignores what is missing).
//!
//! Semantics follow survey-core (`expressions.ts`, `helpers.ts`): an answer that reads as a
//! number is a number ("007" stays text), "true"/"false" are booleans; equality ignores case
//! (of A-Z: survey-core lowercases every script, which matters only for accented letters),
//! surrounding spaces and order of lists, and compares numbers numerically; `<` `>` compare
//! texts as texts and everything else as numbers, never an empty side; `contains` ignores
//! case; `+` adds numbers and joins texts (`'1' + 2` is "12"), an empty side counts as 0 or
//! ""; `/` and `%` by zero give null. Numbers are exact `Decimal`s (see `Decimal::div` for
//! the rounding of division). A condition holds when its value is loosely `== true` (true,
//! 1, "1"), as SurveyJS's ConditionRunner decides. Dates are ISO `YYYY-MM-DD` texts (a time
//! after them is ignored) and compare with `today()` by calendar day.

use super::decimal::Decimal;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

/// Nesting of parentheses, lists, calls and `!` deeper than this is refused (keeps the
/// recursion of parsing and evaluation bounded).
pub const MAX_DEPTH: usize = 32;

/// What an answer looks like to a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operand<'a> {
    Empty,
    Text(&'a str),
    Bool(bool),
    List(&'a [String]),
}

/// A calendar day (days since 1970-01-01), as date inputs give it and `today()` returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i64);

impl Date {
    /// The day, when it exists (years 1 to 9999).
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let len = match month {
            2 => 28 + u32::from(leap),
            4 | 6 | 9 | 11 => 30,
            1..=12 => 31,
            _ => 0,
        };
        if !(1..=9999).contains(&year) || day == 0 || day > len {
            return None;
        }
        // Days from civil (Howard Hinnant's algorithm).
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// `YYYY-MM-DD`, optionally followed by a time (`T…` or ` …`), which is ignored.
    pub fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        let b = t.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let s = t.get(r)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        if b.len() < 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        if !matches!(b.get(10), None | Some(b'T' | b' ')) {
            return None;
        }
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::from_ymd(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i64, u32, u32) {
        crate::submission::civil_from_days(self.0)
    }

    fn add_days(self, n: i64) -> Option<Date> {
        let d = Date(self.0.checked_add(n)?);
        (1..=9999).contains(&d.ymd().0).then_some(d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// The answers a condition reads, by variable name (the text inside `{}`), and the date.
pub trait Answers {
    fn operand(&self, name: &str) -> Operand<'_>;
    /// Today where the resident is, for `today()`, `age()` and `currentYear()`; with `None`
    /// those are null (and a comparison with them false).
    fn today(&self) -> Option<Date> {
        None
    }
}

/// Why an expression cannot be used, at a 1-based character column. `message` is an English
/// code (the interface translates it); `name` is the word, operator, function or question
/// it is about ("" when none); `suggestion` the closest existing question for an unknown one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    pub column: usize,
    pub message: &'static str,
    pub name: String,
    pub suggestion: Option<String>,
}

impl fmt::Display for ConditionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)?;
        if !self.name.is_empty() {
            write!(f, " '{}'", self.name)?;
        }
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean {s}?)")?;
        }
        write!(f, " at column {}", self.column)
    }
}

impl std::error::Error for ConditionError {}

fn error(at: usize, message: &'static str) -> ConditionError {
    named(at, message, String::new())
}

/// An error at the 0-based character offset `at`.
fn named(at: usize, message: &'static str, name: String) -> ConditionError {
    ConditionError {
        column: at + 1,
        message,
        name,
        suggestion: None,
    }
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition(Node);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lit {
    Null,
    Bool(bool),
    Num(Decimal),
    Str(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Var {
    name: String,
    /// `{#name}`: the answer as it is, not read as a number or boolean.
    raw: bool,
    /// `{name.length}`: the number of items (or characters) of the answer.
    length: bool,
    /// 0-based character offset of the `{`.
    at: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Lit(Lit),
    Var(Var),
    List(Vec<Node>),
    Not(Box<Node>),
    /// `empty` (false) or `notempty` (true).
    Empty(Box<Node>, bool),
    /// `first op₁ x₁ op₂ x₂ …`, evaluated left to right (all ops of one level).
    Chain(Box<Node>, Vec<(Op, Node)>),
    Call(Func, Vec<Node>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Contains,
    NotContains,
    AnyOf,
    AllOf,
    NoneOf,
}

impl Op {
    /// Binding level: 0 is the loosest.
    fn level(self) -> u8 {
        match self {
            Op::Or => 0,
            Op::And => 1,
            Op::Eq | Op::Ne | Op::Lt | Op::Gt | Op::Le | Op::Ge => 2,
            Op::Add | Op::Sub => 3,
            Op::Mul | Op::Div | Op::Mod => 4,
            _ => 5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    Iif,
    Age,
    Today,
    DiffDays,
    CurrentYear,
}

impl Func {
    fn find(name: &str) -> Option<(Func, std::ops::RangeInclusive<usize>)> {
        Some(match name {
            "iif" => (Func::Iif, 2..=3),
            "age" => (Func::Age, 1..=2),
            "today" => (Func::Today, 0..=1),
            "diffDays" => (Func::DiffDays, 2..=2),
            "currentYear" => (Func::CurrentYear, 0..=0),
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Lit(Lit),
    Var(Var),
    /// A function's name, with its `(` already read.
    Call(String),
    Op(Op),
    Post(bool),
    Bang,
    LParen,
    RParen,
    LBrack,
    RBrack,
    Comma,
    /// Something SurveyJS does not have (`not`, `^`, `power`): refused where it stands.
    Unsupported(String),
    /// A lexing error; tokens stop here and the parser reports it when it gets this far.
    Bad(ConditionError),
}

/// `(start, end, token)` with 0-based character offsets.
type Spanned = (usize, usize, Tok);

fn lex(src: &str) -> Vec<Spanned> {
    let cs: Vec<char> = src.chars().collect();
    let at = |i: usize| cs.get(i).copied();
    let text = |a: usize, b: usize| -> String { cs.get(a..b).unwrap_or_default().iter().collect() };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        let start = i;
        let next = at(i + 1);
        i += 1;
        let mut two = |t: Tok| {
            i += 1;
            t
        };
        let tok = match (c, next) {
            (c, _) if c.is_whitespace() => continue,
            ('(', _) => Tok::LParen,
            (')', _) => Tok::RParen,
            ('[', _) => Tok::LBrack,
            (']', _) => Tok::RBrack,
            (',', _) => Tok::Comma,
            ('=', Some('=')) => two(Tok::Op(Op::Eq)),
            ('=', Some('<')) | ('<', Some('=')) => two(Tok::Op(Op::Le)),
            ('=', Some('>')) | ('>', Some('=')) => two(Tok::Op(Op::Ge)),
            ('!', Some('=')) | ('<', Some('>')) => two(Tok::Op(Op::Ne)),
            ('*', Some('=')) => two(Tok::Op(Op::Contains)),
            ('&', Some('&')) => two(Tok::Op(Op::And)),
            ('|', Some('|')) => two(Tok::Op(Op::Or)),
            ('=', _) => Tok::Op(Op::Eq),
            ('<', _) => Tok::Op(Op::Lt),
            ('>', _) => Tok::Op(Op::Gt),
            ('+', _) => Tok::Op(Op::Add),
            ('-', _) => Tok::Op(Op::Sub),
            ('*', _) => Tok::Op(Op::Mul),
            ('/', _) => Tok::Op(Op::Div),
            ('%', _) => Tok::Op(Op::Mod),
            ('!', _) => Tok::Bang,
            ('^', _) => Tok::Unsupported("^".into()),
            ('{', _) => {
                while !matches!(at(i), None | Some('{' | '}')) {
                    i += 1;
                }
                if at(i) != Some('}') {
                    Tok::Bad(error(start, "unclosed '{'"))
                } else {
                    i += 1;
                    variable(text(start + 1, i - 1), start)
                }
            }
            ('\'' | '"', _) => {
                let mut s = String::new();
                loop {
                    match at(i) {
                        None => break Tok::Bad(error(start, "unterminated string")),
                        Some(q) if q == c => {
                            i += 1;
                            break Tok::Lit(Lit::Str(s));
                        }
                        Some('\'' | '"') => break Tok::Bad(error(i, "unexpected token")),
                        Some('\\') if matches!(at(i + 1), Some('\'' | '"')) => {
                            i += 1;
                            s.extend(at(i));
                        }
                        Some(ch) => s.push(ch),
                    }
                    i += 1;
                }
            }
            ('0', Some('x')) if at(i + 1).is_some_and(|c| c.is_ascii_digit()) => {
                i += 1;
                while at(i).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                }
                match hex(&text(start + 2, i)) {
                    Some(d) => Tok::Lit(Lit::Num(d)),
                    None => Tok::Bad(error(start, "invalid number")),
                }
            }
            ('0'..='9', _) => {
                while at(i).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                }
                if at(i) == Some('.') && at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                    while at(i).is_some_and(|c| c.is_ascii_digit()) {
                        i += 1;
                    }
                }
                let t = text(start, i);
                let leading_zero = c == '0' && t.len() > 1 && !t.starts_with("0.");
                match Decimal::parse(&t).filter(|_| !leading_zero) {
                    Some(d) => Tok::Lit(Lit::Num(d)),
                    None => Tok::Bad(error(start, "invalid number")),
                }
            }
            (c, _) if c.is_ascii_alphabetic() || c == '_' => {
                while at(i).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    i += 1;
                }
                let word = text(start, i);
                if at(i) == Some('(') {
                    i += 1;
                    Tok::Call(word)
                } else {
                    keyword(word)
                }
            }
            _ => Tok::Bad(named(start, "unexpected token", c.to_string())),
        };
        let bad = matches!(tok, Tok::Bad(_));
        out.push((start, i, tok));
        if bad {
            break;
        }
    }
    out
}

fn hex(digits: &str) -> Option<Decimal> {
    let n = i64::from_str_radix(digits, 16).ok()?;
    Some(Decimal::from_i64(n))
}

fn keyword(word: String) -> Tok {
    match word.as_str() {
        "null" | "undefined" => return Tok::Lit(Lit::Null),
        _ => {}
    }
    match word.to_ascii_lowercase().as_str() {
        "and" => Tok::Op(Op::And),
        "or" => Tok::Op(Op::Or),
        "negate" => Tok::Bang,
        "equal" | "equals" => Tok::Op(Op::Eq),
        "notequal" | "notequals" => Tok::Op(Op::Ne),
        "greater" => Tok::Op(Op::Gt),
        "less" => Tok::Op(Op::Lt),
        "greaterorequal" => Tok::Op(Op::Ge),
        "lessorequal" => Tok::Op(Op::Le),
        "contains" | "contain" => Tok::Op(Op::Contains),
        "notcontains" | "notcontain" => Tok::Op(Op::NotContains),
        "anyof" => Tok::Op(Op::AnyOf),
        "allof" => Tok::Op(Op::AllOf),
        "noneof" => Tok::Op(Op::NoneOf),
        "empty" => Tok::Post(false),
        "notempty" => Tok::Post(true),
        "true" => Tok::Lit(Lit::Bool(true)),
        "false" => Tok::Lit(Lit::Bool(false)),
        "not" | "power" => Tok::Unsupported(word),
        _ => Tok::Lit(Lit::Str(word)),
    }
}

/// The token for `{inner}` whose `{` is at `at`.
fn variable(inner: String, at: usize) -> Tok {
    let name = inner.trim();
    if name.is_empty() {
        return Tok::Bad(error(at, "empty variable name"));
    }
    if name.starts_with('$') || name.contains('[') {
        return Tok::Bad(named(at, "unsupported variable", name.into()));
    }
    let (raw, name) = match name.strip_prefix('#') {
        Some(n) if !n.is_empty() => (true, n),
        _ => (false, name),
    };
    let (length, name) = match name.strip_suffix(".length") {
        Some(n) if !n.is_empty() => (true, n),
        _ => (false, name),
    };
    Tok::Var(Var {
        name: name.into(),
        raw,
        length,
        at,
    })
}

struct Parser {
    toks: Vec<Spanned>,
    i: usize,
    /// Character length of the source: the position of "end of input".
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|(_, _, t)| t)
    }
    fn pos(&self) -> usize {
        self.toks.get(self.i).map_or(self.end, |(p, _, _)| *p)
    }
    fn eat(&mut self, t: &Tok) -> bool {
        let hit = self.peek() == Some(t);
        self.i += usize::from(hit);
        hit
    }
    /// An error at the current token, or the lexing error waiting there.
    fn fail(&self, message: &'static str) -> ConditionError {
        match self.peek() {
            Some(Tok::Bad(e)) => e.clone(),
            Some(Tok::Unsupported(w)) => named(self.pos(), "unsupported operator", w.clone()),
            None => error(self.end, "expected a value"),
            Some(_) => error(self.pos(), message),
        }
    }
    /// After a bracketed list: the closing token, or why it is missing.
    fn close(
        &mut self,
        t: &Tok,
        open: usize,
        unclosed: &'static str,
    ) -> Result<(), ConditionError> {
        if self.eat(t) {
            return Ok(());
        }
        Err(match self.peek() {
            None => error(open, unclosed),
            _ => self.fail("unexpected token"),
        })
    }
    fn deeper(&mut self) -> Result<(), ConditionError> {
        if self.depth >= MAX_DEPTH {
            return Err(error(self.pos(), "nesting too deep"));
        }
        self.depth += 1;
        Ok(())
    }

    /// Operators of binding `level` and tighter.
    fn binary(&mut self, level: u8) -> Result<Node, ConditionError> {
        if level > 5 {
            return self.factor();
        }
        let first = self.binary(level + 1)?;
        let mut rest = Vec::new();
        while let Some(&Tok::Op(op)) = self.peek() {
            if op.level() != level {
                break;
            }
            self.i += 1;
            rest.push((op, self.binary(level + 1)?));
        }
        Ok(if rest.is_empty() {
            first
        } else {
            Node::Chain(Box::new(first), rest)
        })
    }

    fn factor(&mut self) -> Result<Node, ConditionError> {
        let open = self.pos();
        match self.peek().cloned() {
            Some(Tok::LParen) => {
                self.deeper()?;
                self.i += 1;
                let n = self.binary(0)?;
                self.close(&Tok::RParen, open, "unclosed '('")?;
                self.depth -= 1;
                Ok(n)
            }
            Some(Tok::LBrack) => {
                self.deeper()?;
                self.i += 1;
                let items = self.sequence(&Tok::RBrack, open, "unclosed '['")?;
                self.depth -= 1;
                Ok(Node::List(items))
            }
            Some(Tok::Call(name)) => {
                let Some((func, arity)) = Func::find(&name) else {
                    return Err(named(open, "unsupported function", name));
                };
                self.deeper()?;
                self.i += 1;
                let args = self.sequence(&Tok::RParen, open, "unclosed '('")?;
                self.depth -= 1;
                if !arity.contains(&args.len()) {
                    return Err(named(open, "wrong number of arguments", name));
                }
                Ok(Node::Call(func, args))
            }
            Some(Tok::Bang) => {
                self.deeper()?;
                self.i += 1;
                let n = self.factor()?;
                self.depth -= 1;
                Ok(Node::Not(Box::new(n)))
            }
            Some(Tok::Op(Op::Sub)) => {
                // A negative number: `-` right before the digits.
                let end = self.toks.get(self.i).map_or(0, |t| t.1);
                match self.toks.get(self.i + 1) {
                    Some((s, _, Tok::Lit(Lit::Num(d)))) if *s == end => {
                        let d = d.neg();
                        self.i += 2;
                        self.postfix(Node::Lit(Lit::Num(d)))
                    }
                    _ => Err(self.fail("expected a value")),
                }
            }
            Some(Tok::Lit(l)) => {
                self.i += 1;
                self.postfix(Node::Lit(l))
            }
            Some(Tok::Var(v)) => {
                self.i += 1;
                self.postfix(Node::Var(v))
            }
            _ => Err(self.fail("expected a value")),
        }
    }

    fn postfix(&mut self, n: Node) -> Result<Node, ConditionError> {
        match self.peek() {
            Some(&Tok::Post(not)) => {
                self.i += 1;
                Ok(Node::Empty(Box::new(n), not))
            }
            _ => Ok(n),
        }
    }

    /// Comma-separated expressions up to the closing token (possibly none).
    fn sequence(
        &mut self,
        close: &Tok,
        open: usize,
        unclosed: &'static str,
    ) -> Result<Vec<Node>, ConditionError> {
        let mut items = Vec::new();
        if self.eat(close) {
            return Ok(items);
        }
        loop {
            if self.peek().is_none() {
                return Err(error(open, unclosed));
            }
            items.push(self.binary(0)?);
            if !self.eat(&Tok::Comma) {
                self.close(close, open, unclosed)?;
                return Ok(items);
            }
        }
    }
}

/// Parses an expression (see the module header for the language).
pub fn parse(src: &str) -> Result<Condition, ConditionError> {
    let mut p = Parser {
        toks: lex(src),
        i: 0,
        end: src.chars().count(),
        depth: 0,
    };
    let node = p.binary(0)?;
    if p.peek().is_some() {
        return Err(p.fail("unexpected token"));
    }
    Ok(Condition(node))
}

/// A value while evaluating: what a JavaScript value is to survey-core.
#[derive(Debug, Clone, PartialEq)]
enum Val<'a> {
    /// `null` / `undefined` (an unanswered question).
    Null,
    /// JavaScript's NaN (`'a' * 2`).
    NaN,
    Bool(bool),
    Num(Decimal),
    Str(Cow<'a, str>),
    List(Vec<Val<'a>>),
    Date(Date),
}

use Val::{Bool, List, NaN, Null, Num, Str};

/// survey-core's `Helpers.isNumber` / `getNumber` on a text: an ASCII number, perhaps with one
/// ',' for the decimal point, or `0x…`; not a run of more than 15 digits.
fn survey_number(s: &str) -> Option<Decimal> {
    let t = s.trim();
    if let Some(h) = t.strip_prefix("0x") {
        return hex(h).filter(|_| t.len() <= 32);
    }
    if t.len() > 15 && t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let signs_inside = t.rfind(['-', '+']).is_some_and(|i| i > 0);
    if !signs_inside && t.contains(['*', '^', '/', '%']) {
        return None;
    }
    let t = match t.find(',') {
        Some(i) if t.rfind(',') == Some(i) => Cow::Owned(t.replacen(',', ".", 1)),
        _ => Cow::Borrowed(t),
    };
    Decimal::parse(&t).filter(|_| t.is_ascii())
}

/// JavaScript's `Number(text)`: "" is 0; `None` for NaN.
fn js_number(s: &str) -> Option<Decimal> {
    let t = s.trim();
    if t.is_empty() {
        return Some(Decimal::default());
    }
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return hex(h);
    }
    Decimal::parse(t).filter(|_| t.is_ascii())
}

/// An answer as survey-core's `Variable` reads it (`getCorrectValue`).
fn answer_value(s: &str, raw: bool) -> Val<'_> {
    if raw {
        return Str(Cow::Borrowed(s));
    }
    if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") {
        return Bool(s.eq_ignore_ascii_case("true"));
    }
    let quoted = |c: Option<char>| matches!(c, Some('\'' | '"'));
    if s.chars().count() > 1 && quoted(s.chars().next()) && quoted(s.chars().last()) {
        let inner = s.get(1..s.len() - 1).unwrap_or_default();
        return Str(Cow::Borrowed(inner));
    }
    match survey_number(s) {
        Some(_)
            if s.starts_with('0')
                && !s.starts_with("0x")
                && s.len() > 1
                && !s[1..].starts_with(['.', ',']) =>
        {
            Str(Cow::Borrowed(s))
        }
        Some(d) => Num(d),
        None => Str(Cow::Borrowed(s)),
    }
}

impl Val<'_> {
    /// survey-core's `Helpers.isValueEmpty`.
    fn is_empty(&self) -> bool {
        match self {
            Null | NaN => true,
            Str(s) => s.is_empty(),
            List(l) => l.is_empty(),
            _ => false,
        }
    }

    /// JavaScript truthiness.
    fn truthy(&self) -> bool {
        match self {
            Null | NaN => false,
            Bool(b) => *b,
            Num(d) => !d.is_zero(),
            Str(s) => !s.is_empty(),
            List(_) | Val::Date(_) => true,
        }
    }

    /// JavaScript's `String(value)` (a date as `YYYY-MM-DD`).
    fn text(&self) -> Cow<'_, str> {
        match self {
            Null => "null".into(),
            NaN => "NaN".into(),
            Bool(b) => if *b { "true" } else { "false" }.into(),
            Num(d) => d.to_string().into(),
            Str(s) => Cow::Borrowed(s),
            List(l) => l
                .iter()
                .map(|v| v.text())
                .collect::<Vec<_>>()
                .join(",")
                .into(),
            Val::Date(d) => d.to_string().into(),
        }
    }

    /// JavaScript's `Number(value)`; `None` for NaN (and for a date).
    fn number(&self) -> Option<Decimal> {
        match self {
            Null => Some(Decimal::default()),
            NaN | Val::Date(_) => None,
            Bool(b) => Some(Decimal::from_i64(i64::from(*b))),
            Num(d) => Some(d.clone()),
            Str(s) => js_number(s),
            List(_) => js_number(&self.text()),
        }
    }

    /// survey-core's `Helpers.isNumber`.
    fn is_number(&self) -> bool {
        match self {
            Num(_) => true,
            Str(s) => survey_number(s).is_some(),
            List(_) => !self.text().is_empty() && self.number().is_some(),
            _ => false,
        }
    }

    /// A number from `Num`, or from a text that is entirely one (`isConvertibleToNumber`).
    fn numeric(&self) -> Option<Decimal> {
        match self {
            Num(d) => Some(d.clone()),
            Str(s) if !s.trim().is_empty() => js_number(s),
            _ => None,
        }
    }

    fn date(&self) -> Option<Date> {
        match self {
            Val::Date(d) => Some(*d),
            Str(s) => Date::parse(s),
            _ => None,
        }
    }

    /// The condition's verdict: JavaScript's `value == true`.
    fn is_true(&self) -> bool {
        match self {
            Bool(b) => *b,
            Num(_) | Str(_) | List(_) => self.number() == Some(Decimal::from_i64(1)),
            _ => false,
        }
    }
}

fn lower(s: &str) -> String {
    s.trim().to_ascii_lowercase()
}

/// survey-core's `Helpers.isTwoValueEquals` (case-insensitive, trimmed, any order).
fn equal(x: &Val, y: &Val) -> bool {
    match (x, y) {
        (Null, Null) => return true,
        (Null, Str(s)) | (Str(s), Null) if s.is_empty() => return true,
        (Str(a), Str(b)) => return lower(a) == lower(b),
        (Val::Date(a), b) | (b, Val::Date(a)) => return Some(*a) == b.date(),
        _ => {}
    }
    if let (Some(a), Some(b)) = (x.numeric(), y.numeric()) {
        if a == b {
            return true;
        }
    }
    if x.is_empty() != y.is_empty() {
        return false;
    }
    match (x, y) {
        (Bool(b), Str(s)) | (Str(s), Bool(b)) => s.to_ascii_lowercase() == Bool(*b).text(),
        (List(a), List(b)) => {
            // The same items in any order: each item of `a` matched to a distinct one of `b`.
            let mut used = vec![false; b.len()];
            a.len() == b.len()
                && a.iter().all(|p| {
                    let hit = b
                        .iter()
                        .zip(used.iter())
                        .position(|(q, u)| !*u && equal(p, q));
                    hit.and_then(|i| used.get_mut(i))
                        .map(|u| *u = true)
                        .is_some()
                })
        }
        (List(_) | Val::Date(_), _) | (_, List(_) | Val::Date(_)) => false,
        _ => loose_equal(x, y),
    }
}

/// JavaScript's `==` between two primitives.
fn loose_equal(x: &Val, y: &Val) -> bool {
    match (x, y) {
        (Null, Null) => true,
        (Null, _) | (_, Null) | (NaN, _) | (_, NaN) => false,
        (Str(a), Str(b)) => a == b,
        (Bool(_), _) | (_, Bool(_)) | (Num(_), _) | (_, Num(_)) => {
            matches!((x.number(), y.number()), (Some(a), Some(b)) if a == b)
        }
        _ => false,
    }
}

/// `<` / `>`: texts as texts, anything else as numbers, dates by day; `None` when either
/// side is null or not comparable.
fn order(x: &Val, y: &Val) -> Option<Ordering> {
    match (x, y) {
        (Null, _) | (_, Null) => None,
        (Val::Date(a), b) | (b, Val::Date(a)) => {
            let o = a.cmp(&b.date()?);
            Some(if matches!(x, Val::Date(_)) {
                o
            } else {
                o.reverse()
            })
        }
        _ => {
            let prim = |v: &Val| matches!(v, Str(_) | List(_));
            if prim(x) && prim(y) {
                return Some(x.text().cmp(&y.text()));
            }
            Some(x.number()?.cmp(&y.number()?))
        }
    }
}

fn contains_core(left: &Val, right: &Val, contains: bool) -> bool {
    match left {
        List(l) if l.is_empty() => return !contains,
        Null | NaN => return false,
        Str(s) if s.is_empty() => return false,
        _ => {}
    }
    if let List(items) = left {
        let rights = match right {
            List(r) => r.as_slice(),
            one => std::slice::from_ref(one),
        };
        for r in rights {
            if !items.iter().any(|i| equal(i, r)) {
                return !contains;
            }
        }
        return contains;
    }
    if !right.truthy() {
        return false;
    }
    let found = left
        .text()
        .to_ascii_lowercase()
        .contains(&right.text().to_ascii_lowercase());
    found == contains
}

fn any_of(left: &Val, right: &Val) -> bool {
    match (left.is_empty(), right.is_empty()) {
        (true, true) => true,
        (true, false) => false,
        (false, true) => true,
        _ => match (left, right) {
            (List(_), List(r)) => r.iter().any(|item| contains_core(left, item, true)),
            (List(_), _) => contains_core(left, right, true),
            _ => contains_core(right, left, true),
        },
    }
}

fn all_of(left: &Val, right: &Val) -> bool {
    if !left.truthy() && !right.is_empty() {
        return false;
    }
    match right {
        List(r) => r.iter().all(|item| contains_core(left, item, true)),
        _ => contains_core(left, right, true),
    }
}

/// survey-core's `convertForArithmeticOp`: an empty operand becomes 0, "" or [] after the
/// other's type.
fn for_arithmetic<'a>(v: Val<'a>, other: &Val) -> Val<'a> {
    if !v.is_empty() {
        return v;
    }
    match (other, &v) {
        (Num(_) | NaN, _) => Num(Decimal::default()),
        (_, Str(_)) => v,
        (Str(_), _) => Str(Cow::Borrowed("")),
        (List(_), _) => List(Vec::new()),
        _ => Num(Decimal::default()),
    }
}

fn number_or_nan<'a>(d: Option<Decimal>) -> Val<'a> {
    d.map_or(NaN, Num)
}

/// JavaScript's `a + b`.
fn js_add<'a>(a: &Val<'a>, b: &Val<'a>) -> Val<'a> {
    let text = |v: &Val| matches!(v, Str(_) | List(_) | Val::Date(_));
    if text(a) || text(b) {
        return Str(Cow::Owned(format!("{}{}", a.text(), b.text())));
    }
    match (a.number(), b.number()) {
        (Some(x), Some(y)) => number_or_nan(x.add(&y)),
        _ => NaN,
    }
}

/// survey-core's `Helpers.sumAnyValues`.
fn plus<'a>(a: Val<'a>, b: Val<'a>) -> Val<'a> {
    if a.is_number() && b.is_number() {
        return js_add(&a, &b);
    }
    let join = |l: &[Val]| l.iter().map(|v| v.text()).collect::<Vec<_>>().join(", ");
    match (&a, &b) {
        (List(x), List(y)) => List(x.iter().chain(y).cloned().collect()),
        (List(l), Str(s)) => Str(Cow::Owned(format!("{}{s}", join(l)))),
        (Str(s), List(l)) => Str(Cow::Owned(format!("{s}{}", join(l)))),
        (List(l), Num(n)) | (Num(n), List(l)) => {
            number_or_nan(l.iter().try_fold(n.clone(), |acc, v| match v {
                Num(d) => acc.add(d),
                _ => Some(acc),
            }))
        }
        (List(_), NaN) | (NaN, List(_)) => NaN,
        _ => js_add(&a, &b),
    }
}

fn arithmetic<'a>(op: Op, a: Val<'a>, b: Val<'a>) -> Val<'a> {
    let a = for_arithmetic(a, &b);
    let b = for_arithmetic(b, &a);
    match op {
        Op::Or => {
            if a.truthy() {
                a
            } else {
                b
            }
        }
        Op::And => {
            if a.truthy() {
                b
            } else {
                a
            }
        }
        Op::Add => plus(a, b),
        _ => {
            if matches!(op, Op::Div | Op::Mod) && !b.truthy() {
                return Null;
            }
            let (Some(x), Some(y)) = (a.number(), b.number()) else {
                return NaN;
            };
            number_or_nan(match op {
                Op::Sub => x.sub(&y),
                Op::Mul => x.mul(&y),
                Op::Div => x.div(&y),
                _ => x.rem(&y),
            })
        }
    }
}

fn apply<'a>(op: Op, a: Val<'a>, b: Val<'a>) -> Val<'a> {
    let is = |o: Option<Ordering>, want: Ordering| o == Some(want);
    Bool(match op {
        Op::Eq => equal(&a, &b),
        Op::Ne => !equal(&a, &b),
        Op::Gt => is(order(&a, &b), Ordering::Greater),
        Op::Lt => is(order(&a, &b), Ordering::Less),
        Op::Ge => equal(&a, &b) || is(order(&a, &b), Ordering::Greater),
        Op::Le => equal(&a, &b) || is(order(&a, &b), Ordering::Less),
        Op::Contains => contains_core(&a, &b, true),
        Op::NotContains => (!a.truthy() && !b.is_empty()) || contains_core(&a, &b, false),
        Op::AnyOf => any_of(&a, &b),
        Op::AllOf => all_of(&a, &b),
        Op::NoneOf => !any_of(&a, &b),
        _ => return arithmetic(op, a, b),
    })
}

/// Whole years (or months) from `from` to `to`, as survey-core's `age` counts them.
fn months_between(from: Date, to: Date) -> i64 {
    let ((y1, m1, d1), (y2, m2, d2)) = (from.ymd(), to.ymd());
    (y2 - y1) * 12 + i64::from(m2) - i64::from(m1) - i64::from(d2 < d1)
}

impl Func {
    fn call<'a>(self, args: Vec<Val<'a>>, today: Option<Date>) -> Val<'a> {
        let mut args = args.into_iter();
        let mut next = || args.next().unwrap_or(Null);
        let days = |d: Date| Num(Decimal::from_i64(d.0));
        match self {
            Func::Iif => {
                let (c, a, b) = (next(), next(), next());
                if c.truthy() {
                    a
                } else {
                    b
                }
            }
            Func::Today => {
                let n = match next() {
                    Null => Some(Decimal::default()),
                    v => v.number(),
                };
                match (today, n.and_then(|n| n.to_i64())) {
                    (Some(t), Some(n)) => t.add_days(n).map_or(NaN, Val::Date),
                    (None, _) => Null,
                    _ => NaN,
                }
            }
            Func::CurrentYear => today.map_or(Null, |t| Num(Decimal::from_i64(t.ymd().0))),
            Func::Age => {
                let (from, unit) = (next(), next());
                if !from.truthy() {
                    return Null;
                }
                let (Some(from), Some(t)) = (from.date(), today) else {
                    return if today.is_none() { Null } else { NaN };
                };
                let months = months_between(from, t);
                match unit.text().as_ref() {
                    "months" => Num(Decimal::from_i64(months)),
                    "days" => days(Date((t.0 - from.0).abs())),
                    _ => Num(Decimal::from_i64(months / 12)),
                }
            }
            Func::DiffDays => {
                let (a, b) = (next(), next());
                if !a.truthy() || !b.truthy() {
                    return Num(Decimal::default());
                }
                match (a.date(), b.date()) {
                    (Some(a), Some(b)) => days(Date((b.0 - a.0).abs())),
                    _ => NaN,
                }
            }
        }
    }
}

impl Node {
    fn eval<'a>(&'a self, answers: &'a dyn Answers) -> Val<'a> {
        match self {
            Node::Lit(l) => match l {
                Lit::Null => Null,
                Lit::Bool(b) => Bool(*b),
                Lit::Num(d) => Num(d.clone()),
                Lit::Str(s) => Str(Cow::Borrowed(s)),
            },
            Node::Var(v) => {
                let operand = answers.operand(&v.name);
                if v.length {
                    let n = match operand {
                        Operand::List(l) => l.len(),
                        Operand::Text(s) => s.chars().count(),
                        Operand::Empty | Operand::Bool(_) => 0,
                    };
                    return Num(Decimal::from_i64(n as i64));
                }
                match operand {
                    Operand::Empty => Null,
                    Operand::Text(s) => answer_value(s, v.raw),
                    Operand::Bool(b) => Bool(b),
                    Operand::List(l) => {
                        List(l.iter().map(|s| Str(Cow::Borrowed(s.as_str()))).collect())
                    }
                }
            }
            Node::List(items) => List(items.iter().map(|n| n.eval(answers)).collect()),
            Node::Not(n) => Bool(!n.eval(answers).truthy()),
            Node::Empty(n, not) => Bool(n.eval(answers).is_empty() != *not),
            Node::Chain(first, rest) => rest.iter().fold(first.eval(answers), |acc, (op, n)| {
                apply(*op, acc, n.eval(answers))
            }),
            Node::Call(f, args) => f.call(
                args.iter().map(|n| n.eval(answers)).collect(),
                answers.today(),
            ),
        }
    }

    /// Every node, depth first, with this one first.
    fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Node)) {
        f(self);
        match self {
            Node::Lit(_) | Node::Var(_) => {}
            Node::List(v) | Node::Call(_, v) => v.iter().for_each(|n| n.walk(f)),
            Node::Not(n) | Node::Empty(n, _) => n.walk(f),
            Node::Chain(first, rest) => {
                first.walk(f);
                rest.iter().for_each(|(_, n)| n.walk(f));
            }
        }
    }
}

/// A question compared with literal values (`{q} = 'a'`, `{q} anyof ['a', 'b']`): what the
/// definition checks against the question's choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison<'a> {
    pub name: &'a str,
    /// 1-based column of the `{`.
    pub column: usize,
    literals: Vec<&'a Lit>,
}

impl Comparison<'_> {
    /// The compared values as written (texts unquoted).
    pub fn values(&self) -> Vec<String> {
        self.literals
            .iter()
            .map(|l| Condition::lit_value(l).text().into_owned())
            .collect()
    }

    /// The compared values that equal none of `values` (as the condition's `=` decides).
    pub fn unmatched(&self, values: &[&str]) -> Vec<String> {
        self.literals
            .iter()
            .map(|l| Condition::lit_value(l))
            .filter(|lit| !values.iter().any(|v| equal(&answer_value(v, false), lit)))
            .map(|lit| lit.text().into_owned())
            .collect()
    }
}

/// Edit distance between two names, counted in characters (for "did you mean").
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let cost = usize::from(!ca.eq_ignore_ascii_case(cb)) + diag;
            diag = up;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = cost.min(up + 1).min(left + 1);
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// The known name closest to `name`, when it is close enough to be a slip (a third of its
/// characters at most, and never more than 3).
pub fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    known
        .iter()
        .map(|k| (distance(name, k), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

impl Condition {
    /// Whether the condition holds for these answers (its value is loosely `== true`).
    pub fn evaluate(&self, answers: &dyn Answers) -> bool {
        self.0.eval(answers).is_true()
    }

    /// The expression's value as text ("" for null), as `iif` or arithmetic give it.
    pub fn value_text(&self, answers: &dyn Answers) -> String {
        match self.0.eval(answers) {
            Null => String::new(),
            v => v.text().into_owned(),
        }
    }

    /// The expression's value as JSON, as a table of cases compares it with survey-core's
    /// (NaN as the text "NaN", a date as `YYYY-MM-DD`).
    pub fn value_json(&self, answers: &dyn Answers) -> crate::json::Value {
        fn json(v: &Val) -> crate::json::Value {
            use crate::json::Value as J;
            match v {
                Null => J::Null,
                Bool(b) => J::Bool(*b),
                Num(d) => J::Number(d.to_string()),
                List(l) => J::Array(l.iter().map(json).collect()),
                other => J::String(other.text().into_owned()),
            }
        }
        json(&self.0.eval(answers))
    }

    /// The variable names it reads, each once, in order of first appearance.
    pub fn variables(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        self.0.walk(&mut |n| {
            if let Node::Var(v) = n {
                if !out.contains(&v.name.as_str()) {
                    out.push(&v.name);
                }
            }
        });
        out
    }

    /// Checks that every name it reads is one of `known` (question names, and the composite
    /// names such as `matrix.row` of the questions that have them). An unknown name is an
    /// error naming it, with the closest known name when one is close.
    pub fn check_names(&self, known: &[&str]) -> Result<(), ConditionError> {
        let mut first: Option<&Var> = None;
        self.0.walk(&mut |n| match n {
            Node::Var(v) if first.is_none() && !known.contains(&v.name.as_str()) => first = Some(v),
            _ => {}
        });
        match first {
            None => Ok(()),
            Some(v) => Err(ConditionError {
                suggestion: closest(&v.name, known).map(str::to_string),
                ..named(v.at, "unknown question", v.name.clone())
            }),
        }
    }

    /// Each place a question is compared with literal values by `=`, `!=`, `contains`,
    /// `notcontains`, `anyof`, `allof` or `noneof`.
    pub fn comparisons(&self) -> Vec<Comparison<'_>> {
        let mut out = Vec::new();
        self.0.walk(&mut |n| {
            let Node::Chain(first, rest) = n else { return };
            let mut left: &Node = first;
            for (op, right) in rest {
                let compares = matches!(
                    op,
                    Op::Eq
                        | Op::Ne
                        | Op::Contains
                        | Op::NotContains
                        | Op::AnyOf
                        | Op::AllOf
                        | Op::NoneOf
                );
                if compares {
                    for (a, b) in [(left, right), (right, left)] {
                        if let (Node::Var(v), Some(literals)) = (a, literals_of(b)) {
                            if !v.length && !literals.is_empty() {
                                out.push(Comparison {
                                    name: &v.name,
                                    column: v.at + 1,
                                    literals,
                                });
                            }
                        }
                    }
                }
                left = right;
            }
        });
        out
    }

    fn lit_value(l: &Lit) -> Val<'_> {
        Node::Lit(l.clone()).eval_const()
    }
}

impl Node {
    fn eval_const(&self) -> Val<'static> {
        match self {
            Node::Lit(Lit::Null) => Null,
            Node::Lit(Lit::Bool(b)) => Bool(*b),
            Node::Lit(Lit::Num(d)) => Num(d.clone()),
            Node::Lit(Lit::Str(s)) => Str(Cow::Owned(s.clone())),
            _ => Null,
        }
    }
}

/// The literals of a literal or a list of literals, but `null` and `''` (which mean "not
/// answered", never a choice).
fn literals_of(n: &Node) -> Option<Vec<&Lit>> {
    let blank = |l: &Lit| matches!(l, Lit::Null) || *l == Lit::Str(String::new());
    match n {
        Node::Lit(l) => Some(vec![l].into_iter().filter(|l| !blank(l)).collect()),
        Node::List(items) => items
            .iter()
            .map(|i| match i {
                Node::Lit(l) => Some(l),
                _ => None,
            })
            .filter(|l| !l.is_some_and(blank))
            .collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    enum A {
        T(&'static str),
        B(bool),
        L(Vec<String>),
    }

    struct Map(HashMap<&'static str, A>, Option<Date>);

    impl Answers for Map {
        fn operand(&self, name: &str) -> Operand<'_> {
            match self.0.get(name) {
                None => Operand::Empty,
                Some(A::T(s)) => Operand::Text(s),
                Some(A::B(b)) => Operand::Bool(*b),
                Some(A::L(l)) => Operand::List(l),
            }
        }
        fn today(&self) -> Option<Date> {
            self.1
        }
    }

    fn list(items: &[&str]) -> A {
        A::L(items.iter().map(|s| s.to_string()).collect())
    }

    fn answers() -> Map {
        Map(
            HashMap::from([
                ("age", A::T("42")),
                ("wide", A::T("３５")),
                ("name", A::T("Li Hua")),
                ("小区", A::T("幸福里")),
                ("agree", A::B(true)),
                ("no", A::B(false)),
                ("zero", A::T("0")),
                ("code", A::T("007")),
                ("comma", A::T("1,5")),
                ("reply", A::T("yes")),
                ("pets", list(&["cat", "dog"])),
                ("one", list(&["a"])),
                ("none", list(&[])),
                ("issues", list(&["停车", "噪音"])),
                ("born", A::T("1984-06-15")),
                ("moved", A::T("2026-12-01")),
            ]),
            Date::from_ymd(2026, 12, 8),
        )
    }

    fn eval(src: &str) -> bool {
        parse(src)
            .unwrap_or_else(|e| panic!("{src}: {e}"))
            .evaluate(&answers())
    }

    fn value(src: &str) -> String {
        parse(src)
            .unwrap_or_else(|e| panic!("{src}: {e}"))
            .value_text(&answers())
    }

    fn err(src: &str) -> String {
        parse(src).unwrap_err().to_string()
    }

    #[test]
    fn parses_every_operator_form() {
        let truths = [
            "{age} = 42",
            "{age} == 42",
            "{age} EQUAL 42",
            "{age} equals '42'",
            "{age} <> 41",
            "{age} != 41",
            "{age} notequal 41",
            "{age} > 41",
            "{age} greater 41",
            "{age} < 43",
            "{age} less 43",
            "{age} >= 42",
            "{age} => 42",
            "{age} greaterorequal 42",
            "{age} <= 42",
            "{age} =< 42",
            "{age} lessorequal 42",
            "{name} contains 'Hua'",
            "{name} *= 'Li'",
            "{name} notcontains 'Wang'",
            "{pets} anyof ['dog', 'fish']",
            "{pets} allof ['dog', 'cat']",
            "{pets} noneof ['fish']",
            "{missing} empty",
            "{age} notempty",
            "{age} = 42 and {age} = 42",
            "{age} = 42 && {age} = 42",
            "{age} = 1 or {age} = 42",
            "{age} = 1 || {age} = 42",
            "!({age} = 1)",
            "NEGATE ({age} = 1)",
            "{age} = -5 or {age} > -5.5",
            "{age} - 26 = 0x10",
        ];
        for src in truths {
            assert!(eval(src), "{src}");
        }
    }

    #[test]
    fn precedence_follows_survey_core() {
        assert!(eval("true or false and false"));
        assert!(!eval("(true or false) and false"));
        // `!` binds to the operand, not to the comparison: (!{age}) = false.
        assert!(eval("!{age} = false"));
        assert!(!eval("!{age} = 1"));
        assert!(eval("!!true") && eval("((({age} > 40)))"));
        // Comparisons chain left to right: ({age} = 42) = true.
        assert!(eval("{age} = 42 = true"));
        // Arithmetic binds tighter than comparison, `contains` tighter than arithmetic.
        assert!(eval("{age} + 8 = 50") && eval("2 + 3 * 4 = 14") && eval("(2 + 3) * 4 = 20"));
        assert!(eval("10 - 4 - 3 = 3") && eval("12 / 2 / 3 = 2"));
        assert_eq!(value("1 + {pets} contains 'cat'"), "2");
        assert_eq!(
            parse("{a} = 1 or {b} = 2 and {c} = 3").unwrap().variables(),
            ["a", "b", "c"]
        );
    }

    #[test]
    fn reports_errors_with_1_based_columns_and_names() {
        assert_eq!(err("{a} = 1 2"), "unexpected token at column 9");
        assert_eq!(err("{a} = 1)"), "unexpected token at column 8");
        assert_eq!(err("({a} = 1"), "unclosed '(' at column 1");
        assert_eq!(err("{a} = "), "expected a value at column 7");
        assert_eq!(err("{a} = and"), "expected a value at column 7");
        assert_eq!(err(""), "expected a value at column 1");
        assert_eq!(err("{a} = 'abc"), "unterminated string at column 7");
        assert_eq!(err("{小区} = \"幸福"), "unterminated string at column 8");
        assert_eq!(err("{a = 1"), "unclosed '{' at column 1");
        assert_eq!(
            err("{support = 'no' or {x} = 1"),
            "unclosed '{' at column 1"
        );
        assert_eq!(err("{a} = 1 or {b"), "unclosed '{' at column 12");
        assert_eq!(err("{ } = 1"), "empty variable name at column 1");
        assert_eq!(err("{a} = 1.2.3"), "unexpected token '.' at column 10");
        assert_eq!(err("{a} = 007"), "invalid number at column 7");
        assert_eq!(err("{a} = .5"), "unexpected token '.' at column 7");
        assert_eq!(err("{a} & {b}"), "unexpected token '&' at column 5");
        assert_eq!(err("{a} anyof ['x' 'y']"), "unexpected token at column 16");
        assert_eq!(err("{a} anyof ['x',"), "unclosed '[' at column 11");
        assert_eq!(err("{a} contains"), "expected a value at column 13");
        assert_eq!(err("{a} = -{b}"), "expected a value at column 7");
        assert_eq!(err(") 'abc"), "expected a value at column 1");
        assert_eq!(
            err(&"(".repeat(10_000)),
            format!("nesting too deep at column {}", MAX_DEPTH + 1)
        );
        assert_eq!(
            err(&"!".repeat(100)),
            format!("nesting too deep at column {}", MAX_DEPTH + 1)
        );
    }

    #[test]
    fn names_what_it_does_not_support() {
        assert_eq!(
            err("{$question1.visible} = true"),
            "unsupported variable '$question1.visible' at column 1"
        );
        assert_eq!(
            err("{a} = 1 and {q[0]} = 2"),
            "unsupported variable 'q[0]' at column 13"
        );
        assert_eq!(err("not {a} = 1"), "unsupported operator 'not' at column 1");
        assert_eq!(err("{a} ^ 2 > 3"), "unsupported operator '^' at column 5");
        assert_eq!(
            err("{a} power 2"),
            "unsupported operator 'power' at column 5"
        );
        assert_eq!(
            err("sum({a}, {b}) > 3"),
            "unsupported function 'sum' at column 1"
        );
        assert_eq!(
            err("{a} = 1 or isContainerReady('p1')"),
            "unsupported function 'isContainerReady' at column 12"
        );
        assert_eq!(
            err("iif({a})"),
            "wrong number of arguments 'iif' at column 1"
        );
        assert_eq!(
            err("currentYear(1) = 2"),
            "wrong number of arguments 'currentYear' at column 1"
        );
        assert_eq!(err("iif({a}, 1, 2"), "unclosed '(' at column 1");
        assert_eq!(err("{a} = 1 # 2"), "unexpected token '#' at column 9");
        assert_eq!(err("{a} = 'it\"s'"), "unexpected token at column 10");
    }

    #[test]
    fn checks_names_against_the_definition() {
        let known = ["join_meeting", "age", "grid.row1"];
        let c = parse("{age} > 1 and {join_meting} = 'yes'").unwrap();
        let e = c.check_names(&known).unwrap_err();
        assert_eq!(e.name, "join_meting");
        assert_eq!(e.suggestion.as_deref(), Some("join_meeting"));
        assert_eq!(e.column, 15);
        assert_eq!(
            e.to_string(),
            "unknown question 'join_meting' (did you mean join_meeting?) at column 15"
        );
        let far = parse("{xyz} = 1").unwrap().check_names(&known).unwrap_err();
        assert_eq!((far.name.as_str(), far.suggestion), ("xyz", None));
        assert!(
            parse("{grid.row1} = 2 and {age.length} > 0 and {#age} = '42'")
                .unwrap()
                .check_names(&known)
                .is_ok()
        );
        assert_eq!(
            parse("{AGE} = 1")
                .unwrap()
                .check_names(&known)
                .unwrap_err()
                .suggestion
                .as_deref(),
            Some("age")
        );
        assert_eq!(
            closest("radiogrup", &["radiogroup", "rating"]),
            Some("radiogroup")
        );
    }

    #[test]
    fn lists_compared_literals() {
        let c = parse("{a} = 'x' or 'y' != {b} or {c} anyof ['p', 2] or {d} = {a} or {e} > 'z'")
            .unwrap();
        let found: Vec<(&str, usize, Vec<String>)> = c
            .comparisons()
            .into_iter()
            .map(|x| (x.name, x.column, x.values()))
            .collect();
        assert_eq!(
            found,
            [
                ("a", 1, vec!["x".to_string()]),
                ("b", 21, vec!["y".to_string()]),
                ("c", 28, vec!["p".to_string(), "2".to_string()]),
            ]
        );
        let c =
            parse("{s} = '不支持' or {n} anyof [1, 'three'] or {s} = '' or {s} != null").unwrap();
        let cmp = c.comparisons();
        assert_eq!(cmp[0].unmatched(&["yes", "no"]), ["不支持"]);
        assert!(cmp[0].unmatched(&["不支持 "]).is_empty());
        assert_eq!(cmp[1].unmatched(&["1.0", "2"]), ["three"]);
        assert_eq!(
            cmp.len(),
            2,
            "blank and null are not compared with the choices"
        );
    }

    #[test]
    fn equality_follows_survey_core() {
        assert!(eval("{name} = 'li hua'"), "case and spaces are ignored");
        assert!(eval("{name} = ' Li Hua '") && !eval("{name} = 'Li'"));
        assert!(
            eval("{age} = '42.0'"),
            "an answer that is a number compares as one"
        );
        assert!(!eval("'42' = '42.0'"), "two texts compare as texts");
        assert!(eval("{missing} = ''") && eval("{missing} = null") && !eval("{none} = null"));
        assert!(!eval("{missing} = 'x'") && eval("{missing} != 'x'") && !eval("{missing} = 0"));
        assert!(
            !eval("{pets} = 'cat'") && !eval("{one} = 'a'"),
            "a list is not an item"
        );
        assert!(
            eval("{one} = ['a']") && eval("{pets} = ['dog', 'cat']") && !eval("{pets} = ['dog']")
        );
        assert!(eval("{agree} = true") && eval("{agree} = 'true'") && eval("{agree} = 'TRUE'"));
        assert!(eval("{no} = false") && !eval("{no} = true") && eval("{no} notempty"));
        assert!(
            eval("{agree} = 1") && eval("{no} = 0"),
            "booleans are 1 and 0"
        );
        assert!(eval("{reply} = yes") && eval("{reply} = YES") && !eval("{reply} = no"));
        assert!(
            eval("{code} = '007'") && eval("{code} = 7"),
            "007 stays text, equal to 7"
        );
        assert!(
            eval("{comma} = 1.5"),
            "one comma is a decimal point, as in survey-core"
        );
        assert!(
            eval("{wide} = '３５'") && !eval("{wide} = 35"),
            "full-width digits are text"
        );
        assert!(eval("{zero} = 0") && eval("{zero} notempty") && !eval("{zero} empty"));
    }

    #[test]
    fn ordering_follows_survey_core() {
        assert!(eval("{age} > 9"), "numbers compare as numbers");
        assert!(
            eval("'9' > '10'") && !eval("9 > '10'"),
            "texts compare as texts"
        );
        assert!(
            eval("{name} > 'Ab'") && eval("{name} < 'li'"),
            "case-sensitive, as JS"
        );
        assert!(!eval("{missing} > 1") && !eval("{missing} < 1") && !eval("{missing} <= 1"));
        assert!(
            !eval("{reply} > 1") && !eval("{reply} < 1"),
            "a word is not a number"
        );
        assert!(eval("{missing} <= ''"), "equal empties satisfy <=");
        assert!(eval("{agree} > 0") && eval("{pets} > 'c'"));
    }

    #[test]
    fn contains_anyof_allof_noneof() {
        assert!(eval("{pets} contains 'dog'") && !eval("{pets} contains 'do'"));
        assert!(eval("{pets} contains ['dog', 'cat']") && !eval("{pets} contains ['dog', 'fish']"));
        assert!(eval("{pets} notcontains 'fish'") && !eval("{pets} notcontains 'cat'"));
        assert!(
            eval("{name} contains 'hua'"),
            "case-insensitive, as survey-core"
        );
        assert!(!eval("{missing} contains 'a'") && eval("{missing} notcontains 'a'"));
        assert!(!eval("{name} contains ''") && !eval("{name} notcontains ''"));
        assert!(eval("{age} contains 4"), "a number is searched as its text");
        assert!(eval("{age} anyof [1, 42]") && !eval("{age} anyof [1, 2]"));
        assert!(!eval("{pets} anyof ['fish']") && !eval("{missing} anyof ['a']"));
        assert!(eval("{missing} anyof []") && eval("{pets} anyof []"));
        assert!(!eval("{pets} allof ['cat', 'fish']") && !eval("{missing} allof ['a']"));
        assert!(eval("{one} allof 'a'") && eval("{pets} allof []"));
        assert!(eval("{pets} noneof ['fish']") && !eval("{pets} noneof ['cat']"));
        assert!(eval(
            "{issues} contains '停车' and {issues} anyof ['噪音', '垃圾']"
        ));
    }

    #[test]
    fn empty_and_truth() {
        assert!(eval("{missing} empty") && eval("{none} empty") && !eval("{pets} empty"));
        assert!(eval("{agree}") && !eval("{no}") && !eval("{missing}") && !eval("{zero}"));
        // A condition holds when its value == true: 1 does, 2 and 'yes' do not.
        assert!(eval("{age} - 41") && !eval("{age} - 40") && !eval("{reply}"));
        assert!(!eval("{pets}") && !eval("'abc'") && eval("'1'") && eval("[1]"));
        assert!(eval("!{missing}") && !eval("!{reply}") && eval("!0") && !eval("!{pets}"));
    }

    #[test]
    fn arithmetic_and_coercion_follow_survey_core() {
        assert_eq!(value("{age} + 8"), "50");
        assert_eq!(value("'1' + 2"), "12");
        assert_eq!(value("1 + 2 + 'a'"), "3a");
        assert_eq!(value("'a' + 1 + 2"), "a12");
        assert_eq!(value("{missing} + 1"), "1");
        assert_eq!(value("{missing} + {nothing}"), "0");
        assert_eq!(value("{missing} + 'x'"), "x");
        assert_eq!(value("{code} + 1"), "0071");
        assert_eq!(value("{pets} + '!'"), "cat, dog!");
        assert_eq!(value("[1, 2] + 3"), "6");
        assert_eq!(value("{pets} + 3"), "3", "text items are not summed");
        assert_eq!(value("true + 1"), "2");
        assert_eq!(value("0.1 + 0.2"), "0.3");
        assert_eq!(value("{age} - 50"), "-8");
        assert_eq!(value("{missing} - 1"), "-1");
        assert_eq!(value("{comma} * 2"), "3");
        assert_eq!(value("1.5 * 1.5"), "2.25");
        assert_eq!(value("10 / 4"), "2.5");
        assert_eq!(value("10 / 3"), "3.3333333333333333333");
        assert_eq!(value("2 / 3"), "0.66666666666666666667");
        assert_eq!(value("{age} / 0"), "", "division by zero is null");
        assert_eq!(value("{age} % 0"), "");
        assert_eq!(value("{age} / {missing}"), "");
        assert_eq!(value("7 % 3"), "1");
        assert_eq!(value("-7 % 3"), "-1");
        assert_eq!(value("7.5 % 2"), "1.5");
        assert_eq!(value("{reply} * 2"), "NaN");
        assert_eq!(value("{age} and {reply}"), "yes");
        assert_eq!(value("{missing} or 'x'"), "x");
        assert!(eval("{age} + {zero} > 4") && eval("{age} * 2 = 84") && !eval("{reply} * 2 > 0"));
    }

    #[test]
    fn functions() {
        assert_eq!(value("iif({age} > 40, 'older', 'younger')"), "older");
        assert_eq!(value("iif({missing}, 'a', 'b')"), "b");
        assert_eq!(value("iif({missing}, 'a')"), "");
        assert_eq!(value("age({born})"), "42");
        assert_eq!(value("age('1984-12-08')"), "42", "a birthday today counts");
        assert_eq!(value("age('1984-12-09')"), "41");
        assert_eq!(value("age('1984-12-09', 'months')"), "503");
        assert_eq!(value("age({missing})"), "");
        assert_eq!(value("age('soon')"), "NaN");
        assert_eq!(value("today()"), "2026-12-08");
        assert_eq!(value("today(-8)"), "2026-11-30");
        assert_eq!(value("today(24)"), "2027-01-01");
        assert_eq!(value("currentYear()"), "2026");
        assert_eq!(value("diffDays({moved}, today())"), "7");
        assert_eq!(value("diffDays(today(), {moved})"), "7");
        assert_eq!(
            value("diffDays('2024-02-28', '2024-03-01')"),
            "2",
            "2024 is a leap year"
        );
        assert_eq!(value("diffDays({missing}, today())"), "0");
        assert!(
            eval("{moved} < today()")
                && eval("today() > {moved}")
                && eval("today() = '2026-12-08'")
        );
        assert!(eval("{moved} >= today(-7)") && !eval("{moved} > today(-7)"));
        assert!(eval("age({born}) >= 18 and currentYear() - 1984 = 42"));
        // Without a date from the caller, the date functions are null.
        let no_date = Map(HashMap::new(), None);
        let c =
            parse("today() > '2000-01-01' or currentYear() > 0 or age('1990-01-01') > 0").unwrap();
        assert!(!c.evaluate(&no_date));
    }

    #[test]
    fn dates() {
        let d = Date::from_ymd(2024, 2, 29).unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert_eq!(Date::parse("2024-02-29T10:30"), Some(d));
        assert_eq!(Date::from_ymd(1970, 1, 1), Some(Date(0)));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "24-01-01",
            "2024-01-01x",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        for days in [-719_162, -1, 0, 59, 365, 10_957, 2_932_896] {
            let (y, m, dd) = Date(days).ymd();
            assert_eq!(Date::from_ymd(y, m, dd), Some(Date(days)), "{days}");
        }
    }

    #[test]
    fn chinese_names_values_and_variables() {
        assert!(eval("{小区} = '幸福里'") && eval("{小区} contains '幸福'"));
        assert!(eval("{ 小区 } notempty"), "names are trimmed");
        assert!(eval(
            "{pets.length} = 2 and {none.length} = 0 and {missing.length} = 0"
        ));
        assert!(eval("{#age} = '42'") && eval("{#code} + 1 = '0071'"));
        let c =
            parse("{b} = 1 or ({a} contains {b} and !{c.d-e} empty) or ['x'] anyof {a}").unwrap();
        assert_eq!(c.variables(), ["b", "a", "c.d-e"]);
        assert!(parse("true").unwrap().variables().is_empty());
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [
            "{",
            "}",
            "'",
            "\\",
            "[",
            "]]",
            "!",
            "not",
            "((",
            "-",
            ".",
            "1e5",
            "0x",
            "0x99999999999999999999",
            "{a} empty empty",
            "\u{0}",
            "中",
            "99999999999999999999999999999999999999999 * 999999999999999999999999",
            "1e1000 + 1",
            "today(99999999999)",
            "age('9999-12-31')",
            "diffDays('0001-01-01', '9999-12-31')",
            "1 / 0.000000000000000000000000000000000000001",
            "[[[[1]]]] = 1",
        ];
        for src in odd {
            let _ = parse(src).map(|c| (c.evaluate(&answers()), c.value_text(&answers())));
        }
        let long_chain = vec!["{a} = 1"; 50_000].join(" and ");
        assert!(!parse(&long_chain).unwrap().evaluate(&answers()));
        let long_sum = vec!["1"; 50_000].join(" + ");
        assert_eq!(parse(&long_sum).unwrap().value_text(&answers()), "50000");
    }
}
