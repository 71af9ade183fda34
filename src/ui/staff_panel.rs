//! The kiosk's staff panel, behind the PIN: what this device holds and what staff can do
//! about it. In kiosk mode the resident screens show none of this.
//!
//! Owns: the device label; pending / held / delivered counts and the last successful send;
//! "立即发送" (a runner kick); held entries with their status and the endpoint's reply, each
//! with "重新发送" (`Outbox::retry_held`); exports of everything stored (CSV with BOM, JSON);
//! clearing delivered entries after an in-page confirmation (`Outbox::clear_delivered`); and
//! leaving (back to the start screen). Must not: decide delivery (the core's outbox does) or
//! show anything before the PIN is right.

use std::rc::Rc;

use yew::prelude::*;

use super::device_panel::{save_csv_export, save_json_export};
use super::pin_gate::PinGate;
use super::{Lang, Shared};
use crate::core::check;
use crate::core::config::Config;
use crate::core::definition::Survey;
use crate::core::i18n::Msg;
use crate::core::outbox::EntryState;
use crate::core::ports::Clock;
use crate::core::submission::{local_minute, receipt_code};
use crate::web::clock::{utc_offset_minutes, BrowserClock};
use crate::web::storage;

#[derive(Properties, PartialEq)]
pub struct StaffPanelProps {
    pub survey: Rc<Survey>,
    pub config: Rc<Config>,
    pub on_leave: Callback<()>,
    pub shared: Shared,
}

/// What the panel shows of the outbox.
#[derive(PartialEq)]
struct Status {
    pending: usize,
    held: Vec<(String, u16, String)>,
    delivered: usize,
    last_sent: Option<u64>,
    /// Storage refused a write for lack of room.
    full: bool,
}

fn read_status() -> Status {
    let outbox = storage::outbox();
    let entries = outbox.load().map(|l| l.entries).unwrap_or_default();
    let mut s = Status {
        pending: 0,
        held: Vec::new(),
        delivered: 0,
        last_sent: outbox.last_sent_ms().ok().flatten(),
        full: storage::storage_full(),
    };
    for e in entries {
        match e.state {
            EntryState::Pending => s.pending += 1,
            EntryState::Held { status, reply } => s.held.push((e.id, status, reply)),
            EntryState::Delivered { .. } => s.delivered += 1,
        }
    }
    s
}

#[function_component]
pub fn StaffPanel(props: &StaffPanelProps) -> Html {
    let (lang, delivery) = (props.shared.lang.clone(), props.shared.delivery.clone());
    let unlocked = use_state_eq(|| false);
    let bump = use_state_eq(|| 0u32);
    let confirming = use_state_eq(|| false);
    let cleared = use_state_eq(|| None::<usize>);
    let status = use_memo((delivery.revision, *bump), |_| read_status());

    // Callbacks
    let leave = {
        let on_leave = props.on_leave.clone();
        Callback::from(move |_: MouseEvent| on_leave.emit(()))
    };
    let on_unlock = {
        let u = unlocked.clone();
        Callback::from(move |()| u.set(true))
    };
    let leave_button = html! {
        <button type="button" class="yh-button yh-button-secondary yh-staff-leave" onclick={leave}>{ lang.t(Msg::StaffLeave) }</button>
    };
    if !*unlocked {
        let k = &props.config.kiosk;
        return html! {
            <section class="yh-staff" aria-labelledby="yh-staff-title">
                <h1 id="yh-staff-title" class="yh-title">{ lang.t(Msg::StaffTitle) }</h1>
                <PinGate pin_hash={k.pin_hash.clone().map(AttrValue::from)} {on_unlock} lang={lang.clone()} />
                { leave_button }
            </section>
        };
    }

    let refresh = {
        let b = bump.clone();
        move || b.set(b.wrapping_add(1))
    };
    let on_send = {
        let (runner, refresh) = (delivery.runner.clone(), refresh.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(r) = &runner {
                r.kick();
            }
            refresh();
        })
    };
    let retry = |id: &str| {
        let (runner, refresh, id) = (delivery.runner.clone(), refresh.clone(), id.to_string());
        Callback::from(move |_: MouseEvent| {
            let _ = storage::outbox().retry_held(&id, BrowserClock.now_ms());
            if let Some(r) = &runner {
                r.kick();
            }
            refresh();
        })
    };
    let on_csv = {
        let survey = props.survey.clone();
        Callback::from(move |_: MouseEvent| save_csv_export(&survey))
    };
    let on_json = Callback::from(|_: MouseEvent| save_json_export());
    let ask_clear = {
        let (c, done) = (confirming.clone(), cleared.clone());
        Callback::from(move |_: MouseEvent| {
            done.set(None);
            c.set(true);
        })
    };
    let cancel_clear = {
        let c = confirming.clone();
        Callback::from(move |_: MouseEvent| c.set(false))
    };
    let do_clear = {
        let (c, done, refresh) = (confirming.clone(), cleared.clone(), refresh.clone());
        let runner = delivery.runner.clone();
        Callback::from(move |_: MouseEvent| {
            let n = storage::outbox().clear_delivered().unwrap_or(0);
            // Room again: the runner writes what it could only keep in memory.
            if let Some(r) = &runner {
                r.kick();
            }
            c.set(false);
            done.set(Some(n));
            refresh();
        })
    };

    let n = |count: usize| count.to_string();
    let device = match &props.config.device {
        Some(d) => lang.f(Msg::StaffDevice, &[("device", d)]),
        None => lang.t(Msg::StaffDeviceUnnamed).to_string(),
    };
    let sending = delivery.runner.is_some();
    html! {
        <section class="yh-staff" aria-labelledby="yh-staff-title">
            <h1 id="yh-staff-title" class="yh-title">{ lang.t(Msg::StaffTitle) }</h1>
            <p class="yh-staff-device">{ device }</p>
            <ul class="yh-staff-counts" data-pending={n(status.pending)} data-held={n(status.held.len())} data-delivered={n(status.delivered)}>
                <li>{ lang.f(Msg::StaffPending, &[("count", &n(status.pending))]) }</li>
                <li>{ lang.f(Msg::StaffHeld, &[("count", &n(status.held.len()))]) }</li>
                <li>{ lang.f(Msg::StaffDelivered, &[("count", &n(status.delivered))]) }</li>
            </ul>
            <p class="yh-staff-last">{ match status.last_sent {
                Some(t) => lang.f(Msg::DeviceLastSent, &[("time", &local_minute(t, utc_offset_minutes()))]),
                None if sending => lang.t(Msg::StaffNeverSent).to_string(),
                None => lang.t(Msg::StaffLocalOnly).to_string(),
            } }</p>
            if status.full { <p class="yh-staff-full" role="alert">{ lang.t(Msg::DeviceStorageFull) }</p> }
            <div class="yh-staff-actions">
                if sending {
                    <button type="button" class="yh-button yh-button-primary yh-staff-send" onclick={on_send}>{ lang.t(Msg::StaffSendNow) }</button>
                }
                <button type="button" class="yh-button yh-button-secondary yh-staff-csv" onclick={on_csv}>{ lang.t(Msg::DeviceExportCsv) }</button>
                <button type="button" class="yh-button yh-button-secondary yh-staff-json" onclick={on_json}>{ lang.t(Msg::DeviceExportJson) }</button>
            </div>
            if !status.held.is_empty() {
                <h2 class="yh-page-title">{ lang.t(Msg::StaffHeldTitle) }</h2>
                <ul class="yh-staff-held">
                    { for status.held.iter().map(|(id, code, reply)| html! {
                        <li key={id.clone()} class="yh-staff-held-item" data-id={id.clone()}>
                            <p>{ lang.f(Msg::StaffHeldItem, &[("code", &receipt_code(id)), ("status", &code.to_string())]) }</p>
                            if !reply.is_empty() { <pre class="yh-staff-reply">{ reply.clone() }</pre> }
                            <button type="button" class="yh-button yh-button-link" onclick={retry(id)}>{ lang.t(Msg::StaffRetry) }</button>
                        </li>
                    }) }
                </ul>
            }
            if status.delivered > 0 || cleared.is_some() {
                <div class="yh-staff-clear">
                    if *confirming {
                        <div role="alertdialog" aria-labelledby="yh-staff-confirm" class="yh-staff-confirm">
                            <p id="yh-staff-confirm">{ lang.f(Msg::StaffClearConfirm, &[("count", &n(status.delivered))]) }</p>
                            <button type="button" class="yh-button yh-button-primary yh-staff-clear-yes" onclick={do_clear}>{ lang.t(Msg::StaffClearYes) }</button>
                            <button type="button" class="yh-button yh-button-secondary" onclick={cancel_clear}>{ lang.t(Msg::StaffCancel) }</button>
                        </div>
                    } else if status.delivered > 0 {
                        <button type="button" class="yh-button yh-button-link yh-staff-clear-ask" onclick={ask_clear}>{ lang.t(Msg::StaffClear) }</button>
                    }
                    <p role="status">{ cleared.map(|c| lang.f(Msg::StaffCleared, &[("count", &n(c))])).unwrap_or_default() }</p>
                </div>
            }
            { definition_warnings(&props.survey, &lang) }
            { leave_button }
        </section>
    }
}

/// The definition's warnings for staff (what was skipped), folded away; nothing when none.
fn definition_warnings(survey: &Survey, lang: &Lang) -> Html {
    if survey.warnings.is_empty() {
        return html! {};
    }
    html! {
        <details class="yh-warnings">
            <summary>{ lang.f(Msg::DefinitionWarnings, &[("count", &survey.warnings.len().to_string())]) }</summary>
            <ul>{ for survey.warnings.iter().map(|w| html! { <li>{ check::of_warning(w, None, lang.locale).to_string() }</li> }) }</ul>
        </details>
    }
}
