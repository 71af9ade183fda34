//! The forum's live board for the projector (`data-view="board"` or `?view=board`): how many
//! responses this device holds, how many bring a need, a skill or a suggestion, and a
//! horizontal bar chart per choice, yes/no and rating question, drawn as SVG by the widget.
//!
//! Owns: rendering `core::tally` (each chart a `<figure>` named by its visible title, its SVG
//! an image whose accessible name says every number) and
//! re-reading the outbox whenever it changes, also from another tab (the `Delivery` revision
//! that `App` bumps on `storage` events). Suggestion texts appear only when the config opts in
//! (`liveBoard.showSuggestions`). Must not: count anything itself or write storage.

use std::rc::Rc;

use yew::prelude::*;

use super::device_panel::stored_submissions;
use super::{Lang, Shared};
use crate::core::config::Config;
use crate::core::definition::Survey;
use crate::core::i18n::Msg;
use crate::core::pipe;
use crate::core::tally::{self, short_label, tenths_text, Bar, BarLabel, Chart};

/// How many suggestion texts the board shows when allowed.
const LATEST: usize = 5;
/// SVG user units: the label column, the longest bar, one row.
const LABEL_W: usize = 400;
const BAR_W: usize = 520;
const ROW_H: usize = 66;
const BAR_H: usize = 42;

#[derive(Properties, PartialEq)]
pub struct LiveBoardProps {
    pub survey: Rc<Survey>,
    pub config: Rc<Config>,
    pub on_phase: Callback<&'static str>,
    pub shared: Shared,
}

#[function_component]
pub fn LiveBoard(props: &LiveBoardProps) -> Html {
    let (lang, revision) = (props.shared.lang.clone(), props.shared.delivery.revision);
    let latest = if props.config.kiosk.show_suggestions {
        LATEST
    } else {
        0
    };
    let t = {
        let survey = props.survey.clone();
        use_memo((revision, latest), move |(_, latest)| {
            tally::tally(&survey, &stored_submissions(), *latest)
        })
    };

    // Effects
    {
        let on_phase = props.on_phase.clone();
        use_effect_with((), move |_| on_phase.emit("ready"));
    }

    let locale = lang.locale;
    let n = |c: usize| c.to_string();
    let intents = [
        (Msg::BoardNeeds, "need", t.needs),
        (Msg::BoardSkills, "skill", t.skills),
        (Msg::BoardSuggestions, "suggestion", t.suggestions),
    ];
    html! {
        <section class="yh-board" aria-labelledby="yh-board-title">
            <header class="yh-board-header">
                <h1 id="yh-board-title" class="yh-title">{ pipe::unanswered(&props.survey, props.survey.title.get(locale), locale).into_owned() }</h1>
                <p class="yh-board-subtitle">{ lang.t(Msg::BoardTitle) }
                    if let Some(s) = &props.survey.info.session { {" · "}{ s.get(locale) } }
                </p>
            </header>
            <div class="yh-board-totals" role="status">
                <p class="yh-board-total" data-count={n(t.submissions)}>{ lang.f(Msg::BoardTotal, &[("count", &n(t.submissions))]) }</p>
                <ul class="yh-board-intents">
                    { for intents.iter().map(|(msg, kind, count)| html! {
                        <li key={*kind} class="yh-board-intent" data-intent={*kind} data-count={n(*count)}>
                            <span class="yh-board-number">{ count }</span>
                            <span class="yh-board-intent-label">{ lang.t(*msg) }</span>
                        </li>
                    }) }
                </ul>
            </div>
            if t.submissions == 0 {
                <p class="yh-board-empty">{ lang.t(Msg::BoardEmpty) }</p>
            }
            <div class="yh-board-charts">
                { for t.charts.iter().map(|c| chart(c, &props.survey, &lang)) }
            </div>
            if !t.latest_suggestions.is_empty() {
                <section class="yh-board-latest" aria-labelledby="yh-board-latest-title">
                    <h2 id="yh-board-latest-title" class="yh-page-title">{ lang.t(Msg::BoardLatest) }</h2>
                    <ul>{ for t.latest_suggestions.iter().map(|s| html! { <li>{ s.clone() }</li> }) }</ul>
                </section>
            }
            <p class="yh-board-source">{ lang.t(Msg::BoardSource) }</p>
        </section>
    }
}

fn bar_label(bar: &Bar, lang: &Lang) -> String {
    let own = |t: &Option<crate::core::text::Text>, key| match t {
        Some(t) if !t.is_empty() => t.get(lang.locale).to_string(),
        _ => lang.t(key).to_string(),
    };
    match &bar.label {
        BarLabel::Choice(c) => c.label(lang.locale).to_string(),
        BarLabel::Other(t) => own(t, Msg::ChoiceOther),
        BarLabel::Yes(t) => own(t, Msg::BooleanYes),
        BarLabel::No(t) => own(t, Msg::BooleanNo),
        BarLabel::Unlisted => bar.value.clone(),
    }
}

/// One question's chart: the figure is named by its caption (the title); the SVG is an image
/// whose label says every number, for screen readers.
fn chart(c: &Chart, survey: &Survey, lang: &Lang) -> Html {
    let id = format!("yh-chart-{}", c.name);
    let max = c.max_count();
    let mut meta = lang.f(Msg::BoardAnswered, &[("count", &c.answered.to_string())]);
    if let Some(m) = c.mean_tenths {
        meta = format!(
            "{meta} · {}",
            lang.f(Msg::BoardMean, &[("mean", &tenths_text(m))])
        );
    }
    let mut numbers = String::new();
    let rows: Html = c
        .bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let label = bar_label(b, lang);
            let (y, w) = (i * ROW_H, (b.count * BAR_W / max).max(4));
            let mid = (y + ROW_H / 2 + 12).to_string();
            numbers.push_str(&format!("{label}: {}; ", b.count));
            html! {
                <g key={b.value.clone()} data-value={b.value.clone()} data-count={b.count.to_string()}>
                    <text x="0" y={mid.clone()} class="yh-chart-label">{ short_label(&label, 10) }</text>
                    <rect x={LABEL_W.to_string()} y={(y + (ROW_H - BAR_H) / 2).to_string()} width={w.to_string()}
                        height={BAR_H.to_string()} rx="6" class="yh-chart-bar" />
                    <text x={(LABEL_W + w + 14).to_string()} y={mid} class="yh-chart-value">{ b.count }</text>
                </g>
            }
        })
        .collect();
    html! {
        <figure key={c.name.clone()} class="yh-chart" data-name={c.name.clone()} aria-labelledby={format!("{id}-title")}>
            <figcaption id={format!("{id}-title")} class="yh-chart-title">
                { pipe::unanswered(survey, c.title.get(lang.locale), lang.locale).into_owned() }
                <span class="yh-chart-meta">{ meta }</span>
            </figcaption>
            <svg class="yh-chart-svg" viewBox={format!("0 0 1000 {}", c.bars.len() * ROW_H)} role="img"
                aria-label={numbers.trim_end_matches("; ").to_string()}>
                { rows }
            </svg>
        </figure>
    }
}
