//! The form a resident fills in: state, the verbs that change it, and the pure reducer.
//!
//! Owns: `Form` (answers, current page, which errors to show, what to focus, the phase) and
//! `Action`. Visibility (`visibleIf`, panels, pages), requiredness (`requiredIf`), whether a
//! question can be answered (`enableIf`, `readOnly`) and the answers a new form starts with
//! (`defaultValue`) are decided here, so the view only renders. Must not: touch storage or the browser; persisting a
//! submission is an effect the view runs when the phase becomes `Submitting`.

use std::borrow::Cow;
use std::rc::Rc;

use crate::answer::{Answer, Answers};
use crate::condition::{self, Condition, Date, Operand};
use crate::definition::{Choice, Element, FromMode, Kind, Question, Survey, OTHER_VALUE};
use crate::i18n::Locale;
use crate::json::{self, Value};
use crate::layout::Building;
use crate::pipe::{self, Values};
use crate::ports::StorageError;
use crate::validate::{self, Patterns, Problem};

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
    /// The resident answered one row of a matrix or one item of a multipletext (`key`); a
    /// blank `value` clears it.
    AnswerField {
        name: String,
        key: String,
        value: String,
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
    /// Leave the start page (`firstPageIsStartPage`) for the first page of questions.
    Start,
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
    /// Show page `page` without checking the current one: the organizers' preview walks
    /// every page (`page` must be visible; otherwise nothing changes).
    Show {
        page: usize,
    },
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
    /// The start page is showing (`firstPageIsStartPage`): page 0, before Start.
    pub starting: bool,
    /// Today where the resident is, for `today()` / `age()` in conditions: the view sets it
    /// from the device's local date when the form opens (the core reads no clock); kept
    /// across a restart.
    pub today: Option<Date>,
    /// On the receipt: the submitted answers `completedHtml` pipes in (`{name}`), and no
    /// others; empty otherwise.
    pub receipt_answers: Answers,
    /// The regex engine of `regex` validators (`Patterns::NONE` until the view sets one).
    pub patterns: Patterns,
    /// The resident changed an answer or the page since the form started or was restored: only
    /// then is a draft worth writing (a new form's default answers are not one).
    pub edited: bool,
}

/// A choice as the resident sees it now: shown (else it is not in the list) and perhaps
/// disabled (`enableIf`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownChoice {
    pub choice: Choice,
    pub enabled: bool,
}

/// The answers and today's date, as conditions read them.
struct Reading<'a>(&'a Answers, Option<Date>);

impl condition::Answers for Reading<'_> {
    fn operand(&self, name: &str) -> Operand<'_> {
        self.0.operand(name)
    }
    fn today(&self) -> Option<Date> {
        self.1
    }
}

fn holds(c: &Option<Condition>, answers: &Reading) -> bool {
    c.as_ref().is_none_or(|c| c.evaluate(answers))
}

/// SurveyJS's rule for `visible` with `visibleIf`: the condition decides when there is one
/// (it overwrites `visible` whenever it runs); `visible` alone otherwise.
fn shown(visible: bool, c: &Option<Condition>, answers: &Reading) -> bool {
    match c {
        Some(c) => c.evaluate(answers),
        None => visible,
    }
}

/// The answers with `{item}` bound to one choice's value (choice conditions).
struct WithItem<'a> {
    answers: &'a Reading<'a>,
    item: &'a str,
}

impl condition::Answers for WithItem<'_> {
    fn operand(&self, name: &str) -> Operand<'_> {
        if name == "item" {
            Operand::Text(self.item)
        } else {
            condition::Answers::operand(self.answers, name)
        }
    }
    fn today(&self) -> Option<Date> {
        self.answers.1
    }
}

/// The values an answer holds (one, several, or none).
fn chosen_values(answer: Option<&Answer>) -> Vec<&str> {
    match answer {
        Some(Answer::Choice(s) | Answer::Text(s)) => vec![s.as_str()],
        Some(Answer::Choices(v)) => v.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

impl Form {
    pub fn new(survey: Rc<Survey>) -> Form {
        Form::dated(survey, None)
    }

    /// A new form whose conditions see `today` as the date (`Form::today`).
    pub fn dated(survey: Rc<Survey>, today: Option<Date>) -> Form {
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
            patterns: Patterns::NONE,
            edited: false,
            starting: false,
            today,
            receipt_answers: Answers::default(),
        };
        for q in form.survey.clone().questions() {
            form.answers.set(&q.name, q.default_value.clone());
        }
        form.starting = form.survey.start_page;
        form.page = if form.starting {
            0
        } else {
            form.visible_pages().first().copied().unwrap_or(0)
        };
        form
    }

    /// The reducer: `None` when the action changes nothing (the view then skips a render).
    pub fn reduce(&self, action: Action) -> Option<Form> {
        // One row or item is an answer to the whole question, built on its current answer.
        let action = match action {
            Action::AnswerField { name, key, value } => Action::Answer {
                answer: Some(Answer::with_field(self.answers.get(&name), &key, value)),
                name,
            },
            other => other,
        };
        let mut next = self.clone();
        match action {
            Action::Answer { name, answer } => {
                if self.answers.get(&name) == answer.as_ref() {
                    return None;
                }
                // A question that cannot be answered now keeps its value.
                if self
                    .survey
                    .question(&name)
                    .is_some_and(|q| !self.is_enabled(q))
                {
                    return None;
                }
                next.answers.set(&name, answer);
                next.clear_hidden_choices();
                next.edited = true;
            }
            // Turned into `Answer` above.
            Action::AnswerField { .. } => return None,
            Action::AnswerOther { name, text } => {
                if self.answers.other(&name) == text {
                    return None;
                }
                next.answers.set_other(&name, text);
                next.edited = true;
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
            Action::Start => {
                if !self.starting || self.phase != Phase::Answering {
                    return None;
                }
                if self.page_problems(self.page).is_empty() {
                    next.starting = false;
                    match self.visible_pages().first() {
                        Some(p) => next.go_to(*p),
                        // Nothing after the start page: Start completes, as in SurveyJS.
                        None => {
                            next.phase = Phase::Submitting;
                            next.storage_error = None;
                        }
                    }
                } else {
                    next.attempted = true;
                    next.focus_first_problem();
                }
            }
            Action::Next if self.starting => return self.reduce(Action::Start),
            Action::Next => next.advance(),
            Action::Show { page } => {
                if page == self.page || !self.visible_pages().contains(&page) {
                    return None;
                }
                next.go_to(page);
            }
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
                if self.phase != Phase::Answering || self.starting {
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
                next = Form::dated(self.survey.clone(), self.today);
                next.patterns = self.patterns;
                next.phase = Phase::Submitted {
                    receipt_code,
                    submission_id,
                };
                if let Some(completed) = &self.survey.completed {
                    next.receipt_answers =
                        pipe::kept(&self.survey, &self.submitted_answers(), completed.all());
                }
                next.focus_seq = self.focus_seq;
                next.request_focus(Focus::PageHeading);
            }
            Action::StoreFailed(error) => {
                next.phase = Phase::Answering;
                next.storage_error = Some(error);
                next.request_focus(Focus::Summary);
            }
            Action::Restart => {
                next = Form::dated(self.survey.clone(), self.today);
                next.patterns = self.patterns;
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
        self.edited = true;
        self.attempted = false;
        self.request_focus(Focus::PageHeading);
    }

    fn reading(&self) -> Reading<'_> {
        Reading(&self.answers, self.today)
    }

    fn request_focus(&mut self, focus: Focus) {
        self.focus = Some(focus);
        self.focus_seq = self.focus_seq.wrapping_add(1);
    }

    /// Indices of the pages a resident will see, in order: those shown (`visible`,
    /// `visibleIf`) with at least one element shown (a question, an `html` note or a panel
    /// with something shown), as SurveyJS decides. A start page is not among them: it comes
    /// before them and is not counted in the progress.
    pub fn visible_pages(&self) -> Vec<usize> {
        let skip = usize::from(self.survey.start_page);
        (skip..self.survey.pages.len())
            .filter(|i| self.page_shown(*i))
            .collect()
    }

    fn page_shown(&self, i: usize) -> bool {
        self.survey.pages.get(i).is_some_and(|p| {
            shown(p.visible, &p.visible_if, &self.reading())
                && p.elements.iter().any(|e| self.element_shown(e))
        })
    }

    /// The pages whose answers count: the start page (while shown), then the visible pages.
    fn answered_pages(&self) -> Vec<usize> {
        let mut pages = self.visible_pages();
        if self.survey.start_page && self.page_shown(0) {
            pages.insert(0, 0);
        }
        pages
    }

    /// `(position, count)` of the current page among the visible pages, 1-based (the start
    /// page is at 0: it is not counted).
    pub fn progress(&self) -> (usize, usize) {
        let pages = self.visible_pages();
        let at = if self.starting {
            0
        } else {
            pages
                .iter()
                .position(|p| *p == self.page)
                .map_or(1, |i| i + 1)
        };
        (at, pages.len().max(1))
    }

    pub fn is_last_page(&self) -> bool {
        !self.starting && self.visible_pages().last().is_none_or(|p| *p == self.page)
    }

    /// Whether an element with this condition (inside visible parents) shows.
    pub fn shows(&self, visible_if: &Option<Condition>) -> bool {
        holds(visible_if, &self.reading())
    }

    /// Whether an element of a shown page or panel is shown: a question (see
    /// [`Form::is_visible`]), a note, or a panel that is itself shown and shows something.
    pub fn element_shown(&self, e: &Element) -> bool {
        match e {
            Element::Question(q) => self.is_visible(q),
            Element::Note(n) => shown(n.visible, &n.visible_if, &self.reading()),
            Element::Panel(p) => {
                shown(p.visible, &p.visible_if, &self.reading())
                    && p.elements.iter().any(|e| self.element_shown(e))
            }
        }
    }

    /// Whether a question shows: `visibleIf` decides when there is one, else `visible`; and
    /// a choice question whose choices depend on answers shows only while it offers one to
    /// pick (so a required one is never a dead end: SurveyJS's `hideIfChoicesEmpty`).
    pub fn is_visible(&self, q: &Question) -> bool {
        shown(q.visible, &q.visible_if, &self.reading())
            && (self.has_other(q)
                || self
                    .shown_choices(q)
                    .is_none_or(|c| c.iter().any(|c| c.enabled)))
    }

    fn has_other(&self, q: &Question) -> bool {
        matches!(
            &q.kind,
            Kind::Single { other: Some(_), .. } | Kind::Multi { other: Some(_), .. }
        )
    }

    /// The choices `q` offers now, when they depend on answers (`choicesFromQuestion`,
    /// `visibleIf` / `enableIf` on choices, `choicesVisibleIf` / `choicesEnableIf`): hidden
    /// ones left out, disabled ones marked. `None` when they never change: the definition's
    /// list as it is.
    pub fn shown_choices(&self, q: &Question) -> Option<Vec<ShownChoice>> {
        self.shown_choices_at(q, 0)
    }

    fn shown_choices_at(&self, q: &Question, depth: usize) -> Option<Vec<ShownChoice>> {
        let own = match &q.kind {
            Kind::Single { choices, .. } | Kind::Multi { choices, .. } => choices,
            _ => return None,
        };
        let rules = &q.choice_rules;
        if rules.is_static()
            && own
                .iter()
                .all(|c| c.visible_if.is_none() && c.enable_if.is_none())
        {
            return None;
        }
        let listed: Vec<Choice> = match &rules.from {
            Some(from) => self.copied_choices(&from.question, from.mode, depth),
            None => own.clone(),
        };
        let reading = self.reading();
        let answers = &reading;
        Some(
            listed
                .into_iter()
                .filter_map(|choice| {
                    let ctx = WithItem {
                        answers,
                        item: &choice.value,
                    };
                    let test = |own: &Option<Condition>, all: &Option<Condition>| {
                        own.as_ref()
                            .or(all.as_ref())
                            .is_none_or(|c| c.evaluate(&ctx))
                    };
                    let visible = test(&choice.visible_if, &rules.visible_if);
                    let enabled = test(&choice.enable_if, &rules.enable_if);
                    visible.then_some(ShownChoice { choice, enabled })
                })
                .collect(),
        )
    }

    /// SurveyJS `choicesFromQuestion`: the choices the other question shows (its own rules
    /// applied), all of them or those chosen / not chosen there; its "other" item is never
    /// copied, but in `selected` mode the text typed for it becomes a choice.
    fn copied_choices(&self, source: &str, mode: FromMode, depth: usize) -> Vec<Choice> {
        let Some(q) = self.survey.question(source) else {
            return Vec::new();
        };
        // A chain of copies longer than the questions is a loop: nothing to copy.
        if depth > self.survey.questions().len() {
            return Vec::new();
        }
        let shown: Vec<Choice> = match self.shown_choices_at(q, depth + 1) {
            Some(list) => list.into_iter().map(|c| c.choice).collect(),
            None => match &q.kind {
                Kind::Single { choices, .. } | Kind::Multi { choices, .. } => choices.clone(),
                _ => Vec::new(),
            },
        };
        let picked = chosen_values(self.answers.get(source));
        let mut out: Vec<Choice> = shown
            .into_iter()
            .filter(|c| match mode {
                FromMode::All => true,
                FromMode::Selected => picked.contains(&c.value.as_str()),
                FromMode::Unselected => !picked.contains(&c.value.as_str()),
            })
            .map(|c| Choice::new(c.value, c.text))
            .collect();
        let other = self.answers.other(source);
        if mode == FromMode::Selected && picked.contains(&OTHER_VALUE) && !other.trim().is_empty() {
            out.push(Choice::new(
                OTHER_VALUE,
                Some(crate::text::Text::plain(other.to_string())),
            ));
        }
        out
    }

    /// A choice the resident picked that is no longer shown is taken out of the answer, as
    /// SurveyJS does when a choice's visibility changes (its `clearIncorrectValues`); a
    /// disabled one stays (SurveyJS's `clearDisabledChoices` is off by default). Repeated,
    /// since a copied list changes with the answer it is copied from.
    fn clear_hidden_choices(&mut self) {
        for _ in 0..=self.survey.questions().len() {
            let mut changed = false;
            let survey = self.survey.clone();
            for q in survey.questions() {
                let Some(shown) = self.shown_choices(q) else {
                    continue;
                };
                let keeps = |v: &str| {
                    (v == OTHER_VALUE && self.has_other(q))
                        || shown.iter().any(|c| c.choice.value == v)
                };
                let next = match self.answers.get(&q.name) {
                    Some(Answer::Choice(v) | Answer::Text(v)) if !keeps(v) => Some(None),
                    Some(Answer::Choices(list)) if !list.iter().all(|v| keeps(v)) => {
                        let kept: Vec<String> = list.iter().filter(|v| keeps(v)).cloned().collect();
                        Some((!kept.is_empty()).then_some(Answer::Choices(kept)))
                    }
                    _ => None,
                };
                if let Some(answer) = next {
                    self.answers.set(&q.name, answer);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Whether `q` can be answered now: not `readOnly`, and its `enableIf` holds. A question
    /// that cannot is still shown, keeps (and submits) its value and is not checked, as in
    /// SurveyJS.
    pub fn is_enabled(&self, q: &Question) -> bool {
        !q.read_only && holds(&q.enable_if, &self.reading())
    }

    /// The problem of `q` as it stands (none while it cannot be answered).
    fn problem(&self, q: &Question) -> Option<Problem> {
        if !self.is_enabled(q) {
            return None;
        }
        validate::check_with(q, &self.answers, self.is_required(q), self.patterns)
    }

    pub fn is_required(&self, q: &Question) -> bool {
        q.required
            || q.required_if
                .as_ref()
                .is_some_and(|c| c.evaluate(&self.reading()))
    }

    fn visible_questions_in<'a>(&self, elements: &'a [Element]) -> Vec<&'a Question> {
        let mut out = Vec::new();
        for e in elements {
            match e {
                Element::Question(q) if self.is_visible(q) => out.push(&**q),
                Element::Panel(p) if shown(p.visible, &p.visible_if, &self.reading()) => {
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

    /// Every visible question of the start page and every visible page, in order.
    pub fn visible_questions(&self) -> Vec<&Question> {
        self.answered_pages()
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
            .filter_map(|q| Some((q, self.problem(q)?)))
            .collect()
    }

    /// The problem to show now for `q`: after it was left, or after Next/Submit on its page.
    pub fn shown_problem(&self, q: &Question) -> Option<Problem> {
        if !self.attempted && !self.touched.contains(&q.name) {
            return None;
        }
        self.problem(q)
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
    /// A choice no longer shown is never submitted either (a draft may hold one).
    pub fn submitted_answers(&self) -> Answers {
        let mut form = self.clone();
        form.clear_hidden_choices();
        let mut out = Answers::default();
        for q in form.visible_questions() {
            out.set(&q.name, form.answers.get(&q.name).cloned());
            let other = form.answers.other(&q.name);
            // An "other" text counts only while "other" is still chosen.
            let chosen = form
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

    /// Restores a draft; anything unreadable is ignored and the form starts fresh. A readable
    /// draft's answers replace the default ones: an answer the resident cleared stays cleared.
    pub fn restore(survey: Rc<Survey>, draft: &str) -> Form {
        Form::restore_dated(survey, draft, None)
    }

    /// [`Form::restore`] for a form whose conditions see `today` as the date.
    pub fn restore_dated(survey: Rc<Survey>, draft: &str, today: Option<Date>) -> Form {
        let mut form = Form::dated(survey, today);
        if let Ok(v) = json::parse(draft) {
            form.answers = v.get("answers").map(Answers::from_json).unwrap_or_default();
            // Fields belong to a matrix or multipletext only, and those hold nothing else.
            for q in form.survey.clone().questions() {
                let fields = matches!(q.kind, Kind::Matrix { .. } | Kind::MultipleText { .. });
                let held = form.answers.get(&q.name);
                if held.is_some_and(|a| matches!(a, Answer::Fields(_)) != fields) {
                    form.answers.set(&q.name, None);
                }
            }
            let page = v.get("page").and_then(Value::as_i64).unwrap_or(0);
            if let Some(p) = form.visible_pages().into_iter().find(|p| *p as i64 == page) {
                form.page = p;
                form.starting = false;
            }
        }
        form
    }

    pub fn has_answers(&self) -> bool {
        !self.answers.is_empty()
    }

    /// The shown answers `texts` pipe in (`{name}`), for the view to fill them in.
    pub fn values<'a>(&self, texts: impl IntoIterator<Item = &'a str>, locale: Locale) -> Values {
        Values::of(texts, &self.survey, &self.answers, locale)
    }

    /// `text` with the answers it pipes in filled in (borrowed when it pipes in none).
    pub fn piped<'a>(&self, text: &'a str, locale: Locale) -> Cow<'a, str> {
        if !text.contains('}') {
            return Cow::Borrowed(text);
        }
        self.values([text], locale).fill(text)
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
