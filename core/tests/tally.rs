//! Native tests of the live board's numbers (`core::tally`): bars per choice in definition
//! order, "other" and multiple choices, yes/no, ratings and their mean, needs / skills /
//! suggestions counted per submission, answers to questions the definition no longer has,
//! other consultations left out, and suggestion texts only when asked.
//!
//! Owns: the evidence that the forum's projector shows what residents submitted, no more.
//! Must not: read storage or render; submissions are built in the test.

use yehua_core::answer::Answer;
use yehua_core::definition::{self, Intent, Survey};
use yehua_core::submission::{Submission, SubmittedAnswer};
use yehua_core::tally::{tally, tenths_text, BarLabel, ChartKind, Tally};

const DEFINITION: &str = r#"{
  "consultation": {"id": "forum-12", "version": "2"},
  "title": "夜话",
  "pages": [{"name": "p", "elements": [
    {"type": "radiogroup", "name": "grid", "title": "网格", "choices": ["g1", "g2", "g3"],
     "showOtherItem": true},
    {"type": "checkbox", "name": "needs", "title": "需求", "intent": "need",
     "choices": [{"value": "canteen", "text": "食堂"}, {"value": "doctor", "text": "家庭医生"}],
     "showOtherItem": true, "otherText": "别的"},
    {"type": "boolean", "name": "volunteer", "title": "愿意当志愿者吗？", "intent": "skill",
     "labelTrue": "愿意"},
    {"type": "rating", "name": "urgency", "title": "有多急？", "rateMin": 1, "rateMax": 5},
    {"type": "dropdown", "name": "topic", "title": "主题", "intent": "suggestion",
     "choices": ["traffic", "other"]},
    {"type": "comment", "name": "suggestion", "title": "建议", "intent": "suggestion"},
    {"type": "text", "name": "phone", "title": "电话"}
  ]}]
}"#;

fn survey() -> Survey {
    definition::parse(DEFINITION).expect("definition")
}

fn answer(name: &str, value: Answer, intent: Option<Intent>) -> SubmittedAnswer {
    SubmittedAnswer {
        name: name.into(),
        value,
        other: None,
        intent,
    }
}

fn submission(n: u64, answers: Vec<SubmittedAnswer>) -> Submission {
    Submission {
        id: format!("{n:032x}"),
        consultation_id: "forum-12".into(),
        consultation_version: "2".into(),
        locale: "zh-CN".into(),
        created_at_ms: 1_764_000_000_000 + n * 60_000,
        device: None,
        answers,
    }
}

fn text(s: &str) -> Answer {
    Answer::Text(s.into())
}

fn counts(t: &Tally, name: &str) -> Vec<(String, usize)> {
    t.charts
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no chart {name}"))
        .bars
        .iter()
        .map(|b| (b.value.clone(), b.count))
        .collect()
}

fn pairs(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    list.iter().map(|(v, n)| (v.to_string(), *n)).collect()
}

#[test]
fn no_submissions_give_empty_charts_for_every_chartable_question_in_order() {
    let t = tally(&survey(), &[], 5);
    assert_eq!(t.submissions, 0);
    assert_eq!((t.needs, t.skills, t.suggestions), (0, 0, 0));
    let names: Vec<&str> = t.charts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["grid", "needs", "volunteer", "urgency", "topic"]);
    let kinds: Vec<ChartKind> = t.charts.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ChartKind::Single,
            ChartKind::Multi,
            ChartKind::Boolean,
            ChartKind::Rating,
            ChartKind::Single
        ]
    );
    assert_eq!(
        counts(&t, "grid"),
        pairs(&[("g1", 0), ("g2", 0), ("g3", 0), ("other", 0)])
    );
    assert_eq!(
        counts(&t, "urgency"),
        pairs(&[("1", 0), ("2", 0), ("3", 0), ("4", 0), ("5", 0)])
    );
    assert!(t
        .charts
        .iter()
        .all(|c| c.answered == 0 && c.mean_tenths.is_none()));
}

#[test]
fn single_choices_and_other_answers_are_counted() {
    let subs = [
        submission(1, vec![answer("grid", text("g2"), None)]),
        submission(2, vec![answer("grid", Answer::Choice("g2".into()), None)]),
        submission(
            3,
            vec![SubmittedAnswer {
                other: Some("菜市场旁边".into()),
                ..answer("grid", text("other"), None)
            }],
        ),
    ];
    let t = tally(&survey(), &subs, 0);
    assert_eq!(
        counts(&t, "grid"),
        pairs(&[("g1", 0), ("g2", 2), ("g3", 0), ("other", 1)])
    );
    let grid = &t.charts[0];
    assert_eq!(grid.answered, 3);
    assert_eq!(grid.max_count(), 2);
    assert!(matches!(grid.bars[3].label, BarLabel::Other(None)));
    let needs = &t.charts[1];
    assert!(
        matches!(&needs.bars[2].label, BarLabel::Other(Some(t)) if t.get(Default::default()) == "别的"),
        "the definition's own text for other"
    );
}

#[test]
fn a_choice_named_other_in_the_definition_is_an_ordinary_bar() {
    let t = tally(
        &survey(),
        &[submission(1, vec![answer("topic", text("other"), None)])],
        0,
    );
    assert_eq!(counts(&t, "topic"), pairs(&[("traffic", 0), ("other", 1)]));
    assert!(matches!(t.charts[4].bars[1].label, BarLabel::Choice(_)));
}

#[test]
fn multiple_choices_count_each_value_once_per_submission() {
    let subs = [
        submission(
            1,
            vec![answer(
                "needs",
                Answer::Choices(vec!["canteen".into(), "doctor".into(), "canteen".into()]),
                Some(Intent::Need),
            )],
        ),
        submission(
            2,
            vec![answer(
                "needs",
                Answer::Choices(vec!["doctor".into(), "other".into()]),
                Some(Intent::Need),
            )],
        ),
        submission(
            3,
            vec![answer("needs", Answer::Choices(vec![]), Some(Intent::Need))],
        ),
    ];
    let t = tally(&survey(), &subs, 0);
    assert_eq!(
        counts(&t, "needs"),
        pairs(&[("canteen", 1), ("doctor", 2), ("other", 1)])
    );
    assert_eq!(t.charts[1].answered, 2, "an empty list is no answer");
}

#[test]
fn yes_no_answers_fill_the_two_bars_with_the_definition_labels() {
    let subs = [
        submission(1, vec![answer("volunteer", Answer::Bool(true), None)]),
        submission(2, vec![answer("volunteer", Answer::Bool(false), None)]),
        submission(3, vec![answer("volunteer", Answer::Bool(true), None)]),
        submission(4, vec![answer("volunteer", text("true"), None)]),
    ];
    let t = tally(&survey(), &subs, 0);
    assert_eq!(counts(&t, "volunteer"), pairs(&[("true", 3), ("false", 1)]));
    let bars = &t.charts[2].bars;
    assert!(
        matches!(&bars[0].label, BarLabel::Yes(Some(l)) if l.get(Default::default()) == "愿意")
    );
    assert!(matches!(bars[1].label, BarLabel::No(None)));
}

#[test]
fn ratings_are_counted_per_value_with_a_mean_in_tenths() {
    let subs: Vec<Submission> = ["5", "4", "4", "2"]
        .iter()
        .enumerate()
        .map(|(i, v)| submission(i as u64, vec![answer("urgency", text(v), None)]))
        .collect();
    let t = tally(&survey(), &subs, 0);
    assert_eq!(
        counts(&t, "urgency"),
        pairs(&[("1", 0), ("2", 1), ("3", 0), ("4", 2), ("5", 1)])
    );
    let urgency = &t.charts[3];
    assert_eq!(urgency.mean_tenths, Some(38), "15 / 4 = 3.75 → 3.8");
    assert_eq!(tenths_text(38), "3.8");
    assert_eq!(tenths_text(40), "4.0");
    assert_eq!(tenths_text(-5), "-0.5");
}

#[test]
fn values_the_definition_no_longer_lists_get_bars_of_their_own_and_no_mean() {
    let subs = [
        submission(1, vec![answer("grid", text("g9"), None)]),
        submission(2, vec![answer("urgency", text("很急"), None)]),
        submission(3, vec![answer("urgency", text("5"), None)]),
    ];
    let t = tally(&survey(), &subs, 0);
    let grid = &t.charts[0];
    assert_eq!(
        grid.bars.last().map(|b| (b.value.as_str(), b.count)),
        Some(("g9", 1))
    );
    assert!(matches!(
        grid.bars.last().map(|b| &b.label),
        Some(BarLabel::Unlisted)
    ));
    assert_eq!(
        t.charts[3].mean_tenths, None,
        "not every rating is a number"
    );
}

#[test]
fn needs_skills_and_suggestions_count_submissions_with_at_least_one_such_answer() {
    let subs = [
        // two need answers: one need
        submission(
            1,
            vec![
                answer(
                    "needs",
                    Answer::Choices(vec!["canteen".into()]),
                    Some(Intent::Need),
                ),
                answer("urgency", text("3"), Some(Intent::Need)),
            ],
        ),
        // need + skill + suggestion
        submission(
            2,
            vec![
                answer(
                    "needs",
                    Answer::Choices(vec!["doctor".into()]),
                    Some(Intent::Need),
                ),
                answer("volunteer", Answer::Bool(true), Some(Intent::Skill)),
                answer("suggestion", text("多装路灯"), Some(Intent::Suggestion)),
            ],
        ),
        // no stored intent: the definition's intent counts
        submission(3, vec![answer("topic", text("traffic"), None)]),
        // nothing with an intent
        submission(4, vec![answer("grid", text("g1"), None)]),
    ];
    let t = tally(&survey(), &subs, 0);
    assert_eq!(t.submissions, 4);
    assert_eq!((t.needs, t.skills, t.suggestions), (2, 1, 2));
}

#[test]
fn answers_to_unknown_questions_are_not_charted_but_still_count_for_intents() {
    let subs = [submission(
        1,
        vec![
            answer("retired", text("x"), Some(Intent::Skill)),
            answer("also_gone", Answer::Bool(true), None),
        ],
    )];
    let t = tally(&survey(), &subs, 0);
    assert_eq!(t.unknown_answers, 2);
    assert_eq!(t.skills, 1);
    assert!(t.charts.iter().all(|c| c.answered == 0));
}

#[test]
fn other_consultations_on_the_device_are_left_out() {
    let mut other = submission(1, vec![answer("grid", text("g1"), Some(Intent::Need))]);
    other.consultation_id = "forum-11".into();
    let mut older = submission(2, vec![answer("grid", text("g1"), None)]);
    older.consultation_version = "1".into();
    let t = tally(&survey(), &[other, older], 0);
    assert_eq!(
        t.submissions, 1,
        "another version of this consultation counts"
    );
    assert_eq!(t.needs, 0);
    assert_eq!(counts(&t, "grid")[0], ("g1".to_string(), 1));
}

#[test]
fn suggestion_texts_are_returned_newest_first_only_when_asked() {
    let subs: Vec<Submission> = ["多装路灯", "  ", "菜市场早点开门", "楼道堆物清理"]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            submission(
                i as u64,
                vec![
                    answer("suggestion", text(s), Some(Intent::Suggestion)),
                    answer("phone", text("13800000000"), None),
                ],
            )
        })
        .collect();
    assert!(tally(&survey(), &subs, 0).latest_suggestions.is_empty());
    let t = tally(&survey(), &subs, 2);
    assert_eq!(t.latest_suggestions, ["楼道堆物清理", "菜市场早点开门"]);
    let all = tally(&survey(), &subs, 10).latest_suggestions;
    assert_eq!(all.len(), 3, "blank texts are skipped");
    assert!(
        !all.iter().any(|s| s.contains("138")),
        "answers without the suggestion intent never appear"
    );
    // A chosen topic is a suggestion too, but it is not text.
    let t = tally(
        &survey(),
        &[submission(
            9,
            vec![answer("topic", text("traffic"), Some(Intent::Suggestion))],
        )],
        5,
    );
    assert!(t.latest_suggestions.is_empty());
    assert_eq!(t.suggestions, 1);
}

#[test]
fn chart_labels_are_cut_to_fit_with_an_ellipsis() {
    use yehua_core::tally::short_label;
    assert_eq!(short_label("社区食堂", 10), "社区食堂");
    assert_eq!(short_label("社区食堂和老年助餐点", 6), "社区食堂和…");
    assert_eq!(
        short_label("食堂 食堂 食堂", 4),
        "食堂…",
        "no space before the ellipsis"
    );
    assert_eq!(short_label("Community canteen", 6), "Community…");
    assert_eq!(short_label("", 3), "");
}
