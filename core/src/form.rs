//! The form a resident fills in: state, the verbs that change it, and the pure reducer.
//!
//! Owns: `Form` (answers, current page, which errors to show, what to focus, the phase) and
//! `Action`. Visibility (`visibleIf`, panels, pages) and requiredness (`requiredIf`) are decided
//! here, so the view only renders. Must not: touch storage or the browser; persisting a
//! submission is an effect the view runs when the phase becomes `Submitting`.

use std::rc::Rc;

use crate::answer::{Answer, Answers};
use crate::condition::Condition;
use crate::definition::{Element, Question, Survey};
use crate::json::{self, Value};
use crate::layout::Building;
use crate::ports::StorageError;
use crate::validate::{self, Problem};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Answering,
    /// Valid and waiting for the view to persist it.
    Submitting,
    Submitted {
        receipt_code: String,
        submission_id: String,
    },
}

/// Where the view should move focus after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    PageHeading,
    /// The first question with a problem (by its `Question::index`).
    Problem(usize),
    /// The message at the top of the page (storage failures).
    Summary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The resident changed an answer (`None` clears it).
    Answer {
        name: String,
        answer: Option<Answer>,
    },
    /// The resident typed the text of an "other" choice.
    AnswerOther {
        name: String,
        text: String,
    },
    /// Focus left a question: its problems may show from now on.
    Leave {
        name: String,
    },
    Next,
    Back,
    Submit,
    /// The submission is stored on the device.
    Stored {
        receipt_code: String,
        submission_id: String,
    },
    /// Storing failed: the answers stay on screen with a message.
    StoreFailed(StorageError),
    /// Start again with an empty form (a new resident, or "answer again").
    Restart,
    /// The view built more of a long page (`core::layout::Building`).
    Build(Building),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub survey: Rc<Survey>,
    pub answers: Answers,
    /// Index into `survey.pages`; always a visible page.
    pub page: usize,
    pub phase: Phase,
    pub storage_error: Option<StorageError>,
    /// What to focus, and a counter that changes whenever focus should move.
    pub focus: Option<Focus>,
    pub focus_seq: u32,
    touched: Vec<String>,
    /// Next or Submit was tried on this page: show every problem on it.
    attempted: bool,
    /// How much of a long page the view has built (`Building::groups_on`).
    pub built: Building,
}

fn holds(c: &Option<Condition>, answers: &Answers) -> bool {
    c.as_ref().is_none_or(|c| c.evaluate(answers))
}

impl Form {
    pub fn new(survey: Rc<Survey>) -> Form {
        let mut form = Form {
            survey,
            answers: Answers::default(),
            page: 0,
            phase: Phase::Answering,
            storage_error: None,
            focus: None,
            focus_seq: 0,
            touched: Vec::new(),
            attempted: false,
            built: Building::start(0),
        };
        form.page = form.visible_pages().first().copied().unwrap_or(0);
        form
    }

    /// The reducer: `None` when the action changes nothing (the view then skips a render).
    pub fn reduce(&self, action: Action) -> Option<Form> {
        let mut next = self.clone();
        match action {
            Action::Answer { name, answer } => {
                if self.answers.get(&name) == answer.as_ref() {
                    return None;
                }
                next.answers.set(&name, answer);
            }
            Action::AnswerOther { name, text } => {
                if self.answers.other(&name) == text {
                    return None;
                }
                next.answers.set_other(&name, text);
            }
            Action::Build(b) => {
                if self.built == b {
                    return None;
                }
                next.built = b;
            }
            Action::Leave { name } => {
                if self.touched.contains(&name) {
                    return None;
                }
                next.touched.push(name);
            }
            Action::Next => next.advance(),
            Action::Back => {
                // By index, so a page hidden by an answer on it still has neighbours.
                let page = self
                    .visible_pages()
                    .into_iter()
                    .rev()
                    .find(|p| *p < self.page)?;
                next.go_to(page);
            }
            Action::Submit => {
                if self.phase != Phase::Answering {
                    return None;
                }
                match self
                    .visible_pages()
                    .into_iter()
                    .find(|p| !self.page_problems(*p).is_empty())
                {
                    Some(page) => {
                        if page != self.page {
                            next.go_to(page);
                        }
                        next.attempted = true;
                        next.focus_first_problem();
                    }
                    None => {
                        next.phase = Phase::Submitting;
                        next.storage_error = None;
                    }
                }
            }
            Action::Stored {
                receipt_code,
                submission_id,
            } => {
                next = Form::new(self.survey.clone());
                next.phase = Phase::Submitted {
                    receipt_code,
                    submission_id,
                };
                next.focus_seq = self.focus_seq;
                next.request_focus(Focus::PageHeading);
            }
            Action::StoreFailed(error) => {
                next.phase = Phase::Answering;
                next.storage_error = Some(error);
                next.request_focus(Focus::Summary);
            }
            Action::Restart => {
                next = Form::new(self.survey.clone());
                next.focus_seq = self.focus_seq;
                next.request_focus(Focus::PageHeading);
            }
        }
        (next != *self).then_some(next)
    }

    fn advance(&mut self) {
        if self.page_problems(self.page).is_empty() {
            if let Some(p) = self.visible_pages().into_iter().find(|p| *p > self.page) {
                self.go_to(p);
            }
        } else {
            self.attempted = true;
            self.focus_first_problem();
        }
    }

    fn focus_first_problem(&mut self) {
        let first = self.page_problems(self.page).first().map(|(q, _)| q.index);
        self.request_focus(first.map_or(Focus::Summary, Focus::Problem));
    }

    fn go_to(&mut self, page: usize) {
        self.page = page;
        self.attempted = false;
        self.request_focus(Focus::PageHeading);
    }

    fn request_focus(&mut self, focus: Focus) {
        self.focus = Some(focus);
        self.focus_seq = self.focus_seq.wrapping_add(1);
    }

    /// Indices of the pages a resident will see, in order.
    pub fn visible_pages(&self) -> Vec<usize> {
        (0..self.survey.pages.len())
            .filter(|i| {
                self.survey.pages.get(*i).is_some_and(|p| {
                    holds(&p.visible_if, &self.answers)
                        && !self.visible_questions_in(&p.elements).is_empty()
                })
            })
            .collect()
    }

    /// `(position, count)` of the current page among the visible pages, 1-based.
    pub fn progress(&self) -> (usize, usize) {
        let pages = self.visible_pages();
        let at = pages
            .iter()
            .position(|p| *p == self.page)
            .map_or(1, |i| i + 1);
        (at, pages.len().max(1))
    }

    pub fn is_last_page(&self) -> bool {
        self.visible_pages().last().is_none_or(|p| *p == self.page)
    }

    /// Whether an element with this condition (inside visible parents) shows.
    pub fn shows(&self, visible_if: &Option<Condition>) -> bool {
        holds(visible_if, &self.answers)
    }

    pub fn is_visible(&self, q: &Question) -> bool {
        q.visible && holds(&q.visible_if, &self.answers)
    }

    pub fn is_required(&self, q: &Question) -> bool {
        q.required
            || q.required_if
                .as_ref()
                .is_some_and(|c| c.evaluate(&self.answers))
    }

    fn visible_questions_in<'a>(&self, elements: &'a [Element]) -> Vec<&'a Question> {
        let mut out = Vec::new();
        for e in elements {
            match e {
                Element::Question(q) if self.is_visible(q) => out.push(&**q),
                Element::Panel(p) if holds(&p.visible_if, &self.answers) => {
                    out.extend(self.visible_questions_in(&p.elements))
                }
                _ => {}
            }
        }
        out
    }

    /// The visible questions of page `page` (inside visible panels), in order.
    pub fn visible_questions_on(&self, page: usize) -> Vec<&Question> {
        self.survey
            .pages
            .get(page)
            .map_or_else(Vec::new, |p| self.visible_questions_in(&p.elements))
    }

    /// Every visible question of every visible page, in order.
    pub fn visible_questions(&self) -> Vec<&Question> {
        self.visible_pages()
            .into_iter()
            .filter_map(|i| self.survey.pages.get(i))
            .flat_map(|p| self.visible_questions_in(&p.elements))
            .collect()
    }

    /// The problems of the visible questions on page `page`, in order.
    pub fn page_problems(&self, page: usize) -> Vec<(&Question, Problem)> {
        let Some(p) = self.survey.pages.get(page) else {
            return Vec::new();
        };
        self.visible_questions_in(&p.elements)
            .into_iter()
            .filter_map(|q| Some((q, validate::check(q, &self.answers, self.is_required(q))?)))
            .collect()
    }

    /// The problem to show now for `q`: after it was left, or after Next/Submit on its page.
    pub fn shown_problem(&self, q: &Question) -> Option<Problem> {
        if !self.attempted && !self.touched.contains(&q.name) {
            return None;
        }
        validate::check(q, &self.answers, self.is_required(q))
    }

    /// The problems listed in the error summary (only after Next or Submit was tried).
    pub fn summary(&self) -> Vec<(&Question, Problem)> {
        if self.attempted {
            self.page_problems(self.page)
        } else {
            Vec::new()
        }
    }

    /// The answers to submit: visible questions only, so a hidden answer (say, a phone number
    /// typed before consent was withdrawn) never leaves the device.
    pub fn submitted_answers(&self) -> Answers {
        let mut out = Answers::default();
        for q in self.visible_questions() {
            out.set(&q.name, self.answers.get(&q.name).cloned());
            let other = self.answers.other(&q.name);
            // An "other" text counts only while "other" is still chosen.
            let chosen = self
                .answers
                .get(&q.name)
                .is_some_and(validate::answer_has_other);
            if chosen && !other.is_empty() {
                out.set_other(&q.name, other.to_string());
            }
        }
        out
    }

    /// The draft kept on the device while the resident answers.
    pub fn draft_json(&self) -> String {
        draft_json(&self.answers, self.page)
    }

    /// Restores a draft; anything unreadable is ignored and the form starts fresh.
    pub fn restore(survey: Rc<Survey>, draft: &str) -> Form {
        let mut form = Form::new(survey);
        if let Ok(v) = json::parse(draft) {
            form.answers = v.get("answers").map(Answers::from_json).unwrap_or_default();
            let page = v.get("page").and_then(Value::as_i64).unwrap_or(0);
            if let Some(p) = form.visible_pages().into_iter().find(|p| *p as i64 == page) {
                form.page = p;
            }
        }
        form
    }

    pub fn has_answers(&self) -> bool {
        !self.answers.is_empty()
    }
}

/// The draft of `answers` on page `page`, as JSON text.
pub fn draft_json(answers: &Answers, page: usize) -> String {
    json::object([
        ("page", Value::Number(page.to_string())),
        ("answers", answers.to_json()),
    ])
    .to_json()
}
