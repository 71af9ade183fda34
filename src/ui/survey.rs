//! The survey screen: the current page, progress, the error summary, navigation, the receipt
//! and the device panel.
//!
//! Owns: the form store and its effects (draft on the device, persisting a submission before
//! the receipt, moving focus, telling the host). Must not: validate or decide visibility
//! itself (the core's `Form` does).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::device_panel::{device_panel, device_status};
use super::element::{page_html, Ctx};
use super::lang_switch::lang_switch;
use super::receipt::{receipt, ReceiptProps};
use super::settings_bar::settings_bar;
use super::store::FormStore;
use super::Shared;
use crate::core::config::Config;
use crate::core::definition::Survey;
use crate::core::form::{Action, Focus, Form, Phase};
use crate::core::i18n::Msg;
use crate::core::layout::Building;
use crate::core::outbox::{EntryState, OutboxEntry};
use crate::core::ports::{Clock, Storage, StorageError};
use crate::core::submission::Submission;
use crate::core::validate::Patterns;
use crate::web::{
    clock::{self, BrowserClock},
    draft::DraftWriter,
    events, frame, pattern, prerender, random,
    storage::{self, LocalStorage},
};

#[derive(Properties, PartialEq)]
pub struct SurveyProps {
    pub survey: Rc<Survey>,
    pub config: Rc<Config>,
    pub on_phase: Callback<&'static str>,
    pub root: NodeRef,
    pub shared: Shared,
    /// Replaces "answer again" on the receipt (kiosk mode: a clean session instead).
    #[prop_or_default]
    pub on_again: Option<Callback<()>>,
    /// The organizers' preview (the check view, kiosk variant only): every page can be shown,
    /// no draft is read or written, and there is no Submit ("nothing is sent" instead).
    #[prop_or_default]
    pub preview: bool,
}

fn draft_key(survey: &Survey) -> String {
    format!("yehua.draft.{}", survey.info.id)
}

/// Stores the submission on the device before anything else happens to it.
fn store_submission(
    form: &Form,
    config: &Config,
    locale: &str,
) -> Result<Submission, StorageError> {
    let mut submission = Submission::new(
        &form.survey,
        &form.submitted_answers(),
        random::random_id(),
        locale,
        BrowserClock.now_ms(),
    );
    submission.device = config.device.clone();
    let body = submission.to_json().to_json();
    let mut entry = OutboxEntry::new(
        submission.id.clone(),
        body,
        "application/json",
        submission.created_at_ms,
    );
    entry.endpoint = config.endpoint.as_ref().map(|e| e.url.clone());
    storage::outbox().enqueue(&entry)?;
    Ok(submission)
}

#[function_component]
pub fn SurveyView(props: &SurveyProps) -> Html {
    let Shared {
        lang,
        display,
        delivery,
    } = props.shared.clone();
    // `cfg!`: the residents' variant has no check view, and the compiler drops what only a
    // preview needs.
    let preview = cfg!(feature = "kiosk") && props.preview;
    let store = {
        let (survey, kiosk) = (props.survey.clone(), props.config.kiosk.enabled);
        use_reducer(move || {
            // A shared kiosk never keeps (or restores) a draft: it would outlive the resident.
            // Nor does a preview: it stores nothing.
            let draft = (!kiosk && !preview)
                .then(|| LocalStorage.get(&draft_key(&survey)).ok().flatten())
                .flatten();
            let today = clock::local_date();
            let mut form = match draft {
                Some(d) => Form::restore_dated(survey, &d, today),
                None => Form::dated(survey, today),
            };
            // Regex validators run on the browser's own RegExp (docs/DEFINITIONS.md).
            form.patterns = Patterns(pattern::test);
            // A long page is built a few groups at a time (core::layout::Building), but a
            // prerendered first screen being taken over needs every live control at once.
            if prerender::present() {
                form.built = Building::whole(form.page);
            }
            FormStore(form)
        })
    };
    let heading = use_node_ref();
    let summary = use_node_ref();
    // Re-read only when something was stored (the receipt shows: each submission is stored
    // just before it) or sent; a kiosk shows it in the staff panel only.
    let device = {
        let kiosk = props.config.kiosk.enabled;
        let receipt = matches!(store.0.phase, Phase::Submitted { .. });
        use_memo((receipt, delivery.revision), move |_| {
            (!kiosk).then(device_status).unwrap_or_default()
        })
    };
    let form = &store.0;

    // Effects
    {
        // The draft is written after the paint (web::draft): not on the click's way to screen.
        let drafts = use_memo(draft_key(&props.survey), |key| {
            DraftWriter::new(key.clone())
        });
        let kiosk = props.config.kiosk.enabled || preview;
        // Only once the resident changed something: a new form's default answers are no draft,
        // and an answer cleared since is written (so a default does not come back).
        use_effect_with(
            (
                form.answers.clone(),
                form.page,
                form.phase.clone(),
                form.edited,
            ),
            move |(answers, page, phase, edited)| {
                if *phase != Phase::Answering {
                    drafts.cancel();
                } else if *edited && !kiosk {
                    drafts.save(crate::core::form::draft_json(answers, *page));
                }
            },
        );
    }
    // The first groups of a page, the rest after each paint; all of them once the error
    // summary shows (its links and the focus may go to any question).
    let problems = form.summary();
    let groups = form.built.groups_on(form.page, !problems.is_empty());
    {
        let elements = props
            .survey
            .pages
            .get(form.page)
            .map_or(0, |p| p.elements.len());
        let store = store.dispatcher();
        use_effect_with((form.page, groups), move |&(page, groups)| {
            if let Some(next) = Building::next(page, groups, elements) {
                frame::after_paint(Box::new(move || store.dispatch(Action::Build(next))));
            }
        });
    }
    {
        let (heading, summary, focus) = (heading.clone(), summary.clone(), form.focus.clone());
        use_effect_with(form.focus_seq, move |seq| {
            let target = match focus {
                Some(Focus::Summary) => summary.cast::<web_sys::HtmlElement>(),
                Some(Focus::Problem(index)) => heading
                    .cast::<web_sys::Element>()
                    .and_then(|h| h.parent_element())
                    .and_then(|page| {
                        page.query_selector(&format!("#yh-q{index}-input"))
                            .ok()
                            .flatten()
                    })
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()),
                _ => heading.cast::<web_sys::HtmlElement>(),
            };
            if *seq > 0 {
                if let Some(el) = target {
                    let _ = el.focus();
                }
            }
        });
    }
    {
        // A new phase: Submitting stores the submission first (then the form moves on), and
        // the root and the host hear of every phase.
        let (store, config, locale) = (store.clone(), props.config.clone(), lang.locale);
        let runner = delivery.runner.clone();
        let key = draft_key(&props.survey);
        let (on_phase, root) = (props.on_phase.clone(), props.root.clone());
        use_effect_with(form.phase.clone(), move |phase| {
            if *phase == Phase::Submitting {
                match store_submission(&store.0, &config, locale.tag()) {
                    Ok(s) => {
                        let _ = LocalStorage.remove(&key);
                        if let Some(r) = &runner {
                            r.kick();
                        }
                        store.dispatch(Action::Stored {
                            receipt_code: s.receipt_code(),
                            submission_id: s.id,
                        });
                    }
                    Err(e) => store.dispatch(Action::StoreFailed(e)),
                }
            }
            match phase {
                Phase::Submitted { receipt_code, .. } => {
                    on_phase.emit("submitted");
                    if let Some(el) = root.cast::<web_sys::Element>() {
                        events::dispatch(&el, "yehua:submitted", receipt_code);
                    }
                }
                _ => on_phase.emit("ready"),
            }
        });
    }

    // Callbacks
    let dispatcher = store.dispatcher();
    // One closure type for the four buttons: each `Callback::from` closure is code of its own.
    let on_click = |action: fn() -> Action, instead: Option<Callback<()>>| {
        let d = dispatcher.clone();
        Callback::from(move |_: MouseEvent| match &instead {
            Some(cb) => cb.emit(()),
            None => d.dispatch(action()),
        })
    };
    let on_next = on_click(|| Action::Next, None);
    let on_start = on_click(|| Action::Start, None);
    let on_back = on_click(|| Action::Back, None);
    let on_submit = on_click(|| Action::Submit, None);
    let on_again = on_click(|| Action::Restart, props.on_again.clone());

    let survey = &props.survey;
    let locale = lang.locale;
    let header = html! {
        <header class="yh-header">
            // The check view has its own language switch above the preview.
            if !preview {
                <div class="yh-toolbar">
                    { lang_switch(&lang) }
                    { settings_bar(Some(&display), &lang) }
                </div>
            }
            <h1 class="yh-title">{ form.piped(survey.title.get(locale), locale).into_owned() }</h1>
            if let Some(session) = &survey.info.session {
                <p class="yh-session">{ session.get(locale) }
                    if let Some(date) = &survey.info.date { {" · "}{ date } }
                    if let Some(venue) = &survey.info.venue { {" · "}{ venue.get(locale) } }
                </p>
            }
        </header>
    };
    // In kiosk mode what the device holds is for staff only (the staff panel); a preview has
    // nothing to do with it.
    let footer = if props.config.kiosk.enabled || preview {
        html! {}
    } else {
        device_panel(survey, &device, delivery.runner.is_some(), &lang)
    };

    if let Phase::Submitted {
        receipt_code,
        submission_id,
    } = &form.phase
    {
        let status = match (&delivery.runner, storage::outbox().read(submission_id)) {
            (None, _) => Msg::ReceiptSavedOnDevice,
            (Some(_), Ok(Some(e))) if matches!(e.state, EntryState::Delivered { .. }) => {
                Msg::ReceiptSent
            }
            // Not sent yet, and not put off: an entry postponed because the endpoint could not
            // be reached (its wait set, no attempt of its own) is waiting for the network.
            (Some(_), Ok(Some(e)))
                if e.attempts == 0
                    && e.is_pending()
                    && (e.leased || e.next_attempt_ms <= e.created_at_ms) =>
            {
                Msg::ReceiptSending
            }
            (Some(_), Ok(Some(e))) if matches!(e.state, EntryState::Held { .. }) => {
                Msg::ReceiptHeld
            }
            // Gone from storage after a confirmation that could not be written: it was sent.
            (Some(_), Ok(None)) => Msg::ReceiptSent,
            _ => Msg::ReceiptQueued,
        };
        return html! {
            <>
                { header }
                { receipt(ReceiptProps { code: AttrValue::from(receipt_code.clone()), completed: survey.completed.as_ref(),
                    heading: heading.clone(), status, on_again, survey, answers: &form.receipt_answers,
                    kiosk: props.config.kiosk.enabled }, &lang) }
                { footer }
            </>
        };
    }

    let Some(page) = survey.pages.get(form.page) else {
        return html! {};
    };
    // One pass over the visible pages per render: `at` is 1-based among them.
    let (at, total) = form.progress();
    let last = at == total;
    html! {
        <>
            { header }
            if preview {
                { preview_pages(form, &dispatcher, &lang) }
            }
            if let Some(d) = &survey.description {
                if at <= 1 {
                    <p class="yh-description">{ form.piped(d.get(locale), locale).into_owned() }</p>
                }
            }
            // A start page (`firstPageIsStartPage`) is not counted, as in SurveyJS.
            if !form.starting {
                <div class="yh-progress">
                    <span id="yh-progress-label">{ lang.f(Msg::NavProgress, &[("current", &at.to_string()), ("total", &total.to_string())]) }</span>
                    <progress max={total.to_string()} value={at.to_string()} aria-labelledby="yh-progress-label"></progress>
                </div>
            }
            // The summary itself is role=alert (announced once when it appears); a live slot
            // around it would make screen readers announce it twice.
            <div class="yh-summary-slot">
                if !problems.is_empty() || form.storage_error.is_some() {
                    <div class="yh-summary" ref={summary.clone()} tabindex="-1" role="alert">
                        if let Some(e) = &form.storage_error {
                            <p class="yh-summary-storage">{ lang.t(match e {
                                StorageError::Full => Msg::ErrorStorageFull,
                                StorageError::Unavailable => Msg::ErrorStorageUnavailable,
                            }) }</p>
                        }
                        if !problems.is_empty() {
                            <p class="yh-summary-title">{ lang.f(Msg::ErrorsSummary, &[("count", &problems.len().to_string())]) }</p>
                            <ul>
                                { for problems.iter().map(|(q, p)| html! {
                                    <li key={q.name.clone()}>
                                        <a href={format!("#yh-q{}-input", q.index)}>{ form.piped(q.title.get(locale), locale).into_owned() }{ "：" }{ lang.problem(q, p) }</a>
                                    </li>
                                }) }
                            </ul>
                        }
                    </div>
                }
            </div>
            <section class="yh-page" aria-labelledby="yh-page-title">
                <h2 id="yh-page-title" class="yh-page-title" tabindex="-1" ref={heading.clone()}>
                    { form.piped(page.title.as_ref().unwrap_or(&survey.title).get(locale), locale).into_owned() }
                </h2>
                if let Some(d) = &page.description { <p class="yh-page-description">{ form.piped(d.get(locale), locale).into_owned() }</p> }
                { page_html(&page.elements, groups, &Ctx { form, dispatch: &dispatcher, lang: &lang, kiosk: props.config.kiosk.enabled }) }
            </section>
            <nav class="yh-nav">
                if at > 1 {
                    <button type="button" class="yh-button yh-button-secondary" onclick={on_back}>{ lang.t(Msg::NavBack) }</button>
                }
                if form.starting {
                    <button type="button" class="yh-button yh-button-primary" data-action="start" onclick={on_start}>
                        { survey.start_text.as_ref().filter(|t| !t.is_empty()).map_or_else(|| lang.t(Msg::NavStart), |t| t.get(locale)) }
                    </button>
                } else if last && preview {
                    { preview_note(&lang) }
                } else if last {
                    <button type="button" class="yh-button yh-button-primary" onclick={on_submit}
                        disabled={form.phase == Phase::Submitting}>{ lang.t(Msg::NavSubmit) }</button>
                } else {
                    <button type="button" class="yh-button yh-button-primary" onclick={on_next}>{ lang.t(Msg::NavNext) }</button>
                }
            </nav>
            { footer }
        </>
    }
}

/// The preview's list of every page: a button to show each one (a page the answers so far
/// hide is listed, but cannot be shown).
#[cfg(feature = "kiosk")]
fn preview_pages(
    form: &Form,
    dispatcher: &UseReducerDispatcher<FormStore>,
    lang: &super::Lang,
) -> Html {
    let visible = form.visible_pages();
    html! {
        <nav class="yh-preview-pages" aria-label={lang.t(Msg::CheckPreviewPages)}>
            <p class="yh-preview-pages-title">{ lang.t(Msg::CheckPreviewPages) }</p>
            <ul>
                { for form.survey.pages.iter().enumerate().map(|(i, page)| {
                    let n = (i + 1).to_string();
                    let shown = visible.contains(&i);
                    let label = if shown {
                        lang.f(Msg::CheckPage, &[("n", &n), ("name", &page.name)])
                    } else {
                        lang.f(Msg::CheckPreviewHidden, &[("n", &n)])
                    };
                    let d = dispatcher.clone();
                    html! {
                        <li key={page.name.clone()}>
                            <button type="button" class="yh-button yh-button-secondary"
                                aria-current={(i == form.page).then_some("page")} disabled={!shown}
                                onclick={Callback::from(move |_: MouseEvent| d.dispatch(Action::Show { page: i }))}>
                                { label }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}

/// Where Submit would be: the preview sends nothing.
#[cfg(feature = "kiosk")]
fn preview_note(lang: &super::Lang) -> Html {
    html! { <p class="yh-preview-note" role="note">{ lang.t(Msg::CheckPreviewNote) }</p> }
}

#[cfg(not(feature = "kiosk"))]
fn preview_note(_: &super::Lang) -> Html {
    Html::default()
}

#[cfg(not(feature = "kiosk"))]
fn preview_pages(_: &Form, _: &UseReducerDispatcher<FormStore>, _: &super::Lang) -> Html {
    Html::default()
}
