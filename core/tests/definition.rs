//! Native tests of reading a consultation definition (the SurveyJS subset of
//! docs/DEFINITIONS.md): every element type, pages and top-level elements, locale maps and their
//! fallback, the `consultation` and `intent` extensions, the embedded default consultation,
//! warnings for what is skipped, and one test per error kind (variant, `path()`, Display).
//!
//! Owns: the evidence that organizers' JSON becomes the model the form renders, or a precise
//! error. Must not: touch the browser; fixtures live in tests/fixtures/.

use std::rc::Rc;

use yehua_core::answer::Answer;
use yehua_core::condition::ConditionError;
use yehua_core::decimal::Decimal;
use yehua_core::definition::{
    self, Choice, DefinitionError, Element, Expected, InputType, Intent, Kind, Question, Survey,
};
use yehua_core::form::{Action, Form};
use yehua_core::i18n::Locale;
use yehua_core::text::Text;

const ALL_TYPES: &str = include_str!("fixtures/all_types.json");
const UNKNOWN_BITS: &str = include_str!("fixtures/unknown_bits.json");
const BAD_EXPRESSION: &str = include_str!("fixtures/bad_expression.json");
const DEFAULT_CONSULTATION: &str = include_str!("../src/default_consultation.json");

fn parse_ok(text: &str) -> Survey {
    match definition::parse(text) {
        Ok(survey) => survey,
        Err(e) => panic!("definition should parse, got {e:?} at {:?}", e.path()),
    }
}

fn parse_err(text: &str) -> DefinitionError {
    match definition::parse(text) {
        Ok(survey) => panic!(
            "definition should fail, parsed {} pages",
            survey.pages.len()
        ),
        Err(e) => e,
    }
}

fn question<'a>(survey: &'a Survey, name: &str) -> &'a Question {
    survey
        .question(name)
        .unwrap_or_else(|| panic!("question {name} missing"))
}

fn values(choices: &[Choice]) -> Vec<&str> {
    choices.iter().map(|c| c.value.as_str()).collect()
}

fn all(text: &Option<Text>) -> [&str; 3] {
    let t = text.as_ref().expect("text present");
    [t.get(Locale::ZhCn), t.get(Locale::ZhTw), t.get(Locale::En)]
}

fn decimal(s: &str) -> Option<Decimal> {
    Some(Decimal::parse(s).expect("a number"))
}

// Element types

#[test]
fn text_questions_read_every_input_type() {
    let s = parse_ok(ALL_TYPES);
    let expect = [
        ("nickname", InputType::Text),
        ("explicit_text", InputType::Text),
        ("household", InputType::Number),
        ("phone", InputType::Tel),
        ("mail", InputType::Email),
    ];
    for (name, input_type) in expect {
        match &question(&s, name).kind {
            Kind::Text { input, .. } => assert_eq!(*input, input_type, "{name}"),
            other => panic!("{name} should be text, got {other:?}"),
        }
    }
    let Kind::Text {
        max_length,
        placeholder,
        ..
    } = &question(&s, "nickname").kind
    else {
        panic!("nickname is text")
    };
    assert_eq!(*max_length, Some(20));
    assert_eq!(
        all(placeholder),
        ["例如：王阿姨", "例如：王阿姨", "e.g. Auntie Wang"]
    );
    let Kind::Text { min, max, .. } = &question(&s, "household").kind else {
        panic!("household is text")
    };
    assert_eq!((min.clone(), max.clone()), (decimal("1"), decimal("20")));
    assert!(question(&s, "mail").required);
    assert!(!question(&s, "phone").required);
}

#[test]
fn unsupported_input_type_warns_and_falls_back_to_plain_text() {
    let s = parse_ok(UNKNOWN_BITS);
    assert!(matches!(
        question(&s, "when").kind,
        Kind::Text {
            input: InputType::Text,
            ..
        }
    ));
    let w = s
        .warnings
        .iter()
        .find(|w| w.path == "pages[0].elements[3].inputType")
        .expect("a warning for inputType week");
    let m = w.message(Locale::En);
    assert!(m.contains("\"week\""), "{m}");
}

#[test]
fn duplicate_keys_count_as_json_parse_reads_them_the_last_one_and_warn() {
    let s = parse_ok(
        r#"{"pages": [{"elements": [
            {"type": "text", "name": "a", "isRequired": false, "isRequired": true}
        ]}], "title": "一", "title": "二"}"#,
    );
    assert!(question(&s, "a").required);
    assert_eq!(s.title.get(Locale::ZhCn), "二");
    let messages: Vec<(String, String)> = s
        .warnings
        .iter()
        .map(|w| (w.path.clone(), w.message(Locale::En)))
        .filter(|(path, _)| path != "consultation")
        .collect();
    let paths: Vec<(&str, &str)> = messages
        .iter()
        .map(|(p, m)| (p.as_str(), m.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            (
                "pages[0].elements[0].isRequired",
                "duplicate key: the last one is used"
            ),
            ("title", "duplicate key: the last one is used"),
        ]
    );
}

#[test]
fn comment_reads_rows_and_max_length_with_rows_clamped() {
    let s = parse_ok(ALL_TYPES);
    assert!(matches!(
        question(&s, "remarks").kind,
        Kind::Comment {
            rows: 6,
            max_length: Some(500),
            ..
        }
    ));
    // One row would be too small a box: at least 2.
    assert!(matches!(
        question(&s, "short_remarks").kind,
        Kind::Comment {
            rows: 2,
            max_length: None,
            ..
        }
    ));
}

#[test]
fn radiogroup_reads_plain_values_and_the_other_item() {
    let s = parse_ok(ALL_TYPES);
    let Kind::Single {
        choices,
        other,
        dropdown,
        ..
    } = &question(&s, "single").kind
    else {
        panic!("single is a radiogroup")
    };
    assert!(!dropdown);
    // Numbers and booleans keep their literal text as the stored value.
    assert_eq!(values(choices), ["a", "b", "3", "true"]);
    assert_eq!(
        choices[0].label(Locale::En),
        "a",
        "no text: the value shows"
    );
    assert_eq!(
        all(other),
        ["其他（请注明）", "其他（请注明）", "Other (please say)"]
    );
}

#[test]
fn checkbox_reads_min_max_selected_has_other_and_drops_duplicate_values() {
    let s = parse_ok(ALL_TYPES);
    let q = question(&s, "multi");
    let Kind::Multi {
        choices,
        other,
        min,
        max,
    } = &q.kind
    else {
        panic!("multi is a checkbox")
    };
    assert_eq!((*min, *max), (Some(1), Some(2)));
    assert_eq!(values(choices), ["x", "y", "z"]);
    assert_eq!(choices[0].label(Locale::En), "Ex");
    assert_eq!(choices[0].label(Locale::ZhTw), "选项叉");
    assert_eq!(choices[1].label(Locale::ZhCn), "y");
    // `hasOther` (the older name) turns the other item on, with an empty text: the view's default.
    assert!(other.as_ref().is_some_and(Text::is_empty));
    assert_eq!(q.intent, Some(Intent::Need));
}

#[test]
fn dropdown_reads_placeholder_or_options_caption() {
    let s = parse_ok(ALL_TYPES);
    let Kind::Single {
        choices,
        other,
        dropdown,
        placeholder,
    } = &question(&s, "grid").kind
    else {
        panic!("grid is a dropdown")
    };
    assert!(*dropdown);
    assert!(other.is_none());
    assert_eq!(values(choices), ["grid_1", "grid_2"]);
    assert_eq!(choices[1].label(Locale::En), "第二网格");
    assert_eq!(all(placeholder)[0], "请选择网格");
    let Kind::Single { placeholder, .. } = &question(&s, "caption").kind else {
        panic!("caption is a dropdown")
    };
    assert_eq!(all(placeholder)[2], "选一个");
}

#[test]
fn boolean_reads_its_labels_or_leaves_them_to_the_view() {
    let s = parse_ok(ALL_TYPES);
    let Kind::Boolean {
        label_true,
        label_false,
    } = &question(&s, "volunteer").kind
    else {
        panic!("volunteer is boolean")
    };
    assert_eq!(all(label_true), ["愿意", "愿意", "Yes, I'd like to"]);
    assert_eq!(all(label_false), ["暂时不了", "暂时不了", "暂时不了"]);
    assert_eq!(
        question(&s, "plain_yes_no").kind,
        Kind::Boolean {
            label_true: None,
            label_false: None
        }
    );
}

#[test]
fn rating_defaults_to_one_to_five() {
    let s = parse_ok(ALL_TYPES);
    let Kind::Rating { values: v, .. } = &question(&s, "default_rating").kind else {
        panic!("rating")
    };
    assert_eq!(values(v), ["1", "2", "3", "4", "5"]);
}

#[test]
fn rating_reads_rate_min_max_step_and_end_labels() {
    let s = parse_ok(ALL_TYPES);
    let Kind::Rating {
        values: v,
        min_label,
        max_label,
    } = &question(&s, "stepped").kind
    else {
        panic!("rating")
    };
    assert_eq!(values(v), ["0", "2", "4", "6", "8", "10"]);
    assert_eq!(all(min_label)[2], "不太急");
    assert_eq!(all(max_label), ["非常急", "非常急", "Very urgent"]);
}

#[test]
fn rating_reads_rate_values_as_objects_or_plain_values() {
    let s = parse_ok(ALL_TYPES);
    let Kind::Rating { values: v, .. } = &question(&s, "listed").kind else {
        panic!("rating")
    };
    assert_eq!(values(v), ["1", "2", "3"]);
    assert_eq!(v[0].label(Locale::ZhCn), "差");
    assert_eq!(v[2].label(Locale::En), "Good");
    let Kind::Rating { values: v, .. } = &question(&s, "plain_listed").kind else {
        panic!("rating")
    };
    assert_eq!(values(v), ["low", "high"]);
}

#[test]
fn html_becomes_a_note_with_its_text_unparsed() {
    let s = parse_ok(ALL_TYPES);
    let Element::Note(note) = &s.pages[3].elements[0] else {
        panic!("first element of layout is the html note")
    };
    assert_eq!(note.name, "note");
    // Markup is kept literally; the view shows it as text.
    assert_eq!(note.text.get(Locale::ZhCn), "<b>匿名</b> 填写");
    assert_eq!(note.text.get(Locale::En), "Anonymous");
    assert!(s.question("note").is_none(), "a note is not a question");
}

#[test]
fn panel_nests_elements_and_questions_flatten_in_definition_order() {
    let s = parse_ok(ALL_TYPES);
    let Element::Panel(outer) = &s.pages[3].elements[1] else {
        panic!("second element of layout is a panel")
    };
    assert_eq!(outer.name, "outer");
    assert_eq!(
        outer.title.as_ref().map(|t| t.get(Locale::En)),
        Some("外层分组")
    );
    assert!(outer.description.is_some());
    assert!(outer.visible_if.is_some());
    assert_eq!(outer.elements.len(), 2);
    let Element::Panel(inner) = &outer.elements[1] else {
        panic!("a panel inside the panel")
    };
    let Element::Question(deep) = &inner.elements[0] else {
        panic!("a question inside the inner panel")
    };
    assert_eq!(deep.name, "deep_comment");
    assert!(deep.visible_if.is_some());

    let names: Vec<&str> = s.questions().iter().map(|q| q.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "nickname",
            "explicit_text",
            "household",
            "phone",
            "mail",
            "remarks",
            "short_remarks",
            "single",
            "multi",
            "grid",
            "caption",
            "volunteer",
            "plain_yes_no",
            "default_rating",
            "stepped",
            "listed",
            "plain_listed",
            "inner_text",
            "deep_comment",
            "after_expression",
        ]
    );
    // `index` is the position among all questions, for element ids.
    for (i, q) in s.questions().iter().enumerate() {
        assert_eq!(q.index, i, "{}", q.name);
    }
}

#[test]
fn expression_is_skipped_with_a_warning_and_the_rest_parses() {
    let s = parse_ok(ALL_TYPES);
    assert!(s.question("total").is_none());
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert_eq!(s.warnings[0].path, "pages[3].elements[2]");
    assert!(s.warnings[0].message(Locale::En).contains("\"expression\""));
    // The element after the skipped one is read, with its flags.
    let after = question(&s, "after_expression");
    assert!(!after.required);
    assert!(after.required_if.is_some());
    assert!(!after.visible);
}

// Pages, top-level keys, locale maps

#[test]
fn pages_keep_names_titles_and_visible_if() {
    let s = parse_ok(ALL_TYPES);
    let names: Vec<&str> = s.pages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["texts", "choices", "ratings", "layout"]);
    assert_eq!(all(&s.pages[0].title), ["填空", "填空", "Text"]);
    assert_eq!(all(&s.pages[0].description)[0], "先填几个空");
    assert!(s.pages[0].visible_if.is_none());
    assert!(s.pages[1].visible_if.is_some());
    assert_eq!(all(&s.completed)[0], "谢谢您！");
    assert_eq!(s.locale.as_deref(), Some("zh-cn"));
}

#[test]
fn top_level_elements_make_one_page_with_paths_without_pages() {
    let s = parse_ok(
        r#"{"consultation": {"id": "one-page"},
            "elements": [
              {"type": "text", "name": "a"},
              {"type": "text", "name": "b", "bogus": 1}
            ]}"#,
    );
    assert_eq!(s.pages.len(), 1);
    assert_eq!(s.pages[0].name, "page1");
    assert_eq!(s.pages[0].elements.len(), 2);
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert_eq!(s.warnings[0].path, "elements[1].bogus");
    assert_eq!(s.info.version, "1", "version defaults to 1");
}

#[test]
fn pages_without_names_are_numbered_from_one() {
    let s = parse_ok(
        r#"{"consultation": {"id": "x"}, "pages": [
             {"elements": [{"type": "text", "name": "a"}]},
             {"elements": [{"type": "text", "name": "b"}]}
           ]}"#,
    );
    let names: Vec<&str> = s.pages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["page1", "page2"]);
}

#[test]
fn top_level_elements_beside_pages_warn_instead_of_vanishing() {
    let s = parse_ok(
        r#"{"consultation": {"id": "x"},
            "pages": [{"name": "p", "elements": [{"type": "text", "name": "a"}]}],
            "elements": [{"type": "text", "name": "lost"}]}"#,
    );
    assert!(
        s.warnings.iter().any(|w| w.path == "elements"),
        "{:?}",
        s.warnings
    );
}

#[test]
fn locale_maps_fall_back_zh_tw_to_zh_to_default_and_en_to_default() {
    let s = parse_ok(ALL_TYPES);
    // {"default", "en", "zh-TW"}: the key's case does not matter.
    assert_eq!(s.title.get(Locale::ZhTw), "全部題型");
    assert_eq!(s.title.get(Locale::ZhCn), "全部题型");
    assert_eq!(s.title.get(Locale::En), "Every question type");
    // {"default", "zh"}: both Chinese readers take `zh`, English falls back to `default`.
    let d = s.description.as_ref().expect("description");
    assert_eq!(d.get(Locale::ZhTw), "中文说明");
    assert_eq!(d.get(Locale::ZhCn), "中文说明");
    assert_eq!(d.get(Locale::En), "说明");
}

#[test]
fn locale_map_chains_checked_key_by_key() {
    let text = |json: &str| {
        let s = parse_ok(&format!(
            r#"{{"consultation": {{"id": "x"}}, "title": {json}, "elements": [{{"type": "text", "name": "a"}}]}}"#
        ));
        s.title
    };
    let t = text(r#"{"default": "简", "zh-Hant": "繁"}"#);
    assert_eq!(
        (t.get(Locale::ZhTw), t.get(Locale::ZhCn), t.get(Locale::En)),
        ("繁", "简", "简")
    );
    let t = text(r#"{"default": "简", "zh-HK": "港"}"#);
    assert_eq!(t.get(Locale::ZhTw), "港");
    let t = text(r#"{"default": "默认", "zh-CN": "简体"}"#);
    assert_eq!(
        (t.get(Locale::ZhCn), t.get(Locale::ZhTw), t.get(Locale::En)),
        ("简体", "默认", "默认")
    );
    // No key from the chain at all: the first entry rather than nothing.
    let t = text(r#"{"fr": "Bonjour", "de": "Hallo"}"#);
    assert_eq!(t.get(Locale::En), "Bonjour");
    // Non-string members are ignored.
    let t = text(r#"{"en": 5, "default": "默认"}"#);
    assert_eq!(t.get(Locale::En), "默认");
}

#[test]
fn consultation_extension_is_read_with_numeric_version_as_text() {
    let s = parse_ok(ALL_TYPES);
    let info = &s.info;
    assert_eq!(info.id, "fixture-all-types");
    assert_eq!(info.version, "3");
    assert_eq!(info.date.as_deref(), Some("2026-12-10"));
    assert_eq!(
        all(&info.session),
        [
            "和平夜话 · 第 1 期",
            "和平夜话 · 第 1 期",
            "Heping Evening Talk No. 1"
        ]
    );
    assert_eq!(all(&info.venue)[2], "社区活动室");
    assert_eq!(all(&info.community)[2], "Chaoyangli Community");
    assert_eq!(all(&info.organizer)[0], "社区居委会");
}

#[test]
fn missing_consultation_or_id_warns_and_uses_default() {
    let s = parse_ok(r#"{"elements": [{"type": "text", "name": "a"}]}"#);
    assert_eq!(
        (s.info.id.as_str(), s.info.version.as_str()),
        ("default", "1")
    );
    assert_eq!(s.warnings.len(), 1);
    assert_eq!(s.warnings[0].path, "consultation");

    let s = parse_ok(
        r#"{"consultation": {"id": "  ", "version": "2"}, "elements": [{"type": "text", "name": "a"}]}"#,
    );
    assert_eq!(
        (s.info.id.as_str(), s.info.version.as_str()),
        ("default", "2")
    );
    assert_eq!(s.warnings[0].path, "consultation.id");
}

#[test]
fn intent_is_read_per_question_and_optional() {
    let s = parse_ok(ALL_TYPES);
    assert_eq!(question(&s, "phone").intent, Some(Intent::Skill));
    assert_eq!(question(&s, "remarks").intent, Some(Intent::Suggestion));
    assert_eq!(question(&s, "multi").intent, Some(Intent::Need));
    assert_eq!(question(&s, "grid").intent, None);
    for intent in [Intent::Need, Intent::Skill, Intent::Suggestion] {
        assert_eq!(Intent::parse(intent.as_str()), Some(intent));
    }
    assert_eq!(Intent::parse("Need"), None);
}

#[test]
fn an_unknown_intent_is_a_bad_value() {
    let e = parse_err(
        r#"{"consultation": {"id": "x"}, "elements": [{"type": "text", "name": "a", "intent": "wish"}]}"#,
    );
    assert_eq!(
        e,
        DefinitionError::BadValue {
            path: "elements[0].intent".into(),
            expected: Expected::Intent
        }
    );
    assert_eq!(e.path(), "elements[0].intent");
}

// Warnings

#[test]
fn unknown_types_and_properties_warn_with_paths_while_the_rest_parses() {
    let s = parse_ok(UNKNOWN_BITS);
    let mut paths: Vec<&str> = s.warnings.iter().map(|w| w.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "calculatedValues",
            "pages[0].elements[0].maskType",
            "pages[0].elements[1]",
            "pages[0].elements[2].choicesByUrl",
            "pages[0].elements[3].inputType",
            "pages[0].elements[4]",
            "pages[0].navigationButtonsVisibility",
            "triggers",
        ]
    );
    let by_path = |p: &str| {
        s.warnings
            .iter()
            .find(|w| w.path == p)
            .map(|w| w.message(Locale::En))
            .unwrap_or_default()
    };
    assert!(by_path("pages[0].elements[1]").contains("\"matrixdynamic\""));
    assert!(by_path("pages[0].elements[4]").contains("\"signaturepad\""));
    assert!(by_path("triggers").contains("unknown property"));
    // Everything supported is still there, in order.
    let names: Vec<&str> = s.questions().iter().map(|q| q.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "when", "last"]);
    let Kind::Single { choices, .. } = &question(&s, "b").kind else {
        panic!("b is a radiogroup")
    };
    assert_eq!(values(choices), ["x", "y"]);
}

#[test]
fn a_question_without_name_warns_and_gets_a_generated_one() {
    let s = parse_ok(
        r#"{"consultation": {"id": "x"}, "elements": [
             {"type": "html", "html": "说明"},
             {"type": "text", "title": "无名"}
           ]}"#,
    );
    // The unnamed html note is not worth a warning; the question is.
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert_eq!(s.warnings[0].path, "elements[1]");
    let q = s.questions()[0];
    assert!(s.warnings[0].message(Locale::En).contains(&q.name));
    assert_eq!(q.title.get(Locale::ZhCn), "无名");
}

#[test]
fn a_question_without_title_shows_its_name() {
    let s = parse_ok(
        r#"{"consultation": {"id": "x"}, "elements": [{"type": "text", "name": "household_size"}]}"#,
    );
    assert_eq!(s.questions()[0].title.get(Locale::En), "household_size");
}

// The embedded default consultation

#[test]
fn default_consultation_parses_without_warnings() {
    let s = parse_ok(DEFAULT_CONSULTATION);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!(s.info.id, "heping-yehua-example");
    assert_eq!(s.info.version, "1");
    assert_eq!(s.pages.len(), 5);
    // Every text a resident sees has an English translation.
    assert_ne!(s.title.get(Locale::En), s.title.get(Locale::ZhCn));
    for q in s.questions() {
        assert_ne!(
            q.title.get(Locale::En),
            q.title.get(Locale::ZhCn),
            "{}",
            q.name
        );
    }
}

#[test]
fn default_consultation_has_all_three_intents() {
    let s = parse_ok(DEFAULT_CONSULTATION);
    for intent in [Intent::Need, Intent::Skill, Intent::Suggestion] {
        assert!(
            s.questions().iter().any(|q| q.intent == Some(intent)),
            "{intent:?} missing"
        );
    }
}

#[test]
fn default_consultation_uses_every_supported_type() {
    let s = parse_ok(DEFAULT_CONSULTATION);
    let mut seen: Vec<&str> = Vec::new();
    fn walk(elements: &[Element], seen: &mut Vec<&'static str>) {
        for e in elements {
            let kind = match e {
                Element::Note(_) => "html",
                Element::Panel(p) => {
                    walk(&p.elements, seen);
                    "panel"
                }
                Element::Question(q) => match &q.kind {
                    Kind::Text { .. } => "text",
                    Kind::Comment { .. } => "comment",
                    Kind::Single { dropdown: true, .. } => "dropdown",
                    Kind::Single { .. } => "radiogroup",
                    Kind::Multi { .. } => "checkbox",
                    Kind::Boolean { .. } => "boolean",
                    Kind::Rating { .. } => "rating",
                    // Read for the surveys organizers bring from SurveyJS; the default
                    // consultation stays short (fixtures/survey_types.json has them).
                    Kind::Matrix { .. } | Kind::MultipleText { .. } => continue,
                },
            };
            if !seen.contains(&kind) {
                seen.push(kind);
            }
        }
    }
    for page in &s.pages {
        walk(&page.elements, &mut seen);
    }
    seen.sort_unstable();
    assert_eq!(
        seen,
        [
            "boolean",
            "checkbox",
            "comment",
            "dropdown",
            "html",
            "panel",
            "radiogroup",
            "rating",
            "text"
        ]
    );
}

#[test]
fn default_consultation_shows_name_and_phone_only_after_consent() {
    let survey = Rc::new(parse_ok(DEFAULT_CONSULTATION));
    let form = Form::new(survey.clone());
    let visible = |f: &Form| -> Vec<String> {
        f.visible_questions()
            .iter()
            .map(|q| q.name.clone())
            .collect()
    };
    let before = visible(&form);
    assert!(before.contains(&"consent_contact".to_string()));
    assert!(!before.contains(&"name".to_string()));
    assert!(!before.contains(&"phone".to_string()));

    let consent = |yes: bool| Action::Answer {
        name: "consent_contact".into(),
        answer: Some(Answer::Bool(yes)),
    };
    let declined = form
        .reduce(consent(false))
        .expect("answering changes the form");
    assert!(!visible(&declined).contains(&"phone".to_string()));

    let agreed = form
        .reduce(consent(true))
        .expect("answering changes the form");
    let after = visible(&agreed);
    assert!(after.contains(&"name".to_string()));
    assert!(after.contains(&"phone".to_string()));
    let phone = question(&survey, "phone");
    assert!(!form.is_required(phone));
    assert!(
        agreed.is_required(phone),
        "phone is required once consent is given"
    );
}

// Errors: one test per kind

#[test]
fn error_not_json_names_line_and_column() {
    let e = parse_err("{\n  \"elements\": [\n    {\"type\": \"text\",, \"name\": \"a\"}\n  ]\n}");
    let DefinitionError::NotJson(json) = &e else {
        panic!("expected NotJson, got {e:?}")
    };
    assert_eq!((json.line, json.column), (3, 21));
    assert_eq!(e.path(), "");
    let shown = e.to_string();
    assert!(
        shown.starts_with("not JSON: line 3, column 21: "),
        "{shown}"
    );
}

#[test]
fn error_root_not_an_object() {
    for text in ["[]", "\"问卷\"", "42", "null"] {
        let e = parse_err(text);
        assert_eq!(
            e,
            DefinitionError::NotObject {
                path: "(root)".into()
            },
            "{text}"
        );
        assert_eq!(e.path(), "(root)");
        assert_eq!(e.to_string(), "(root): expected an object");
    }
}

#[test]
fn error_no_elements() {
    let cases = [
        r#"{"title": "空"}"#,
        r#"{"pages": []}"#,
        r#"{"pages": [{"name": "p", "elements": []}]}"#,
        r#"{"elements": [{"type": "html", "html": "只有说明"}]}"#,
        r#"{"elements": [{"type": "matrixdynamic", "name": "m"}]}"#,
    ];
    for text in cases {
        let e = parse_err(text);
        assert_eq!(e, DefinitionError::NoElements, "{text}");
        assert_eq!(e.path(), "");
        assert_eq!(e.to_string(), "the definition has no questions");
    }
}

#[test]
fn error_duplicate_name_points_at_the_second() {
    let e = parse_err(
        r#"{"pages": [
             {"name": "p1", "elements": [{"type": "text", "name": "phone"}]},
             {"name": "p2", "elements": [
               {"type": "html", "name": "note", "html": "x"},
               {"type": "panel", "name": "box", "elements": [
                 {"type": "boolean", "name": "ok"},
                 {"type": "text", "name": "phone"}
               ]}
             ]}
           ]}"#,
    );
    let path = "pages[1].elements[1].elements[1].name";
    assert_eq!(
        e,
        DefinitionError::DuplicateName {
            path: path.into(),
            name: "phone".into()
        }
    );
    assert_eq!(e.path(), path);
    assert_eq!(
        e.to_string(),
        format!("{path}: duplicate question name 'phone'")
    );
}

#[test]
fn error_visible_if_that_does_not_parse_names_path_and_position() {
    let e = parse_err(BAD_EXPRESSION);
    let path = "pages[1].elements[3].visibleIf";
    let DefinitionError::BadExpression { path: at, error } = &e else {
        panic!("expected BadExpression, got {e:?}")
    };
    assert_eq!(at, path);
    // `{grid} = 'grid_1`: the string opened at column 10 (counted from 1) is never closed.
    assert_eq!(
        *error,
        ConditionError {
            column: 10,
            message: "unterminated string",
            name: String::new(),
            suggestion: None,
        }
    );
    assert_eq!(e.path(), path);
    assert_eq!(
        e.to_string(),
        format!("{path}: unterminated string at column 10")
    );
}

#[test]
fn error_bad_required_if_and_page_visible_if_have_their_own_paths() {
    let e = parse_err(r#"{"elements": [{"type": "text", "name": "a", "requiredIf": "{a} = "}]}"#);
    assert!(matches!(e, DefinitionError::BadExpression { .. }), "{e:?}");
    assert_eq!(e.path(), "elements[0].requiredIf");
    assert!(e.to_string().starts_with("elements[0].requiredIf: "));

    let e = parse_err(
        r#"{"pages": [{"name": "p", "visibleIf": "{a} ~ 1", "elements": [{"type": "text", "name": "a"}]}]}"#,
    );
    assert!(matches!(e, DefinitionError::BadExpression { .. }), "{e:?}");
    assert_eq!(e.path(), "pages[0].visibleIf");
    assert_eq!(
        e.to_string(),
        "pages[0].visibleIf: unexpected token '~' at column 5"
    );
}

#[test]
fn error_bad_value_type() {
    let cases = [
        (
            r#"{"elements": [{"type": "text", "name": "a", "isRequired": "yes"}]}"#,
            "elements[0].isRequired",
            Expected::Bool,
        ),
        (
            r#"{"elements": [{"type": "comment", "name": "a", "maxLength": "500"}]}"#,
            "elements[0].maxLength",
            Expected::WholeNumber,
        ),
        (
            r#"{"elements": [{"type": "text", "name": "a", "inputType": "number", "min": true}]}"#,
            "elements[0].min",
            Expected::Number,
        ),
        // A numeric limit too large to hold is refused as its string form is, never "no limit".
        (
            r#"{"elements": [{"type": "text", "name": "a", "inputType": "number", "max": 1e1001}]}"#,
            "elements[0].max",
            Expected::Number,
        ),
        (
            r#"{"elements": [{"type": "text", "name": "a", "inputType": "number", "min": "1e1001"}]}"#,
            "elements[0].min",
            Expected::Number,
        ),
        (
            r#"{"elements": [{"type": "text", "name": "a", "title": ["x"]}]}"#,
            "elements[0].title",
            Expected::Text,
        ),
        (
            r#"{"elements": [{"type": "text", "name": "a", "visibleIf": true}]}"#,
            "elements[0].visibleIf",
            Expected::Expression,
        ),
        (
            r#"{"elements": [{"name": "a", "type": 3}]}"#,
            "elements[0].type",
            Expected::TypeName,
        ),
        (r#"{"pages": {"name": "p"}}"#, "pages", Expected::Array),
        (
            r#"{"pages": [{"name": "p", "elements": {"type": "text"}}]}"#,
            "pages[0].elements",
            Expected::Array,
        ),
        (
            r#"{"elements": [{"type": "rating", "name": "a", "rateMax": 4.5}]}"#,
            "elements[0].rateMax",
            Expected::WholeNumber,
        ),
        (
            r#"{"consultation": [], "elements": [{"type": "text", "name": "a"}]}"#,
            "consultation",
            Expected::Object,
        ),
    ];
    for (text, path, expected) in cases {
        let e = parse_err(text);
        assert_eq!(
            e,
            DefinitionError::BadValue {
                path: path.into(),
                expected
            },
            "{text}"
        );
        assert_eq!(e.path(), path);
        assert_eq!(e.to_string(), format!("{path}: expected {expected}"));
    }
}

#[test]
fn error_element_that_is_not_an_object() {
    let e = parse_err(r#"{"elements": [{"type": "text", "name": "a"}, "b"]}"#);
    assert_eq!(
        e,
        DefinitionError::NotObject {
            path: "elements[1]".into()
        }
    );
    assert_eq!(e.to_string(), "elements[1]: expected an object");
}

#[test]
fn error_bad_choices() {
    let cases = [
        (r#""停车, 绿化""#, "elements[0].choices"),
        (r#"[{"text": "没有值"}]"#, "elements[0].choices[0]"),
        (r#"["a", ["b"]]"#, "elements[0].choices[1]"),
        (r#"["a", null]"#, "elements[0].choices[1]"),
        (r#"[{"value": "a", "text": 5}]"#, "elements[0].choices[0]"),
    ];
    for (choices, path) in cases {
        let e = parse_err(&format!(
            r#"{{"elements": [{{"type": "checkbox", "name": "q", "choices": {choices}}}]}}"#
        ));
        assert_eq!(
            e,
            DefinitionError::BadChoices { path: path.into() },
            "{choices}"
        );
        assert_eq!(e.path(), path);
        assert_eq!(
            e.to_string(),
            format!("{path}: choices must be values or {{value, text}} objects")
        );
    }
}

#[test]
fn error_bad_rating() {
    let cases = [
        r#""rateMin": 5, "rateMax": 1"#,
        r#""rateMin": 3, "rateMax": 3"#,
        r#""rateStep": 0"#,
        r#""rateStep": -1"#,
        r#""rateMin": 0, "rateMax": 100"#,
        r#""rateValues": ["only one"]"#,
    ];
    for props in cases {
        let e = parse_err(&format!(
            r#"{{"pages": [{{"name": "p", "elements": [{{"type": "text", "name": "a"}}, {{"type": "rating", "name": "r", {props}}}]}}]}}"#
        ));
        let path = "pages[0].elements[1]";
        assert_eq!(
            e,
            DefinitionError::BadRating { path: path.into() },
            "{props}"
        );
        assert_eq!(e.path(), path);
        assert_eq!(
            e.to_string(),
            format!("{path}: rating needs 2 to 21 values")
        );
    }
}

#[test]
fn rating_allows_exactly_twenty_one_values() {
    let s =
        parse_ok(r#"{"elements": [{"type": "rating", "name": "r", "rateMin": 0, "rateMax": 20}]}"#);
    let Kind::Rating { values, .. } = &s.questions()[0].kind else {
        panic!("rating")
    };
    assert_eq!(values.len(), 21);
}

#[test]
fn error_rate_values_that_is_not_a_list() {
    let e = parse_err(r#"{"elements": [{"type": "rating", "name": "r", "rateValues": "1-5"}]}"#);
    assert_eq!(
        e,
        DefinitionError::BadRating {
            path: "elements[0]".into()
        }
    );
}

#[test]
fn extreme_rating_bounds_are_an_error_not_a_panic() {
    let text = r#"{"elements": [{"type": "rating", "name": "r",
        "rateMin": -9223372036854775808, "rateMax": 9223372036854775807}]}"#;
    let outcome = std::panic::catch_unwind(|| definition::parse(text));
    match outcome {
        Ok(Err(e)) => assert_eq!(e.path(), "elements[0]"),
        Ok(Ok(_)) => panic!("a rating with 2^64 values must not parse"),
        Err(_) => panic!("parse panicked"),
    }
}

#[test]
fn a_definition_carries_the_fingerprint_of_its_text() {
    // FNV-1a 64 test vectors. A prerendered copy records the live root's (data-yehua-definition).
    assert_eq!(
        definition::fingerprint(""),
        0xcbf2_9ce4_8422_2325_u64.to_string()
    );
    assert_eq!(
        definition::fingerprint("a"),
        0xaf63_dc4c_8601_ec8c_u64.to_string()
    );
    assert_eq!(
        definition::fingerprint("foobar"),
        0x8594_4171_f739_67e8_u64.to_string()
    );
    let text = r#"{"elements":[{"type":"text","name":"q1","title":"楼道"}]}"#;
    let edited = text.replace("q1", "q2");
    let survey = definition::parse(text).expect("valid");
    assert_eq!(survey.fingerprint, definition::fingerprint(text));
    assert_eq!(
        definition::parse(text).expect("valid").fingerprint,
        survey.fingerprint
    );
    assert_ne!(
        definition::parse(&edited).expect("valid").fingerprint,
        survey.fingerprint
    );
    // One question per screen is the same definition.
    assert_eq!(
        yehua_core::layout::one_per_page(survey.clone()).fingerprint,
        survey.fingerprint
    );
}
