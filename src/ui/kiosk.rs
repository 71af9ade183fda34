//! Kiosk mode on a shared tablet: the start screen, the survey keyed by session, the
//! "还在吗？" prompt with its countdown, the receipt going back to the start by itself, and the
//! staff panel behind the PIN.
//!
//! Owns: `KioskShell` (the idle policy's store, its timer and activity listeners, and the
//! effects of a wipe: storage, URL, language and display settings back to the defaults, focus)
//! and the two plain views `start_screen` and `still_there`. Must not: decide when to prompt
//! or wipe (`core::kiosk` does), or keep anything of a resident past a wipe: everything they
//! touched lives under the `session` key and is remounted from nothing.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::lang_switch::lang_switch;
use super::settings_bar::{settings_bar, Display, DisplayContext};
use super::staff_panel::StaffPanel;
use super::survey::SurveyView;
use super::{Lang, Shared};
use crate::core::config::{Config, DefinitionSource};
use crate::core::definition::Survey;
use crate::core::i18n::Locale;
use crate::core::i18n::Msg;
use crate::core::kiosk::{Action, Kiosk, Resume, Screen};
use crate::core::pipe;
use crate::core::ports::Clock;
use crate::web::clock::BrowserClock;
use crate::web::{fetch, idle, offline, session};

#[derive(Properties, PartialEq)]
pub struct KioskShellProps {
    pub survey: Rc<Survey>,
    pub config: Rc<Config>,
    pub on_phase: Callback<&'static str>,
    pub root: NodeRef,
    pub shared: Shared,
}

#[derive(PartialEq)]
struct KioskStore(Kiosk);

impl Reducible for KioskStore {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.0.reduce(action) {
            Some(next) => Rc::new(KioskStore(next)),
            None => self,
        }
    }
}

fn now() -> u64 {
    BrowserClock.now_ms()
}

/// A kiosk starts in large text; a resident may switch it off, and a wipe switches it back.
fn kiosk_display() -> Display {
    Display {
        large: true,
        ..Display::default()
    }
}

/// When the visible countdown next changes (a whole second before `deadline`), or the deadline.
fn next_wake(k: &Kiosk, now_ms: u64) -> Option<u64> {
    let deadline = k.deadline_ms()?;
    if k.remaining_seconds(now_ms).is_none() || deadline <= now_ms {
        return Some(deadline);
    }
    let step = match (deadline - now_ms) % 1000 {
        0 => 1000,
        ms => ms,
    };
    Some(now_ms + step)
}

#[function_component]
pub fn KioskShell(props: &KioskShellProps) -> Html {
    let lang = props.shared.lang.clone();
    let display = Some(props.shared.display.clone());
    let store = use_reducer(|| KioskStore(Kiosk::new(props.config.kiosk.timing(), now())));
    let clock = use_state_eq(now);
    let timer = use_mut_ref(|| None::<idle::Timer>);
    let start_url = use_memo((), |_| session::start_url());
    let start_heading = use_node_ref();
    let continue_button = use_node_ref();
    let focus_before_prompt = use_mut_ref(|| None::<web_sys::HtmlElement>);
    let kiosk = store.0;
    let default_locale = props
        .config
        .locale
        .as_deref()
        .or(props.survey.locale.as_deref())
        .map_or(Locale::ZhCn, Locale::from_tag);

    // Effects
    {
        // Activity anywhere in the widget, and the offline shell (kiosk mode only).
        let (root, dispatch, config) =
            (props.root.clone(), store.dispatcher(), props.config.clone());
        use_effect_with((), move |_| {
            let listeners = root.cast::<web_sys::Element>().map(|target| {
                idle::listen(&target, move |kind| {
                    dispatch.dispatch(Action::Activity {
                        kind,
                        now_ms: now(),
                    })
                })
            });
            offline::register(offline_urls(&config));
            move || drop(listeners)
        });
    }
    {
        let (dispatch, set_clock, timer) = (store.dispatcher(), clock.setter(), timer.clone());
        use_effect_with((kiosk, *clock), move |(k, _)| {
            let at = now();
            *timer.borrow_mut() = next_wake(k, at).and_then(|t| {
                idle::after(t.saturating_sub(at), move || {
                    let at = now();
                    dispatch.dispatch(Action::Tick { now_ms: at });
                    set_clock.set(at);
                })
            });
            move || drop(timer.borrow_mut().take())
        });
    }
    {
        // A wipe (and the start itself, after a reload mid-session): nothing of the previous
        // resident in storage, the address bar or the display settings.
        let (set_locale, display, heading) =
            (lang.set.clone(), display.clone(), start_heading.clone());
        let start_url = start_url.clone();
        use_effect_with(kiosk.session, move |session| {
            session::wipe(&start_url);
            set_locale.emit(default_locale);
            if let Some(d) = display {
                d.set.emit(kiosk_display());
            }
            if *session > 0 {
                if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }
    {
        // The prompt takes focus; 继续 gives it back.
        let (button, saved, on_phase) = (
            continue_button.clone(),
            focus_before_prompt.clone(),
            props.on_phase.clone(),
        );
        use_effect_with(kiosk.screen, move |screen| match screen {
            Screen::Prompt { .. } => {
                *saved.borrow_mut() = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .and_then(|e| e.dyn_into().ok());
                if let Some(b) = button.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
            Screen::Survey | Screen::Staff => {
                if let Some(el) = saved.borrow_mut().take().filter(|e| e.is_connected()) {
                    let _ = el.focus();
                }
                if *screen == Screen::Staff {
                    on_phase.emit("ready");
                }
            }
            Screen::Start => on_phase.emit("ready"),
            Screen::Receipt => {}
        });
    }

    // Callbacks
    let dispatch = store.dispatcher();
    let act = |make: fn(u64) -> Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(make(now())))
    };
    let on_begin = act(|now_ms| Action::Begin { now_ms });
    let on_staff = act(|now_ms| Action::OpenStaff { now_ms });
    let on_continue = act(|now_ms| Action::Continue { now_ms });
    let on_finish = act(|now_ms| Action::Leave { now_ms });
    let on_leave = {
        let d = dispatch.clone();
        use_callback((), move |_: (), _| {
            d.dispatch(Action::Leave { now_ms: now() })
        })
    };
    let on_again = {
        let d = dispatch.clone();
        use_callback((), move |_: (), _| {
            d.dispatch(Action::Again { now_ms: now() })
        })
    };
    let on_phase = {
        let d = dispatch.clone();
        use_callback(
            props.on_phase.clone(),
            move |phase: &'static str, forward| {
                forward.emit(phase);
                if phase == "submitted" {
                    d.dispatch(Action::Submitted { now_ms: now() });
                }
            },
        )
    };

    let prompting = matches!(kiosk.screen, Screen::Prompt { .. });
    let (name, body) = match kiosk.screen {
        Screen::Start => (
            "start",
            start_screen(
                &props.survey,
                &lang,
                display.as_ref(),
                start_heading,
                on_begin,
                on_staff,
            ),
        ),
        Screen::Staff
        | Screen::Prompt {
            resume: Resume::Staff,
            ..
        } => (
            if prompting { "prompt" } else { "staff" },
            html! { <StaffPanel survey={props.survey.clone()} config={props.config.clone()} {on_leave} shared={props.shared.clone()} /> },
        ),
        Screen::Survey | Screen::Receipt | Screen::Prompt { .. } => (
            match kiosk.screen {
                Screen::Receipt => "receipt",
                Screen::Prompt { .. } => "prompt",
                _ => "survey",
            },
            html! {
                <>
                    <SurveyView key={kiosk.session.to_string()} survey={props.survey.clone()} config={props.config.clone()}
                        {on_phase} root={props.root.clone()} on_again={Some(on_again)} shared={props.shared.clone()} />
                    if kiosk.screen == Screen::Receipt {
                        <div class="yh-kiosk-return">
                            { countdown(&lang, Msg::KioskReceiptReturn, kiosk.remaining_seconds(*clock), kiosk.announced_seconds(*clock)) }
                            <button type="button" class="yh-button yh-button-secondary" onclick={on_finish}>{ lang.t(Msg::KioskFinish) }</button>
                        </div>
                    }
                </>
            },
        ),
    };
    html! {
        <div class="yh-kiosk" data-kiosk-screen={name} data-kiosk-session={kiosk.session.to_string()}>
            <div class="yh-kiosk-body" inert={prompting}>{ body }</div>
            if prompting {
                { still_there(&lang, kiosk.remaining_seconds(*clock), kiosk.announced_seconds(*clock), continue_button, on_continue) }
            }
        </div>
    }
}

/// The same-origin URLs the service worker keeps besides the shell: this page, the config file
/// and the definition, the default consultation's file included (the worker ignores other
/// origins).
fn offline_urls(config: &Config) -> Vec<String> {
    let mut urls = vec![session::start_url()];
    urls.extend(config.config_url.clone());
    match &config.definition {
        DefinitionSource::Url(u) => urls.push(u.clone()),
        DefinitionSource::Bundled => urls.push(fetch::bundled_consultation_url()),
        DefinitionSource::Inline(_) => {}
    }
    urls
}

/// A countdown sentence: the exact seconds for the eye, and for screen readers a polite live
/// region that changes only at the policy's marks (not every second).
pub(super) fn countdown(lang: &Lang, msg: Msg, exact: Option<u32>, said: Option<u32>) -> Html {
    let text = |s: Option<u32>| lang.f(msg, &[("seconds", &s.unwrap_or(0).to_string())]);
    html! {
        <>
            <p class="yh-kiosk-countdown" aria-hidden="true" data-seconds={exact.unwrap_or(0).to_string()}>{ text(exact) }</p>
            <p class="yh-kiosk-sr" role="status">{ text(said) }</p>
        </>
    }
}

/// The start screen: the consultation's title, a large 开始, and a discreet 工作人员 button.
fn start_screen(
    survey: &Survey,
    lang: &Lang,
    display: Option<&DisplayContext>,
    heading: NodeRef,
    on_begin: Callback<MouseEvent>,
    on_staff: Callback<MouseEvent>,
) -> Html {
    let locale = lang.locale;
    html! {
        <section class="yh-kiosk-start" aria-labelledby="yh-kiosk-title">
            <div class="yh-toolbar">
                { lang_switch(lang) }
                { settings_bar(display, lang) }
            </div>
            <h1 id="yh-kiosk-title" class="yh-title yh-kiosk-title" tabindex="-1" ref={heading}>{ pipe::unanswered(survey, survey.title.get(locale), locale).into_owned() }</h1>
            if let Some(session) = &survey.info.session {
                <p class="yh-session">{ session.get(locale) }
                    if let Some(date) = &survey.info.date { {" · "}{ date } }
                    if let Some(venue) = &survey.info.venue { {" · "}{ venue.get(locale) } }
                </p>
            }
            <p class="yh-kiosk-welcome">{ lang.t(Msg::KioskWelcome) }</p>
            <button type="button" class="yh-button yh-button-primary yh-kiosk-begin" onclick={on_begin}>{ lang.t(Msg::KioskBegin) }</button>
            <p class="yh-kiosk-privacy">{ lang.t(Msg::KioskPrivacy) }</p>
            <button type="button" class="yh-kiosk-staff" onclick={on_staff}>{ lang.t(Msg::KioskStaff) }</button>
        </section>
    }
}

/// "还在吗？": a modal alert dialog over the (inert) survey, with focus on a large 继续.
fn still_there(
    lang: &Lang,
    exact: Option<u32>,
    said: Option<u32>,
    button: NodeRef,
    on_continue: Callback<MouseEvent>,
) -> Html {
    html! {
        <div class="yh-kiosk-backdrop">
            <div class="yh-kiosk-prompt" role="alertdialog" aria-modal="true"
                aria-labelledby="yh-kiosk-prompt-title" aria-describedby="yh-kiosk-prompt-text">
                <h2 id="yh-kiosk-prompt-title" class="yh-kiosk-prompt-title">{ lang.t(Msg::KioskStillThere) }</h2>
                <p class="yh-kiosk-seconds" aria-hidden="true">{ exact.unwrap_or(0) }</p>
                <div id="yh-kiosk-prompt-text">{ countdown(lang, Msg::KioskCountdown, exact, said) }</div>
                <button type="button" ref={button} class="yh-button yh-button-primary yh-kiosk-continue" onclick={on_continue}>
                    { lang.t(Msg::KioskContinue) }
                </button>
            </div>
        </div>
    }
}
