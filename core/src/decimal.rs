//! Exact decimal numbers read from text, for number answers, `min`/`max` limits and condition
//! literals, without linking any f64 parsing or printing into the widget.
//!
//! Owns: `Decimal` (parse, numeric ordering, canonical text, integer conversion, and the
//! arithmetic of condition expressions: `+ - * / %`, see [`Decimal::div`] for its rounding).
//! Accepts
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

    /// An integer as a decimal.
    pub fn from_i64(n: i64) -> Decimal {
        Decimal::from_parts(i128::from(n), 0).unwrap_or_default()
    }

    /// `mantissa × 10^exp` when the mantissa fits an i128 (at most 38 significant digits).
    fn parts(&self) -> Option<(i128, i64)> {
        if self.digits.len() > 38 {
            return None;
        }
        let mut m: i128 = 0;
        for &d in &self.digits {
            m = m * 10 + i128::from(d & 15);
        }
        Some((if self.neg { -m } else { m }, i64::from(self.exp)))
    }

    /// Normalises `m × 10^exp`; `None` when the exponent is beyond `MAX_EXP`.
    fn from_parts(mut m: i128, mut exp: i64) -> Option<Decimal> {
        if m == 0 {
            return Some(Decimal::default());
        }
        while m % 10 == 0 {
            m /= 10;
            exp += 1;
        }
        let (mut rest, mut digits) = (m.unsigned_abs(), Vec::new());
        while rest > 0 {
            digits.push(b'0' + (rest % 10) as u8);
            rest /= 10;
        }
        digits.reverse();
        (exp.abs() <= MAX_EXP).then_some(Decimal {
            neg: m < 0,
            digits,
            exp: exp as i32,
        })
    }

    /// Both mantissas scaled to the smaller exponent, or `None` when that overflows.
    fn aligned(&self, other: &Decimal) -> Option<(i128, i128, i64)> {
        let ((a, ea), (b, eb)) = (self.parts()?, other.parts()?);
        let e = ea.min(eb);
        let scale = |m: i128, by: i64| 10i128.checked_pow(u32::try_from(by).ok()?)?.checked_mul(m);
        Some((scale(a, ea - e)?, scale(b, eb - e)?, e))
    }

    /// The sum, exact; `None` when it needs more than 38 significant digits.
    pub fn add(&self, other: &Decimal) -> Option<Decimal> {
        let (a, b, e) = self.aligned(other)?;
        Decimal::from_parts(a.checked_add(b)?, e)
    }

    pub fn neg(&self) -> Decimal {
        let mut d = self.clone();
        d.neg = !d.neg && !d.is_zero();
        d
    }

    pub fn sub(&self, other: &Decimal) -> Option<Decimal> {
        self.add(&other.neg())
    }

    /// The product, exact when it has at most 38 significant digits (otherwise each factor is
    /// first rounded to 19, half to even).
    pub fn mul(&self, other: &Decimal) -> Option<Decimal> {
        let ((a, ea), (b, eb)) = (self.parts()?, other.parts()?);
        if let Some(m) = a.checked_mul(b) {
            return Decimal::from_parts(m, ea + eb);
        }
        let ((a, ea), (b, eb)) = (rounded((a, ea), 19), rounded((b, eb), 19));
        Decimal::from_parts(a.checked_mul(b)?, ea + eb)
    }

    /// The quotient rounded half to even to 20 significant digits (a divisor of more than
    /// 17 significant digits is first rounded to 17); `None` for a zero divisor. So `1 / 3` is
    /// 0.33333333333333333333 where SurveyJS's floating point gives 0.3333333333333333.
    pub fn div(&self, other: &Decimal) -> Option<Decimal> {
        if other.is_zero() {
            return None;
        }
        let (a, ea) = self.parts()?;
        let (b, eb) = rounded(other.parts()?, 17);
        let k = 38 - count_digits(a);
        let scaled = a.checked_mul(10i128.checked_pow(k as u32)?)?;
        // At least 21 digits: one more than kept, so the rounding sees them.
        let (q, r) = (scaled / b, scaled % b);
        let drop = count_digits(q).saturating_sub(20);
        let (q, e) = round_off(q, drop, r != 0);
        Decimal::from_parts(q, e + ea - eb - k as i64)
    }

    /// The remainder with the dividend's sign (JavaScript's `%`); `None` for a zero divisor.
    pub fn rem(&self, other: &Decimal) -> Option<Decimal> {
        let (a, b, e) = self.aligned(other)?;
        Decimal::from_parts(a.checked_rem(b)?, e)
    }

    /// Whether this is a whole multiple of `step` (a number input's `step`, as SurveyJS checks
    /// it); `None` when `step` is zero or the two do not fit the arithmetic's 38 digits.
    pub fn is_multiple_of(&self, step: &Decimal) -> Option<bool> {
        self.rem(step).map(|r| r.is_zero())
    }

    fn sign(&self) -> i8 {
        match (self.is_zero(), self.neg) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        }
    }
}

fn count_digits(m: i128) -> usize {
    let (mut n, mut m) = (1, m.unsigned_abs());
    while m >= 10 {
        m /= 10;
        n += 1;
    }
    n
}

/// `m` without its last `drop` digits, rounded half to even (`sticky`: something non-zero
/// was already dropped below them), and the exponent increase.
fn round_off(m: i128, drop: usize, sticky: bool) -> (i128, i64) {
    if drop == 0 {
        return (m, 0);
    }
    let p = 10i128.pow(drop as u32);
    let (q, r) = (m / p, (m % p).abs());
    let half = p / 2;
    let up = r > half || (r == half && (sticky || q % 2 != 0));
    (if up { q + m.signum() } else { q }, drop as i64)
}

/// `(m, e)` with at most `digits` significant digits.
fn rounded((m, e): (i128, i64), digits: usize) -> (i128, i64) {
    let (m, up) = round_off(m, count_digits(m).saturating_sub(digits), false);
    (m, e + up)
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

    #[test]
    fn arithmetic_is_exact_and_division_rounds_half_to_even() {
        let op = |a: &str, f: fn(&Decimal, &Decimal) -> Option<Decimal>, b: &str| {
            f(&d(a), &d(b)).map(|r| r.to_string())
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(op("0.1", Decimal::add, "0.2"), some("0.3"));
        assert_eq!(op("-1.5", Decimal::add, "1.5"), some("0"));
        assert_eq!(
            op("1e30", Decimal::add, "1"),
            some(&format!("1{}1", "0".repeat(29)))
        );
        assert_eq!(op("5", Decimal::sub, "7.25"), some("-2.25"));
        assert_eq!(op("1.5", Decimal::mul, "-1.5"), some("-2.25"));
        assert_eq!(
            op("0.33333333333333333333", Decimal::mul, "3"),
            some("0.99999999999999999999")
        );
        assert_eq!(op("10", Decimal::div, "4"), some("2.5"));
        assert_eq!(op("10", Decimal::div, "3"), some("3.3333333333333333333"));
        assert_eq!(op("2", Decimal::div, "3"), some("0.66666666666666666667"));
        assert_eq!(op("-2", Decimal::div, "3"), some("-0.66666666666666666667"));
        // Half to even at the 20th digit: ...5 exactly rounds to the even neighbour.
        assert_eq!(
            op("12345678901234567890.5", Decimal::div, "1"),
            some("12345678901234567890")
        );
        assert_eq!(
            op("12345678901234567891.5", Decimal::div, "1"),
            some("12345678901234567892")
        );
        assert_eq!(op("1", Decimal::div, "0"), None);
        assert_eq!(op("7", Decimal::rem, "3"), some("1"));
        assert_eq!(op("-7", Decimal::rem, "3"), some("-1"));
        assert_eq!(op("7.5", Decimal::rem, "2"), some("1.5"));
        assert_eq!(op("7", Decimal::rem, "0"), None);
        assert_eq!(op("1e1000", Decimal::mul, "10"), None, "beyond MAX_EXP");
        assert_eq!(
            op("1e-1000", Decimal::add, "1e1000"),
            None,
            "too many digits to align"
        );
        assert_eq!(Decimal::from_i64(-42).to_string(), "-42");
        assert_eq!(d("3").neg().to_string(), "-3");
        assert_eq!(d("0").neg().to_string(), "0");
    }
}
