//! Native tests of the form reducer (`Form::reduce`) and of answer validation
//! (`validate::check`): navigation, conditional pages and questions, requiredness, what is
//! submitted, the submit phases, drafts, and every problem code.
//!
//! Owns: the evidence that a resident can only move on with valid answers, that hidden answers
//! never leave the device, and that no-op actions return `None` (so Yew skips a render).
//! Must not: touch storage, the browser or the clock; the view's effects are not run here.

use std::rc::Rc;

use yehua_core::answer::{Answer, Answers};
use yehua_core::definition::{self, Question, Survey};
use yehua_core::form::{Action, Focus, Form, Phase};
use yehua_core::i18n::{self, Locale};
use yehua_core::layout::{Building, FIRST_GROUPS};
use yehua_core::ports::StorageError;
use yehua_core::validate::{check, Problem};

const FLOW: &str = include_str!("fixtures/form_flow.json");
const VALIDATION: &str = include_str!("fixtures/validation.json");

// Page indices of fixtures/form_flow.json.
const START: usize = 0;
const PETS: usize = 1;
const SECRET: usize = 2;
const CONTACT: usize = 3;

fn survey(text: &str) -> Rc<Survey> {
    Rc::new(definition::parse(text).expect("fixture parses"))
}

fn flow() -> Form {
    Form::new(survey(FLOW))
}

fn text(s: &str) -> Option<Answer> {
    Some(Answer::Text(s.into()))
}

fn choice(s: &str) -> Option<Answer> {
    Some(Answer::Choice(s.into()))
}

fn choices(v: &[&str]) -> Option<Answer> {
    Some(Answer::Choices(v.iter().map(|s| s.to_string()).collect()))
}

fn yes_no(b: bool) -> Option<Answer> {
    Some(Answer::Bool(b))
}

fn answer(name: &str, answer: Option<Answer>) -> Action {
    Action::Answer {
        name: name.into(),
        answer,
    }
}

/// Applies actions that must each change the form.
fn apply(form: &Form, actions: impl IntoIterator<Item = Action>) -> Form {
    let mut form = form.clone();
    for action in actions {
        let shown = format!("{action:?}");
        form = form
            .reduce(action)
            .unwrap_or_else(|| panic!("{shown} should change the form"));
    }
    form
}

fn index_of(form: &Form, name: &str) -> usize {
    form.survey.question(name).expect("question exists").index
}

fn names(questions: &[&Question]) -> Vec<String> {
    questions.iter().map(|q| q.name.clone()).collect()
}

fn submitted_names(form: &Form) -> Vec<&'static str> {
    let submitted = form.submitted_answers();
    [
        "nickname", "has_pet", "pet_kind", "dog_name", "password", "consent", "phone", "remarks",
    ]
    .into_iter()
    .filter(|n| submitted.get(n).is_some())
    .collect()
}

/// A form on the contact page with everything valid, ready to submit.
fn ready_to_submit() -> Form {
    let form = apply(
        &flow(),
        [
            answer("nickname", text("小王")),
            answer("has_pet", yes_no(false)),
            Action::Next,
            answer("remarks", text("路灯坏了")),
        ],
    );
    assert_eq!(form.page, CONTACT);
    form
}

// The reducer

#[test]
fn new_form_starts_on_the_first_page_and_skips_hidden_pages() {
    let form = flow();
    assert_eq!(form.page, START);
    assert_eq!(form.phase, Phase::Answering);
    // Pets waits for has_pet; the secret page has no visible question.
    assert_eq!(form.visible_pages(), [START, CONTACT]);
    assert_eq!(form.progress(), (1, 2));
    assert!(!form.is_last_page());
    assert!(!form.has_answers());
    assert_eq!(form.focus, None);
}

#[test]
fn building_more_of_a_page_is_recorded_once_and_a_blocked_next_builds_the_whole_page() {
    let form = flow();
    assert_eq!(form.built, Building::start(START));
    let more = Building::next(START, FIRST_GROUPS, 40).expect("40 elements: more to build");
    let built = form.reduce(Action::Build(more)).expect("a step re-renders");
    assert_eq!(built.built, more);
    assert_eq!(built.answers, form.answers, "building changes nothing else");
    assert_eq!(
        built.reduce(Action::Build(more)),
        None,
        "the same step: no render"
    );
    // the summary of a blocked Next needs every question of the page built
    let blocked = built.reduce(Action::Next).expect("blocked");
    assert!(!blocked.summary().is_empty());
    let whole = !blocked.summary().is_empty();
    assert_eq!(blocked.built.groups_on(blocked.page, whole), usize::MAX);
    assert_eq!(built.built.groups_on(built.page, false), more.groups);
}

#[test]
fn answer_sets_the_value_without_touching_the_previous_state() {
    let before = flow();
    let after = before
        .reduce(answer("nickname", text("王阿姨")))
        .expect("answering changes the form");
    assert_eq!(
        after.answers.get("nickname"),
        Some(&Answer::Text("王阿姨".into()))
    );
    assert!(after.has_answers());
    assert_eq!(before.answers.get("nickname"), None, "the reducer is pure");
    // Answering is not moving: no focus request.
    assert_eq!(after.focus_seq, before.focus_seq);
}

#[test]
fn clearing_an_answer_removes_it() {
    let form = apply(&flow(), [answer("nickname", text("王阿姨"))]);
    let cleared = form
        .reduce(answer("nickname", None))
        .expect("clearing changes the form");
    assert_eq!(cleared.answers.get("nickname"), None);
    assert!(!cleared.has_answers());
    // An empty text or an empty selection is a clear too.
    let form = apply(&flow(), [answer("nickname", text("王阿姨"))]);
    let blanked = form
        .reduce(answer("nickname", text("   ")))
        .expect("blanking changes it");
    assert_eq!(blanked.answers.get("nickname"), None);
}

#[test]
fn next_is_blocked_by_a_required_question_and_focus_goes_to_it() {
    let form = apply(&flow(), [answer("nickname", text("小王"))]);
    let has_pet = form.survey.question("has_pet").expect("has_pet").clone();
    assert_eq!(
        form.shown_problem(&has_pet),
        None,
        "nothing shown before trying"
    );
    assert!(form.summary().is_empty());

    let blocked = form
        .reduce(Action::Next)
        .expect("a blocked Next still changes focus");
    assert_eq!(blocked.page, START);
    assert_eq!(
        blocked.focus,
        Some(Focus::Problem(index_of(&form, "has_pet")))
    );
    assert_eq!(blocked.focus_seq, form.focus_seq + 1);
    assert_eq!(blocked.shown_problem(&has_pet), Some(Problem::Required));
    let summary: Vec<(String, Problem)> = blocked
        .summary()
        .into_iter()
        .map(|(q, p)| (q.name.clone(), p))
        .collect();
    assert_eq!(summary, [("has_pet".to_string(), Problem::Required)]);
    // Trying again moves focus again (the view re-focuses the same question).
    let again = blocked.reduce(Action::Next).expect("focus moves again");
    assert_eq!(again.focus_seq, blocked.focus_seq + 1);
}

#[test]
fn leaving_a_question_shows_its_problem_once() {
    let form = flow();
    let has_pet = form.survey.question("has_pet").expect("has_pet").clone();
    let left = form
        .reduce(Action::Leave {
            name: "has_pet".into(),
        })
        .expect("first leave marks it touched");
    assert_eq!(left.shown_problem(&has_pet), Some(Problem::Required));
    assert!(
        left.summary().is_empty(),
        "the summary waits for Next or Submit"
    );
    assert_eq!(
        left.reduce(Action::Leave {
            name: "has_pet".into()
        }),
        None
    );
}

#[test]
fn next_and_back_move_between_visible_pages_and_keep_answers() {
    let form = apply(
        &flow(),
        [
            answer("nickname", text("小王")),
            answer("has_pet", yes_no(true)),
            Action::Next,
        ],
    );
    assert_eq!(form.page, PETS);
    assert_eq!(form.focus, Some(Focus::PageHeading));
    assert_eq!(form.progress(), (2, 3));

    let form = apply(&form, [answer("pet_kind", choice("cat")), Action::Next]);
    assert_eq!(form.page, CONTACT, "the secret page is skipped");
    assert_eq!(form.progress(), (3, 3));
    assert!(form.is_last_page());

    let back = apply(&form, [Action::Back]);
    assert_eq!(back.page, PETS);
    let back = apply(&back, [Action::Back]);
    assert_eq!(back.page, START);
    assert_eq!(back.answers, form.answers);
    assert_eq!(
        back.answers.get("pet_kind"),
        Some(&Answer::Choice("cat".into()))
    );
    assert_eq!(back.reduce(Action::Back), None, "no page before the first");
}

#[test]
fn a_conditional_page_is_skipped_and_appears_when_its_condition_holds() {
    let no_pet = apply(&flow(), [answer("has_pet", yes_no(false)), Action::Next]);
    assert_eq!(no_pet.page, CONTACT);
    assert_eq!(no_pet.visible_pages(), [START, CONTACT]);

    // A page shows once one of its questions does.
    let secret = apply(&flow(), [answer("nickname", text("open sesame"))]);
    assert_eq!(secret.visible_pages(), [START, SECRET, CONTACT]);
}

#[test]
fn a_conditional_question_shows_and_blocks_only_when_its_condition_holds() {
    let cat = apply(
        &flow(),
        [
            answer("has_pet", yes_no(true)),
            Action::Next,
            answer("pet_kind", choice("cat")),
        ],
    );
    assert!(!names(&cat.visible_questions()).contains(&"dog_name".to_string()));
    let next = cat.reduce(Action::Next).expect("moves on");
    assert_eq!(
        next.page, CONTACT,
        "a hidden required question never blocks"
    );

    let dog = apply(&cat, [answer("pet_kind", choice("dog"))]);
    assert!(names(&dog.visible_questions()).contains(&"dog_name".to_string()));
    let blocked = dog
        .reduce(Action::Next)
        .expect("blocked Next changes focus");
    assert_eq!(blocked.page, PETS);
    assert_eq!(
        blocked.focus,
        Some(Focus::Problem(index_of(&dog, "dog_name")))
    );
}

#[test]
fn required_if_makes_the_phone_required_after_consent() {
    let form = ready_to_submit();
    let phone = form.survey.question("phone").expect("phone").clone();
    assert!(!form.is_required(&phone));

    let consented = apply(&form, [answer("consent", yes_no(true))]);
    assert!(consented.is_required(&phone));
    let blocked = consented
        .reduce(Action::Submit)
        .expect("blocked submit moves focus");
    assert_eq!(blocked.phase, Phase::Answering);
    assert_eq!(blocked.page, CONTACT);
    assert_eq!(
        blocked.focus,
        Some(Focus::Problem(index_of(&form, "phone")))
    );
    assert_eq!(blocked.shown_problem(&phone), Some(Problem::Required));

    let answered = apply(&blocked, [answer("phone", text("138 0013 8000"))]);
    assert_eq!(answered.shown_problem(&phone), None);
    let submitting = answered.reduce(Action::Submit).expect("submits");
    assert_eq!(submitting.phase, Phase::Submitting);
}

#[test]
fn hidden_answers_are_kept_on_screen_but_never_submitted() {
    let form = apply(
        &flow(),
        [
            answer("nickname", text("小王")),
            answer("has_pet", yes_no(true)),
            Action::Next,
            answer("pet_kind", choice("dog")),
            answer("dog_name", text("旺财")),
            Action::Next,
            answer("consent", yes_no(true)),
            answer("phone", text("13800138000")),
        ],
    );
    assert_eq!(
        submitted_names(&form),
        ["nickname", "has_pet", "pet_kind", "dog_name", "consent", "phone"]
    );

    // Consent withdrawn: the phone number stays in the form but is not submitted.
    let withdrawn = apply(&form, [answer("consent", yes_no(false))]);
    assert_eq!(
        withdrawn.answers.get("phone"),
        Some(&Answer::Text("13800138000".into()))
    );
    assert_eq!(
        submitted_names(&withdrawn),
        ["nickname", "has_pet", "pet_kind", "dog_name", "consent"]
    );

    // A hidden page hides its answers too.
    let no_pet = apply(&withdrawn, [answer("has_pet", yes_no(false))]);
    assert_eq!(submitted_names(&no_pet), ["nickname", "has_pet", "consent"]);
}

#[test]
fn other_text_is_submitted_with_its_question() {
    let form = apply(
        &flow(),
        [
            answer("has_pet", yes_no(true)),
            answer("pet_kind", choice("other")),
            Action::AnswerOther {
                name: "pet_kind".into(),
                text: "乌龟".into(),
            },
        ],
    );
    let submitted = form.submitted_answers();
    assert_eq!(submitted.other("pet_kind"), "乌龟");
    // Hidden with its page: the other text goes too.
    let hidden = apply(&form, [answer("has_pet", yes_no(false))]);
    assert_eq!(hidden.submitted_answers().other("pet_kind"), "");
}

#[test]
fn other_text_of_a_deselected_other_choice_is_not_submitted() {
    let form = apply(
        &flow(),
        [
            answer("has_pet", yes_no(true)),
            answer("pet_kind", choice("other")),
            Action::AnswerOther {
                name: "pet_kind".into(),
                text: "我的电话 13800138000".into(),
            },
            answer("pet_kind", choice("cat")),
        ],
    );
    assert_eq!(form.submitted_answers().other("pet_kind"), "");
}

#[test]
fn submit_jumps_to_the_first_page_with_a_problem() {
    // Reach the contact page without a pet, then the pet page appears (has_pet changes) with
    // its required question unanswered.
    let form = apply(&ready_to_submit(), [answer("has_pet", yes_no(true))]);
    assert_eq!(form.page, CONTACT);
    let jumped = form
        .reduce(Action::Submit)
        .expect("submit with a problem moves");
    assert_eq!(jumped.page, PETS);
    assert_eq!(jumped.phase, Phase::Answering);
    assert_eq!(
        jumped.focus,
        Some(Focus::Problem(index_of(&form, "pet_kind")))
    );
    let summary: Vec<String> = jumped
        .summary()
        .iter()
        .map(|(q, _)| q.name.clone())
        .collect();
    assert_eq!(summary, ["pet_kind"]);
}

#[test]
fn submit_goes_submitting_then_stored_gives_a_fresh_submitted_form() {
    let form = ready_to_submit();
    let submitting = form.reduce(Action::Submit).expect("valid answers submit");
    assert_eq!(submitting.phase, Phase::Submitting);
    assert_eq!(
        submitting.answers, form.answers,
        "answers wait for the view to store them"
    );
    assert_eq!(submitting.reduce(Action::Submit), None, "no double submit");

    let stored = submitting
        .reduce(Action::Stored {
            receipt_code: "K7Q-2MX".into(),
            submission_id: "0123abcd".into(),
        })
        .expect("stored changes the form");
    assert_eq!(
        stored.phase,
        Phase::Submitted {
            receipt_code: "K7Q-2MX".into(),
            submission_id: "0123abcd".into()
        }
    );
    assert!(!stored.has_answers(), "the next resident starts empty");
    assert_eq!(stored.page, START);
    assert_eq!(stored.storage_error, None);
    assert_eq!(stored.focus, Some(Focus::PageHeading));
    assert!(
        stored.focus_seq > submitting.focus_seq,
        "focus moves to the receipt"
    );
    assert!(stored.summary().is_empty());

    let again = stored
        .reduce(Action::Restart)
        .expect("restart leaves the receipt");
    assert_eq!(again.phase, Phase::Answering);
    assert!(!again.has_answers());
}

#[test]
fn store_failed_keeps_the_answers_and_shows_the_storage_error() {
    let submitting = apply(&ready_to_submit(), [Action::Submit]);
    let failed = submitting
        .reduce(Action::StoreFailed(StorageError::Full))
        .expect("a failure changes the form");
    assert_eq!(failed.phase, Phase::Answering);
    assert_eq!(failed.storage_error, Some(StorageError::Full));
    assert_eq!(failed.answers, submitting.answers);
    assert_eq!(failed.page, CONTACT);
    assert_eq!(failed.focus, Some(Focus::Summary));

    // Trying again clears the old message.
    let retry = failed.reduce(Action::Submit).expect("retry submits");
    assert_eq!(retry.phase, Phase::Submitting);
    assert_eq!(retry.storage_error, None);
}

#[test]
fn actions_that_change_nothing_return_none() {
    let form = apply(&flow(), [answer("nickname", text("小王"))]);
    let cases = [
        answer("nickname", text("小王")),
        answer("remarks", None),
        answer("remarks", text("")),
        answer("remarks", choices(&[])),
        Action::AnswerOther {
            name: "pet_kind".into(),
            text: String::new(),
        },
        Action::Back,
    ];
    for action in cases {
        let shown = format!("{action:?}");
        assert_eq!(form.reduce(action), None, "{shown}");
    }
    // Next on the last page with nothing wrong has nowhere to go.
    assert_eq!(ready_to_submit().reduce(Action::Next), None);
}

// Drafts

#[test]
fn draft_round_trip_restores_answers_other_texts_and_page() {
    let form = apply(
        &flow(),
        [
            answer("nickname", text("小王, \"老\" 住户\n3 号楼")),
            answer("has_pet", yes_no(true)),
            Action::Next,
            answer("pet_kind", choice("other")),
            Action::AnswerOther {
                name: "pet_kind".into(),
                text: "乌龟 🐢".into(),
            },
        ],
    );
    assert_eq!(form.page, PETS);
    let restored = Form::restore(form.survey.clone(), &form.draft_json());
    assert_eq!(restored.page, PETS);
    assert_eq!(restored.answers.other("pet_kind"), "乌龟 🐢");
    // A choice comes back as text; the form and the payload treat both alike.
    assert_eq!(restored.answers.to_json(), form.answers.to_json());
    assert_eq!(
        restored.submitted_answers().to_json(),
        form.submitted_answers().to_json()
    );
    assert_eq!(restored.phase, Phase::Answering);

    let checked = apply(&flow(), [answer("remarks", text("x"))]);
    let mut with_list = checked.answers.clone();
    with_list.set("pet_kind", choices(&["a", "b"]));
    let text = yehua_core::form::draft_json(&with_list, CONTACT);
    let restored = Form::restore(checked.survey.clone(), &text);
    assert_eq!(restored.answers, with_list);
    assert_eq!(restored.page, CONTACT);
}

#[test]
fn a_garbage_draft_starts_a_fresh_form() {
    let fresh = flow();
    let garbage = [
        "",
        "not json",
        "{\"page\": 3, \"answers\": ",
        "[1, 2, 3]",
        "null",
        r#"{"page": "three", "answers": "all of them"}"#,
        r#"{"page": 99}"#,
        r#"{"page": -1, "answers": {"answers": [], "other": 5}}"#,
        r#"{"page": 1, "answers": {"answers": {"has_pet": {"deep": true}, "nickname": 7.5e300}}}"#,
    ];
    for draft in garbage {
        let restored = Form::restore(fresh.survey.clone(), draft);
        assert_eq!(restored.page, START, "{draft}");
        assert_eq!(restored.phase, Phase::Answering, "{draft}");
        assert_eq!(restored.answers.get("has_pet"), None, "{draft}");
    }
    assert_eq!(Form::restore(fresh.survey.clone(), "not json"), fresh);
}

#[test]
fn a_draft_on_a_page_that_is_now_hidden_restarts_on_the_first_page() {
    // Page 1 (pets) is only visible with has_pet = true.
    let draft = r#"{"page": 1, "answers": {"answers": {"has_pet": false}, "other": {}}}"#;
    let restored = Form::restore(survey(FLOW), draft);
    assert_eq!(restored.page, START);
    assert_eq!(restored.answers.get("has_pet"), Some(&Answer::Bool(false)));
}

// Validation codes

struct Check {
    survey: Survey,
}

impl Check {
    fn new() -> Check {
        Check {
            survey: definition::parse(VALIDATION).expect("fixture parses"),
        }
    }

    fn q(&self, name: &str) -> &Question {
        self.survey.question(name).expect("question exists")
    }

    fn answer(&self, name: &str, answer: Option<Answer>) -> Option<Problem> {
        self.with_other(name, answer, "")
    }

    fn with_other(&self, name: &str, answer: Option<Answer>, other: &str) -> Option<Problem> {
        let mut answers = Answers::default();
        answers.set(name, answer);
        answers.set_other(name, other.into());
        check(self.q(name), &answers, false)
    }
}

#[test]
fn required_only_when_required_and_unanswered() {
    let c = Check::new();
    let empty = Answers::default();
    assert_eq!(
        check(c.q("nickname"), &empty, true),
        Some(Problem::Required)
    );
    assert_eq!(check(c.q("nickname"), &empty, false), None);
    let mut blank = Answers::default();
    blank.set("needs", choices(&[]));
    assert_eq!(check(c.q("needs"), &blank, true), Some(Problem::Required));
    let mut no = Answers::default();
    no.set("volunteer", yes_no(false));
    assert_eq!(
        check(c.q("volunteer"), &no, true),
        None,
        "false is an answer"
    );
}

#[test]
fn too_long_counts_graphemes_for_chinese_and_emoji() {
    let c = Check::new();
    assert_eq!(c.answer("nickname", text("和平夜话")), None);
    assert_eq!(
        c.answer("nickname", text("和平夜话会")),
        Some(Problem::TooLong { max: 4 })
    );
    // Family, thumbs up with skin tone, a flag, a heart with variation selector: 4 characters.
    let emoji = "👨\u{200D}👩\u{200D}👧👍🏽🇨🇳❤\u{FE0F}";
    assert!(emoji.chars().count() > 4);
    assert_eq!(c.answer("nickname", text(emoji)), None);
    assert_eq!(
        c.answer("nickname", text(&format!("{emoji}e\u{301}"))),
        Some(Problem::TooLong { max: 4 })
    );
    assert_eq!(c.answer("remarks", text("一二三")), None);
    assert_eq!(
        c.answer("remarks", text("一二三四")),
        Some(Problem::TooLong { max: 3 })
    );
}

#[test]
fn numbers_accept_full_width_digits_and_check_the_range() {
    let c = Check::new();
    for ok in ["12", "１２", " 20 ", "1", "12.5", "1e1", "２０"] {
        assert_eq!(c.answer("household", text(ok)), None, "{ok}");
    }
    let range = Some(Problem::OutOfRange {
        min: "1".into(),
        max: "20".into(),
    });
    for out in ["0", "21", "２１", "-3", "0.5"] {
        assert_eq!(c.answer("household", text(out)), range, "{out}");
    }
    for bad in ["十二", "12 人", "1,000", "abc"] {
        assert_eq!(
            c.answer("household", text(bad)),
            Some(Problem::NotNumber),
            "{bad}"
        );
    }
    // Only a lower bound: "at least", never a range with a made-up end.
    assert_eq!(c.answer("budget", text("－２")), None);
    assert_eq!(
        c.answer("budget", text("-3")),
        Some(Problem::TooSmall { min: "-2.5".into() })
    );
}

#[test]
fn a_one_sided_range_message_names_only_its_bound() {
    let c = Check::new();
    let problem = c.answer("budget", text("-3")).expect("out of range");
    let params = problem.params();
    let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let message = i18n::format(Locale::En, problem.msg(), &params);
    assert!(!message.contains("to -"), "{message}");
}

#[test]
fn email_addresses() {
    let c = Check::new();
    for ok in [
        "resident@example.cn",
        " wang.ayi@mail.example.com ",
        "ａｂ＠ｅｘａｍｐｌｅ．ｃｎ",
    ] {
        assert_eq!(c.answer("mail", text(ok)), None, "{ok}");
    }
    for bad in [
        "resident",
        "resident@",
        "@example.cn",
        "resident@example",
        "a b@example.cn",
        "a@b@example.cn",
        "resident@example..cn",
        "resident@.cn",
    ] {
        assert_eq!(
            c.answer("mail", text(bad)),
            Some(Problem::NotEmail),
            "{bad}"
        );
    }
}

#[test]
fn phone_numbers_accept_full_width_digits_and_separators() {
    let c = Check::new();
    for ok in [
        "13800138000",
        "１３８００１３８０００",
        "+86 138-0013-8000",
        "(010) 6512 3456",
        "＋８６\u{3000}１３８－００１３－８０００",
        "12345",
    ] {
        assert_eq!(c.answer("phone", text(ok)), None, "{ok}");
    }
    for bad in [
        "1234",
        "138 0013 800a",
        "86+13800138000",
        "138.0013.8000",
        "123456789012345678901",
        "电话 13800138000",
    ] {
        assert_eq!(
            c.answer("phone", text(bad)),
            Some(Problem::NotPhone),
            "{bad}"
        );
    }
}

#[test]
fn too_few_and_too_many_choices() {
    let c = Check::new();
    assert_eq!(
        c.answer("needs", choices(&["parking"])),
        Some(Problem::TooFew { min: 2 })
    );
    assert_eq!(c.answer("needs", choices(&["parking", "canteen"])), None);
    assert_eq!(
        c.answer("needs", choices(&["parking", "canteen", "elevator"])),
        None
    );
    assert_eq!(
        c.answer(
            "needs",
            choices(&["parking", "canteen", "elevator", "lights"])
        ),
        Some(Problem::TooMany { max: 3 })
    );
}

#[test]
fn other_chosen_needs_its_text() {
    let c = Check::new();
    let two = choices(&["parking", "other"]);
    assert_eq!(c.answer("needs", two.clone()), Some(Problem::OtherRequired));
    assert_eq!(
        c.with_other("needs", two.clone(), " \u{3000} "),
        Some(Problem::OtherRequired),
        "blank text is no text"
    );
    assert_eq!(c.with_other("needs", two, "电梯维修"), None);
    assert_eq!(
        c.answer("grid", choice("other")),
        Some(Problem::OtherRequired)
    );
    assert_eq!(
        c.answer("grid", text("other")),
        Some(Problem::OtherRequired),
        "from a draft"
    );
    assert_eq!(c.with_other("grid", choice("other"), "外地"), None);
    assert_eq!(c.answer("grid", choice("grid_1")), None);
}

#[test]
fn an_ordinary_choice_called_other_needs_no_text() {
    let c = Check::new();
    assert_eq!(c.answer("topic", choice("other")), None);
}

#[test]
fn choices_ratings_and_booleans_have_no_format_problems() {
    let c = Check::new();
    assert_eq!(c.answer("urgency", choice("3")), None);
    assert_eq!(c.answer("volunteer", yes_no(true)), None);
    assert_eq!(c.answer("topic", choice("safety")), None);
}

#[test]
fn every_problem_has_a_message_with_its_parameters_in_every_locale() {
    let problems = [
        Problem::Required,
        Problem::TooLong { max: 4 },
        Problem::NotNumber,
        Problem::OutOfRange {
            min: "1".into(),
            max: "20".into(),
        },
        Problem::NotEmail,
        Problem::NotPhone,
        Problem::TooFew { min: 2 },
        Problem::TooMany { max: 3 },
        Problem::OtherRequired,
    ];
    for problem in problems {
        assert!(format!("{:?}", problem.msg()).starts_with("Validation"));
        let params = problem.params();
        let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for locale in Locale::ALL {
            let message = i18n::format(locale, problem.msg(), &params);
            assert!(!message.is_empty(), "{locale:?} lacks {:?}", problem.msg());
            assert!(!message.contains('{'), "{locale:?}: {message}");
            for (_, value) in &params {
                assert!(message.contains(value), "{locale:?}: {message}");
            }
        }
    }
    assert_eq!(
        Problem::OutOfRange {
            min: "1".into(),
            max: "20".into()
        }
        .params(),
        [("min", "1".to_string()), ("max", "20".to_string())]
    );
}

#[test]
fn next_and_back_still_work_after_the_current_page_hides_itself() {
    let survey = survey(
        r#"{"consultation": {"id": "x"}, "pages": [
             {"name": "one", "elements": [{"type": "text", "name": "a"}]},
             {"name": "two", "visibleIf": "{stay} <> false",
              "elements": [{"type": "boolean", "name": "stay"}]},
             {"name": "three", "elements": [{"type": "text", "name": "c"}]}
           ]}"#,
    );
    let form = apply(&Form::new(survey), [Action::Next]);
    assert_eq!(form.page, 1);
    let hidden = apply(&form, [answer("stay", yes_no(false))]);
    let next = hidden.reduce(Action::Next).expect("Next still moves on");
    assert_eq!(next.page, 2);
    let back = hidden.reduce(Action::Back).expect("Back still moves back");
    assert_eq!(back.page, 0);
}

#[test]
fn the_preview_shows_any_visible_page_without_checking_the_current_one() {
    // START has a required question left empty: Next would stop, Show does not.
    let start = flow();
    assert!(!start.page_problems(START).is_empty());
    let contact = start
        .reduce(Action::Show { page: CONTACT })
        .expect("a visible page is shown");
    assert_eq!(contact.page, CONTACT);
    assert_eq!(contact.focus, Some(Focus::PageHeading));
    // A page the answers hide, the page already shown, or no page at all: nothing changes.
    assert_eq!(start.reduce(Action::Show { page: SECRET }), None);
    assert_eq!(contact.reduce(Action::Show { page: CONTACT }), None);
    assert_eq!(start.reduce(Action::Show { page: 99 }), None);
}
