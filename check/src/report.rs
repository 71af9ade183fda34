//! What `yehua-check` prints: each file's messages (the check view's, from `core::check`), its
//! outline on request, as text for people or as JSON for machines, and the exit status.
//!
//! Owns: `FileReport`, the text and JSON layouts (`yehua.check/1`) and the exit statuses.
//! Must not: judge a definition (yehua-core does) or word a message of its own that the check
//! view also shows (those come from yehua-core's catalogs).

use serde_json::{json, Value};
use yehua_core::check::{self, Diagnostic, Severity};
use yehua_core::i18n::{format, text, Locale, Msg};
use yehua_core::outline::{self, OutlineElement, OutlinePage};

/// One file checked.
pub struct FileReport {
    pub file: String,
    /// Why the file could not be read (then there is nothing else).
    pub read_error: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub outline: Vec<OutlinePage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text { outline: bool },
    Json,
}

impl FileReport {
    /// Reads and checks `file`, its messages in `locale`.
    pub fn read(file: &str, locale: Locale) -> FileReport {
        match std::fs::read_to_string(file) {
            Ok(definition) => FileReport::of_text(file, &definition, locale),
            Err(e) => FileReport {
                file: file.to_string(),
                read_error: Some(e.to_string()),
                diagnostics: Vec::new(),
                outline: Vec::new(),
            },
        }
    }

    /// Checks a definition's text.
    pub fn of_text(file: &str, definition: &str, locale: Locale) -> FileReport {
        FileReport {
            file: file.to_string(),
            read_error: None,
            diagnostics: check::messages(definition, locale),
            outline: outline::outline(definition).unwrap_or_default(),
        }
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// 2: a file could not be read; 1: an error; 3: warnings only; 0: nothing to say.
pub fn exit_status(reports: &[FileReport]) -> u8 {
    if reports.iter().any(|r| r.read_error.is_some()) {
        2
    } else if reports.iter().any(|r| r.count(Severity::Error) > 0) {
        1
    } else if reports.iter().any(|r| r.count(Severity::Warning) > 0) {
        3
    } else {
        0
    }
}

/// "Cannot read the file": the command's only message the widget has no use for.
fn cannot_read(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => "无法读取文件",
        Locale::ZhTw => "無法讀取檔案",
        Locale::En => "cannot read the file",
    }
}

pub fn render(reports: &[FileReport], format: Format, locale: Locale) -> String {
    match format {
        Format::Json => {
            let files: Vec<Value> = reports.iter().map(|r| to_json(r, locale)).collect();
            let doc = json!({ "schema": "yehua.check/1", "locale": locale.tag(), "files": files });
            format!("{doc:#}\n")
        }
        Format::Text { outline } => reports
            .iter()
            .map(|r| text_report(r, outline, locale))
            .collect(),
    }
}

fn text_report(r: &FileReport, with_outline: bool, locale: Locale) -> String {
    let sep = if locale == Locale::En { ": " } else { "：" };
    if let Some(e) = &r.read_error {
        return format!("{}{sep}{} ({e})\n", r.file, cannot_read(locale));
    }
    let (errors, warnings) = (r.count(Severity::Error), r.count(Severity::Warning));
    let counts = format(
        locale,
        Msg::CheckCounts,
        &[
            ("errors", &errors.to_string()),
            ("warnings", &warnings.to_string()),
        ],
    );
    let mut out = format!("{}{sep}{counts}\n", r.file);
    if r.diagnostics.is_empty() {
        out += &format!("  {}\n", text(locale, Msg::CheckAllGood));
    }
    for (severity, heading) in [
        (Severity::Error, Msg::CheckErrors),
        (Severity::Warning, Msg::CheckWarnings),
    ] {
        let list: Vec<&Diagnostic> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .collect();
        if list.is_empty() {
            continue;
        }
        out += &format!("\n{}\n", text(locale, heading));
        for d in list {
            out += &format!("  - {d}\n");
            if !d.path.is_empty() {
                out += &format!(
                    "    {}\n",
                    format(locale, Msg::CheckPath, &[("path", &d.path)])
                );
            }
        }
    }
    if with_outline {
        out += &format!("\n{}\n", text(locale, Msg::CheckOutline));
        for (i, page) in r.outline.iter().enumerate() {
            let n = (i + 1).to_string();
            out += &format!(
                "  {}",
                format(locale, Msg::CheckPage, &[("n", &n), ("name", &page.name)])
            );
            if let Some(t) = &page.title {
                out += &format!(" — {}", t.get(locale));
            }
            out += "\n";
            if let Some(c) = &page.visible_if {
                out += &format!("    visibleIf: {c}\n");
            }
            outline_text(&page.elements, 2, locale, &mut out);
        }
    }
    out + "\n"
}

fn outline_text(elements: &[OutlineElement], depth: usize, locale: Locale, out: &mut String) {
    let indent = "  ".repeat(depth);
    for e in elements {
        let kind = if e.kind.is_empty() {
            text(locale, Msg::CheckNoType)
        } else {
            &e.kind
        };
        *out += &format!("{indent}- [{kind}] {}", e.name);
        if let Some(t) = &e.title {
            *out += &format!(" — {}", t.get(locale));
        }
        if e.required {
            *out += &format!(" ({})", text(locale, Msg::CheckRequired));
        }
        *out += "\n";
        for (k, c) in &e.conditions {
            *out += &format!("{indent}    {k}: {c}\n");
        }
        outline_text(&e.elements, depth + 1, locale, out);
    }
}

fn to_json(r: &FileReport, locale: Locale) -> Value {
    if let Some(e) = &r.read_error {
        return json!({ "file": r.file, "ok": false, "readError": e });
    }
    let list = |severity: Severity| -> Vec<Value> {
        r.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| {
                json!({
                    "path": d.path,
                    "location": d.location,
                    "question": d.question.as_ref().map(|(name, title)| json!({ "name": name, "title": title })),
                    "message": d.message,
                    "text": d.to_string(),
                })
            })
            .collect()
    };
    fn elements(list: &[OutlineElement], locale: Locale) -> Vec<Value> {
        list.iter()
            .map(|e| {
                let conditions: serde_json::Map<String, Value> = e
                    .conditions
                    .iter()
                    .map(|(k, c)| ((*k).to_string(), json!(c)))
                    .collect();
                json!({
                    "path": e.path, "type": e.kind, "name": e.name,
                    "title": e.title.as_ref().map(|t| t.get(locale)),
                    "required": e.required, "conditions": conditions,
                    "elements": elements(&e.elements, locale),
                })
            })
            .collect()
    }
    let outline: Vec<Value> = r
        .outline
        .iter()
        .map(|p| {
            json!({
                "name": p.name, "title": p.title.as_ref().map(|t| t.get(locale)),
                "visibleIf": p.visible_if, "elements": elements(&p.elements, locale),
            })
        })
        .collect();
    json!({
        "file": r.file,
        "ok": r.count(Severity::Error) == 0,
        "errors": list(Severity::Error),
        "warnings": list(Severity::Warning),
        "outline": outline,
    })
}
