//! Native tests of `core::outline`: the organizers' view of a definition as written (the check
//! view and `yehua-check --outline` show it).
//!
//! Owns: the evidence that the outline keeps every page and element (also what the widget
//! skips, also in a definition with an error) and every condition exactly as written.
//! Must not: test how the definition is read (tests/definition.rs does).

use yehua_core::i18n::Locale;
use yehua_core::outline::outline;

#[test]
fn pages_elements_and_conditions_as_written() {
    let pages = outline(
        r#"{"pages":[
            {"name":"about","title":{"default":"基本情况","en":"About"},"visibleIf":"{x} = 1","elements":[
                {"type":"radiogroup","name":"clean","isRequired":true,"choices":["a"]},
                {"type":"panel","name":"more","elements":[
                    {"type":"comment","name":"why","visibleIf":"{clean} = 'no'","requiredIf":" {clean}='no' ","enableIf":"{clean} notempty"}]},
                {"type":"signaturepad","name":"sign"}]},
            {"elements":[{"name":"untyped"}]}]}"#,
    )
    .expect("an object");
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].name, "about");
    assert_eq!(pages[1].name, "page2");
    assert_eq!(
        pages[0].title.as_ref().map(|t| t.get(Locale::En)),
        Some("About")
    );
    assert_eq!(pages[0].visible_if.as_deref(), Some("{x} = 1"));
    let e = &pages[0].elements;
    assert_eq!(e.len(), 3);
    assert!(e[0].required);
    assert_eq!(e[2].kind, "signaturepad");
    let why = &e[1].elements[0];
    assert_eq!(why.path, "pages[0].elements[1].elements[0]");
    assert_eq!(
        why.conditions,
        vec![
            ("visibleIf", "{clean} = 'no'".to_string()),
            ("requiredIf", " {clean}='no' ".to_string()),
            ("enableIf", "{clean} notempty".to_string()),
        ]
    );
    assert_eq!(pages[1].elements[0].kind, "");
}

#[test]
fn a_one_page_definition_and_the_older_questions_key() {
    let pages = outline(
        r#"{"questions":[{"type":"text","name":"a"}],"elements":[{"type":"text","name":"b"}]}"#,
    )
    .expect("an object");
    assert_eq!(pages.len(), 1);
    let names: Vec<&str> = pages[0].elements.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["b", "a"]);
    assert_eq!(pages[0].elements[1].path, "questions[0]");
}

#[test]
fn a_definition_with_a_broken_condition_still_has_an_outline_but_not_json_has_none() {
    let pages = outline(r#"{"elements":[{"type":"text","name":"a","visibleIf":"{a = 1"}]}"#)
        .expect("an object");
    assert_eq!(
        pages[0].elements[0].conditions,
        vec![("visibleIf", "{a = 1".to_string())]
    );
    assert_eq!(outline("[1, 2]"), None);
    assert_eq!(outline("{ not json"), None);
}
