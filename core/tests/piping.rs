//! Native tests of text piping (`core::pipe`) and of the warnings about organizers' texts
//! (`core::text_check`): each answer's shown text as survey-core 3.1 shows it (checked by hand
//! against survey-core in Node: choice texts, "other", checkbox texts joined with ", ",
//! 是/否 for a boolean, empty when unanswered, an unknown name left as written, names matched
//! without regard to case), and the warnings with their paths.
//!
//! Owns: the evidence that `{name}` shows what SurveyJS shows, and that every reference or
//! markup Yehua cannot honour is named to the organizer. Must not: touch the browser.

use std::rc::Rc;

use yehua_core::answer::{Answer, Answers};
use yehua_core::definition::{self, Survey};
use yehua_core::form::{Action, Form, Phase};
use yehua_core::i18n::Locale;
use yehua_core::pipe::{self, Values};

const DEFINITION: &str = r#"{
  "title": "您好 {name}",
  "description": "{unknown_one}",
  "completedHtml": "<p>谢谢 {name}，<img src=x onerror=y()>您选了 {Choice}。</p>",
  "pages": [{
    "name": "p1", "title": "第一页 {nmae}",
    "elements": [
      { "type": "text", "name": "name", "title": "称呼" },
      { "type": "radiogroup", "name": "choice", "title": "{name}，选一个",
        "choices": [{ "value": "a", "text": { "default": "甲", "en": "A" } }, "b"],
        "showOtherItem": true, "otherText": "别的 {name}" },
      { "type": "dropdown", "name": "drop", "choices": [{ "value": 1, "text": "一" }],
        "hasOther": true },
      { "type": "checkbox", "name": "many",
        "choices": [{ "value": "x", "text": "叉" }, { "value": "y", "text": "{name} 的" }, "z"],
        "showOtherItem": true },
      { "type": "boolean", "name": "yes" },
      { "type": "boolean", "name": "agree", "labelTrue": "同意", "labelFalse": "不同意" },
      { "type": "rating", "name": "stars" },
      { "type": "rating", "name": "mood",
        "rateValues": [{ "value": 1, "text": "差" }, { "value": 2, "text": "好" }] },
      { "type": "panel", "name": "box", "title": "{box}", "elements": [
        { "type": "html", "name": "note", "html": "<p style=\"color:red\">{note}{many}</p><script>x()</script>" }
      ] }
    ]
  }]
}"#;

fn survey() -> Survey {
    definition::parse(DEFINITION).expect("the definition parses")
}

fn shown(survey: &Survey, answers: &Answers, name: &str) -> Option<String> {
    pipe::shown(survey, answers, name, Locale::ZhCn)
}

#[test]
fn each_answer_shows_as_surveyjs_shows_it() {
    let s = survey();
    let mut a = Answers::default();
    // Unanswered: empty; not a question: none (the reference stays as written).
    assert_eq!(shown(&s, &a, "name").as_deref(), Some(""));
    assert_eq!(shown(&s, &a, "nobody"), None);
    // A panel is not something piping can name; an html element is (it has no value).
    assert_eq!(shown(&s, &a, "box"), None);
    assert_eq!(shown(&s, &a, "note").as_deref(), Some(""));
    let set = |a: &mut Answers, n: &str, v: Answer| a.set(n, Some(v));
    set(&mut a, "name", Answer::Text("<i>李</i> & 王".into()));
    set(&mut a, "choice", Answer::Choice("a".into()));
    set(&mut a, "drop", Answer::Choice("1".into()));
    set(
        &mut a,
        "many",
        Answer::Choices(vec!["x".into(), "z".into(), "other".into()]),
    );
    a.set_other("many", "自己写的".into());
    set(&mut a, "yes", Answer::Bool(false));
    set(&mut a, "agree", Answer::Bool(true));
    set(&mut a, "stars", Answer::Choice("3".into()));
    set(&mut a, "mood", Answer::Choice("2".into()));
    // The value as typed, never read as markup.
    assert_eq!(shown(&s, &a, "name").as_deref(), Some("<i>李</i> & 王"));
    assert_eq!(shown(&s, &a, "choice").as_deref(), Some("甲"));
    assert_eq!(
        pipe::shown(&s, &a, "choice", Locale::En).as_deref(),
        Some("A")
    );
    assert_eq!(shown(&s, &a, "drop").as_deref(), Some("一"));
    assert_eq!(shown(&s, &a, "many").as_deref(), Some("叉, z, 自己写的"));
    assert_eq!(shown(&s, &a, "yes").as_deref(), Some("否"));
    assert_eq!(
        pipe::shown(&s, &a, "yes", Locale::En).as_deref(),
        Some("No")
    );
    assert_eq!(shown(&s, &a, "agree").as_deref(), Some("同意"));
    assert_eq!(shown(&s, &a, "stars").as_deref(), Some("3"));
    assert_eq!(shown(&s, &a, "mood").as_deref(), Some("好"));
    // Names are matched without regard to case, and trimmed, as in SurveyJS.
    assert_eq!(shown(&s, &a, " CHOICE ").as_deref(), Some("甲"));
    // "other" without its text: the other choice's label; with it: the text.
    set(&mut a, "choice", Answer::Choice("other".into()));
    assert_eq!(shown(&s, &a, "choice").as_deref(), Some("别的 {name}"));
    a.set_other("choice", "楼下".into());
    assert_eq!(shown(&s, &a, "choice").as_deref(), Some("楼下"));
    // A value that is none of the choices shows as itself.
    set(&mut a, "drop", Answer::Choice("9".into()));
    assert_eq!(shown(&s, &a, "drop").as_deref(), Some("9"));
}

#[test]
fn a_text_is_filled_in_with_its_values_only() {
    let s = survey();
    let mut a = Answers::default();
    a.set("name", Some(Answer::Text("老张".into())));
    a.set("choice", Some(Answer::Choice("b".into())));
    let title = "您好 {name}，{ Choice } {nobody} {name";
    let values = Values::of([title], &s, &a, Locale::ZhCn);
    assert_eq!(values.fill(title), "您好 老张，b {nobody} {name");
    // Only the names a text mentions are looked up (what the view compares to redraw it).
    assert_eq!(values.get("name"), Some("老张"));
    assert_eq!(values.get("drop"), None);
    assert_eq!(
        Values::of(["no reference"], &s, &a, Locale::ZhCn),
        Values::default()
    );
}

fn warnings(text: &str) -> Vec<(String, String)> {
    definition::parse(text)
        .expect("the definition parses")
        .warnings
        .into_iter()
        .map(|w| (w.path.clone(), w.message(Locale::En)))
        .collect()
}

#[test]
fn unknown_names_unfilled_references_and_dropped_markup_are_warned_with_their_paths() {
    let w = warnings(DEFINITION);
    let has = |path: &str, message: &str| w.contains(&(path.to_string(), message.to_string()));
    let paths: Vec<&str> = w.iter().map(|(p, _)| p.as_str()).collect();
    assert!(has(
        "description",
        "\"{unknown_one}\" names no question: it is shown as written"
    ));
    // A near miss of a question's name is named.
    assert!(has(
        "pages[0].title",
        "\"{nmae}\" names no question: it is shown as written; did you mean name?"
    ));
    assert!(has(
        "pages[0].elements[8].title",
        "\"{box}\" names no question: it is shown as written"
    ));
    assert!(has(
        "pages[0].elements[1].otherText",
        "\"{name}\" is not filled in here (only in titles, descriptions, html and \
         completedHtml): it is shown as written"
    ));
    assert!(paths.contains(&"pages[0].elements[3].choices[1].text"));
    assert!(has(
        "completedHtml",
        "<img>: not shown as HTML, only their text is (outside the safe subset)"
    ));
    assert!(has(
        "pages[0].elements[8].elements[0].html",
        "<script>: not shown as HTML, only their text is (outside the safe subset)"
    ));
    assert!(has(
        "pages[0].elements[8].elements[0].html",
        "attributes dropped: style (outside the safe subset)"
    ));
    let link = warnings(
        r#"{"elements": [{"type": "html", "html": "<a href='javascript:x()' class=c>a</a>"}, {"type": "text", "name": "t"}]}"#,
    );
    assert!(link.contains(&(
        "elements[0].html".into(),
        "a link's href must start with http:, https: or mailto:; this link shows as text only"
            .into()
    )));
    assert!(link.contains(&(
        "elements[0].html".into(),
        "attributes dropped: class (outside the safe subset)".into()
    )));
    // Every one is translated in full.
    let zh = definition::parse(DEFINITION).expect("parses").warnings;
    assert!(zh
        .iter()
        .any(|w| w.message(Locale::ZhCn)
            == "“{nmae}”不是任何问题的名称，按原样显示。是不是想写 name？"));
    // Known names in titles, descriptions and html are not warned.
    assert!(!paths.contains(&"title"));
    assert!(!paths.contains(&"pages[0].elements[1].title"));
    assert_eq!(w.iter().filter(|(p, _)| p == "completedHtml").count(), 1);
}

#[test]
fn the_safe_subset_and_known_references_give_no_warning() {
    let w = warnings(
        r#"{"consultation": {"id": "x"}, "completedHtml": {"default": "<h2>谢谢 {q}</h2>", "en": "<p>Thanks <a href=\"https://example.org\" target=\"_blank\">{Q}</a></p>"},
            "elements": [{"type": "text", "name": "q", "title": "{q}?"},
                         {"type": "html", "html": "<ul><li><b>一</b><li><em>二</em></ul><br><hr>"}]}"#,
    );
    assert_eq!(w, Vec::<(String, String)>::new());
}

#[test]
fn the_receipt_keeps_only_the_submitted_answers_completed_html_pipes_in() {
    let survey = definition::parse(
        r#"{"completedHtml": {"default": "谢谢 {name}", "en": "Thanks {Name}, {secret}"},
            "elements": [
              {"type": "text", "name": "name"},
              {"type": "boolean", "name": "show"},
              {"type": "text", "name": "secret", "visibleIf": "{show} = true"},
              {"type": "comment", "name": "other_text"}]}"#,
    )
    .expect("parses");
    let answer = |name: &str, a: Answer| Action::Answer {
        name: name.into(),
        answer: Some(a),
    };
    let mut form = Form::new(Rc::new(survey));
    for action in [
        answer("name", Answer::Text("老张".into())),
        answer("show", Answer::Bool(true)),
        answer("secret", Answer::Text("藏起来的".into())),
        answer("show", Answer::Bool(false)),
        answer("other_text", Answer::Text("不相干".into())),
        Action::Submit,
        Action::Stored {
            receipt_code: "K7Q-2MX".into(),
            submission_id: "0123abcd".into(),
        },
    ] {
        form = form.reduce(action).unwrap_or(form);
    }
    assert!(matches!(form.phase, Phase::Submitted { .. }));
    assert!(!form.has_answers(), "the next resident starts empty");
    // Only what completedHtml names (in any language), and only what was submitted: the
    // hidden question's answer is not, so it shows nothing.
    let mut kept = Answers::default();
    kept.set("name", Some(Answer::Text("老张".into())));
    assert_eq!(form.receipt_answers, kept);
    // "Answer again" forgets them.
    let again = form.reduce(Action::Restart).expect("restarts");
    assert_eq!(again.receipt_answers, Answers::default());
}
