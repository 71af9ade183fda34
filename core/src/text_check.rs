//! Warnings about organizers' texts: markup that the safe HTML subset leaves out of an `html`
//! element or `completedHtml`, and `{name}` references that piping cannot fill.
//!
//! Owns: walking a definition's JSON for its texts (each with its path) after it was read, and
//! those warnings: a `{name}` that names no question in a title, description, `html` or
//! `completedHtml` (SurveyJS, and Yehua, show it as written); a `{name}` of a question in a
//! text Yehua does not fill in (choice texts, placeholders, labels: SurveyJS would); tags and
//! attributes left out of markup. Must not: change the survey, or fail: these are warnings.

use crate::definition::{self, Element, Survey, Warning};
use crate::html;
use crate::i18n::Msg;
use crate::json::Value;
use crate::pipe;

/// The texts SurveyJS fills in but Yehua shows as written.
const UNFILLED: &[&str] = &[
    "otherText",
    "placeholder",
    "optionsCaption",
    "labelTrue",
    "labelFalse",
    "minRateDescription",
    "maxRateDescription",
];

/// Every warning about the texts of the definition `root`, which was read into `survey`.
pub fn warnings(root: &Value, survey: &Survey) -> Vec<Warning> {
    let mut check = Check {
        survey,
        out: Vec::new(),
    };
    check.piped(root, "", "title");
    check.piped(root, "", "description");
    check.piped(root, "", "completedHtml");
    check.markup(root, "", "completedHtml");
    match root.get("pages").and_then(Value::as_array) {
        Some(pages) => {
            for (i, page) in pages.iter().enumerate() {
                let path = format!("pages[{i}]");
                check.piped(page, &path, "title");
                check.piped(page, &path, "description");
                check.elements(page, &path);
            }
        }
        None => check.elements(root, ""),
    }
    check.out
}

struct Check<'a> {
    survey: &'a Survey,
    out: Vec<Warning>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The strings of a text: a string, or each locale's in a locale map.
fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Object(map)) => map.iter().filter_map(|(_, s)| s.as_str()).collect(),
        _ => Vec::new(),
    }
}

impl Check<'_> {
    fn warn(&mut self, path: String, msg: Msg, params: Vec<(&'static str, String)>) {
        let warning = Warning { path, msg, params };
        if !self.out.contains(&warning) {
            self.out.push(warning);
        }
    }

    /// The names piping can refer to, for a suggestion.
    fn names(&self) -> Vec<&str> {
        let mut out = Vec::new();
        fn walk<'a>(elements: &'a [Element], out: &mut Vec<&'a str>) {
            for e in elements {
                match e {
                    Element::Question(q) => out.push(q.name.as_str()),
                    Element::Note(n) => out.push(n.name.as_str()),
                    Element::Panel(p) => walk(&p.elements, out),
                }
            }
        }
        for page in &self.survey.pages {
            walk(&page.elements, &mut out);
        }
        out
    }

    fn elements(&mut self, container: &Value, path: &str) {
        for key in ["elements", "questions"] {
            let Some(items) = container.get(key).and_then(Value::as_array) else {
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                let p = format!("{}[{i}]", join(path, key));
                self.piped(item, &p, "title");
                self.piped(item, &p, "description");
                if item.get("type").and_then(Value::as_str) == Some("html") {
                    self.piped(item, &p, "html");
                    self.markup(item, &p, "html");
                }
                for key in UNFILLED {
                    self.unfilled(item.get(key), join(&p, key));
                }
                for list in ["choices", "rateValues"] {
                    let choices = item.get(list).and_then(Value::as_array);
                    for (j, c) in choices.into_iter().flatten().enumerate() {
                        self.unfilled(c.get("text"), format!("{}[{j}].text", join(&p, list)));
                    }
                }
                self.elements(item, &p);
            }
        }
    }

    /// A text that piping fills in: each `{name}` must name a question.
    fn piped(&mut self, obj: &Value, path: &str, key: &str) {
        for s in strings(obj.get(key)) {
            for name in pipe::names(s) {
                if !pipe::is_known(self.survey, name) {
                    let braced = format!("{{{name}}}");
                    let params = match definition::closest(name, self.names()) {
                        Some(s) => (
                            Msg::WarnPipeUnknownSuggest,
                            vec![("name", braced), ("suggestion", s.to_string())],
                        ),
                        None => (Msg::WarnPipeUnknown, vec![("name", braced)]),
                    };
                    self.warn(join(path, key), params.0, params.1);
                }
            }
        }
    }

    /// A text Yehua does not fill in: a `{name}` of a question there departs from SurveyJS.
    fn unfilled(&mut self, v: Option<&Value>, path: String) {
        for s in strings(v) {
            for name in pipe::names(s) {
                if pipe::is_known(self.survey, name) {
                    self.warn(
                        path.clone(),
                        Msg::WarnPipeNotFilled,
                        vec![("name", format!("{{{name}}}"))],
                    );
                }
            }
        }
    }

    /// Markup shown in the safe subset: what it leaves out.
    fn markup(&mut self, obj: &Value, path: &str, key: &str) {
        let (mut tags, mut attributes) = (Vec::new(), Vec::new());
        for s in strings(obj.get(key)) {
            let fragment = html::parse(s);
            for t in fragment.dropped_tags {
                let t = format!("<{t}>");
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            for a in fragment.dropped_attributes {
                if !attributes.contains(&a) {
                    attributes.push(a);
                }
            }
        }
        let path = join(path, key);
        if !tags.is_empty() {
            self.warn(
                path.clone(),
                Msg::WarnMarkupTags,
                vec![("tags", tags.join(", "))],
            );
        }
        let href = attributes.iter().any(|a| a == "href");
        attributes.retain(|a| a != "href");
        if !attributes.is_empty() {
            let list = attributes.join(", ");
            self.warn(
                path.clone(),
                Msg::WarnMarkupAttributes,
                vec![("attributes", list)],
            );
        }
        if href {
            self.warn(path, Msg::WarnMarkupHref, Vec::new());
        }
    }
}
