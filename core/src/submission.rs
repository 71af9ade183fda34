//! A submission: what a resident sent, as stored on the device and as the versioned JSON
//! payload `yehua.submission/1` (schema in docs/submission.schema.json), plus the receipt code
//! and the staff exports (JSON, and CSV with a UTF-8 BOM for Excel).
//!
//! Owns: `Submission`, its JSON form, `receipt_code`, `iso_utc`, `export_csv`, `export_json`.
//! Must not: generate randomness or read the clock (callers pass the id and the time), or touch
//! the browser.

use crate::answer::{Answer, Answers};
use crate::definition::{Intent, Kind, Survey};
use crate::json::{self, Value};
use crate::outbox::OutboxEntry;

pub const SCHEMA: &str = "yehua.submission/1";

#[derive(Debug, Clone, PartialEq)]
pub struct SubmittedAnswer {
    pub name: String,
    pub value: Answer,
    /// The text typed for an "other" choice.
    pub other: Option<String>,
    pub intent: Option<Intent>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// Random, from the browser's crypto; the endpoint deduplicates on it (`Idempotency-Key`).
    pub id: String,
    pub consultation_id: String,
    pub consultation_version: String,
    pub locale: String,
    pub created_at_ms: u64,
    /// The kiosk or device label from config, if any.
    pub device: Option<String>,
    pub answers: Vec<SubmittedAnswer>,
}

impl Submission {
    /// Builds a submission from the answers the form says to submit, in definition order.
    pub fn new(
        survey: &Survey,
        answers: &Answers,
        id: String,
        locale: &str,
        created_at_ms: u64,
    ) -> Submission {
        let answers = survey
            .questions()
            .into_iter()
            .filter_map(|q| {
                let value = answers.get(&q.name)?.clone();
                let other = Some(answers.other(&q.name))
                    .filter(|o| !o.is_empty())
                    .map(str::to_string);
                Some(SubmittedAnswer {
                    name: q.name.clone(),
                    value,
                    other,
                    intent: q.intent,
                })
            })
            .collect();
        Submission {
            id,
            consultation_id: survey.info.id.clone(),
            consultation_version: survey.info.version.clone(),
            locale: locale.to_string(),
            created_at_ms,
            device: None,
            answers,
        }
    }

    pub fn receipt_code(&self) -> String {
        receipt_code(&self.id)
    }

    /// The `yehua.submission/1` payload.
    pub fn to_json(&self) -> Value {
        let answers = self
            .answers
            .iter()
            .map(|a| {
                let mut fields = vec![("value".to_string(), a.value.to_json())];
                if let Some(o) = &a.other {
                    fields.push(("other".into(), Value::String(o.clone())));
                }
                if let Some(i) = a.intent {
                    fields.push(("intent".into(), Value::String(i.as_str().into())));
                }
                (a.name.clone(), Value::Object(fields))
            })
            .collect();
        let mut fields = vec![
            ("schema".to_string(), Value::String(SCHEMA.into())),
            ("id".into(), Value::String(self.id.clone())),
            (
                "consultation".into(),
                json::object([
                    ("id", Value::String(self.consultation_id.clone())),
                    ("version", Value::String(self.consultation_version.clone())),
                ]),
            ),
            ("locale".into(), Value::String(self.locale.clone())),
            (
                "createdAt".into(),
                Value::String(iso_utc(self.created_at_ms)),
            ),
            (
                "createdAtMs".into(),
                Value::Number(self.created_at_ms.to_string()),
            ),
        ];
        if let Some(d) = &self.device {
            fields.push(("device".into(), Value::String(d.clone())));
        }
        fields.push(("answers".into(), Value::Object(answers)));
        Value::Object(fields)
    }

    /// Reads a stored payload back; `None` when it is not a `yehua.submission/1` payload.
    pub fn from_json(v: &Value) -> Option<Submission> {
        if v.get("schema")?.as_str()? != SCHEMA {
            return None;
        }
        let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let consultation = v.get("consultation")?;
        let answers = v
            .get("answers")?
            .as_object()?
            .iter()
            .filter_map(|(name, a)| {
                Some(SubmittedAnswer {
                    name: name.clone(),
                    value: Answer::from_json(a.get("value")?)?,
                    other: text(a, "other"),
                    intent: a
                        .get("intent")
                        .and_then(Value::as_str)
                        .and_then(Intent::parse),
                })
            })
            .collect();
        Some(Submission {
            id: text(v, "id")?,
            consultation_id: text(consultation, "id")?,
            consultation_version: text(consultation, "version").unwrap_or_default(),
            locale: text(v, "locale").unwrap_or_default(),
            created_at_ms: v
                .get("createdAtMs")
                .and_then(Value::as_i64)
                .map_or(0, |n| n.max(0) as u64),
            device: text(v, "device"),
            answers,
        })
    }
}

/// The receipt code's 21 characters: no vowels (A E I O U, Y), so a code cannot spell a word, and
/// no look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B), so it survives being read out or written down.
pub const RECEIPT_ALPHABET: &[u8; 21] = b"34679CDFGHJKMNPQRTVWX";

/// A short code a resident can read out or write down: the first 48 bits of the submission id,
/// reduced modulo 21^6 (85,766,121 codes) and written as six characters of `RECEIPT_ALPHABET`,
/// grouped `XXX-XXX`.
pub fn receipt_code(id: &str) -> String {
    let hex: String = id
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(12)
        .collect();
    let base = RECEIPT_ALPHABET.len() as u64;
    let mut n = u64::from_str_radix(&hex, 16).unwrap_or(0) % base.pow(6);
    let mut digits = [0u8; 6];
    for d in digits.iter_mut().rev() {
        *d = RECEIPT_ALPHABET[(n % base) as usize];
        n /= base;
    }
    let mut code = String::with_capacity(7);
    for (i, d) in digits.iter().enumerate() {
        if i == 3 {
            code.push('-');
        }
        code.push(*d as char);
    }
    code
}

/// `2026-11-26T08:05:57Z` for milliseconds since the epoch (integer arithmetic only).
pub fn iso_utc(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `2026-11-26 16:05` for milliseconds since the epoch, shifted by the device's UTC offset.
pub fn local_minute(ms: u64, utc_offset_minutes: i64) -> String {
    let mins = (ms / 60_000) as i64 + utc_offset_minutes;
    let (y, m, d) = civil_from_days(mins.div_euclid(1440));
    let rem = mins.rem_euclid(1440);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", rem / 60, rem % 60)
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The submissions held in outbox entries, in the entries' order: oldest first for the entries
/// of `Outbox::load`, which sorts them by the time and id each submission was stored with (no
/// second sort: one sort instantiation less in wasm). Bodies that are not
/// `yehua.submission/1` payloads are skipped (they stay in storage for staff).
pub fn submissions_of(entries: &[OutboxEntry]) -> Vec<Submission> {
    entries
        .iter()
        .filter_map(|e| Submission::from_json(&json::parse(&e.body).ok()?))
        .collect()
}

/// All submissions as one JSON document for staff.
pub fn export_json(submissions: &[Submission]) -> String {
    Value::Array(submissions.iter().map(Submission::to_json).collect()).to_json()
}

/// All submissions as CSV: a UTF-8 BOM (so Excel reads Chinese correctly), one row each,
/// fixed columns first, then one column per question (definition order, then any others) and
/// a `<name>-Comment` column where an "other" text exists. A matrix or multipletext question
/// has one `<name>.<row or item>` column per row or item instead (its definition's rows and
/// items, then any other keys the submissions hold).
pub fn export_csv(submissions: &[Submission], survey: Option<&Survey>) -> String {
    // (question, key within a matrix or multipletext answer)
    let mut columns: Vec<(String, Option<String>)> = Vec::new();
    let add = |columns: &mut Vec<(String, Option<String>)>, name: &str, key: Option<&str>| {
        if !columns
            .iter()
            .any(|(n, k)| n == name && k.as_deref() == key)
        {
            columns.push((name.to_string(), key.map(str::to_string)));
        }
    };
    for q in survey.map(Survey::questions).unwrap_or_default() {
        let keys: Vec<&str> = match &q.kind {
            Kind::Matrix { rows, .. } => rows.iter().map(|r| r.value.as_str()).collect(),
            Kind::MultipleText { items } => items.iter().map(|i| i.name.as_str()).collect(),
            _ => {
                add(&mut columns, &q.name, None);
                continue;
            }
        };
        for key in keys {
            add(&mut columns, &q.name, Some(key));
        }
    }
    for s in submissions {
        for a in &s.answers {
            match &a.value {
                Answer::Fields(f) => {
                    for (key, _) in f {
                        add(&mut columns, &a.name, Some(key));
                    }
                }
                _ if columns.iter().any(|(n, _)| *n == a.name) => {}
                _ => add(&mut columns, &a.name, None),
            }
        }
    }
    let mut others: Vec<&String> = Vec::new();
    for (c, _) in &columns {
        let has_other = submissions
            .iter()
            .any(|s| s.answers.iter().any(|a| &a.name == c && a.other.is_some()));
        if has_other && !others.contains(&c) {
            others.push(c);
        }
    }
    let mut out = String::from("\u{FEFF}");
    let mut header: Vec<String> = [
        "id",
        "receipt",
        "createdAt",
        "consultation",
        "version",
        "locale",
        "device",
    ]
    .map(String::from)
    .to_vec();
    header.extend(columns.iter().map(|(n, k)| match k {
        Some(k) => format!("{n}.{k}"),
        None => n.clone(),
    }));
    header.extend(others.iter().map(|c| format!("{c}-Comment")));
    push_row(&mut out, &header);
    for s in submissions {
        let find = |c: &str| s.answers.iter().find(|a| a.name == c);
        let mut row = vec![
            s.id.clone(),
            s.receipt_code(),
            iso_utc(s.created_at_ms),
            s.consultation_id.clone(),
            s.consultation_version.clone(),
            s.locale.clone(),
            s.device.clone().unwrap_or_default(),
        ];
        row.extend(columns.iter().map(|(c, key)| {
            find(c)
                .map(|a| match key {
                    Some(k) => a.value.field(k).to_string(),
                    None => a.value.display(),
                })
                .unwrap_or_default()
        }));
        row.extend(
            others
                .iter()
                .map(|c| find(c).and_then(|a| a.other.clone()).unwrap_or_default()),
        );
        push_row(&mut out, &row);
    }
    out
}

fn push_row(out: &mut String, cells: &[String]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_cell(cell));
    }
    out.push_str("\r\n");
}

/// One CSV cell: quoted when it holds a comma, quote or line break (quotes doubled); a cell
/// that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading
/// `'` so a resident's text can never become a formula on a staff computer.
pub fn csv_cell(cell: &str) -> String {
    let guarded = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}
