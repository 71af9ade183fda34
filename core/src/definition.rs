//! The consultation definition: a documented subset of the SurveyJS JSON format plus Yehua's
//! `consultation` and `intent` extensions, read into a typed model (see docs/DEFINITIONS.md).
//!
//! Owns: `Survey` and everything in it, parsing from JSON, the error kinds that make a
//! definition unusable (each with the path where it broke), the warnings for what is skipped and
//! the fingerprint of a definition's text (which a prerendered first screen is checked against).
//! Must not: evaluate answers, touch the browser, or panic on any input.

use std::rc::Rc;

use crate::condition::{self, Condition, ConditionError};
use crate::decimal::Decimal;
use crate::json::{self, JsonError, Value};
use crate::text::Text;

/// A whole consultation as organizers defined it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub info: ConsultationInfo,
    pub title: Text,
    pub description: Option<Text>,
    pub completed: Option<Text>,
    /// The definition's own preferred locale tag (SurveyJS `locale`), if any.
    pub locale: Option<String>,
    pub pages: Vec<Page>,
    pub warnings: Vec<Warning>,
    /// The [`fingerprint`] of the text it was parsed from (empty when read from a JSON value).
    pub fingerprint: String,
}

/// Yehua's `consultation` extension: which forum session this consultation belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConsultationInfo {
    pub id: String,
    pub version: String,
    pub session: Option<Text>,
    pub date: Option<String>,
    pub venue: Option<Text>,
    pub community: Option<Text>,
    pub organizer: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub name: String,
    pub title: Option<Text>,
    pub description: Option<Text>,
    pub visible_if: Option<Condition>,
    pub elements: Vec<Element>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    Question(Rc<Question>),
    Panel(Panel),
    /// An `html` element, always shown as plain text.
    Note(Note),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panel {
    pub name: String,
    pub title: Option<Text>,
    pub description: Option<Text>,
    pub visible_if: Option<Condition>,
    pub elements: Vec<Element>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub name: String,
    pub text: Text,
    pub visible_if: Option<Condition>,
}

/// What a question asks about, for the forum's three parts (问需、问技、问策).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Need,
    Skill,
    Suggestion,
}

impl Intent {
    pub fn as_str(self) -> &'static str {
        match self {
            Intent::Need => "need",
            Intent::Skill => "skill",
            Intent::Suggestion => "suggestion",
        }
    }
    pub fn parse(s: &str) -> Option<Intent> {
        match s {
            "need" => Some(Intent::Need),
            "skill" => Some(Intent::Skill),
            "suggestion" => Some(Intent::Suggestion),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub name: String,
    /// Position among all questions of the survey, for element ids.
    pub index: usize,
    pub title: Text,
    pub description: Option<Text>,
    pub kind: Kind,
    pub required: bool,
    pub required_if: Option<Condition>,
    pub visible_if: Option<Condition>,
    /// `false` when the definition says `"visible": false`.
    pub visible: bool,
    pub intent: Option<Intent>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputType {
    Text,
    Number,
    Tel,
    Email,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The value as submitted: the literal text of a JSON string, number or boolean.
    pub value: String,
    pub text: Option<Text>,
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Text {
        input: InputType,
        max_length: Option<usize>,
        placeholder: Option<Text>,
        min: Option<Decimal>,
        max: Option<Decimal>,
    },
    Comment {
        max_length: Option<usize>,
        placeholder: Option<Text>,
        rows: u32,
    },
    /// `radiogroup` (`dropdown: false`) or `dropdown`: one value.
    Single {
        choices: Vec<Choice>,
        other: Option<Text>,
        dropdown: bool,
        placeholder: Option<Text>,
    },
    /// `checkbox`: several values.
    Multi {
        choices: Vec<Choice>,
        other: Option<Text>,
        min: Option<usize>,
        max: Option<usize>,
    },
    Boolean {
        label_true: Option<Text>,
        label_false: Option<Text>,
    },
    Rating {
        values: Vec<Choice>,
        min_label: Option<Text>,
        max_label: Option<Text>,
    },
}

/// The value a resident's "other" choice is stored under, as in SurveyJS.
pub const OTHER_VALUE: &str = "other";

/// Something in the definition that was skipped; the rest still renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

/// Why a definition cannot be used at all. Every case names where it broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    #[error("not JSON: {0}")]
    NotJson(JsonError),
    #[error("{path}: expected an object")]
    NotObject { path: String },
    #[error("the definition has no questions")]
    NoElements,
    #[error("{path}: duplicate question name '{name}'")]
    DuplicateName { path: String, name: String },
    #[error("{path}: {error}")]
    BadExpression { path: String, error: ConditionError },
    #[error("{path}: expected {expected}")]
    BadValue {
        path: String,
        expected: &'static str,
    },
    #[error("{path}: choices must be values or {{value, text}} objects")]
    BadChoices { path: String },
    #[error("{path}: rating needs 2 to 21 values")]
    BadRating { path: String },
}

impl DefinitionError {
    /// Where in the definition it broke (`""` for the whole text).
    pub fn path(&self) -> &str {
        match self {
            DefinitionError::NotJson(_) | DefinitionError::NoElements => "",
            DefinitionError::NotObject { path }
            | DefinitionError::DuplicateName { path, .. }
            | DefinitionError::BadExpression { path, .. }
            | DefinitionError::BadValue { path, .. }
            | DefinitionError::BadChoices { path }
            | DefinitionError::BadRating { path } => path,
        }
    }
}

const MAX_RATING_VALUES: i64 = 21;

/// Properties that change only layout in SurveyJS; accepted silently.
const LAYOUT_PROPERTIES: &[&str] = &[
    "startWithNewLine",
    "width",
    "minWidth",
    "maxWidth",
    "colCount",
    "titleLocation",
    "hideNumber",
    "indent",
    "state",
    "descriptionLocation",
    "size",
    "autoGrow",
    "allowResize",
    "rateType",
    "displayMode",
    "renderAs",
    "choicesOrder",
    "showTitle",
    "isAllRowRequired",
    "navigationTitle",
    "navigationDescription",
    "questionTitleLocation",
    "innerIndent",
    "rateDisplayMode",
    "scaleColorMode",
    "rateColorMode",
    "autoGenerate",
    "rateCount",
];

const SURVEY_PROPERTIES: &[&str] = &[
    "title",
    "description",
    "pages",
    "elements",
    "completedHtml",
    "consultation",
    "locale",
    "showProgressBar",
    "progressBarType",
    "showQuestionNumbers",
    "questionsOnPageMode",
    "showPrevButton",
    "showCompletedPage",
    "checkErrorsMode",
    "textUpdateMode",
    "widthMode",
    "showTitle",
    "logo",
    "logoPosition",
    "questionErrorLocation",
    "questionTitleLocation",
    "focusFirstQuestionAutomatic",
    "goNextPageAutomatic",
    "clearInvisibleValues",
    "completeText",
    "pageNextText",
    "pagePrevText",
    "showPageTitles",
    "headerView",
];

/// Parses a definition from JSON text.
pub fn parse(text: &str) -> Result<Survey, DefinitionError> {
    let (value, duplicates) =
        json::parse_noting_duplicates(text).map_err(DefinitionError::NotJson)?;
    let mut survey = from_json(&value)?;
    survey.fingerprint = fingerprint(text);
    // As JSON.parse and SurveyJS read them: the last of duplicate keys counts.
    let found = duplicates.into_iter().map(|path| Warning {
        path,
        message: "duplicate key: the last one is used".into(),
    });
    survey.warnings.splice(0..0, found);
    Ok(survey)
}

/// A short fingerprint of a definition's text: FNV-1a, 64 bits, in decimal. A prerendered
/// first screen records the one of the definition it was made from, and the live widget takes
/// it over only when its own definition has the same (`web::prerender`), so answers typed into
/// a screen made before the definition was edited in place never land on other questions. It
/// tells texts apart; it is not a security hash.
pub fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    hash.to_string()
}

/// Reads a definition from a parsed JSON value.
pub fn from_json(root: &Value) -> Result<Survey, DefinitionError> {
    let Value::Object(members) = root else {
        return Err(DefinitionError::NotObject {
            path: "(root)".into(),
        });
    };
    let mut reader = Reader::default();
    for (key, _) in members {
        if !SURVEY_PROPERTIES.contains(&key.as_str()) {
            reader.warn(key, "unknown property, ignored");
        }
    }
    let info = read_info(root.get("consultation"), &mut reader)?;
    let mut pages = Vec::new();
    match (root.get("pages"), root.get("elements")) {
        (Some(list), _) => {
            let items = list.as_array().ok_or_else(|| bad("pages", "an array"))?;
            for (i, page) in items.iter().enumerate() {
                pages.push(reader.page(page, &format!("pages[{i}]"), i)?);
            }
        }
        (None, Some(_)) => pages.push(reader.page(root, "", 0)?),
        (None, None) => return Err(DefinitionError::NoElements),
    }
    if root.get("pages").is_some() && root.get("elements").is_some() {
        reader.warn("elements", "ignored: the definition has pages");
    }
    if reader.names.is_empty() {
        return Err(DefinitionError::NoElements);
    }
    Ok(Survey {
        info,
        title: opt_text(root, "title", "")?.unwrap_or_default(),
        description: opt_text(root, "description", "")?,
        completed: opt_text(root, "completedHtml", "")?,
        locale: root
            .get("locale")
            .and_then(Value::as_str)
            .map(str::to_string),
        pages,
        warnings: reader.warnings,
        fingerprint: String::new(),
    })
}

fn bad(path: &str, expected: &'static str) -> DefinitionError {
    DefinitionError::BadValue {
        path: path.into(),
        expected,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn opt_text(obj: &Value, key: &str, path: &str) -> Result<Option<Text>, DefinitionError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => Text::from_json(v)
            .map(Some)
            .ok_or_else(|| bad(&join(path, key), "a text or a locale map")),
    }
}

fn opt_bool(obj: &Value, key: &str, path: &str) -> Result<Option<bool>, DefinitionError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_bool()
            .map(Some)
            .ok_or_else(|| bad(&join(path, key), "true or false")),
    }
}

fn opt_count(obj: &Value, key: &str, path: &str) -> Result<Option<usize>, DefinitionError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_i64() {
            Some(0) if key != "minSelectedChoices" => Ok(None),
            Some(n) if n >= 0 => Ok(Some(n as usize)),
            _ => Err(bad(&join(path, key), "a whole number")),
        },
    }
}

fn opt_decimal(obj: &Value, key: &str, path: &str) -> Result<Option<Decimal>, DefinitionError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        // A literal too large or too precise to hold is an error, never "no limit".
        Some(Value::Number(s) | Value::String(s)) => Decimal::parse(s)
            .map(Some)
            .ok_or_else(|| bad(&join(path, key), "a number")),
        Some(_) => Err(bad(&join(path, key), "a number")),
    }
}

fn opt_condition(obj: &Value, key: &str, path: &str) -> Result<Option<Condition>, DefinitionError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => {
            condition::parse(s)
                .map(Some)
                .map_err(|error| DefinitionError::BadExpression {
                    path: join(path, key),
                    error,
                })
        }
        Some(_) => Err(bad(&join(path, key), "an expression text")),
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn read_info(v: Option<&Value>, reader: &mut Reader) -> Result<ConsultationInfo, DefinitionError> {
    let Some(v) = v else {
        reader.warn(
            "consultation",
            "missing: submissions will carry the id 'default'",
        );
        return Ok(ConsultationInfo {
            id: "default".into(),
            version: "1".into(),
            ..Default::default()
        });
    };
    let p = "consultation";
    if v.as_object().is_none() {
        return Err(bad(p, "an object"));
    }
    let id = v
        .get("id")
        .and_then(scalar_text)
        .filter(|s| !s.trim().is_empty());
    if id.is_none() {
        reader.warn(
            "consultation.id",
            "missing: submissions will carry the id 'default'",
        );
    }
    Ok(ConsultationInfo {
        id: id.unwrap_or_else(|| "default".into()),
        version: v
            .get("version")
            .and_then(scalar_text)
            .unwrap_or_else(|| "1".into()),
        session: opt_text(v, "session", p)?,
        date: v.get("date").and_then(Value::as_str).map(str::to_string),
        venue: opt_text(v, "venue", p)?,
        community: opt_text(v, "community", p)?,
        organizer: opt_text(v, "organizer", p)?,
    })
}

#[derive(Default)]
struct Reader {
    names: Vec<String>,
    warnings: Vec<Warning>,
    unnamed: usize,
}

impl Reader {
    fn warn(&mut self, path: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            path: path.into(),
            message: message.into(),
        });
    }

    /// `known`: lists of the properties this element reads (shared lists and its own, without
    /// building one `Vec` per element).
    fn unknown_properties(&mut self, obj: &Value, path: &str, known: &[&[&str]]) {
        for (key, _) in obj.as_object().unwrap_or_default() {
            let k = key.as_str();
            if !known.iter().any(|list| list.contains(&k)) && !LAYOUT_PROPERTIES.contains(&k) {
                self.warn(&join(path, k), "unknown property, ignored");
            }
        }
    }

    fn page(&mut self, v: &Value, path: &str, index: usize) -> Result<Page, DefinitionError> {
        if v.as_object().is_none() {
            return Err(DefinitionError::NotObject { path: path.into() });
        }
        if !path.is_empty() {
            self.unknown_properties(
                v,
                path,
                &[&["name", "title", "description", "elements", "visibleIf"]],
            );
        }
        Ok(Page {
            name: v
                .get("name")
                .and_then(scalar_text)
                .unwrap_or_else(|| format!("page{}", index + 1)),
            title: opt_text(v, "title", path)?,
            description: opt_text(v, "description", path)?,
            visible_if: if path.is_empty() {
                None
            } else {
                opt_condition(v, "visibleIf", path)?
            },
            elements: self.elements(v, path)?,
        })
    }

    fn elements(&mut self, container: &Value, path: &str) -> Result<Vec<Element>, DefinitionError> {
        let list_path = join(path, "elements");
        let Some(list) = container.get("elements") else {
            return Ok(Vec::new());
        };
        let items = list.as_array().ok_or_else(|| bad(&list_path, "an array"))?;
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if let Some(element) = self.element(item, &format!("{list_path}[{i}]"))? {
                out.push(element);
            }
        }
        Ok(out)
    }

    fn element(&mut self, v: &Value, path: &str) -> Result<Option<Element>, DefinitionError> {
        if v.as_object().is_none() {
            return Err(DefinitionError::NotObject { path: path.into() });
        }
        let kind = v.get("type").and_then(Value::as_str).unwrap_or("");
        let name = match v
            .get("name")
            .and_then(scalar_text)
            .filter(|n| !n.trim().is_empty())
        {
            Some(n) => n,
            None => {
                self.unnamed += 1;
                let n = format!("question{}", self.unnamed);
                if kind != "html" && kind != "panel" {
                    self.warn(path, format!("no name: called '{n}'"));
                }
                n
            }
        };
        let common = [
            "type",
            "name",
            "title",
            "description",
            "visibleIf",
            "visible",
        ];
        match kind {
            "panel" => {
                self.unknown_properties(v, path, &[&common, &["elements"]]);
                Ok(Some(Element::Panel(Panel {
                    title: opt_text(v, "title", path)?,
                    description: opt_text(v, "description", path)?,
                    visible_if: opt_condition(v, "visibleIf", path)?,
                    elements: self.elements(v, path)?,
                    name,
                })))
            }
            "html" => {
                self.unknown_properties(v, path, &[&common, &["html"]]);
                Ok(Some(Element::Note(Note {
                    text: opt_text(v, "html", path)?.unwrap_or_default(),
                    visible_if: opt_condition(v, "visibleIf", path)?,
                    name,
                })))
            }
            "text" | "comment" | "radiogroup" | "checkbox" | "dropdown" | "boolean" | "rating" => {
                self.question(v, path, kind, name)
                    .map(|q| Some(Element::Question(Rc::new(q))))
            }
            "" => Err(bad(&join(path, "type"), "an element type")),
            other => {
                self.warn(
                    path,
                    format!("element type '{other}' is not supported, skipped"),
                );
                Ok(None)
            }
        }
    }

    fn question(
        &mut self,
        v: &Value,
        path: &str,
        kind: &str,
        name: String,
    ) -> Result<Question, DefinitionError> {
        if self.names.contains(&name) {
            return Err(DefinitionError::DuplicateName {
                path: join(path, "name"),
                name,
            });
        }
        let own: &[&str] = match kind {
            "text" => &["inputType", "maxLength", "placeholder", "min", "max"],
            "comment" => &["maxLength", "placeholder", "rows"],
            "radiogroup" | "dropdown" | "checkbox" => &[
                "choices",
                "hasOther",
                "showOtherItem",
                "otherText",
                "placeholder",
                "optionsCaption",
                "minSelectedChoices",
                "maxSelectedChoices",
            ],
            "boolean" => &["labelTrue", "labelFalse"],
            _ => &[
                "rateMin",
                "rateMax",
                "rateStep",
                "rateValues",
                "minRateDescription",
                "maxRateDescription",
            ],
        };
        let common = [
            "type",
            "name",
            "title",
            "description",
            "visibleIf",
            "visible",
            "isRequired",
            "requiredIf",
            "intent",
        ];
        self.unknown_properties(v, path, &[&common, own]);
        let kind = match kind {
            "text" => Kind::Text {
                input: match v.get("inputType").and_then(Value::as_str).unwrap_or("text") {
                    "number" | "range" => InputType::Number,
                    "tel" => InputType::Tel,
                    "email" => InputType::Email,
                    "text" => InputType::Text,
                    other => {
                        self.warn(
                            &join(path, "inputType"),
                            format!("'{other}' shown as plain text"),
                        );
                        InputType::Text
                    }
                },
                max_length: opt_count(v, "maxLength", path)?,
                placeholder: opt_text(v, "placeholder", path)?,
                min: opt_decimal(v, "min", path)?,
                max: opt_decimal(v, "max", path)?,
            },
            "comment" => Kind::Comment {
                max_length: opt_count(v, "maxLength", path)?,
                placeholder: opt_text(v, "placeholder", path)?,
                rows: opt_count(v, "rows", path)?.map_or(4, |r| r.clamp(2, 20) as u32),
            },
            "radiogroup" | "dropdown" => Kind::Single {
                choices: choices(v, "choices", path)?,
                other: other_text(v, path)?,
                dropdown: kind == "dropdown",
                placeholder: match opt_text(v, "placeholder", path)? {
                    Some(t) => Some(t),
                    None => opt_text(v, "optionsCaption", path)?,
                },
            },
            "checkbox" => Kind::Multi {
                choices: choices(v, "choices", path)?,
                other: other_text(v, path)?,
                min: opt_count(v, "minSelectedChoices", path)?.filter(|n| *n > 0),
                max: opt_count(v, "maxSelectedChoices", path)?,
            },
            "boolean" => Kind::Boolean {
                label_true: opt_text(v, "labelTrue", path)?,
                label_false: opt_text(v, "labelFalse", path)?,
            },
            _ => Kind::Rating {
                values: rating_values(v, path)?,
                min_label: opt_text(v, "minRateDescription", path)?,
                max_label: opt_text(v, "maxRateDescription", path)?,
            },
        };
        let intent =
            match v.get("intent") {
                None | Some(Value::Null) => None,
                Some(i) => Some(i.as_str().and_then(Intent::parse).ok_or_else(|| {
                    bad(&join(path, "intent"), "'need', 'skill' or 'suggestion'")
                })?),
            };
        self.names.push(name.clone());
        Ok(Question {
            index: self.names.len() - 1,
            title: opt_text(v, "title", path)?.unwrap_or_else(|| Text::plain(name.clone())),
            description: opt_text(v, "description", path)?,
            kind,
            required: opt_bool(v, "isRequired", path)?.unwrap_or(false),
            required_if: opt_condition(v, "requiredIf", path)?,
            visible_if: opt_condition(v, "visibleIf", path)?,
            visible: opt_bool(v, "visible", path)?.unwrap_or(true),
            intent,
            name,
        })
    }
}

fn other_text(v: &Value, path: &str) -> Result<Option<Text>, DefinitionError> {
    let on = opt_bool(v, "showOtherItem", path)?
        .or(opt_bool(v, "hasOther", path)?)
        .unwrap_or(false);
    if !on {
        return Ok(None);
    }
    Ok(Some(opt_text(v, "otherText", path)?.unwrap_or_default()))
}

fn choices(v: &Value, key: &str, path: &str) -> Result<Vec<Choice>, DefinitionError> {
    let p = join(path, key);
    let Some(list) = v.get(key) else {
        return Ok(Vec::new());
    };
    let items = list
        .as_array()
        .ok_or_else(|| DefinitionError::BadChoices { path: p.clone() })?;
    let mut out: Vec<Choice> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at = || DefinitionError::BadChoices {
            path: format!("{p}[{i}]"),
        };
        let choice = match item {
            Value::Object(_) => Choice {
                value: item.get("value").and_then(scalar_text).ok_or_else(at)?,
                text: match item.get("text") {
                    None | Some(Value::Null) => None,
                    Some(t) => Some(Text::from_json(t).ok_or_else(at)?),
                },
            },
            other => Choice {
                value: scalar_text(other).ok_or_else(at)?,
                text: None,
            },
        };
        if !out.iter().any(|c| c.value == choice.value) {
            out.push(choice);
        }
    }
    Ok(out)
}

fn rating_values(v: &Value, path: &str) -> Result<Vec<Choice>, DefinitionError> {
    let rating = || DefinitionError::BadRating { path: path.into() };
    if v.get("rateValues")
        .is_some_and(|r| !matches!(r, Value::Array(_) | Value::Null))
    {
        return Err(rating());
    }
    if v.get("rateValues")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty())
    {
        let values = choices(v, "rateValues", path)?;
        return if (2..=MAX_RATING_VALUES as usize).contains(&values.len()) {
            Ok(values)
        } else {
            Err(rating())
        };
    }
    let int = |key: &str, default: i64| match v.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(x) => x
            .as_i64()
            .ok_or_else(|| bad(&join(path, key), "a whole number")),
    };
    let (min, max, step) = (int("rateMin", 1)?, int("rateMax", 5)?, int("rateStep", 1)?);
    let last = max
        .checked_sub(min)
        .filter(|_| step > 0)
        .and_then(|span| span.checked_div(step));
    let Some(last) = last.filter(|l| max > min && (1..MAX_RATING_VALUES).contains(l)) else {
        return Err(rating());
    };
    Ok((0..=last)
        .map(|i| Choice {
            value: (min + i * step).to_string(),
            text: None,
        })
        .collect())
}

impl Survey {
    /// Every question in definition order, with panels flattened.
    pub fn questions(&self) -> Vec<&Question> {
        fn walk<'a>(elements: &'a [Element], out: &mut Vec<&'a Question>) {
            for e in elements {
                match e {
                    Element::Question(q) => out.push(&**q),
                    Element::Panel(p) => walk(&p.elements, out),
                    Element::Note(_) => {}
                }
            }
        }
        let mut out = Vec::new();
        for page in &self.pages {
            walk(&page.elements, &mut out);
        }
        out
    }

    pub fn question(&self, name: &str) -> Option<&Question> {
        self.questions().into_iter().find(|q| q.name == name)
    }
}

impl Choice {
    /// The text to show: the choice's own text, or its value.
    pub fn label(&self, locale: crate::i18n::Locale) -> &str {
        match &self.text {
            Some(t) if !t.is_empty() => t.get(locale),
            _ => &self.value,
        }
    }
}
