//! The SurveyJS-style expression language of `visibleIf` / `requiredIf`: parsed once into a
//! small tree, evaluated many times against answers seen through the `Answers` trait.
//!
//! Owns: tokenising, parsing (with 0-based character positions in errors), the variables a
//! condition reads, and evaluation. Must not: know the answer model (it sees answers only as
//! `Operand`s), use floating point, or panic on any input.
//!
//! Syntax: `{name}` (anything up to `}`, trimmed), 'text' or "text" (`\'` `\"` `\\` escapes),
//! numbers (`-1.5`), `true` `false` `null`, bare words (`{a} = yes` means 'yes'), `['a', 2]`;
//! binary `=` `==` `equal(s)`, `!=` `<>` `notequal(s)`, `>` `greater`, `<` `less`, `>=` `=>`
//! `greaterorequal`, `<=` `=<` `lessorequal`, `contains` `contain` `*=`, `notcontains`
//! `notcontain`, `anyof`, `allof`; postfix `empty` `notempty`; prefix `!` `not` `negate`;
//! `and` `&&`; `or` `||`; parentheses. Words are case-insensitive. Precedence:
//! or < and < not < comparison. No functions or arithmetic.
//!
//! Semantics (following SurveyJS where it is clear):
//! - An answer is a text (Empty is ""; Bool is "true"/"false") or a list. A value is *empty*
//!   when it is whitespace-only text or an empty list; an unknown variable is empty.
//! - Two texts are equal when both parse as `Decimal` and are numerically equal, otherwise when
//!   they are equal after trimming, ignoring ASCII case. Two empty values are equal; an empty
//!   and a non-empty value are not. A list equals another list with the same items in any
//!   order, and a single text only when it has exactly that one item.
//! - `>` `<` compare numerically when both sides are numbers, otherwise as trimmed,
//!   ASCII-case-insensitive text; they are false when either side is empty or a list.
//!   `>=` / `<=` are "equal or greater/less".
//! - `contains`: both sides non-empty and every item of the right side is a substring of the
//!   left text (case-sensitive), or a member of the left list. `notcontains` is its negation,
//!   except that it is false when the right side is empty.
//! - `anyof`: some right item is an item of the left (a text is a one-item list); true when
//!   both are empty or only the right is; false when only the left is. `allof`: the left is
//!   non-empty and has every right item.
//! - A bare value is true unless it is empty, "false" or numerically zero.

use super::decimal::Decimal;
use std::cmp::Ordering;

/// Parentheses nested deeper than this are refused (keeps evaluation's recursion bounded).
pub const MAX_DEPTH: usize = 32;

/// What an answer looks like to a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operand<'a> {
    Empty,
    Text(&'a str),
    Bool(bool),
    List(&'a [String]),
}

/// The answers a condition reads, by variable name (the text inside `{}`).
pub trait Answers {
    fn operand(&self, name: &str) -> Operand<'_>;
}

/// Why an expression does not parse, at a 0-based character offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{message} at {position}")]
pub struct ConditionError {
    pub position: usize,
    pub message: &'static str,
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition(Node);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Or(Vec<Node>),
    And(Vec<Node>),
    Not(Box<Node>),
    Cmp(Op, Term, Term),
    /// `empty` (false) or `notempty` (true).
    Empty(Term, bool),
    Truthy(Term),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Var(String),
    Lit(String),
    List(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Contains,
    NotContains,
    AnyOf,
    AllOf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Val(Term),
    Op(Op),
    Post(bool),
    And,
    Or,
    Not,
    LParen,
    RParen,
    LBrack,
    RBrack,
    Comma,
    /// A lexing error; tokens stop here and the parser reports it when it gets this far.
    Bad(ConditionError),
}

fn error(position: usize, message: &'static str) -> ConditionError {
    ConditionError { position, message }
}

fn lex(src: &str) -> Vec<(usize, Tok)> {
    let cs: Vec<char> = src.chars().collect();
    let at = |i: usize| cs.get(i).copied();
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
            ('&', Some('&')) => two(Tok::And),
            ('|', Some('|')) => two(Tok::Or),
            ('=', _) => Tok::Op(Op::Eq),
            ('<', _) => Tok::Op(Op::Lt),
            ('>', _) => Tok::Op(Op::Gt),
            ('!', _) => Tok::Not,
            ('{', _) => {
                let mut name = String::new();
                loop {
                    match at(i) {
                        None => break Tok::Bad(error(start, "unclosed '{'")),
                        Some('}') => {
                            i += 1;
                            let name = name.trim();
                            break if name.is_empty() {
                                Tok::Bad(error(start, "empty variable name"))
                            } else {
                                Tok::Val(Term::Var(name.into()))
                            };
                        }
                        Some(c) => name.push(c),
                    }
                    i += 1;
                }
            }
            ('\'' | '"', _) => {
                let mut text = String::new();
                loop {
                    match at(i) {
                        None => break Tok::Bad(error(start, "unterminated string")),
                        Some(q) if q == c => {
                            i += 1;
                            break Tok::Val(Term::Lit(text));
                        }
                        Some('\\') if matches!(at(i + 1), Some('\'' | '"' | '\\')) => {
                            i += 1;
                            text.extend(at(i));
                        }
                        Some(ch) => text.push(ch),
                    }
                    i += 1;
                }
            }
            ('0'..='9', _) | ('-' | '+' | '.', Some('0'..='9')) => {
                while matches!(at(i), Some('0'..='9' | '.')) {
                    i += 1;
                }
                let text: String = cs.get(start..i).unwrap_or_default().iter().collect();
                match Decimal::parse(&text) {
                    Some(_) => Tok::Val(Term::Lit(text)),
                    None => Tok::Bad(error(start, "invalid number")),
                }
            }
            (c, _) if c.is_ascii_alphabetic() || c == '_' => {
                while matches!(at(i), Some(c) if c.is_ascii_alphanumeric() || c == '_') {
                    i += 1;
                }
                let word: String = cs.get(start..i).unwrap_or_default().iter().collect();
                match word.to_ascii_lowercase().as_str() {
                    "and" => Tok::And,
                    "or" => Tok::Or,
                    "not" | "negate" => Tok::Not,
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
                    "empty" => Tok::Post(false),
                    "notempty" => Tok::Post(true),
                    "true" => Tok::Val(Term::Lit("true".into())),
                    "false" => Tok::Val(Term::Lit("false".into())),
                    "null" | "undefined" => Tok::Val(Term::Lit(String::new())),
                    _ => Tok::Val(Term::Lit(word)),
                }
            }
            _ => Tok::Bad(error(start, "unexpected token")),
        };
        let bad = matches!(tok, Tok::Bad(_));
        out.push((start, tok));
        if bad {
            break;
        }
    }
    out
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    i: usize,
    /// Character length of the source: the position of "end of input".
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|(_, t)| t)
    }
    fn pos(&self) -> usize {
        self.toks.get(self.i).map_or(self.end, |(p, _)| *p)
    }
    fn eat(&mut self, t: &Tok) -> bool {
        let hit = self.peek() == Some(t);
        self.i += usize::from(hit);
        hit
    }
    /// An error at the current token, or the lexing error waiting there.
    fn fail(&self, message: &'static str) -> ConditionError {
        match self.peek() {
            Some(Tok::Bad(e)) => *e,
            _ => error(self.pos(), message),
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

    fn or(&mut self) -> Result<Node, ConditionError> {
        let mut v = vec![self.and()?];
        while self.eat(&Tok::Or) {
            v.push(self.and()?);
        }
        Ok(if v.len() == 1 {
            v.remove(0)
        } else {
            Node::Or(v)
        })
    }

    fn and(&mut self) -> Result<Node, ConditionError> {
        let mut v = vec![self.not()?];
        while self.eat(&Tok::And) {
            v.push(self.not()?);
        }
        Ok(if v.len() == 1 {
            v.remove(0)
        } else {
            Node::And(v)
        })
    }

    fn not(&mut self) -> Result<Node, ConditionError> {
        let mut negate = false;
        while self.eat(&Tok::Not) {
            negate = !negate;
        }
        let n = self.cmp()?;
        Ok(if negate { Node::Not(Box::new(n)) } else { n })
    }

    fn cmp(&mut self) -> Result<Node, ConditionError> {
        if self.peek() == Some(&Tok::LParen) {
            let open = self.pos();
            if self.depth >= MAX_DEPTH {
                return Err(error(open, "nesting too deep"));
            }
            self.i += 1;
            self.depth += 1;
            let n = self.or()?;
            self.depth -= 1;
            self.close(&Tok::RParen, open, "unclosed '('")?;
            return Ok(n);
        }
        let left = self.term()?;
        Ok(match self.peek() {
            Some(&Tok::Op(op)) => {
                self.i += 1;
                Node::Cmp(op, left, self.term()?)
            }
            Some(&Tok::Post(not)) => {
                self.i += 1;
                Node::Empty(left, not)
            }
            _ => Node::Truthy(left),
        })
    }

    fn term(&mut self) -> Result<Term, ConditionError> {
        if let Some(Tok::Val(t)) = self.peek() {
            let t = t.clone();
            self.i += 1;
            return Ok(t);
        }
        if self.peek() != Some(&Tok::LBrack) {
            return Err(self.fail("expected a value"));
        }
        let open = self.pos();
        self.i += 1;
        let mut items = Vec::new();
        if self.eat(&Tok::RBrack) {
            return Ok(Term::List(items));
        }
        loop {
            match self.peek() {
                Some(Tok::Val(Term::Lit(s))) => items.push(s.clone()),
                None => return Err(error(open, "unclosed '['")),
                _ => return Err(self.fail("expected a value")),
            }
            self.i += 1;
            if !self.eat(&Tok::Comma) {
                self.close(&Tok::RBrack, open, "unclosed '['")?;
                return Ok(Term::List(items));
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
    let node = p.or()?;
    if p.peek().is_some() {
        return Err(p.fail("unexpected token"));
    }
    Ok(Condition(node))
}

/// A side of a comparison while evaluating: one text ("" when empty) or a list.
#[derive(Clone, Copy)]
enum V<'a> {
    One(&'a str),
    Many(&'a [String]),
}

impl<'a> V<'a> {
    fn is_empty(self) -> bool {
        match self {
            V::One(s) => s.trim().is_empty(),
            V::Many(l) => l.is_empty(),
        }
    }
    /// The items: a non-empty text is a one-item list.
    fn items(self) -> impl Iterator<Item = &'a str> {
        let (one, many) = match self {
            V::One(s) => (Some(s).filter(|_| !self.is_empty()), &[][..]),
            V::Many(l) => (None, l),
        };
        one.into_iter().chain(many.iter().map(String::as_str))
    }
    fn has(self, item: &str) -> bool {
        self.items().any(|x| text_eq(x, item))
    }
}

fn text_cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.trim(), b.trim());
    match (Decimal::parse(a), Decimal::parse(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a
            .chars()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.chars().map(|c| c.to_ascii_lowercase())),
    }
}

fn text_eq(a: &str, b: &str) -> bool {
    text_cmp(a, b) == Ordering::Equal
}

fn equal(a: V, b: V) -> bool {
    if a.is_empty() || b.is_empty() {
        return a.is_empty() && b.is_empty();
    }
    match (a, b) {
        (V::One(x), V::One(y)) => text_eq(x, y),
        (V::Many(l), V::One(s)) | (V::One(s), V::Many(l)) => {
            l.len() == 1 && l.iter().all(|i| text_eq(i, s))
        }
        (V::Many(x), V::Many(y)) => {
            x.len() == y.len() && x.iter().all(|i| b.has(i)) && y.iter().all(|i| a.has(i))
        }
    }
}

fn order(a: V, b: V) -> Option<Ordering> {
    match (a, b) {
        (V::One(x), V::One(y)) if !a.is_empty() && !b.is_empty() => Some(text_cmp(x, y)),
        _ => None,
    }
}

fn contains(a: V, b: V) -> bool {
    !a.is_empty()
        && !b.is_empty()
        && b.items().all(|item| match a {
            V::One(s) => s.contains(item),
            V::Many(_) => a.has(item),
        })
}

impl Op {
    fn apply(self, a: V, b: V) -> bool {
        match self {
            Op::Eq => equal(a, b),
            Op::Ne => !equal(a, b),
            Op::Gt => order(a, b) == Some(Ordering::Greater),
            Op::Lt => order(a, b) == Some(Ordering::Less),
            Op::Ge => equal(a, b) || order(a, b) == Some(Ordering::Greater),
            Op::Le => equal(a, b) || order(a, b) == Some(Ordering::Less),
            Op::Contains => contains(a, b),
            Op::NotContains => !b.is_empty() && !contains(a, b),
            Op::AnyOf => match (a.is_empty(), b.is_empty()) {
                (_, true) => true,
                (true, false) => false,
                _ => b.items().any(|item| a.has(item)),
            },
            Op::AllOf => !a.is_empty() && b.items().all(|item| a.has(item)),
        }
    }
}

impl Term {
    fn value<'a>(&'a self, answers: &'a dyn Answers) -> V<'a> {
        match self {
            Term::Var(name) => match answers.operand(name) {
                Operand::Empty => V::One(""),
                Operand::Text(s) => V::One(s),
                Operand::Bool(b) => V::One(if b { "true" } else { "false" }),
                Operand::List(l) => V::Many(l),
            },
            Term::Lit(s) => V::One(s),
            Term::List(l) => V::Many(l),
        }
    }
}

impl Node {
    fn eval(&self, answers: &dyn Answers) -> bool {
        match self {
            Node::Or(v) => v.iter().any(|n| n.eval(answers)),
            Node::And(v) => v.iter().all(|n| n.eval(answers)),
            Node::Not(n) => !n.eval(answers),
            Node::Cmp(op, a, b) => op.apply(a.value(answers), b.value(answers)),
            Node::Empty(t, not) => t.value(answers).is_empty() != *not,
            Node::Truthy(t) => match t.value(answers) {
                v @ V::One(s) => {
                    !v.is_empty()
                        && !s.trim().eq_ignore_ascii_case("false")
                        && !Decimal::parse(s).is_some_and(|d| d.is_zero())
                }
                v => !v.is_empty(),
            },
        }
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a str>) {
        let mut var = |t: &'a Term| {
            if let Term::Var(name) = t {
                if !out.contains(&name.as_str()) {
                    out.push(name);
                }
            }
        };
        match self {
            Node::Or(v) | Node::And(v) => v.iter().for_each(|n| n.collect(out)),
            Node::Not(n) => n.collect(out),
            Node::Cmp(_, a, b) => {
                var(a);
                var(b);
            }
            Node::Empty(t, _) | Node::Truthy(t) => var(t),
        }
    }
}

impl Condition {
    /// Whether the condition holds for these answers.
    pub fn evaluate(&self, answers: &dyn Answers) -> bool {
        self.0.eval(answers)
    }

    /// The variable names it reads, each once, in order of first appearance.
    pub fn variables(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.0.collect(&mut out);
        out
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

    struct Map(HashMap<&'static str, A>);

    impl Answers for Map {
        fn operand(&self, name: &str) -> Operand<'_> {
            match self.0.get(name) {
                None => Operand::Empty,
                Some(A::T(s)) => Operand::Text(s),
                Some(A::B(b)) => Operand::Bool(*b),
                Some(A::L(l)) => Operand::List(l),
            }
        }
    }

    fn list(items: &[&str]) -> A {
        A::L(items.iter().map(|s| s.to_string()).collect())
    }

    fn answers() -> Map {
        Map(HashMap::from([
            ("age", A::T("42")),
            ("wide", A::T("３５")),
            ("name", A::T("Li Hua")),
            ("小区", A::T("幸福里")),
            ("agree", A::B(true)),
            ("no", A::B(false)),
            ("blank", A::T("  ")),
            ("zero", A::T("0")),
            ("reply", A::T("yes")),
            ("pets", list(&["cat", "dog"])),
            ("one", list(&["a"])),
            ("none", list(&[])),
            ("issues", list(&["停车", "噪音"])),
        ]))
    }

    fn eval(src: &str) -> bool {
        parse(src)
            .unwrap_or_else(|e| panic!("{src}: {e}"))
            .evaluate(&answers())
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
            "{missing} empty",
            "{age} notempty",
            "{age} = 42 and {age} = 42",
            "{age} = 42 && {age} = 42",
            "{age} = 1 or {age} = 42",
            "{age} = 1 || {age} = 42",
            "!({age} = 1)",
            "not {age} = 1",
            "NEGATE {age} = 1",
            "{age} = -5 or {age} > -5.5",
        ];
        for src in truths {
            assert!(eval(src), "{src}");
        }
    }

    #[test]
    fn precedence_and_parentheses() {
        // and binds tighter than or.
        assert!(eval("true or false and false"));
        assert!(!eval("(true or false) and false"));
        // not binds tighter than and/or but looser than comparison.
        assert!(eval("not {age} = 1 and {age} = 42"));
        assert!(!eval("not ({age} = 42 or false)"));
        assert!(eval("not not true"));
        assert!(eval("((({age} > 40)))"));
        assert_eq!(
            parse("{a} = 1 or {b} = 2 and {c} = 3").unwrap().0,
            Node::Or(vec![
                Node::Cmp(Op::Eq, Term::Var("a".into()), Term::Lit("1".into())),
                Node::And(vec![
                    Node::Cmp(Op::Eq, Term::Var("b".into()), Term::Lit("2".into())),
                    Node::Cmp(Op::Eq, Term::Var("c".into()), Term::Lit("3".into())),
                ]),
            ])
        );
    }

    #[test]
    fn reports_error_positions() {
        assert_eq!(err("{a} = 1 2"), "unexpected token at 8");
        assert_eq!(err("{a} = 1)"), "unexpected token at 7");
        assert_eq!(err("({a} = 1"), "unclosed '(' at 0");
        assert_eq!(err("x and ({a} = 1 {b})"), "unexpected token at 15");
        assert_eq!(err("{a} = "), "expected a value at 6");
        assert_eq!(err("{a} = and"), "expected a value at 6");
        assert_eq!(err(""), "expected a value at 0");
        assert_eq!(err("{a} = 'abc"), "unterminated string at 6");
        assert_eq!(err("{小区} = \"幸福"), "unterminated string at 7");
        assert_eq!(err("{a = 1"), "unclosed '{' at 0");
        assert_eq!(err("{ } = 1"), "empty variable name at 0");
        assert_eq!(err("{a} = 1.2.3"), "invalid number at 6");
        assert_eq!(err("{a} & {b}"), "unexpected token at 4");
        assert_eq!(err("{a} anyof ['x', {b}]"), "expected a value at 16");
        assert_eq!(err("{a} anyof ['x' 'y']"), "unexpected token at 15");
        assert_eq!(err("{a} anyof ['x',"), "unclosed '[' at 10");
        assert_eq!(err("age({b}) > 1"), "unexpected token at 3");
        // An earlier syntax error wins over a later lexing error.
        assert_eq!(err(") 'abc"), "expected a value at 0");
        assert_eq!(
            err(&"(".repeat(10_000)),
            format!("nesting too deep at {MAX_DEPTH}")
        );
    }

    #[test]
    fn equality_truth_table() {
        assert!(
            eval("{name} = 'li hua'"),
            "ASCII case and spaces are ignored"
        );
        assert!(eval("{name} = ' Li Hua '"));
        assert!(!eval("{name} = 'Li'"));
        assert!(eval("{age} = '42.0'"), "numbers compare numerically");
        assert!(eval("{missing} = ''") && eval("{missing} = null") && eval("{blank} = ''"));
        assert!(!eval("{missing} = 'x'") && eval("{missing} != 'x'"));
        assert!(!eval("{pets} = 'cat'"), "a list is not one of its items");
        assert!(eval("{one} = 'a'") && eval("{one} = ['a']"));
        assert!(eval("{pets} = ['dog', 'cat']") && !eval("{pets} = ['dog']"));
        assert!(eval("{none} = []") && eval("{none} = ''") && eval("{none} empty"));
        assert!(eval("{agree} = true") && eval("{agree} = 'true'") && eval("{agree} = 'TRUE'"));
        assert!(eval("{no} = false") && !eval("{no} = true") && eval("{no} notempty"));
        assert!(eval("{reply} = yes") && eval("{reply} = YES") && !eval("{reply} = no"));
    }

    #[test]
    fn ordering_truth_table() {
        assert!(eval("{age} > 9"), "42 > 9 numerically, not as text");
        assert!(!eval("{age} < 9"));
        assert!(eval("{name} > 'Ab'") && eval("{name} < 'm'"));
        assert!(!eval("{missing} > 1") && !eval("{missing} < 1"));
        assert!(!eval("{pets} > 1") && !eval("{pets} < 1"));
        assert!(eval("{missing} <= ''"), "equal empties satisfy <=");
    }

    #[test]
    fn contains_anyof_allof_truth_table() {
        assert!(eval("{pets} contains 'dog'") && !eval("{pets} contains 'do'"));
        assert!(eval("{pets} contains ['dog', 'cat']") && !eval("{pets} contains ['dog', 'fish']"));
        assert!(eval("{pets} notcontains 'fish'") && !eval("{pets} notcontains 'cat'"));
        assert!(eval("{name} contains 'Hua'") && !eval("{name} contains 'hua'"));
        assert!(!eval("{missing} contains 'a'") && eval("{missing} notcontains 'a'"));
        assert!(!eval("{name} contains ''") && !eval("{name} notcontains ''"));
        assert!(eval("{age} anyof [1, 42]") && !eval("{age} anyof [1, 2]"));
        assert!(!eval("{pets} anyof ['fish']") && !eval("{missing} anyof ['a']"));
        assert!(eval("{missing} anyof []") && eval("{pets} anyof []"));
        assert!(!eval("{pets} allof ['cat', 'fish']") && !eval("{missing} allof ['a']"));
        assert!(eval("{one} allof 'a'") && eval("{pets} allof []"));
    }

    #[test]
    fn empty_and_truthiness() {
        assert!(eval("{missing} empty") && eval("{blank} empty") && eval("{none} empty"));
        assert!(!eval("{pets} empty") && eval("{pets} notempty") && !eval("{blank} notempty"));
        assert!(eval("{agree}") && !eval("{no}") && !eval("{missing}") && !eval("{zero}"));
        assert!(eval("{pets}") && !eval("{none}") && eval("{age}") && !eval("false"));
    }

    #[test]
    fn chinese_names_values_and_full_width_digits() {
        assert!(eval("{小区} = '幸福里'") && eval("{小区} contains '幸福'"));
        assert!(eval(
            "{issues} contains '停车' and {issues} anyof ['噪音', '垃圾']"
        ));
        assert!(eval("{ 小区 } notempty"), "names are trimmed");
        assert!(eval("{wide} = 35") && eval("{wide} > 9") && eval("{wide} <= 35.0"));
        assert!(eval("{wide} anyof [35]"));
    }

    #[test]
    fn lists_variables_once_in_order() {
        let c = parse("{b} = 1 or ({a} contains {b} and not {c.d-e} empty) or ['x'] anyof {a}")
            .unwrap();
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
            "{a} empty empty",
            "\u{0}",
            "中",
        ];
        for src in odd {
            let _ = parse(src).map(|c| c.evaluate(&answers()));
        }
        let long_chain = vec!["{a} = 1"; 50_000].join(" and ");
        assert!(!parse(&long_chain).unwrap().evaluate(&answers()));
        assert_eq!(parse("1e5").unwrap_err(), error(1, "unexpected token"));
    }
}
