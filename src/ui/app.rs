//! The root component: resolves the config, loads and parses the definition, and shows the
//! loading screen, the error screen or the survey.
//!
//! Owns: the root state (`Shell`: load state, language, display choice, outbox revision), what
//! every component below gets as a prop (`Shared`) and the root element with
//! `data-yehua-state`. Must not: validate answers or touch storage (the survey does, through
//! `web`).

use std::rc::Rc;

use yew::prelude::*;

#[cfg(feature = "kiosk")]
use super::check_view::{CheckData, CheckView};
use super::error_screen::{error_screen, ErrorScreenProps, Problem};
#[cfg(feature = "kiosk")]
use super::kiosk::KioskShell;
#[cfg(feature = "kiosk")]
use super::live_board::LiveBoard;
use super::settings_bar::{Display, DisplayContext};
use super::survey::SurveyView;
use super::{Delivery, Lang, Shared};
use crate::core::check;
use crate::core::config::{Config, DefinitionSource, Embedding, View};
use crate::core::definition::{self, DefinitionError, Survey};
use crate::core::i18n::Locale;
use crate::core::i18n::Msg;
use crate::core::layout;
use crate::web::runner::Runner;
use crate::web::{config as web_config, events, fetch, prerender, speech};
use gloo_events::EventListener;
use wasm_bindgen::JsCast;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub config: Rc<Config>,
    /// Whether the widget owns its page, the host's theme and query allowlist.
    #[prop_or_default]
    pub embedding: Rc<Embedding>,
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Failed(Problem),
    /// The survey and the config it was resolved with (one state: set together, one render).
    Ready(Rc<Survey>, Rc<Config>),
    /// The organizers' check view (kiosk variant): the definition's text, and the survey or
    /// why it cannot be used.
    #[cfg(feature = "kiosk")]
    Check(Rc<CheckData>),
}

/// What loading gave: the resolved config, the definition's text when it arrived (the check
/// view shows its messages and outline even when it cannot be used) and the survey or why not.
type Loaded = (Config, Option<Rc<str>>, Result<Survey, Problem>);

/// Resolves the config (file, then the definition URL a public link may choose) and loads the
/// definition; the file's theme and allowlist land in `embedding`.
async fn load(mut config: Config, embedding: &mut Embedding) -> Loaded {
    if let Some(url) = config.config_url.clone() {
        if !web_config::same_origin(&url) {
            return (
                config,
                None,
                Err(Problem::load(format!("{url}: not same-origin"))),
            );
        }
        match fetch::get_text(&url).await {
            Ok(text) => {
                if let Err(e) = config
                    .merge_file(&text)
                    .and_then(|()| embedding.merge_file(&text))
                {
                    return (config, None, Err(Problem::load(format!("{url}: {e}"))));
                }
            }
            Err(e) => return (config, None, Err(Problem::load(e))),
        }
    }
    if let Some(query) = web_config::query().filter(|_| embedding.owns_page) {
        config.apply_allowed_query(&query, &embedding.allow_definition_urls);
    }
    // One fetch site for the bundled file and a URL: each `.await` of `get_text` costs the
    // state machine its own copy of the future's states.
    let text = match &config.definition {
        DefinitionSource::Inline(t) => Ok(t.clone()),
        source => {
            let url = match source {
                DefinitionSource::Url(url) => url.clone(),
                _ => fetch::bundled_consultation_url(),
            };
            fetch::get_text(&url).await.map_err(Problem::load)
        }
    };
    let locale = Locale::from_tag(config.locale.as_deref().unwrap_or(""));
    let survey = text
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|t| {
            let parsed = definition::parse(t);
            log_diagnostics(t, &parsed, locale);
            parsed.map_err(|e: DefinitionError| Problem::Definition(e))
        })
        .map(|s| match config.one_per_page {
            Some(true) => layout::one_per_page(s),
            _ => s,
        });
    (config, text.ok().map(Rc::from), survey)
}

/// The definition's error or warnings for organizers, in full, on the console (residents see
/// none of it: a definition that cannot be used shows them a short "cannot be opened" screen).
fn log_diagnostics(text: &str, parsed: &Result<Survey, DefinitionError>, locale: Locale) {
    let root = crate::core::json::parse(text).ok();
    match parsed {
        Ok(survey) => {
            for w in &survey.warnings {
                let d = check::of_warning(w, root.as_ref(), locale);
                web_sys::console::warn_1(&format!("yehua: {d}").into());
            }
        }
        Err(e) => {
            let d = check::of_error(e, root.as_ref(), locale);
            web_sys::console::error_1(&format!("yehua: {d}").into());
        }
    }
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let initial = props
        .config
        .locale
        .as_deref()
        .map(Locale::from_tag)
        .unwrap_or(Locale::ZhCn);
    let shell = use_reducer_eq(|| Shell {
        locale: initial,
        ..Shell::default()
    });
    let root = use_node_ref();
    // Started once, before the state that shows the survey is set (which renders with it).
    let runner = use_mut_ref(|| None::<Rc<Runner>>);
    let to_shell = shell.dispatcher();
    let locale = shell.locale;

    // Effects
    {
        // Whether "read aloud" can speak the current language; voices often arrive late. And
        // another tab stored or sent something: re-read the outbox status. (One effect: each is
        // its own copy of Yew's effect code; the storage listener is simply renewed with the
        // language.)
        let to_shell = to_shell.clone();
        use_effect_with(locale, move |locale| {
            let locale = *locale;
            to_shell.dispatch(ShellAction::Voice(speech::has_voice(locale)));
            let voices = {
                let to_shell = to_shell.clone();
                speech::on_voices_changed(move || {
                    to_shell.dispatch(ShellAction::Voice(speech::has_voice(locale)))
                })
            };
            let storage = web_sys::window().map(|w| {
                EventListener::new(&w, "storage", move |e| {
                    let key = e
                        .dyn_ref::<web_sys::StorageEvent>()
                        .and_then(|s| s.key())
                        .unwrap_or_default();
                    if key.starts_with("yehua.outbox") {
                        to_shell.dispatch(ShellAction::Outbox);
                    }
                })
            });
            move || drop((voices, storage))
        });
    }
    {
        let to_shell = to_shell.clone();
        let (runner, start) = (runner.clone(), props.config.clone());
        let (root, mut embedding) = (root.clone(), (*props.embedding).clone());
        use_effect_with(shell.attempt, move |_| {
            to_shell.dispatch(ShellAction::Load(Load::Loading));
            if let Some(el) = root.cast::<web_sys::Element>() {
                web_config::apply_theme(&el, &embedding.theme);
            }
            wasm_bindgen_futures::spawn_local(async move {
                let (resolved, text, result) = load((*start).clone(), &mut embedding).await;
                if let Some(el) = root.cast::<web_sys::Element>() {
                    web_config::apply_theme(&el, &embedding.theme);
                }
                // The host's language wins, then the definition's own, then zh-CN.
                let preferred = resolved
                    .locale
                    .clone()
                    .or_else(|| result.as_ref().ok()?.locale.clone());
                if let Some(l) = preferred {
                    to_shell.dispatch(ShellAction::Locale(Locale::from_tag(&l)));
                }
                // The check view sends and stores nothing: no outbox runner, no survey state.
                #[cfg(feature = "kiosk")]
                if resolved.view == View::Check {
                    let check = CheckData {
                        text,
                        result: result.map(Rc::new),
                        config: Rc::new(resolved),
                    };
                    to_shell.dispatch(ShellAction::Load(Load::Check(Rc::new(check))));
                    return;
                }
                #[cfg(not(feature = "kiosk"))]
                let _ = text;
                if wants_kiosk_variant(&resolved, embedding.owns_page) {
                    web_sys::console::warn_1(
                        &"yehua: kiosk mode, the live board and the check view are in the kiosk \
                          variant (yehua-kiosk.js); this wasm shows the survey"
                            .into(),
                    );
                }
                match result {
                    Ok(survey) => {
                        // The check view sends nothing (this variant only says where it is).
                        let idle = runner.borrow().is_none() && resolved.view != View::Check;
                        if let (Some(endpoint), true) = (resolved.endpoint.clone(), idle) {
                            let to_shell = to_shell.clone();
                            *runner.borrow_mut() =
                                Some(Runner::start(Rc::new(endpoint), move || {
                                    to_shell.dispatch(ShellAction::Outbox)
                                }));
                        }
                        let ready = Load::Ready(Rc::new(survey), Rc::new(resolved));
                        to_shell.dispatch(ShellAction::Load(ready));
                    }
                    Err(p) => to_shell.dispatch(ShellAction::Load(Load::Failed(p))),
                }
            });
        });
    }
    {
        let root = root.clone();
        use_effect_with((shell.phase, shell.load.clone()), move |(phase, load)| {
            if let Some(el) = root.cast::<web_sys::Element>() {
                // A first screen prerendered into the page gives way to the live one.
                match load {
                    Load::Ready(..) => prerender::take_over(&el),
                    Load::Loading => {}
                    _ => prerender::discard(&el),
                }
                match (phase, load) {
                    (_, Load::Failed(p)) => {
                        // A definition's error is already on the console, translated.
                        if matches!(p, Problem::Load(_)) {
                            web_sys::console::error_1(&format!("yehua: {}", p.detail()).into());
                        }
                        events::dispatch(&el, "yehua:error", &p.detail())
                    }
                    (&"ready", _) => events::dispatch(&el, "yehua:ready", ""),
                    _ => {}
                }
            }
        });
    }
    // Inside someone else's page (`<yehua-feedback>`) its `<html lang>` is not ours to set.
    if let Some(doc) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .filter(|_| props.embedding.owns_page)
    {
        if doc.get_attribute("lang").as_deref() != Some(locale.tag()) {
            let _ = doc.set_attribute("lang", locale.tag());
        }
    }

    // Callbacks
    let lang = Lang {
        locale,
        set: {
            let d = to_shell.clone();
            Callback::from(move |v| d.dispatch(ShellAction::Locale(v)))
        },
        voice: shell.voice,
    };
    let retry = {
        let d = to_shell.clone();
        Callback::from(move |_| d.dispatch(ShellAction::Retry))
    };
    let display_context = DisplayContext {
        display: shell.display,
        set: {
            let d = to_shell.clone();
            Callback::from(move |v| d.dispatch(ShellAction::Display(v)))
        },
    };
    let on_phase = Callback::from(move |v: &'static str| to_shell.dispatch(ShellAction::Phase(v)));

    let data_state = match &shell.load {
        Load::Loading => "loading",
        Load::Failed(_) => "error",
        // The residents' variant asked for the check view: its notice (below).
        Load::Ready(_, config) if config.view == View::Check => "check",
        Load::Ready(..) => shell.phase,
        #[cfg(feature = "kiosk")]
        Load::Check(_) => "check",
    };
    // Which definition this is: a prerendered copy records it and is taken over only by the same.
    let definition = match &shell.load {
        Load::Ready(survey, _) => AttrValue::from(survey.fingerprint.clone()),
        _ => AttrValue::Static(""),
    };
    let shared = Shared {
        lang: lang.clone(),
        display: display_context,
        delivery: Delivery {
            runner: runner.borrow().clone(),
            revision: shell.revision,
        },
    };
    html! {
            <div class={shell.display.root_class()} ref={root.clone()} data-yehua-state={data_state} data-yehua-definition={definition} lang={locale.tag()}>
                { match &shell.load {
                    Load::Loading => html! {
                        <p class="yh-loading" role="status">{ lang.t(Msg::AppLoading) }</p>
                    },
                    Load::Failed(p) => error_screen(ErrorScreenProps { problem: p.clone(), retry }, &lang),
                    #[cfg(feature = "kiosk")]
                    Load::Check(check) => html! {
                        <CheckView check={check.clone()} {on_phase} root={root.clone()} shared={shared.clone()} />
                    },
                    // The residents' variant has no check view: say where it is rather than show
                    // a survey that would store and send.
                    Load::Ready(_, config) if config.view == View::Check => html! {
                        <p class="yh-notice" role="status">{ lang.t(Msg::CheckNeedsStaffBuild) }</p>
                    },
                    #[cfg(feature = "kiosk")]
                    Load::Ready(survey, config) if config.view == View::Board => html! {
                        <LiveBoard survey={survey.clone()} config={config.clone()} {on_phase} shared={shared.clone()} />
                    },
                    // Kiosk mode rewrites the page's URL and registers a service worker: only
                    // where the widget owns the page, never inside someone else's.
                    #[cfg(feature = "kiosk")]
                    Load::Ready(survey, config) if config.kiosk.enabled && props.embedding.owns_page => html! {
                        <KioskShell survey={survey.clone()} config={config.clone()} {on_phase} root={root.clone()} shared={shared.clone()} />
                    },
                    Load::Ready(survey, config) => html! {
                        <SurveyView survey={survey.clone()} config={config.clone()} {on_phase} root={root.clone()} shared={shared.clone()} />
                    },
                } }
            </div>
    }
}

/// The page asks for a screen that this wasm was built without (the residents' variant, without
/// the `kiosk` feature): the loader should have picked the kiosk variant (docs/KIOSK.md).
fn wants_kiosk_variant(config: &Config, owns_page: bool) -> bool {
    !cfg!(feature = "kiosk")
        && (matches!(config.view, View::Board | View::Check) || config.kiosk.enabled && owns_page)
}

/// The root's state in one reducer (a `use_state` per field would each instantiate Yew's
/// hook code again), and every change applies to the latest state.
#[derive(Clone, PartialEq)]
struct Shell {
    /// The definition: loading, failed, or the survey with the config it was resolved with.
    load: Load,
    locale: Locale,
    /// Large text and high contrast: in memory only, so a shared kiosk forgets them.
    display: Display,
    /// The browser has a voice for `locale` ("read aloud").
    voice: bool,
    /// What the survey reports (`ready`, `submitted`; `loading` before).
    phase: &'static str,
    /// Counts outbox changes (here or in another tab), to re-read its status.
    revision: u32,
    /// Counts "try again" on the error screen: each loads the definition anew.
    attempt: u32,
}

impl Default for Shell {
    fn default() -> Shell {
        Shell {
            load: Load::Loading,
            locale: Locale::ZhCn,
            display: Display::default(),
            voice: false,
            phase: "loading",
            revision: 0,
            attempt: 0,
        }
    }
}

enum ShellAction {
    Load(Load),
    Locale(Locale),
    Display(Display),
    Voice(bool),
    Phase(&'static str),
    /// Something was stored or sent.
    Outbox,
    Retry,
}

impl Reducible for Shell {
    type Action = ShellAction;
    fn reduce(self: Rc<Self>, action: ShellAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ShellAction::Load(l) => next.load = l,
            ShellAction::Locale(l) => next.locale = l,
            ShellAction::Display(d) => next.display = d,
            ShellAction::Voice(v) => next.voice = v,
            ShellAction::Phase(p) => next.phase = p,
            ShellAction::Outbox => next.revision = next.revision.wrapping_add(1),
            ShellAction::Retry => next.attempt = next.attempt.wrapping_add(1),
        }
        Rc::new(next)
    }
}
