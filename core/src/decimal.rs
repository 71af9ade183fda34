//! Exact decimal numbers read from text, for number answers, `min`/`max` limits and condition
//! literals, without linking any f64 parsing or printing into the widget.
//!
//! Owns: `Decimal` (parse, numeric ordering, canonical text, integer conversion). Accepts
//! `[+-]digits[.digits][(e|E)[+-]digits]` with surrounding whitespace trimmed, also "1.", ".5"
//! and leading zeros, and the full-width forms Chinese input methods produce (０-９ ． － ＋ ｅ Ｅ).
//! At most `MAX_DIGITS` significant digits and a scale within ±`MAX_EXP`, so no input allocates
//! wildly. Must not: use floating point, know about surveys, or panic on any input.

use std::cmp::Ordering;
use std::fmt;

/// The most significant digits a `Decimal` keeps.
pub const MAX_DIGITS: usize = 40;
/// The largest power of ten (either sign) a `Decimal` may be scaled by.
pub const MAX_EXP: i64 = 1000;

/// An exact decimal: `digits × 10^exp`, normalised so equal numbers are equal structs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Decimal {
    neg: bool,
    /// ASCII digits with no leading or trailing '0'; empty for zero (which is never negative).
    digits: Vec<u8>,
    exp: i32,
}

impl Decimal {
    /// Reads a number (see the module header for the accepted forms); `None` if it is not one.
    pub fn parse(text: &str) -> Option<Decimal> {
        let mut cs = text
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (u32::from(c) - 0xFF10) as u8),
                '．' => '.',
                '－' => '-',
                '＋' => '+',
                'ｅ' | 'Ｅ' => 'e',
                c => c,
            })
            .peekable();
        let neg = cs.next_if(|&c| c == '-' || c == '+') == Some('-');
        let (mut digits, mut zeros, mut frac, mut seen, mut dot) =
            (Vec::new(), 0i64, 0i64, false, false);
        while let Some(c) = cs.next_if(|&c| c.is_ascii_digit() || (c == '.' && !dot)) {
            if c == '.' {
                dot = true;
                continue;
            }
            seen = true;
            frac += i64::from(dot);
            if c == '0' {
                zeros += i64::from(!digits.is_empty());
            } else {
                if digits.len() as i64 + zeros >= MAX_DIGITS as i64 {
                    return None;
                }
                digits.extend((0..zeros).map(|_| b'0'));
                digits.push(c as u8);
                zeros = 0;
            }
        }
        let mut exp = 0i64;
        if cs.next_if(|&c| c == 'e' || c == 'E').is_some() {
            let eneg = cs.next_if(|&c| c == '-' || c == '+') == Some('-');
            let mut any = false;
            while let Some(d) = cs.next_if(char::is_ascii_digit) {
                any = true;
                exp = (exp * 10 + i64::from(u32::from(d) & 15)).min(100_000);
            }
            if !any {
                return None;
            }
            if eneg {
                exp = -exp;
            }
        }
        if !seen || cs.next().is_some() {
            return None;
        }
        if digits.is_empty() {
            return Some(Decimal::default());
        }
        let exp = exp - frac + zeros;
        if exp.abs() > MAX_EXP {
            return None;
        }
        Some(Decimal {
            neg,
            digits,
            exp: exp as i32,
        })
    }

    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// Whether it has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.exp >= 0
    }

    /// The value as an i64 when it is an integer within range.
    pub fn to_i64(&self) -> Option<i64> {
        if self.exp < 0 {
            return None;
        }
        // Accumulate negatively so that i64::MIN fits.
        let mut acc: i64 = 0;
        for &d in &self.digits {
            acc = acc.checked_mul(10)?.checked_sub(i64::from(d & 15))?;
        }
        for _ in 0..self.exp {
            acc = acc.checked_mul(10)?;
        }
        if self.neg {
            Some(acc)
        } else {
            acc.checked_neg()
        }
    }

    fn sign(&self) -> i8 {
        match (self.is_zero(), self.neg) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        }
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.sign(), other.sign());
        if a != b || a == 0 {
            return a.cmp(&b);
        }
        // Same sign, both non-zero: compare the position of the leading digit, then the digits.
        let top = |d: &Decimal| i64::from(d.exp) + d.digits.len() as i64;
        let magnitude = top(self)
            .cmp(&top(other))
            .then_with(|| self.digits.cmp(&other.digits));
        if self.neg {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Canonical text: minimal digits, no exponent ("1.5", "-3", "0.001", "1200").
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        if self.neg {
            s.push('-');
        }
        let n = self.digits.len() as i64;
        let point = n + i64::from(self.exp);
        if point <= 0 {
            s.push('0');
            if n > 0 {
                s.push('.');
            }
            s.extend((point..0).map(|_| '0'));
        }
        for (i, &d) in self.digits.iter().enumerate() {
            if i as i64 == point && point > 0 {
                s.push('.');
            }
            s.push(char::from(d));
        }
        s.extend((n..point).map(|_| '0'));
        f.write_str(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn parses_and_prints_canonically() {
        let cases = [
            ("0", "0"),
            ("-0", "0"),
            ("+0.000", "0"),
            ("1.50", "1.5"),
            ("-3", "-3"),
            ("0.001", "0.001"),
            ("007", "7"),
            ("1200", "1200"),
            ("1.2e3", "1200"),
            ("12E-3", "0.012"),
            ("-1.5e+1", "-15"),
            (" 42 ", "42"),
            ("1.", "1"),
            (".5", "0.5"),
            ("+2.25", "2.25"),
            ("0e999999", "0"),
        ];
        for (input, want) in cases {
            assert_eq!(d(input).to_string(), want, "{input}");
        }
    }

    #[test]
    fn accepts_full_width_forms() {
        assert_eq!(d("１２３").to_string(), "123");
        assert_eq!(d("－１．５").to_string(), "-1.5");
        assert_eq!(d("＋０．２５").to_string(), "0.25");
        assert_eq!(d("\u{3000}３ｅ２\u{3000}").to_string(), "300");
    }

    #[test]
    fn rejects_non_numbers() {
        for bad in [
            "", " ", "-", "+", ".", "1.2.3", "1e", "1e+", "e5", "--1", "+-1", "1 2", "0x10", "1,5",
            "abc", "١",
        ] {
            assert_eq!(Decimal::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn caps_digits_and_exponent() {
        let forty = "1".repeat(40);
        assert!(Decimal::parse(&forty).is_some());
        assert_eq!(Decimal::parse(&"1".repeat(41)), None);
        // Zeros are not significant digits: 1 followed by many zeros is a small exponent.
        assert_eq!(d(&format!("1{}", "0".repeat(60))).to_string().len(), 61);
        assert_eq!(d(&format!("0.{}1", "0".repeat(60))).to_string().len(), 63);
        assert!(Decimal::parse("1e1000").is_some());
        assert_eq!(Decimal::parse("1e1001"), None);
        assert_eq!(Decimal::parse("1e-1001"), None);
        assert_eq!(Decimal::parse("1e99999999999999999999"), None);
        assert_eq!(Decimal::parse(&format!("1{}", "0".repeat(100_000))), None);
    }

    #[test]
    fn orders_by_value() {
        assert_eq!(d("1.50"), d("1.5"));
        assert_eq!(d("-0"), d("0"));
        assert_eq!(d("1e2"), d("100"));
        let sorted = [
            "-100", "-2.5", "-2", "-0.01", "0", "0.001", "0.01", "0.1", "1", "1.05", "1.5", "9",
            "10", "1e3",
        ];
        for pair in sorted.windows(2) {
            assert!(d(pair[0]) < d(pair[1]), "{} < {}", pair[0], pair[1]);
            assert!(d(pair[1]) > d(pair[0]), "{} > {}", pair[1], pair[0]);
        }
        assert_eq!(d("12").cmp(&d("12.0")), Ordering::Equal);
    }

    #[test]
    fn integer_conversion() {
        assert!(d("3.0").is_integer());
        assert!(d("1e3").is_integer());
        assert!(!d("3.1").is_integer());
        assert!(d("0").is_zero() && !d("0.1").is_zero());
        assert_eq!(d("-42").to_i64(), Some(-42));
        assert_eq!(d("4.20e1").to_i64(), Some(42));
        assert_eq!(d("2.5").to_i64(), None);
        assert_eq!(d("9223372036854775807").to_i64(), Some(i64::MAX));
        assert_eq!(d("-9223372036854775808").to_i64(), Some(i64::MIN));
        assert_eq!(d("9223372036854775808").to_i64(), None);
        assert_eq!(d("1e1000").to_i64(), None);
        assert_eq!(d("0").to_i64(), Some(0));
    }
}
