//! The consultation definition: a documented subset of the SurveyJS JSON format plus Yehua's
//! `consultation` and `intent` extensions, read into a typed model (see docs/DEFINITIONS.md).
//!
//! Owns: `Survey` and everything in it, parsing from JSON, the error kinds that make a
//! definition unusable (each with the path where it broke), the warnings for what is skipped and
//! the fingerprint of a definition's text (which a prerendered first screen is checked against).
//! Must not: evaluate answers, touch the browser, or panic on any input.

use std::rc::Rc;

use crate::answer::Answer;
use crate::condition::{self, Condition, ConditionError};
use crate::decimal::Decimal;
use crate::i18n::{self, Locale, Msg};
use crate::json::{self, JsonError, Value};
use crate::text::Text;
use crate::text_check;

/// A whole consultation as organizers defined it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub info: ConsultationInfo,
    pub title: Text,
    pub description: Option<Text>,
    pub completed: Option<Text>,
    /// The definition's own preferred locale tag (SurveyJS `locale`), if any.
    pub locale: Option<String>,
    /// SurveyJS `firstPageIsStartPage` (with more than one page): the first page is shown
    /// first with a Start button, outside the progress count, and is not returned to.
    pub start_page: bool,
    /// SurveyJS `startSurveyText`: the Start button's text (the interface's own when absent).
    pub start_text: Option<Text>,
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
    /// `false` when the definition says `"visible": false` (a `visibleIf` decides instead).
    pub visible: bool,
    pub elements: Vec<Element>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    Question(Rc<Question>),
    Panel(Panel),
    /// An `html` element: its markup shown in the safe subset of `core::html`.
    Note(Rc<Note>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panel {
    pub name: String,
    pub title: Option<Text>,
    pub description: Option<Text>,
    pub visible_if: Option<Condition>,
    /// `false` when the definition says `"visible": false` (a `visibleIf` decides instead).
    pub visible: bool,
    pub elements: Vec<Element>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub name: String,
    pub text: Text,
    pub visible_if: Option<Condition>,
    /// `false` when the definition says `"visible": false` (a `visibleIf` decides instead).
    pub visible: bool,
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
    /// `false` when the definition says `"visible": false`. As in SurveyJS, a `visibleIf`
    /// decides on its own when there is one: `"visible": false` is only the value before it runs.
    pub visible: bool,
    /// `enableIf`: while it is false the question is shown but cannot be answered, keeps its
    /// value and is not checked (SurveyJS's read-only question).
    pub enable_if: Option<Condition>,
    /// `"readOnly": true`: never answerable (its `defaultValue` is still submitted).
    pub read_only: bool,
    /// `defaultValue`: the answer a new form starts with (a restored draft replaces it).
    pub default_value: Option<Answer>,
    /// `validators`, checked in order after the required check and the type's own checks.
    pub validators: Vec<Validator>,
    pub intent: Option<Intent>,
    /// Where the choices come from and which are shown or enabled (choice questions only).
    pub choice_rules: ChoiceRules,
}

/// A choice question's choices that depend on answers: SurveyJS `choicesFromQuestion`
/// (with `choicesFromQuestionMode`), `choicesVisibleIf` and `choicesEnableIf` (in which
/// `{item}` is the choice's value). Each choice's own `visibleIf` / `enableIf` is on the
/// [`Choice`] and wins over the question's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChoiceRules {
    pub from: Option<ChoicesFrom>,
    pub visible_if: Option<Condition>,
    pub enable_if: Option<Condition>,
}

impl ChoiceRules {
    /// True when the choices shown never depend on answers.
    pub fn is_static(&self) -> bool {
        self.from.is_none() && self.visible_if.is_none() && self.enable_if.is_none()
    }
}

/// SurveyJS `choicesFromQuestion`: the choices of another choice question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoicesFrom {
    pub question: String,
    pub mode: FromMode,
}

/// SurveyJS `choicesFromQuestionMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FromMode {
    /// Every choice the other question shows.
    All,
    /// The ones chosen there (and the resident's own "other" text, as a choice).
    Selected,
    /// The ones not chosen there.
    Unselected,
}

/// One of a question's `validators`: what it checks, and the organizer's own message (`text`),
/// shown instead of Yehua's translated one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validator {
    pub rule: Rule,
    pub text: Option<Text>,
}

/// What a validator checks (SurveyJS's validator types). Every rule but `Expression` passes an
/// empty answer, as in SurveyJS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// `numeric`: the answer is a number, within `minValue` / `maxValue`.
    Numeric {
        min: Option<Decimal>,
        max: Option<Decimal>,
    },
    /// `text`: at least `minLength`, at most `maxLength` characters; `allowDigits: false`
    /// refuses a text that ends in digits (SurveyJS tests `/\d+$/`).
    Text {
        min_length: Option<usize>,
        max_length: Option<usize>,
        allow_digits: bool,
    },
    /// `email`: SurveyJS's e-mail pattern.
    Email,
    /// `regex`: a JavaScript regular expression, run by the browser's `RegExp`
    /// (`validate::Patterns`); `caseInsensitive` (or `insensitive`) adds the `i` flag.
    Regex {
        pattern: String,
        case_insensitive: bool,
    },
    /// `expression`: the condition must hold (it may read any answer, also an empty one).
    Expression(Condition),
}

/// One text box of a `multipletext` question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub title: Option<Text>,
    /// Always a `Kind::Text`: the item's `inputType`, `maxLength`, `placeholder`, `min`, `max`.
    pub kind: Kind,
    pub required: bool,
    pub validators: Vec<Validator>,
}

impl Item {
    /// The label to show: the item's title, or its name.
    pub fn label(&self, locale: crate::i18n::Locale) -> &str {
        match &self.title {
            Some(t) if !t.is_empty() => t.get(locale),
            _ => &self.name,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputType {
    Text,
    Number,
    Tel,
    Email,
    Url,
    /// Masked as it is typed; stored and sent like any other text (a warning says so).
    Password,
    /// A slider (`range`): a number between `min` and `max` (0 and 100 by default).
    Range,
    /// `date`: `YYYY-MM-DD`, as the browser's date picker gives it.
    Date,
    /// `time`: `HH:MM`.
    Time,
    /// `datetime-local`: `YYYY-MM-DDTHH:MM`.
    DateTimeLocal,
}

impl InputType {
    /// Date and time inputs: their answers are ISO texts, and `min` / `max` are compared as such.
    pub fn is_temporal(self) -> bool {
        matches!(
            self,
            InputType::Date | InputType::Time | InputType::DateTimeLocal
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The value as submitted: the literal text of a JSON string, number or boolean.
    pub value: String,
    pub text: Option<Text>,
    /// The choice's own `visibleIf` / `enableIf` (`{item}` is its value).
    pub visible_if: Option<Condition>,
    pub enable_if: Option<Condition>,
}

impl Choice {
    /// A choice with a value and perhaps a text, and no conditions.
    pub fn new(value: impl Into<String>, text: Option<Text>) -> Choice {
        Choice {
            value: value.into(),
            text,
            visible_if: None,
            enable_if: None,
        }
    }
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Text {
        input: InputType,
        max_length: Option<usize>,
        placeholder: Option<Text>,
        /// `min` / `max` of a number or range.
        min: Option<Decimal>,
        max: Option<Decimal>,
        /// `step` of a number (checked, as SurveyJS does) or a range (the slider's step).
        step: Option<Decimal>,
        /// `min` / `max` of a date, time or datetime-local input, as ISO texts.
        earliest: Option<String>,
        latest: Option<String>,
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
    /// `matrix`: one choice among `columns` for each of `rows`; the answer maps a row's value
    /// to a column's value. `isAllRowRequired` (or `eachRowRequired`): every row must be
    /// answered.
    Matrix {
        columns: Vec<Choice>,
        rows: Vec<Choice>,
        all_rows_required: bool,
    },
    /// `multipletext`: several text boxes; the answer maps an item's name to its text.
    MultipleText { items: Vec<Item> },
}

/// The value a resident's "other" choice is stored under, as in SurveyJS.
pub const OTHER_VALUE: &str = "other";

/// Something in the definition that was skipped or read differently; the rest still renders.
/// The message is an interface message ([`Msg`]) with its parameters, so the check view and
/// the console can show it in any language (`core::check`, which also names the
/// question at `path`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    pub msg: Msg,
    pub params: Vec<(&'static str, String)>,
}

impl Warning {
    /// The message in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        let params: Vec<(&str, &str)> = self.params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        i18n::format(locale, self.msg, &params)
    }
}

/// What a property's value should have been, for [`DefinitionError::BadValue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A text, or a locale map such as `{"default": "…", "en": "…"}`.
    Text,
    Bool,
    WholeNumber,
    Number,
    Array,
    Object,
    Expression,
    /// `'need'`, `'skill'` or `'suggestion'`.
    Intent,
    /// An element type's name (a text).
    TypeName,
    /// `'all'`, `'selected'` or `'unselected'`.
    FromMode,
    /// A question's name (a text).
    QuestionName,
    /// A list with at least one entry (a matrix's rows and columns, a multipletext's items).
    NonEmptyArray,
    /// A `multipletext` item's name (a text).
    ItemName,
    /// A date such as `2026-12-08`.
    Date,
    /// A time such as `18:30`.
    Time,
    /// A date and time such as `2026-12-08T18:30`.
    DateTime,
    /// A validator's type: numeric, text, email, regex or expression.
    ValidatorType,
    /// A regular expression written as text.
    Pattern,
}

impl Expected {
    /// The interface message that says it.
    pub fn msg(self) -> Msg {
        match self {
            Expected::Text => Msg::ExpectText,
            Expected::Bool => Msg::ExpectBool,
            Expected::WholeNumber => Msg::ExpectWholeNumber,
            Expected::Number => Msg::ExpectNumber,
            Expected::Array => Msg::ExpectArray,
            Expected::Object => Msg::ExpectObject,
            Expected::Expression => Msg::ExpectExpression,
            Expected::Intent => Msg::ExpectIntent,
            Expected::TypeName => Msg::ExpectTypeName,
            Expected::FromMode => Msg::ExpectFromMode,
            Expected::QuestionName => Msg::ExpectQuestionName,
            Expected::NonEmptyArray => Msg::ExpectNonEmptyArray,
            Expected::ItemName => Msg::ExpectItemName,
            Expected::Date => Msg::ExpectDate,
            Expected::Time => Msg::ExpectTime,
            Expected::DateTime => Msg::ExpectDateTime,
            Expected::ValidatorType => Msg::ExpectValidatorType,
            Expected::Pattern => Msg::ExpectPattern,
        }
    }
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(i18n::text(Locale::En, self.msg()))
    }
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
    BadValue { path: String, expected: Expected },
    #[error("{path}: choices must be values or {{value, text}} objects")]
    BadChoices { path: String },
    #[error("{path}: rating needs 2 to 21 values")]
    BadRating { path: String },
    /// An element without `type`.
    #[error("{path}: the element type is missing")]
    MissingType { path: String },
    /// A `type` that is neither a SurveyJS type nor one, but close to one (a typing slip).
    #[error("{path}: unknown element type '{found}' (did you mean {suggestion}?)")]
    UnknownType {
        path: String,
        found: String,
        suggestion: &'static str,
    },
    /// `choicesFromQuestion` names no choice question of the definition.
    #[error(
        "{path}: '{name}' is not a choice question of this definition{}",
        suggest(suggestion)
    )]
    BadChoicesFrom {
        path: String,
        name: String,
        suggestion: Option<String>,
    },
    /// A choice question that could never offer a choice (no choices, no "other", nothing
    /// generated or copied): a required one would be a dead end.
    #[error("{path}: the question has no choices")]
    NoChoices { path: String },
}

fn suggest(s: &Option<String>) -> String {
    s.as_ref()
        .map(|s| format!(" (did you mean {s}?)"))
        .unwrap_or_default()
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
            | DefinitionError::BadRating { path }
            | DefinitionError::MissingType { path }
            | DefinitionError::UnknownType { path, .. }
            | DefinitionError::BadChoicesFrom { path, .. }
            | DefinitionError::NoChoices { path } => path,
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
    "questions",
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
    "firstPageIsStartPage",
    "firstPageIsStarted",
    "startSurveyText",
];

/// Every element type of SurveyJS's Form Library (survey-core's serializer classes that can be
/// a survey element). One of these that Yehua does not read is skipped with a warning; a name
/// close to one of these that is none of them is a typing slip and an error.
const SURVEYJS_TYPES: &[&str] = &[
    "boolean",
    "buttongroup",
    "checkbox",
    "comment",
    "dropdown",
    "empty",
    "expression",
    "file",
    "flowpanel",
    "html",
    "image",
    "imagemap",
    "imagepicker",
    "matrix",
    "matrixdropdown",
    "matrixdynamic",
    "multipletext",
    "panel",
    "paneldynamic",
    "radiogroup",
    "ranking",
    "rating",
    "signaturepad",
    "slider",
    "tagbox",
    "text",
];

/// Names organizers often write for a SurveyJS type (from other form tools or HTML).
const TYPE_ALIASES: &[(&str, &str)] = &[
    ("radio", "radiogroup"),
    ("radiobutton", "radiogroup"),
    ("radiobuttons", "radiogroup"),
    ("select", "dropdown"),
    ("textarea", "comment"),
    ("checkboxes", "checkbox"),
    ("number", "text"),
    ("email", "text"),
    ("note", "html"),
    ("group", "panel"),
];

/// The closest of `candidates` to `word`: at most one edit for short words, two for longer
/// ones (an edit: a character added, removed, changed, or two neighbours swapped).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if word.chars().count() <= 4 { 1 } else { 2 };
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Optimal string alignment distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// Parses a definition from JSON text.
pub fn parse(text: &str) -> Result<Survey, DefinitionError> {
    let (value, duplicates) =
        json::parse_noting_duplicates(text).map_err(DefinitionError::NotJson)?;
    let mut survey = from_json(&value)?;
    survey.fingerprint = fingerprint(text);
    // As JSON.parse and SurveyJS read them: the last of duplicate keys counts.
    let found = duplicates.into_iter().map(|path| Warning {
        path,
        msg: Msg::WarnDuplicateKey,
        params: Vec::new(),
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
            reader.warn(key, Msg::WarnUnknownProperty, &[]);
        }
    }
    let info = read_info(root.get("consultation"), &mut reader)?;
    let mut pages = Vec::new();
    // SurveyJS reads `questions` as an older name of `elements` (at the top, in pages and
    // in panels); top-level elements make one page.
    let top = elements_key(root);
    match (root.get("pages"), top) {
        (Some(list), _) => {
            let items = list
                .as_array()
                .ok_or_else(|| bad("pages", Expected::Array))?;
            for (i, page) in items.iter().enumerate() {
                pages.push(reader.page(page, &format!("pages[{i}]"), i)?);
            }
            if let Some(key) = top {
                reader.warn(
                    key,
                    Msg::WarnElementsBesidePages,
                    &[("key", key.to_string())],
                );
            }
        }
        (None, Some(_)) => pages.push(reader.page(root, "", 0)?),
        (None, None) => return Err(DefinitionError::NoElements),
    }
    if reader.names.is_empty() {
        return Err(DefinitionError::NoElements);
    }
    reader.check_choices_from(&pages)?;
    let start_page = opt_bool(root, "firstPageIsStartPage", "")?
        .or(opt_bool(root, "firstPageIsStarted", "")?)
        .unwrap_or(false)
        && pages.len() > 1;
    let mut survey = Survey {
        info,
        title: opt_text(root, "title", "")?.unwrap_or_default(),
        description: opt_text(root, "description", "")?,
        completed: opt_text(root, "completedHtml", "")?,
        locale: root
            .get("locale")
            .and_then(Value::as_str)
            .map(str::to_string),
        start_page,
        start_text: opt_text(root, "startSurveyText", "")?,
        pages,
        warnings: Vec::new(),
        fingerprint: String::new(),
    };
    check_conditions(&survey, &mut reader)?;
    survey.warnings = reader.warnings;
    survey.warnings.extend(text_check::warnings(root, &survey));
    Ok(survey)
}

/// What a choice's own condition and `choicesVisibleIf` / `choicesEnableIf` may read besides
/// the questions: `{item}`, the choice's value.
const ITEM: &[&str] = &["item"];

/// A condition read, with its path and the names it may read besides the questions'.
type Read = (String, Condition, &'static [&'static str]);

/// Once every question is known: each condition may read only existing questions (an error
/// naming the unknown one, with the closest name), and a choice question compared with a
/// value none of its choices has gets a warning naming the choices' values.
fn check_conditions(survey: &Survey, reader: &mut Reader) -> Result<(), DefinitionError> {
    // `{matrix.row}` and `{multipletext.item}` name one row or item, as in SurveyJS.
    let fields: Vec<String> = survey
        .questions()
        .into_iter()
        .flat_map(|q| {
            let keys: Vec<&str> = match &q.kind {
                Kind::Matrix { rows, .. } => rows.iter().map(|r| r.value.as_str()).collect(),
                Kind::MultipleText { items } => items.iter().map(|i| i.name.as_str()).collect(),
                _ => Vec::new(),
            };
            keys.into_iter().map(move |k| format!("{}.{k}", q.name))
        })
        .collect();
    let mut known: Vec<&str> = reader
        .names
        .iter()
        .chain(&reader.composite_names)
        .chain(&fields)
        .map(String::as_str)
        .collect();
    let questions = known.len();
    let mut warnings = Vec::new();
    for (path, c, locals) in &reader.conditions {
        known.truncate(questions);
        known.extend(locals.iter());
        c.check_names(&known)
            .map_err(|error| DefinitionError::BadExpression {
                path: path.clone(),
                error,
            })?;
        for cmp in c.comparisons() {
            let Some(q) = survey.question(cmp.name) else {
                continue;
            };
            let mut values: Vec<&str> = match &q.kind {
                Kind::Single { choices, other, .. } | Kind::Multi { choices, other, .. } => {
                    let mut v: Vec<&str> = choices.iter().map(|c| c.value.as_str()).collect();
                    v.extend(other.as_ref().map(|_| OTHER_VALUE));
                    v
                }
                Kind::Rating { values, .. } => values.iter().map(|c| c.value.as_str()).collect(),
                // A boolean's answer is true or false (`{consent} = 'yes'` never holds).
                Kind::Boolean { .. } => vec!["true", "false"],
                _ => continue,
            };
            values.dedup();
            for value in cmp.unmatched(&values) {
                warnings.push(Warning {
                    path: path.clone(),
                    msg: Msg::WarnNotAChoiceValue,
                    params: vec![
                        ("value", value),
                        ("name", q.name.clone()),
                        ("values", values.join(", ")),
                    ],
                });
            }
        }
    }
    reader.warnings.extend(warnings);
    Ok(())
}

/// Which key holds a container's elements: `elements`, or SurveyJS's older `questions`.
fn elements_key(container: &Value) -> Option<&'static str> {
    ["elements", "questions"]
        .into_iter()
        .find(|k| container.get(k).is_some())
}

fn bad(path: &str, expected: Expected) -> DefinitionError {
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
            .ok_or_else(|| bad(&join(path, key), Expected::Text)),
    }
}

fn opt_bool(obj: &Value, key: &str, path: &str) -> Result<Option<bool>, DefinitionError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_bool()
            .map(Some)
            .ok_or_else(|| bad(&join(path, key), Expected::Bool)),
    }
}

fn opt_count(obj: &Value, key: &str, path: &str) -> Result<Option<usize>, DefinitionError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_i64() {
            Some(0) if key != "minSelectedChoices" => Ok(None),
            Some(n) if n >= 0 => Ok(Some(n as usize)),
            _ => Err(bad(&join(path, key), Expected::WholeNumber)),
        },
    }
}

fn opt_decimal(obj: &Value, key: &str, path: &str) -> Result<Option<Decimal>, DefinitionError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        // A literal too large or too precise to hold is an error, never "no limit".
        Some(Value::Number(s) | Value::String(s)) => Decimal::parse(s)
            .map(Some)
            .ok_or_else(|| bad(&join(path, key), Expected::Number)),
        Some(_) => Err(bad(&join(path, key), Expected::Number)),
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
        Some(_) => Err(bad(&join(path, key), Expected::Expression)),
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
        reader.warn("consultation", Msg::WarnNoConsultationId, &[]);
        return Ok(ConsultationInfo {
            id: "default".into(),
            version: "1".into(),
            ..Default::default()
        });
    };
    let p = "consultation";
    if v.as_object().is_none() {
        return Err(bad(p, Expected::Object));
    }
    let id = v
        .get("id")
        .and_then(scalar_text)
        .filter(|s| !s.trim().is_empty());
    if id.is_none() {
        reader.warn("consultation.id", Msg::WarnNoConsultationId, &[]);
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
    /// Names a condition may read besides the questions' own: the composite names of
    /// questions that have parts (`matrix.row`).
    composite_names: Vec<String>,
    /// Every condition read, for [`check_conditions`] once all names are known.
    conditions: Vec<Read>,
    warnings: Vec<Warning>,
    unnamed: usize,
    /// `choicesFromQuestion` references (path, question, the name it gives), checked once
    /// every question is known.
    from: Vec<(String, String, String)>,
}

impl Reader {
    /// The condition under `key`, parsed; kept for [`check_conditions`] (the names it reads
    /// are checked once the whole definition is read).
    fn condition(
        &mut self,
        obj: &Value,
        key: &str,
        path: &str,
    ) -> Result<Option<Condition>, DefinitionError> {
        self.condition_with(obj, key, path, &[])
    }

    /// [`Reader::condition`] for a condition that may also read the variables `locals`.
    fn condition_with(
        &mut self,
        obj: &Value,
        key: &str,
        path: &str,
        locals: &'static [&'static str],
    ) -> Result<Option<Condition>, DefinitionError> {
        let c = opt_condition(obj, key, path)?;
        if let Some(c) = &c {
            self.conditions.push((join(path, key), c.clone(), locals));
        }
        Ok(c)
    }

    fn warn(&mut self, path: &str, msg: Msg, params: &[(&'static str, String)]) {
        self.warnings.push(Warning {
            path: path.into(),
            msg,
            params: params.to_vec(),
        });
    }

    /// `known`: lists of the properties this element reads (shared lists and its own, without
    /// building one `Vec` per element).
    fn unknown_properties(&mut self, obj: &Value, path: &str, known: &[&[&str]]) {
        for (key, _) in obj.as_object().unwrap_or_default() {
            let k = key.as_str();
            if !known.iter().any(|list| list.contains(&k)) && !LAYOUT_PROPERTIES.contains(&k) {
                self.warn(&join(path, k), Msg::WarnUnknownProperty, &[]);
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
                &[&[
                    "name",
                    "title",
                    "description",
                    "elements",
                    "questions",
                    "visibleIf",
                    "visible",
                ]],
            );
        }
        let top = path.is_empty();
        Ok(Page {
            name: v
                .get("name")
                .and_then(scalar_text)
                .unwrap_or_else(|| format!("page{}", index + 1)),
            title: if top {
                None
            } else {
                opt_text(v, "title", path)?
            },
            description: if top {
                None
            } else {
                opt_text(v, "description", path)?
            },
            visible_if: if top {
                None
            } else {
                self.condition(v, "visibleIf", path)?
            },
            visible: top || opt_bool(v, "visible", path)?.unwrap_or(true),
            elements: self.elements(v, path)?,
        })
    }

    fn elements(&mut self, container: &Value, path: &str) -> Result<Vec<Element>, DefinitionError> {
        let Some(key) = elements_key(container) else {
            return Ok(Vec::new());
        };
        if key == "elements" && container.get("questions").is_some() {
            self.warn(&join(path, "questions"), Msg::WarnQuestionsIgnored, &[]);
        }
        let list_path = join(path, key);
        let Some(list) = container.get(key) else {
            return Ok(Vec::new());
        };
        let items = list
            .as_array()
            .ok_or_else(|| bad(&list_path, Expected::Array))?;
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
        // SurveyJS matches type names without regard to case.
        let kind = match v.get("type") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.trim().to_ascii_lowercase(),
            Some(_) => return Err(bad(&join(path, "type"), Expected::TypeName)),
        };
        let kind = kind.as_str();
        let name = match v
            .get("name")
            .and_then(scalar_text)
            .filter(|n| !n.trim().is_empty())
        {
            Some(n) => n,
            None => {
                self.unnamed += 1;
                let n = format!("question{}", self.unnamed);
                if kind != "html" && kind != "panel" && !kind.is_empty() {
                    self.warn(path, Msg::WarnNoName, &[("name", n.clone())]);
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
                self.unknown_properties(v, path, &[&common, &["elements", "questions"]]);
                Ok(Some(Element::Panel(Panel {
                    title: opt_text(v, "title", path)?,
                    description: opt_text(v, "description", path)?,
                    visible_if: self.condition(v, "visibleIf", path)?,
                    visible: opt_bool(v, "visible", path)?.unwrap_or(true),
                    elements: self.elements(v, path)?,
                    name,
                })))
            }
            "html" => {
                self.unknown_properties(v, path, &[&common, &["html"]]);
                Ok(Some(Element::Note(Rc::new(Note {
                    text: opt_text(v, "html", path)?.unwrap_or_default(),
                    visible_if: self.condition(v, "visibleIf", path)?,
                    visible: opt_bool(v, "visible", path)?.unwrap_or(true),
                    name,
                }))))
            }
            "text" | "comment" | "radiogroup" | "checkbox" | "dropdown" | "boolean" | "rating"
            | "matrix" | "multipletext" => self
                .question(v, path, kind, name)
                .map(|q| Some(Element::Question(Rc::new(q)))),
            "" => Err(DefinitionError::MissingType {
                path: join(path, "type"),
            }),
            other => {
                let alias = TYPE_ALIASES
                    .iter()
                    .find(|(a, _)| *a == other)
                    .map(|(_, t)| *t);
                let slip = alias.or_else(|| {
                    (!SURVEYJS_TYPES.contains(&other))
                        .then(|| closest(other, SURVEYJS_TYPES.iter().copied()))
                        .flatten()
                });
                if let Some(suggestion) = slip {
                    return Err(DefinitionError::UnknownType {
                        path: join(path, "type"),
                        found: other.to_string(),
                        suggestion,
                    });
                }
                let msg = if SURVEYJS_TYPES.contains(&other) {
                    Msg::WarnUnsupportedType
                } else {
                    Msg::WarnNotSurveyJsType
                };
                self.warn(path, msg, &[("type", other.to_string())]);
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
            "text" => TEXT_PROPERTIES,
            "matrix" => &["columns", "rows", "isAllRowRequired", "eachRowRequired"],
            "multipletext" => &["items"],
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
                "choicesFromQuestion",
                "choicesFromQuestionMode",
                "choicesVisibleIf",
                "choicesEnableIf",
                "choicesMin",
                "choicesMax",
                "choicesStep",
                "hideIfChoicesEmpty",
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
            "enableIf",
            "readOnly",
            "defaultValue",
            "defaultValueExpression",
            "validators",
        ];
        self.unknown_properties(v, path, &[&common, own]);
        let mut choice_rules = ChoiceRules::default();
        let kind = match kind {
            "text" => self.text_kind(v, path)?,
            "comment" => Kind::Comment {
                max_length: opt_count(v, "maxLength", path)?,
                placeholder: opt_text(v, "placeholder", path)?,
                rows: opt_count(v, "rows", path)?.map_or(4, |r| r.clamp(2, 20) as u32),
            },
            "radiogroup" | "dropdown" | "checkbox" => {
                let mut list = choices(v, "choices", path, &mut self.conditions)?;
                if kind == "dropdown" {
                    generated_choices(v, path, &mut list)?;
                } else {
                    for key in ["choicesMin", "choicesMax", "choicesStep"] {
                        if v.get(key).is_some() {
                            self.warn(&join(path, key), Msg::WarnDropdownOnly, &[]);
                        }
                    }
                }
                choice_rules = self.choice_rules(v, path, &name)?;
                let other = other_text(v, path)?;
                if list.is_empty() && other.is_none() && choice_rules.from.is_none() {
                    return Err(DefinitionError::NoChoices {
                        path: join(path, "choices"),
                    });
                }
                if kind == "checkbox" {
                    Kind::Multi {
                        choices: list,
                        other,
                        min: opt_count(v, "minSelectedChoices", path)?.filter(|n| *n > 0),
                        max: opt_count(v, "maxSelectedChoices", path)?,
                    }
                } else {
                    Kind::Single {
                        choices: list,
                        other,
                        dropdown: kind == "dropdown",
                        placeholder: match opt_text(v, "placeholder", path)? {
                            Some(t) => Some(t),
                            None => opt_text(v, "optionsCaption", path)?,
                        },
                    }
                }
            }
            "boolean" => Kind::Boolean {
                label_true: opt_text(v, "labelTrue", path)?,
                label_false: opt_text(v, "labelFalse", path)?,
            },
            "matrix" => Kind::Matrix {
                columns: choices(v, "columns", path, &mut self.conditions)?,
                rows: choices(v, "rows", path, &mut self.conditions)?,
                all_rows_required: opt_bool(v, "eachRowRequired", path)?
                    .or(opt_bool(v, "isAllRowRequired", path)?)
                    .unwrap_or(false),
            },
            "multipletext" => Kind::MultipleText {
                items: self.items(v, path)?,
            },
            _ => Kind::Rating {
                values: rating_values(v, path, &mut self.conditions)?,
                min_label: opt_text(v, "minRateDescription", path)?,
                max_label: opt_text(v, "maxRateDescription", path)?,
            },
        };
        if let Kind::Matrix { columns, rows, .. } = &kind {
            // A row's or column's own condition is not applied: say so.
            for (key, list) in [("rows", rows), ("columns", columns)] {
                for (i, c) in list.iter().enumerate() {
                    for (cond, name) in [(&c.visible_if, "visibleIf"), (&c.enable_if, "enableIf")] {
                        if cond.is_some() {
                            let at = format!("{}[{i}].{name}", join(path, key));
                            self.warn(&at, Msg::WarnUnknownProperty, &[]);
                        }
                    }
                }
            }
            if columns.is_empty() || rows.is_empty() {
                return Err(bad(
                    &join(path, if rows.is_empty() { "rows" } else { "columns" }),
                    Expected::NonEmptyArray,
                ));
            }
        }
        if let Kind::MultipleText { items } = &kind {
            if items.is_empty() {
                return Err(bad(&join(path, "items"), Expected::NonEmptyArray));
            }
        }
        let default_value = self.default_value(v, &kind, path);
        if v.get("defaultValueExpression").is_some() {
            self.warn(
                &join(path, "defaultValueExpression"),
                Msg::WarnUseInstead,
                &[("instead", "defaultValue".into())],
            );
        }
        let intent = match v.get("intent") {
            None | Some(Value::Null) => None,
            Some(i) => Some(
                i.as_str()
                    .and_then(Intent::parse)
                    .ok_or_else(|| bad(&join(path, "intent"), Expected::Intent))?,
            ),
        };
        self.names.push(name.clone());
        Ok(Question {
            index: self.names.len() - 1,
            title: opt_text(v, "title", path)?.unwrap_or_else(|| Text::plain(name.clone())),
            description: opt_text(v, "description", path)?,
            kind,
            required: opt_bool(v, "isRequired", path)?.unwrap_or(false),
            required_if: self.condition(v, "requiredIf", path)?,
            visible_if: self.condition(v, "visibleIf", path)?,
            visible: opt_bool(v, "visible", path)?.unwrap_or(true),
            enable_if: self.condition(v, "enableIf", path)?,
            read_only: opt_bool(v, "readOnly", path)?.unwrap_or(false),
            default_value,
            validators: self.validators(v, path)?,
            intent,
            choice_rules,
            name,
        })
    }

    fn choice_rules(
        &mut self,
        v: &Value,
        path: &str,
        name: &str,
    ) -> Result<ChoiceRules, DefinitionError> {
        let from = match v.get("choicesFromQuestion") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => {
                let mode_path = join(path, "choicesFromQuestionMode");
                let mode = match v.get("choicesFromQuestionMode") {
                    None | Some(Value::Null) => FromMode::All,
                    Some(m) => match m.as_str() {
                        Some("all") => FromMode::All,
                        Some("selected") => FromMode::Selected,
                        Some("unselected") => FromMode::Unselected,
                        _ => return Err(bad(&mode_path, Expected::FromMode)),
                    },
                };
                self.from.push((
                    join(path, "choicesFromQuestion"),
                    name.to_string(),
                    s.clone(),
                ));
                Some(ChoicesFrom {
                    question: s.clone(),
                    mode,
                })
            }
            Some(_) => {
                return Err(bad(
                    &join(path, "choicesFromQuestion"),
                    Expected::QuestionName,
                ))
            }
        };
        Ok(ChoiceRules {
            from,
            visible_if: self.condition_with(v, "choicesVisibleIf", path, ITEM)?,
            enable_if: self.condition_with(v, "choicesEnableIf", path, ITEM)?,
        })
    }

    /// Every `choicesFromQuestion` must name a choice question (SurveyJS would quietly fall
    /// back to the question's own choices: a silent departure for the organizer).
    fn check_choices_from(&self, pages: &[Page]) -> Result<(), DefinitionError> {
        let mut questions = Vec::new();
        for page in pages {
            collect_questions(&page.elements, &mut questions);
        }
        for (path, name, source) in &self.from {
            let found = questions.iter().find(|q| q.name == *source);
            let choice = found.is_some_and(|q| {
                q.name != *name && matches!(q.kind, Kind::Single { .. } | Kind::Multi { .. })
            });
            if !choice {
                return Err(DefinitionError::BadChoicesFrom {
                    path: path.clone(),
                    name: source.clone(),
                    suggestion: closest(
                        source,
                        questions
                            .iter()
                            .filter(|q| {
                                q.name != *name
                                    && matches!(q.kind, Kind::Single { .. } | Kind::Multi { .. })
                            })
                            .map(|q| q.name.as_str()),
                    )
                    .map(str::to_string),
                });
            }
        }
        Ok(())
    }
}

fn collect_questions<'a>(elements: &'a [Element], out: &mut Vec<&'a Question>) {
    for e in elements {
        match e {
            Element::Question(q) => out.push(&**q),
            Element::Panel(p) => collect_questions(&p.elements, out),
            Element::Note(_) => {}
        }
    }
}

impl Reader {
    /// A text question's (or a `multipletext` item's) `Kind::Text`.
    fn text_kind(&mut self, v: &Value, path: &str) -> Result<Kind, DefinitionError> {
        let input = match v.get("inputType").and_then(Value::as_str).unwrap_or("text") {
            "number" => InputType::Number,
            "range" => InputType::Range,
            "tel" => InputType::Tel,
            "email" => InputType::Email,
            "url" => InputType::Url,
            "date" => InputType::Date,
            "time" => InputType::Time,
            "datetime-local" => InputType::DateTimeLocal,
            "password" => {
                self.warn(&join(path, "inputType"), Msg::WarnPassword, &[]);
                InputType::Password
            }
            "text" => InputType::Text,
            other => {
                self.warn(
                    &join(path, "inputType"),
                    Msg::WarnInputTypePlain,
                    &[("value", other.to_string())],
                );
                InputType::Text
            }
        };
        for key in ["minValueExpression", "maxValueExpression"] {
            if v.get(key).is_some() {
                self.warn(
                    &join(path, key),
                    Msg::WarnUseInstead,
                    &[("instead", "min / max".into())],
                );
            }
        }
        let temporal = input.is_temporal();
        let iso = |key: &str| -> Result<Option<String>, DefinitionError> {
            match v.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if is_iso(input, s.trim()) => Ok(Some(s.trim().into())),
                Some(_) => Err(bad(
                    &join(path, key),
                    match input {
                        InputType::Time => Expected::Time,
                        InputType::Date => Expected::Date,
                        _ => Expected::DateTime,
                    },
                )),
            }
        };
        let number = |key: &str| {
            if temporal {
                Ok(None)
            } else {
                opt_decimal(v, key, path)
            }
        };
        Ok(Kind::Text {
            input,
            max_length: opt_count(v, "maxLength", path)?,
            placeholder: opt_text(v, "placeholder", path)?,
            min: number("min")?,
            max: number("max")?,
            step: number("step")?.filter(|s| *s > Decimal::default()),
            earliest: if temporal { iso("min")? } else { None },
            latest: if temporal { iso("max")? } else { None },
        })
    }

    /// A `multipletext` question's `items`.
    fn items(&mut self, v: &Value, path: &str) -> Result<Vec<Item>, DefinitionError> {
        let p = join(path, "items");
        let Some(list) = v.get("items") else {
            return Ok(Vec::new());
        };
        let list = list.as_array().ok_or_else(|| bad(&p, Expected::Array))?;
        let mut out: Vec<Item> = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let at = format!("{p}[{i}]");
            let name = match item {
                Value::Object(_) => item.get("name").and_then(scalar_text),
                other => scalar_text(other),
            }
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| bad(&join(&at, "name"), Expected::ItemName))?;
            if out.iter().any(|it| it.name == name) {
                return Err(DefinitionError::DuplicateName {
                    path: join(&at, "name"),
                    name,
                });
            }
            if item.as_object().is_some() {
                self.unknown_properties(
                    item,
                    &at,
                    &[
                        TEXT_PROPERTIES,
                        &["name", "title", "isRequired", "validators"],
                    ],
                );
            }
            out.push(Item {
                title: opt_text(item, "title", &at)?,
                kind: self.text_kind(item, &at)?,
                required: opt_bool(item, "isRequired", &at)?.unwrap_or(false),
                validators: self.validators(item, &at)?,
                name,
            });
        }
        Ok(out)
    }

    /// `validators`: the supported ones in order; an unknown type is a warning, a broken one an
    /// error.
    fn validators(&mut self, v: &Value, path: &str) -> Result<Vec<Validator>, DefinitionError> {
        let p = join(path, "validators");
        let Some(list) = v.get("validators") else {
            return Ok(Vec::new());
        };
        let list = list.as_array().ok_or_else(|| bad(&p, Expected::Array))?;
        let mut out = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let at = format!("{p}[{i}]");
            if item.as_object().is_none() {
                return Err(DefinitionError::NotObject { path: at });
            }
            let kind = item.get("type").and_then(Value::as_str).unwrap_or("");
            let kind = kind.strip_suffix("validator").unwrap_or(kind);
            let own: &[&str] = match kind {
                "numeric" => &["minValue", "maxValue"],
                "text" => &["minLength", "maxLength", "allowDigits"],
                "regex" => &["regex", "caseInsensitive", "insensitive"],
                "expression" => &["expression"],
                _ => &[],
            };
            self.unknown_properties(item, &at, &[&["type", "text", "notificationType"], own]);
            if item
                .get("notificationType")
                .and_then(Value::as_str)
                .is_some_and(|t| t != "error")
            {
                self.warn(
                    &join(&at, "notificationType"),
                    Msg::WarnNotificationType,
                    &[],
                );
            }
            let rule = match kind {
                "numeric" => Rule::Numeric {
                    min: opt_decimal(item, "minValue", &at)?,
                    max: opt_decimal(item, "maxValue", &at)?,
                },
                "text" => Rule::Text {
                    min_length: opt_count(item, "minLength", &at)?,
                    max_length: opt_count(item, "maxLength", &at)?,
                    allow_digits: opt_bool(item, "allowDigits", &at)?.unwrap_or(true),
                },
                "email" => Rule::Email,
                "regex" => match item.get("regex") {
                    None | Some(Value::Null) => {
                        self.warn(&at, Msg::WarnValidatorEmpty, &[("key", "regex".into())]);
                        continue;
                    }
                    Some(Value::String(pattern)) => Rule::Regex {
                        pattern: pattern.clone(),
                        case_insensitive: opt_bool(item, "caseInsensitive", &at)?
                            .or(opt_bool(item, "insensitive", &at)?)
                            .unwrap_or(false),
                    },
                    Some(_) => return Err(bad(&join(&at, "regex"), Expected::Pattern)),
                },
                "expression" => match self.condition(item, "expression", &at)? {
                    Some(c) => Rule::Expression(c),
                    None => {
                        self.warn(
                            &at,
                            Msg::WarnValidatorEmpty,
                            &[("key", "expression".into())],
                        );
                        continue;
                    }
                },
                "" => return Err(bad(&join(&at, "type"), Expected::ValidatorType)),
                other => {
                    self.warn(
                        &join(&at, "type"),
                        Msg::WarnValidatorType,
                        &[("type", other.to_string())],
                    );
                    continue;
                }
            };
            let text = opt_text(item, "text", &at)?;
            if text.is_none() && matches!(rule, Rule::Regex { .. } | Rule::Expression(_)) {
                self.warn(&at, Msg::WarnValidatorNoText, &[]);
            }
            out.push(Validator { rule, text });
        }
        Ok(out)
    }

    /// `defaultValue` as an answer of this kind; a value of the wrong shape is a warning.
    fn default_value(&mut self, v: &Value, kind: &Kind, path: &str) -> Option<Answer> {
        let value = v
            .get("defaultValue")
            .filter(|d| !matches!(d, Value::Null))?;
        let fields = |d: &Value| -> Option<Vec<(String, String)>> {
            d.as_object()?
                .iter()
                .map(|(k, x)| Some((k.clone(), scalar_text(x)?)))
                .collect()
        };
        let answer = match (kind, value) {
            (Kind::Text { .. } | Kind::Comment { .. }, d) => scalar_text(d).map(Answer::Text),
            (Kind::Single { .. } | Kind::Rating { .. }, d) => scalar_text(d).map(Answer::Choice),
            (Kind::Multi { .. }, Value::Array(list)) => list
                .iter()
                .map(scalar_text)
                .collect::<Option<Vec<_>>>()
                .map(Answer::Choices),
            (Kind::Multi { .. }, d) => scalar_text(d).map(|s| Answer::Choices(vec![s])),
            (Kind::Boolean { .. }, Value::Bool(b)) => Some(Answer::Bool(*b)),
            (Kind::Matrix { .. } | Kind::MultipleText { .. }, d) => fields(d).map(Answer::fields),
            _ => None,
        };
        if answer.is_none() {
            self.warn(&join(path, "defaultValue"), Msg::WarnDefaultShape, &[]);
        }
        answer.filter(|a| !a.is_empty())
    }
}

/// The properties a text question reads (a `multipletext` item reads them too).
const TEXT_PROPERTIES: &[&str] = &[
    "inputType",
    "maxLength",
    "placeholder",
    "min",
    "max",
    "step",
    "minValueExpression",
    "maxValueExpression",
];

/// Whether `s` has the form the browser's picker gives for `input`: `YYYY-MM-DD`, `HH:MM`
/// (seconds allowed) or both joined by `T`.
pub fn is_iso(input: InputType, s: &str) -> bool {
    fn digits(s: &str, n: usize) -> bool {
        s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
    }
    fn date(s: &str) -> bool {
        let mut parts = s.split('-');
        let ok = matches!(
            (parts.next(), parts.next(), parts.next(), parts.next()),
            (Some(y), Some(m), Some(d), None)
                if digits(y, 4) && digits(m, 2) && digits(d, 2)
                && ("01"..="12").contains(&m) && ("01"..="31").contains(&d)
        );
        ok
    }
    fn time(s: &str) -> bool {
        let mut parts = s.split(':');
        let ok = matches!(
            (parts.next(), parts.next(), parts.next(), parts.next()),
            (Some(h), Some(m), sec, None)
                if digits(h, 2) && digits(m, 2) && h <= "23" && m <= "59"
                && sec.is_none_or(|x| {
                    let (whole, fraction) = x.split_once('.').unwrap_or((x, "0"));
                    digits(whole, 2) && whole <= "59" && digits(fraction, fraction.len())
                })
        );
        ok
    }
    match input {
        InputType::Date => date(s),
        InputType::Time => time(s),
        InputType::DateTimeLocal => s.split_once('T').is_some_and(|(d, t)| date(d) && time(t)),
        _ => false,
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

/// Most numbers a dropdown's `choicesMin`..`choicesMax` may generate.
const MAX_GENERATED_CHOICES: i64 = 1000;

/// SurveyJS's dropdown `choicesMin` / `choicesMax` / `choicesStep`: when the maximum is above
/// the minimum, the numbers from one to the other (by the step, 1 by default) follow the
/// listed choices.
fn generated_choices(v: &Value, path: &str, out: &mut Vec<Choice>) -> Result<(), DefinitionError> {
    let int = |key: &str, default: i64| match v.get(key) {
        None | Some(Value::Null) => Ok(default),
        Some(x) => x
            .as_i64()
            .ok_or_else(|| bad(&join(path, key), Expected::WholeNumber)),
    };
    let (min, max, step) = (
        int("choicesMin", 0)?,
        int("choicesMax", 0)?,
        int("choicesStep", 1)?,
    );
    if max <= min {
        return Ok(());
    }
    if step < 1 {
        return Err(bad(&join(path, "choicesStep"), Expected::WholeNumber));
    }
    let count = (max - min) / step + 1;
    if count > MAX_GENERATED_CHOICES {
        return Err(bad(&join(path, "choicesMax"), Expected::WholeNumber));
    }
    for i in 0..count {
        let value = (min + i * step).to_string();
        if !out.iter().any(|c| c.value == value) {
            out.push(Choice::new(value, None));
        }
    }
    Ok(())
}

/// The choices under `key`; each choice's own conditions are added to `read`.
fn choices(
    v: &Value,
    key: &str,
    path: &str,
    read: &mut Vec<Read>,
) -> Result<Vec<Choice>, DefinitionError> {
    let p = join(path, key);
    let Some(list) = v.get(key) else {
        return Ok(Vec::new());
    };
    let items = list
        .as_array()
        .ok_or_else(|| DefinitionError::BadChoices { path: p.clone() })?;
    let mut out: Vec<Choice> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let at_path = format!("{p}[{i}]");
        let at = || DefinitionError::BadChoices {
            path: at_path.clone(),
        };
        let choice = match item {
            Value::Object(_) => Choice {
                value: item.get("value").and_then(scalar_text).ok_or_else(at)?,
                text: match item.get("text") {
                    None | Some(Value::Null) => None,
                    Some(t) => Some(Text::from_json(t).ok_or_else(at)?),
                },
                visible_if: opt_condition(item, "visibleIf", &at_path)?,
                enable_if: opt_condition(item, "enableIf", &at_path)?,
            },
            other => Choice::new(scalar_text(other).ok_or_else(at)?, None),
        };
        for (k, c) in [
            ("visibleIf", &choice.visible_if),
            ("enableIf", &choice.enable_if),
        ] {
            if let Some(c) = c {
                read.push((join(&at_path, k), c.clone(), ITEM));
            }
        }
        let choice = split_value_text(choice);
        if !out.iter().any(|c| c.value == choice.value) {
            out.push(choice);
        }
    }
    Ok(out)
}

/// SurveyJS's `value|text` shorthand (its `itemValueSeparator`): `"many|More than one"` is
/// the value `many` shown as "More than one"; a text given beside it wins.
fn split_value_text(mut choice: Choice) -> Choice {
    if let Some((value, text)) = choice.value.split_once('|') {
        if choice.text.is_none() && !text.is_empty() {
            choice.text = Some(Text::plain(text.to_string()));
        }
        choice.value = value.to_string();
    }
    choice
}

fn rating_values(
    v: &Value,
    path: &str,
    read: &mut Vec<Read>,
) -> Result<Vec<Choice>, DefinitionError> {
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
        let values = choices(v, "rateValues", path, read)?;
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
            .ok_or_else(|| bad(&join(path, key), Expected::WholeNumber)),
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
        .map(|i| Choice::new((min + i * step).to_string(), None))
        .collect())
}

impl Survey {
    /// Every question in definition order, with panels flattened.
    pub fn questions(&self) -> Vec<&Question> {
        let mut out = Vec::new();
        for page in &self.pages {
            collect_questions(&page.elements, &mut out);
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
