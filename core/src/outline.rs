//! The outline of a definition as its organizer wrote it: pages, and on each its elements
//! (panels with theirs) with their type, name, title and conditions exactly as written. The
//! check view and `yehua-check --outline` show it beside the definition's messages.
//!
//! Owns: `Outline`, read from the definition's JSON, not from the parsed `Survey`, so that it
//! shows also what the widget skips and also a definition that has an error.
//! Must not: judge anything (the definition reader does) or touch the browser.

use crate::json::{self, Value};
use crate::text::Text;

/// One page of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlinePage {
    /// The page's `name` (`page1`, `page2`, … when it has none, as SurveyJS names them).
    pub name: String,
    pub title: Option<Text>,
    /// Its `visibleIf`, as written.
    pub visible_if: Option<String>,
    pub elements: Vec<OutlineElement>,
}

/// One element of a page or panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineElement {
    /// Its JSON path (`pages[0].elements[2]`), as messages name it.
    pub path: String,
    /// `type` as written (empty when missing).
    pub kind: String,
    pub name: String,
    pub title: Option<Text>,
    /// `visibleIf`, `requiredIf`, `enableIf`, as written, in this order; only those present.
    pub conditions: Vec<(&'static str, String)>,
    /// `isRequired: true`.
    pub required: bool,
    /// A panel's elements.
    pub elements: Vec<OutlineElement>,
}

const CONDITIONS: [&str; 3] = ["visibleIf", "requiredIf", "enableIf"];

/// The outline of a definition's text; `None` when it is not a JSON object.
pub fn outline(text: &str) -> Option<Vec<OutlinePage>> {
    let root = json::parse(text).ok()?;
    root.as_object()?;
    let pages = match root.get("pages").and_then(Value::as_array) {
        Some(pages) => pages
            .iter()
            .enumerate()
            .map(|(i, p)| page(p, &format!("pages[{i}]"), i))
            .collect(),
        // A one-page definition: its elements (or SurveyJS's older `questions`) at the top.
        None => vec![page(&root, "", 0)],
    };
    Some(pages)
}

fn condition(v: &Value, key: &'static str) -> Option<(&'static str, String)> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(|s| (key, s.to_string()))
}

fn page(v: &Value, path: &str, index: usize) -> OutlinePage {
    OutlinePage {
        name: v
            .get("name")
            .and_then(Value::as_str)
            .map_or_else(|| format!("page{}", index + 1), str::to_string),
        title: if path.is_empty() {
            None
        } else {
            v.get("title").and_then(Text::from_json)
        },
        visible_if: if path.is_empty() {
            None
        } else {
            condition(v, "visibleIf").map(|(_, c)| c)
        },
        elements: elements(v, path),
    }
}

fn elements(container: &Value, path: &str) -> Vec<OutlineElement> {
    let mut out = Vec::new();
    for key in ["elements", "questions"] {
        let Some(list) = container.get(key).and_then(Value::as_array) else {
            continue;
        };
        let at = if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        };
        for (i, item) in list.iter().enumerate() {
            let path = format!("{at}[{i}]");
            out.push(OutlineElement {
                kind: item
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .into(),
                name: match item.get("name") {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.clone(),
                    _ => String::new(),
                },
                title: item.get("title").and_then(Text::from_json),
                conditions: CONDITIONS
                    .iter()
                    .filter_map(|k| condition(item, k))
                    .collect(),
                required: item.get("isRequired").and_then(Value::as_bool) == Some(true),
                elements: elements(item, &path),
                path,
            });
        }
    }
    out
}
