//! How a consultation's questions are spread over screens.
//!
//! Owns: `one_per_page`, the `onePerPage` option: every page is split so that each screen asks
//! one thing. A panel stays together as one screen; `html` notes go with the question after
//! them (notes after the last question stay with that question). Each part keeps its page's
//! name, title and condition; the page description stays on the first part. A start page
//! (`firstPageIsStartPage`) is never split.
//! Also owns how much of a long page is built at once (`Building`): the view lays a page's
//! elements out in groups of `GROUP`, builds the first screen's worth of groups, and the rest a
//! few groups after each paint, so the first question is usable sooner on a weak tablet.
//! Must not: change questions, their order, names or indices, or anything an answer, a draft
//! key or a submission depends on; or touch the browser (the view schedules the steps).

use crate::definition::{Element, Page, Survey};

/// `survey` with one question (or one panel) per page. A start page
/// (`firstPageIsStartPage`) stays whole: it is one screen with its Start button.
pub fn one_per_page(mut survey: Survey) -> Survey {
    let mut pages: Vec<Page> = Vec::new();
    for (i, page) in std::mem::take(&mut survey.pages).into_iter().enumerate() {
        if i == 0 && survey.start_page {
            pages.push(page);
            continue;
        }
        let Page {
            name,
            title,
            mut description,
            visible_if,
            visible,
            elements,
        } = page;
        let first = pages.len();
        let mut pending = Vec::new();
        for e in elements {
            let ask = asks(&e);
            pending.push(e);
            if ask {
                pages.push(Page {
                    name: name.clone(),
                    title: title.clone(),
                    description: description.take(),
                    visible_if: visible_if.clone(),
                    visible,
                    elements: std::mem::take(&mut pending),
                });
            }
        }
        if pages.len() > first {
            if let Some(last) = pages.last_mut() {
                last.elements.append(&mut pending);
            }
        } else {
            pages.push(Page {
                name,
                title,
                description,
                visible_if,
                visible,
                elements: pending,
            });
        }
    }
    survey.pages = pages;
    survey
}

/// Elements per group: the view makes each group one `content-visibility` box (ui::element).
pub const GROUP: usize = 5;
/// Groups built with a page: ten elements, more than the first screen of a phone or tablet
/// shows, even a desktop's.
pub const FIRST_GROUPS: usize = 2;
/// Groups added after each paint: ten elements, a task of about 25 ms on a slow tablet (the
/// CPU four times slower than a desktop's), so a tap while the page is still built waits little.
pub const STEP_GROUPS: usize = 2;

/// How many groups of which page are built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Building {
    pub page: usize,
    pub groups: usize,
}

impl Building {
    /// A page freshly shown: its first groups.
    pub fn start(page: usize) -> Building {
        Building {
            page,
            groups: FIRST_GROUPS,
        }
    }

    /// Every group of the page at once (a prerendered first screen is being taken over: its
    /// answers need every live control).
    pub fn whole(page: usize) -> Building {
        Building {
            page,
            groups: usize::MAX,
        }
    }

    /// The groups to build for `page` now. A page other than the one being built starts anew;
    /// `whole` (the error summary is shown: its links and the focus need every question)
    /// builds all of them.
    pub fn groups_on(&self, page: usize, whole: bool) -> usize {
        match (whole, self.page == page) {
            (true, _) => usize::MAX,
            (false, true) => self.groups,
            (false, false) => FIRST_GROUPS,
        }
    }

    /// After a paint with `groups` of `elements` elements built: the next step, if any is left.
    pub fn next(page: usize, groups: usize, elements: usize) -> Option<Building> {
        (groups.saturating_mul(GROUP) < elements).then(|| Building {
            page,
            groups: groups.saturating_add(STEP_GROUPS),
        })
    }
}

/// True when `e` asks something: a question, or a panel holding one at any depth.
fn asks(e: &Element) -> bool {
    match e {
        Element::Question(_) => true,
        Element::Panel(p) => p.elements.iter().any(asks),
        Element::Note(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::definition::parse;
    use crate::i18n::Locale;

    #[test]
    fn a_long_page_is_built_in_steps_until_every_element_is() {
        // 40 elements: 10 with the page, then 10 more after each paint.
        let mut b = Building::start(0);
        let mut built = vec![];
        loop {
            let groups = b.groups_on(0, false);
            built.push((groups * GROUP).min(40));
            match Building::next(0, groups, 40) {
                Some(n) => b = n,
                None => break,
            }
        }
        assert_eq!(built, [10, 20, 30, 40]);
        // a short page is built at once
        assert_eq!(Building::next(0, FIRST_GROUPS, 10), None);
        assert_eq!(
            Building::next(0, FIRST_GROUPS, 11),
            Some(Building { page: 0, groups: 4 })
        );
        assert_eq!(Building::next(0, usize::MAX, 300), None);
    }

    #[test]
    fn another_page_starts_anew_and_the_summary_or_a_takeover_builds_everything() {
        let b = Building { page: 1, groups: 6 };
        assert_eq!(b.groups_on(1, false), 6);
        assert_eq!(b.groups_on(2, false), FIRST_GROUPS);
        assert_eq!(b.groups_on(0, false), FIRST_GROUPS);
        assert_eq!(b.groups_on(1, true), usize::MAX);
        assert_eq!(b.groups_on(2, true), usize::MAX);
        assert_eq!(Building::whole(0).groups_on(0, false), usize::MAX);
        assert_eq!(
            Building::start(3),
            Building {
                page: 3,
                groups: FIRST_GROUPS
            }
        );
    }

    /// Each page as the names of its elements (panels as `panel[children]`).
    fn shape(survey: &Survey) -> Vec<Vec<String>> {
        fn name(e: &Element) -> String {
            match e {
                Element::Question(q) => q.name.clone(),
                Element::Note(n) => format!("note:{}", n.name),
                Element::Panel(p) => format!(
                    "{}[{}]",
                    p.name,
                    p.elements.iter().map(name).collect::<Vec<_>>().join(",")
                ),
            }
        }
        survey
            .pages
            .iter()
            .map(|p| p.elements.iter().map(name).collect())
            .collect()
    }

    const DEFINITION: &str = r#"{
        "pages": [
            { "name": "a", "title": "A", "description": "about A", "visibleIf": "{q6} = true",
              "elements": [
                { "type": "html", "name": "intro", "html": "hello" },
                { "type": "text", "name": "q1", "title": "Q1" },
                { "type": "radiogroup", "name": "q2", "title": "Q2", "choices": ["y", "n"] },
                { "type": "html", "name": "outro", "html": "bye" }
            ] },
            { "name": "b", "elements": [
                { "type": "panel", "name": "p", "elements": [
                    { "type": "html", "name": "inside", "html": "in" },
                    { "type": "text", "name": "q3" },
                    { "type": "text", "name": "q4" }
                ] },
                { "type": "panel", "name": "empty", "elements": [
                    { "type": "html", "name": "only_note", "html": "n" }
                ] },
                { "type": "comment", "name": "q5" }
            ] },
            { "name": "c", "elements": [ { "type": "boolean", "name": "q6" } ] }
        ]
    }"#;

    #[test]
    fn one_question_or_panel_per_page_with_notes_before_the_next_question() {
        let survey = one_per_page(parse(DEFINITION).expect("definition"));
        assert_eq!(
            shape(&survey),
            vec![
                vec!["note:intro", "q1"],
                vec!["q2", "note:outro"],
                vec!["p[note:inside,q3,q4]"],
                vec!["empty[note:only_note]", "q5"],
                vec!["q6"],
            ]
        );
    }

    #[test]
    fn parts_keep_name_title_and_condition() {
        let original = parse(DEFINITION).expect("definition");
        let survey = one_per_page(original.clone());
        let names: Vec<&str> = survey.pages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "a", "b", "b", "c"]);
        let (first, second) = (&survey.pages[0], &survey.pages[1]);
        assert_eq!(first.title, original.pages[0].title);
        assert_eq!(second.title, original.pages[0].title);
        assert_eq!(second.visible_if, original.pages[0].visible_if);
        assert!(second.visible_if.is_some());
        assert_eq!(
            first.description.as_ref().map(|d| d.get(Locale::ZhCn)),
            Some("about A")
        );
        assert_eq!(second.description, None);
    }

    #[test]
    fn questions_their_order_and_indices_are_unchanged() {
        let original = parse(DEFINITION).expect("definition");
        let survey = one_per_page(original.clone());
        let ids = |s: &Survey| {
            s.questions()
                .iter()
                .map(|q| (q.name.clone(), q.index))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&survey), ids(&original));
        assert_eq!(survey.title, original.title);
        assert_eq!(survey.warnings, original.warnings);
    }

    #[test]
    fn a_page_with_one_question_or_only_notes_stays_as_it_is() {
        let survey = parse(
            r#"{ "pages": [
                { "name": "only", "elements": [ { "type": "text", "name": "q" } ] },
                { "name": "notes", "elements": [ { "type": "html", "name": "n", "html": "x" } ] }
            ] }"#,
        )
        .expect("definition");
        assert_eq!(one_per_page(survey.clone()), survey);
    }

    #[test]
    fn splitting_twice_changes_nothing_more() {
        let once = one_per_page(parse(DEFINITION).expect("definition"));
        assert_eq!(one_per_page(once.clone()), once);
    }

    #[test]
    fn the_default_consultation_gets_one_question_per_page() {
        let text = include_str!("default_consultation.json");
        let original = parse(text).expect("default consultation");
        let survey = one_per_page(original.clone());
        assert_eq!(survey.pages.len(), 12);
        assert_eq!(survey.questions().len(), original.questions().len());
        // The anonymity note opens the contact part with the consent question; the panel
        // with name and phone stays together.
        let contact = &shape(&survey)[10..];
        assert_eq!(contact[0], ["note:anonymity_note", "consent_contact"]);
        assert_eq!(contact[1], ["contact_details[name,phone]"]);
    }

    #[test]
    fn the_option_comes_from_the_attribute_or_the_config_file() {
        let attr = |v: &str| Config::from_attributes([("one-per-page", v.to_string())]);
        assert_eq!(attr("true").one_per_page, Some(true));
        assert_eq!(attr("TRUE").one_per_page, Some(true));
        assert_eq!(attr("false").one_per_page, Some(false));
        assert_eq!(attr("").one_per_page, None);
        assert_eq!(Config::default().one_per_page, None);

        let mut c = Config::default();
        c.merge_file(r#"{"onePerPage": true}"#).expect("json");
        assert_eq!(c.one_per_page, Some(true));
        // The attribute wins over the file.
        let mut c = attr("false");
        c.merge_file(r#"{"onePerPage": true}"#).expect("json");
        assert_eq!(c.one_per_page, Some(false));
        // The public query string cannot switch it.
        let mut c = Config::default();
        c.apply_query("?onePerPage=true&one-per-page=true");
        assert_eq!(c.one_per_page, None);
    }
}
