//! Reading the `form` format of docs/DELIVERY.md back into a `yehua.submission/1` payload, so a
//! form body goes through the same check (`yehua_core::admission::admit`) and is stored as the
//! same payload as a `json` body.
//!
//! Owns: `payload_from_form`: the fixed fields (`submission_id`, `consultation_id`,
//! `consultation_version`, `locale`, `created_at`, `device`), then one field per answer, which
//! the definition turns back into its kind (a repeated field is a checkbox's values,
//! `true`/`false` a boolean, `<name>-Comment` the "other" text; the intent is the question's).
//! Must not: decide whether the answers fit (admission does), or store anything.

use yehua_core::definition::{Kind, Survey};
use yehua_core::json::Value;
use yehua_core::submission::{iso_utc, SCHEMA};

/// Why a form body is not a submission (a 400).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    #[error("form field '{0}' is missing")]
    Missing(&'static str),
    #[error("form field '{0}' appears more than once")]
    Repeated(&'static str),
    #[error("form field created_at: expected YYYY-MM-DDTHH:MM:SSZ")]
    BadTime,
    #[error("the form body is not UTF-8 once percent-decoded, or has a broken %-escape")]
    BadEncoding,
}

/// `application/x-www-form-urlencoded` fields, strictly: a broken `%` escape or bytes that are
/// not UTF-8 are refused (browsers' lenient decoding would store U+FFFD instead).
pub fn parse_fields(body: &[u8]) -> Result<Vec<(String, String)>, FormError> {
    body.split(|b| *b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = match pair.iter().position(|b| *b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &pair[pair.len()..]),
            };
            Ok((decode(k)?, decode(v)?))
        })
        .collect()
}

fn decode(part: &[u8]) -> Result<String, FormError> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(part.len());
    let mut i = 0;
    while let Some(&b) = part.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = part.get(i + 1).copied().and_then(hex);
                let lo = part.get(i + 2).copied().and_then(hex);
                let (Some(hi), Some(lo)) = (hi, lo) else {
                    return Err(FormError::BadEncoding);
                };
                out.push((hi * 16 + lo) as u8);
                i += 2;
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| FormError::BadEncoding)
}

const FIXED: [&str; 6] = [
    "submission_id",
    "consultation_id",
    "consultation_version",
    "locale",
    "created_at",
    "device",
];

/// The payload a `form` body stands for. `survey` is the definition of the consultation and
/// version the body names (the caller looked them up from `consultation_fields`).
pub fn payload_from_form(body: &[u8], survey: &Survey) -> Result<Value, FormError> {
    let fields = parse_fields(body)?;
    let one = |name: &'static str| -> Result<Option<&str>, FormError> {
        let mut found = fields.iter().filter(|(k, _)| k == name);
        let first = found.next().map(|(_, v)| v.as_str());
        if found.next().is_some() {
            return Err(FormError::Repeated(name));
        }
        Ok(first)
    };
    let required = |name: &'static str| one(name)?.ok_or(FormError::Missing(name));
    let created_at = required("created_at")?;
    let created_at_ms = parse_utc_seconds(created_at).ok_or(FormError::BadTime)? * 1000;
    let mut top = vec![
        ("schema".to_string(), Value::str(SCHEMA)),
        ("id".into(), Value::str(required("submission_id")?)),
        (
            "consultation".into(),
            Value::Object(vec![
                ("id".into(), Value::str(required("consultation_id")?)),
                (
                    "version".into(),
                    Value::str(required("consultation_version")?),
                ),
            ]),
        ),
        ("locale".into(), Value::str(required("locale")?)),
        ("createdAt".into(), Value::str(iso_utc(created_at_ms))),
        ("createdAtMs".into(), Value::from(created_at_ms)),
    ];
    if let Some(device) = one("device")? {
        top.push(("device".into(), Value::str(device)));
    }
    // Answer names in the order they first appear (the writer uses definition order).
    let mut names: Vec<&str> = Vec::new();
    for (k, _) in &fields {
        let is_comment = k
            .strip_suffix("-Comment")
            .is_some_and(|q| survey.question(q).is_some());
        if !FIXED.contains(&k.as_str()) && !is_comment && !names.contains(&k.as_str()) {
            names.push(k);
        }
    }
    let mut answers = Vec::new();
    for name in names {
        let values: Vec<&str> = fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect();
        let question = survey.question(name);
        let value = match (question.map(|q| &q.kind), values.as_slice()) {
            (Some(Kind::Multi { .. }), _) => {
                Value::Array(values.iter().map(|v| Value::str(*v)).collect())
            }
            (Some(Kind::Boolean { .. }), ["true"]) => Value::Bool(true),
            (Some(Kind::Boolean { .. }), ["false"]) => Value::Bool(false),
            (_, [one]) => Value::str(*one),
            _ => Value::Array(values.iter().map(|v| Value::str(*v)).collect()),
        };
        let mut answer = vec![("value".to_string(), value)];
        let comment = format!("{name}-Comment");
        if let Some((_, other)) = fields.iter().find(|(k, _)| *k == comment) {
            answer.push(("other".into(), Value::str(other.as_str())));
        }
        if let Some(intent) = question.and_then(|q| q.intent) {
            answer.push(("intent".into(), Value::str(intent.as_str())));
        }
        answers.push((name.to_string(), Value::Object(answer)));
    }
    top.push(("answers".into(), Value::Object(answers)));
    Ok(Value::Object(top))
}

/// The consultation id and version a form body names, to find its definition.
pub fn consultation_fields(body: &[u8]) -> Result<(String, String), FormError> {
    let mut id = None;
    let mut version = None;
    for (k, v) in parse_fields(body)? {
        match k.as_str() {
            "consultation_id" => id = Some(v),
            "consultation_version" => version = Some(v),
            _ => {}
        }
    }
    Ok((
        id.ok_or(FormError::Missing("consultation_id"))?,
        version.ok_or(FormError::Missing("consultation_version"))?,
    ))
}

/// Seconds since the epoch of `2026-11-26T08:05:57Z` (exactly that shape, UTC).
pub fn parse_utc_seconds(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let shape = b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z';
    if !shape {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        let part = s.get(from..to)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hh, mm, ss) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    if days < 0 {
        return None;
    }
    let secs = days * 86_400 + hh * 3600 + mm * 60 + ss;
    // Reject dates like 02-31 that roll over: the round trip must give the same text.
    let back = iso_utc(u64::try_from(secs).ok()? * 1000);
    (back == s).then_some(secs as u64)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
