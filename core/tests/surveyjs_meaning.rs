//! Native tests that a definition means what SurveyJS means by it, where Yehua once departed
//! silently: pages holding only `html`, `firstPageIsStartPage`, `"visible": false` with
//! `visibleIf`, choice-level `visibleIf` / `enableIf` (and the question's `choicesVisibleIf` /
//! `choicesEnableIf`), `choicesFromQuestion` with its modes, a dropdown's `choicesMin` /
//! `choicesMax` / `choicesStep`, and the older top-level `questions` key.
//!
//! Owns: the evidence (each checked against survey-core's source, named in each test) that the
//! form shows, requires and submits what SurveyJS would. Must not: touch the browser.

use std::rc::Rc;

use yehua_core::answer::Answer;
use yehua_core::definition::{self, Element, Kind, Survey};
use yehua_core::form::{Action, Form, Phase};
use yehua_core::layout::one_per_page;

fn survey(text: &str) -> Rc<Survey> {
    match definition::parse(text) {
        Ok(s) => Rc::new(s),
        Err(e) => panic!("definition should parse, got {e}"),
    }
}

fn act(form: &Form, action: Action) -> Form {
    form.reduce(action.clone())
        .unwrap_or_else(|| panic!("{action:?} should change the form"))
}

fn answer(form: &Form, name: &str, value: Option<Answer>) -> Form {
    form.reduce(Action::Answer {
        name: name.into(),
        answer: value,
    })
    .unwrap_or_else(|| form.clone())
}

fn one(s: &str) -> Option<Answer> {
    Some(Answer::Choice(s.into()))
}

fn many(v: &[&str]) -> Option<Answer> {
    Some(Answer::Choices(v.iter().map(|s| s.to_string()).collect()))
}

fn shown_values(form: &Form, name: &str) -> Vec<(String, bool)> {
    let q = form.survey.question(name).expect("question");
    form.shown_choices(q)
        .expect("choices depend on answers")
        .into_iter()
        .map(|c| (c.choice.value, c.enabled))
        .collect()
}

fn submitted(form: &Form) -> Vec<(String, String)> {
    let answers = form.submitted_answers();
    form.survey
        .questions()
        .iter()
        .filter_map(|q| Some((q.name.clone(), answers.get(&q.name)?.display())))
        .collect()
}

// 1. Pages of html only, and the start page

const INTRO_PAGE: &str = r#"{
    "pages": [
        { "name": "intro", "elements": [ { "type": "html", "name": "welcome", "html": "欢迎参加" } ] },
        { "name": "ask", "elements": [ { "type": "text", "name": "need", "isRequired": true } ] },
        { "name": "thanks", "elements": [ { "type": "html", "name": "bye", "html": "谢谢" } ] }
    ]
}"#;

#[test]
fn a_page_of_html_only_is_shown_and_counted_like_any_page() {
    // survey-core page.ts / panel.ts: a page is visible when `visible` and any element
    // (an html question included) is visible.
    let form = Form::new(survey(INTRO_PAGE));
    assert_eq!(form.visible_pages(), [0, 1, 2]);
    assert_eq!(form.page, 0);
    assert_eq!(form.progress(), (1, 3));
    let form = act(&form, Action::Next);
    assert_eq!(form.page, 1);
    let form = answer(&form, "need", Some(Answer::Text("路灯".into())));
    let form = act(&form, Action::Next);
    assert_eq!(form.page, 2, "the closing html page is shown too");
    assert!(form.is_last_page());
}

#[test]
fn an_html_page_whose_notes_are_all_hidden_is_skipped() {
    let form = Form::new(survey(
        r#"{ "pages": [
            { "elements": [ { "type": "boolean", "name": "b" } ] },
            { "elements": [ { "type": "html", "name": "n", "html": "x", "visibleIf": "{b} = true" } ] },
            { "elements": [ { "type": "text", "name": "t" } ] }
        ] }"#,
    ));
    assert_eq!(form.visible_pages(), [0, 2]);
    let form = answer(&form, "b", Some(Answer::Bool(true)));
    assert_eq!(form.visible_pages(), [0, 1, 2]);
}

const START_PAGE: &str = r#"{
    "firstPageIsStartPage": true,
    "startSurveyText": { "default": "开始填写", "en": "Begin" },
    "pages": [
        { "name": "intro", "elements": [
            { "type": "html", "name": "welcome", "html": "欢迎" },
            { "type": "checkbox", "name": "agree", "choices": ["yes"], "isRequired": true }
        ] },
        { "name": "p1", "elements": [ { "type": "text", "name": "a" } ] },
        { "name": "p2", "elements": [ { "type": "text", "name": "b" } ] }
    ]
}"#;

#[test]
fn the_start_page_comes_first_outside_the_progress_and_is_not_returned_to() {
    // survey-core survey.ts: `isPageInVisibleList` leaves the start page out of visiblePages;
    // `start()` validates it, then shows the first visible page; nothing goes back to it.
    let s = survey(START_PAGE);
    assert!(s.start_page);
    assert_eq!(
        s.start_text
            .as_ref()
            .map(|t| t.get(yehua_core::i18n::Locale::En)),
        Some("Begin")
    );
    let form = Form::new(s);
    assert!(form.starting);
    assert_eq!(form.page, 0);
    assert_eq!(form.visible_pages(), [1, 2]);
    assert_eq!(form.progress(), (0, 2));
    assert!(!form.is_last_page());
    assert_eq!(
        form.reduce(Action::Submit),
        None,
        "no submit from the start page"
    );

    // Its required question is checked on Start.
    let blocked = act(&form, Action::Start);
    assert!(blocked.starting);
    assert_eq!(blocked.summary().len(), 1);

    let form = answer(&form, "agree", many(&["yes"]));
    let form = act(&form, Action::Start);
    assert!(!form.starting);
    assert_eq!((form.page, form.progress()), (1, (1, 2)));
    assert_eq!(
        form.reduce(Action::Back),
        None,
        "the start page is not returned to"
    );

    // Its answers are submitted with the rest, as SurveyJS keeps them in survey.data.
    let form = answer(&form, "a", Some(Answer::Text("x".into())));
    let form = act(&act(&form, Action::Next), Action::Submit);
    assert_eq!(form.phase, Phase::Submitting);
    assert_eq!(
        submitted(&form),
        [("agree".into(), "yes".into()), ("a".into(), "x".into())]
    );

    // A new resident starts on the start page again.
    let again = act(
        &form,
        Action::Stored {
            receipt_code: "A".into(),
            submission_id: "1".into(),
        },
    );
    let again = act(&again, Action::Restart);
    assert!(again.starting);
}

#[test]
fn next_on_the_start_page_starts_and_one_page_is_never_a_start_page() {
    let form = Form::new(survey(START_PAGE));
    let form = answer(&form, "agree", many(&["yes"]));
    let form = act(&form, Action::Next);
    assert!(!form.starting);
    assert_eq!(form.page, 1);

    // SurveyJS: a start page needs more than one page.
    let single = survey(
        r#"{ "firstPageIsStartPage": true, "elements": [ { "type": "text", "name": "a" } ] }"#,
    );
    assert!(!single.start_page);
    assert!(!Form::new(single).starting);
}

#[test]
fn one_question_per_screen_keeps_the_start_page_whole() {
    let split = one_per_page((*survey(START_PAGE)).clone());
    assert!(split.start_page);
    assert_eq!(split.pages[0].elements.len(), 2);
    assert_eq!(split.pages.len(), 3);
}

#[test]
fn a_restored_draft_on_a_later_page_is_past_the_start_page() {
    let form = Form::new(survey(START_PAGE));
    let draft = r#"{"page": 2, "answers": {"answers": {"agree": ["yes"]}}}"#;
    let restored = Form::restore(form.survey.clone(), draft);
    assert!(!restored.starting);
    assert_eq!(restored.page, 2);
    let fresh = Form::restore(
        form.survey.clone(),
        r#"{"page": 0, "answers": {"answers": {}}}"#,
    );
    assert!(fresh.starting);
}

// 2. "visible": false with visibleIf

#[test]
fn visible_if_decides_over_visible_false_as_in_surveyjs() {
    // survey-core question.ts: the visibleIf expression property sets `this.visible = res`.
    let form = Form::new(survey(
        r#"{ "elements": [
            { "type": "boolean", "name": "car" },
            { "type": "text", "name": "plate", "visible": false, "visibleIf": "{car} = true", "isRequired": true },
            { "type": "text", "name": "never", "visible": false },
            { "type": "panel", "name": "p", "visible": false, "visibleIf": "{car} = true",
              "elements": [ { "type": "text", "name": "colour" } ] },
            { "type": "html", "name": "n", "visible": false, "html": "hidden note" }
        ] }"#,
    ));
    let names = |f: &Form| -> Vec<String> {
        f.visible_questions()
            .iter()
            .map(|q| q.name.clone())
            .collect()
    };
    assert_eq!(names(&form), ["car"]);
    let form = answer(&form, "car", Some(Answer::Bool(true)));
    assert_eq!(names(&form), ["car", "plate", "colour"]);
    // The required question now shown blocks the submit until it is answered.
    let blocked = act(&form, Action::Submit);
    assert_eq!(blocked.phase, Phase::Answering);
    let Element::Note(n) = &form.survey.pages[0].elements[4] else {
        panic!("a note")
    };
    assert!(
        !form.element_shown(&form.survey.pages[0].elements[4]),
        "{}",
        n.name
    );
}

#[test]
fn a_page_with_visible_false_is_hidden_unless_its_visible_if_holds() {
    let form = Form::new(survey(
        r#"{ "pages": [
            { "elements": [ { "type": "boolean", "name": "b" } ] },
            { "visible": false, "elements": [ { "type": "text", "name": "t" } ] },
            { "visible": false, "visibleIf": "{b} = true", "elements": [ { "type": "text", "name": "u" } ] }
        ] }"#,
    ));
    assert_eq!(form.visible_pages(), [0]);
    let form = answer(&form, "b", Some(Answer::Bool(true)));
    assert_eq!(form.visible_pages(), [0, 2]);
}

// 3. Choice-level visibleIf / enableIf

const CHOICE_RULES: &str = r#"{ "elements": [
    { "type": "radiogroup", "name": "age", "choices": ["young", "old"] },
    { "type": "checkbox", "name": "help", "choices": [
        "shopping",
        { "value": "stairs", "text": "上下楼", "visibleIf": "{age} = 'old'" },
        { "value": "tutoring", "text": "辅导", "enableIf": "{age} = 'young'" }
    ] },
    { "type": "dropdown", "name": "slot", "choices": ["am", "pm", "night"],
      "choicesVisibleIf": "{item} != 'night' or {age} = 'young'",
      "choicesEnableIf": "{item} != 'am'" },
    { "type": "radiogroup", "name": "only_hidden", "isRequired": true,
      "choices": [ { "value": "x", "visibleIf": "{age} = 'old'" } ] }
] }"#;

#[test]
fn hidden_choices_are_not_offered_and_disabled_ones_are_marked() {
    // survey-core itemvalue.ts runConditionsForItems: an item's own condition, else the
    // question's choicesVisibleIf / choicesEnableIf, with {item} its value.
    let form = Form::new(survey(CHOICE_RULES));
    let t = |v: &str, e: bool| (v.to_string(), e);
    assert_eq!(
        shown_values(&form, "help"),
        [t("shopping", true), t("tutoring", false)]
    );
    assert_eq!(shown_values(&form, "slot"), [t("am", false), t("pm", true)]);
    let form = answer(&form, "age", one("old"));
    assert_eq!(
        shown_values(&form, "help"),
        [t("shopping", true), t("stairs", true), t("tutoring", false)]
    );
    let form = answer(&form, "age", one("young"));
    assert_eq!(
        shown_values(&form, "help"),
        [t("shopping", true), t("tutoring", true)]
    );
    assert_eq!(
        shown_values(&form, "slot"),
        [t("am", false), t("pm", true), t("night", true)]
    );
    // Static choices need no work on each render.
    let age = form.survey.question("age").expect("age");
    assert_eq!(form.shown_choices(age), None);
}

#[test]
fn a_chosen_choice_that_becomes_hidden_is_cleared_and_never_submitted() {
    // survey-core question_baseselect.ts: when item visibility changes, clearIncorrectValues
    // clears a value no longer among the visible choices (checkbox: just those values).
    let form = Form::new(survey(CHOICE_RULES));
    let form = answer(&form, "age", one("old"));
    let form = answer(&form, "help", many(&["stairs", "shopping"]));
    let form = answer(&form, "only_hidden", one("x"));
    let form = answer(&form, "age", one("young"));
    assert_eq!(form.answers.get("help"), many(&["shopping"]).as_ref());
    assert_eq!(form.answers.get("only_hidden"), None);
    // A disabled choice already chosen stays (SurveyJS clearDisabledChoices is off by default).
    let form = answer(&form, "slot", one("night"));
    let form = answer(&form, "age", one("old"));
    assert_eq!(
        form.answers.get("slot"),
        None,
        "night is hidden for the old"
    );
    let submitted = submitted(&form);
    assert!(submitted.iter().all(|(n, _)| n != "slot"), "{submitted:?}");
}

#[test]
fn a_draft_holding_a_hidden_choice_never_submits_it() {
    let s = survey(CHOICE_RULES);
    let draft =
        r#"{"page": 0, "answers": {"answers": {"age": "young", "help": ["stairs", "shopping"]}}}"#;
    let form = Form::restore(s, draft);
    assert_eq!(
        form.answers.get("help"),
        many(&["stairs", "shopping"]).as_ref()
    );
    let submitted = submitted(&form);
    assert!(
        submitted.contains(&("help".into(), "shopping".into())),
        "{submitted:?}"
    );
}

#[test]
fn a_required_question_with_no_choice_to_offer_is_hidden_not_a_dead_end() {
    let form = Form::new(survey(CHOICE_RULES));
    let q = form.survey.question("only_hidden").expect("q");
    assert!(!form.is_visible(q));
    let form = answer(&form, "age", one("young"));
    let form = act(&form, Action::Submit);
    assert_eq!(form.phase, Phase::Submitting);
}

// 4. choicesFromQuestion, choicesMin / choicesMax / choicesStep

const CARRY: &str = r#"{ "elements": [
    { "type": "checkbox", "name": "needs", "choices": [
        { "value": "light", "text": "路灯" }, { "value": "bench", "text": "长椅" }, "parking"
      ], "showOtherItem": true },
    { "type": "radiogroup", "name": "most", "isRequired": true,
      "choicesFromQuestion": "needs", "choicesFromQuestionMode": "selected" },
    { "type": "checkbox", "name": "later", "choicesFromQuestion": "needs",
      "choicesFromQuestionMode": "unselected" },
    { "type": "dropdown", "name": "all", "choicesFromQuestion": "needs" }
] }"#;

#[test]
fn choices_from_another_question_follow_its_mode() {
    // survey-core question_baseselect.ts getChoicesFromSelectQuestion: the source's visible
    // choices without its built-in items; "selected" adds the source's other text as a choice.
    let form = Form::new(survey(CARRY));
    let vals = |f: &Form, n: &str| -> Vec<String> {
        shown_values(f, n).into_iter().map(|(v, _)| v).collect()
    };
    assert_eq!(vals(&form, "all"), ["light", "bench", "parking"]);
    assert!(vals(&form, "most").is_empty());
    assert_eq!(vals(&form, "later"), ["light", "bench", "parking"]);
    let q = form.survey.question("most").expect("most");
    assert!(!form.is_visible(q), "nothing selected yet: nothing to pick");

    let form = answer(&form, "needs", many(&["bench", "other"]));
    let form = form
        .reduce(Action::AnswerOther {
            name: "needs".into(),
            text: "垃圾桶".into(),
        })
        .expect("other text");
    assert_eq!(vals(&form, "most"), ["bench", "other"]);
    let q = form.survey.question("most").expect("most");
    let shown = form.shown_choices(q).expect("dynamic");
    assert_eq!(
        shown[0].choice.label(yehua_core::i18n::Locale::ZhCn),
        "长椅",
        "the copied choice keeps its text"
    );
    assert_eq!(
        shown[1].choice.label(yehua_core::i18n::Locale::ZhCn),
        "垃圾桶"
    );
    assert_eq!(vals(&form, "later"), ["light", "parking"]);
    assert!(form.is_visible(q));

    // Picking from the copy, then unselecting it at the source, clears the copy's answer.
    let form = answer(&form, "most", one("bench"));
    let form = answer(&form, "later", many(&["light"]));
    let form = answer(&form, "needs", many(&["light"]));
    assert_eq!(form.answers.get("most"), None);
    assert_eq!(form.answers.get("later"), None, "light is selected now");
}

#[test]
fn a_required_copied_question_blocks_only_while_it_has_something_to_pick() {
    let form = Form::new(survey(CARRY));
    let form = answer(&form, "needs", many(&["bench"]));
    let blocked = act(&form, Action::Submit);
    assert_eq!(blocked.phase, Phase::Answering);
    let form = answer(&form, "most", one("bench"));
    assert_eq!(act(&form, Action::Submit).phase, Phase::Submitting);
}

#[test]
fn choices_from_a_question_that_is_not_a_choice_question_is_an_error() {
    for (from, suggestion) in [("neds", Some("needs")), ("free", None), ("missing", None)] {
        let text = format!(
            r#"{{ "elements": [
                {{ "type": "checkbox", "name": "needs", "choices": ["a"] }},
                {{ "type": "text", "name": "free" }},
                {{ "type": "radiogroup", "name": "most", "choicesFromQuestion": "{from}" }}
            ] }}"#
        );
        match definition::parse(&text) {
            Err(definition::DefinitionError::BadChoicesFrom {
                path,
                name,
                suggestion: s,
            }) => {
                assert_eq!(path, "elements[2].choicesFromQuestion");
                assert_eq!(name, from);
                assert_eq!(s.as_deref(), suggestion);
            }
            other => panic!("{from}: expected BadChoicesFrom, got {other:?}"),
        }
    }
}

#[test]
fn a_choice_question_with_no_choices_at_all_is_refused() {
    let e = definition::parse(
        r#"{ "elements": [ { "type": "radiogroup", "name": "q", "isRequired": true,
             "choicesByUrl": { "url": "https://example.org/list" } } ] }"#,
    )
    .expect_err("no choices");
    assert_eq!(
        e,
        definition::DefinitionError::NoChoices {
            path: "elements[0].choices".into()
        }
    );
}

#[test]
fn a_dropdown_generates_numbers_after_its_listed_choices() {
    // survey-core question_dropdown.ts getChoices: choicesMin..choicesMax by choicesStep,
    // after the listed choices, when choicesMax > choicesMin.
    let s = survey(
        r#"{ "elements": [
            { "type": "dropdown", "name": "floor", "choices": [ { "value": "basement", "text": "地下" } ],
              "choicesMin": 1, "choicesMax": 9, "choicesStep": 2 },
            { "type": "dropdown", "name": "age", "choicesMin": 0, "choicesMax": 3 }
        ] }"#,
    );
    let values = |name: &str| -> Vec<String> {
        match &s.question(name).expect("q").kind {
            Kind::Single { choices, .. } => choices.iter().map(|c| c.value.clone()).collect(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(values("floor"), ["basement", "1", "3", "5", "7", "9"]);
    assert_eq!(values("age"), ["0", "1", "2", "3"]);
    // Nothing to generate and nothing listed: refused, never an empty required question.
    assert!(definition::parse(
        r#"{ "elements": [ { "type": "dropdown", "name": "d", "choicesMin": 5, "choicesMax": 5 } ] }"#
    )
    .is_err());
    assert!(definition::parse(
        r#"{ "elements": [ { "type": "dropdown", "name": "d", "choicesMin": 0, "choicesMax": 100000 } ] }"#
    )
    .is_err());
}

// 5. The older top-level `questions`

#[test]
fn top_level_questions_are_one_page_as_in_surveyjs() {
    // survey-core survey.ts: "elements" has alternativeName "questions" (pages and panels too).
    let s = survey(
        r#"{ "title": "旧格式", "questions": [
            { "type": "text", "name": "a" },
            { "type": "panel", "name": "p", "questions": [ { "type": "comment", "name": "b" } ] }
        ] }"#,
    );
    assert_eq!(s.pages.len(), 1);
    let names: Vec<&str> = s.questions().iter().map(|q| q.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert!(
        s.warnings.iter().all(|w| !w.path.contains("questions")),
        "{:?}",
        s.warnings
    );
    let paged = survey(
        r#"{ "pages": [ { "name": "p1", "questions": [ { "type": "text", "name": "a" } ] } ] }"#,
    );
    assert_eq!(paged.questions().len(), 1);
}
