//! What this device holds: the number of stored submissions and their export as JSON and CSV
//! (UTF-8 with BOM, so Excel opens Chinese correctly).
//!
//! Owns: reading stored submissions for the count and the exports, and rendering the panel (a
//! plain view function: `SurveyView` memoises `device_status` on its outbox revision). Must
//! not: change storage.

use std::rc::Rc;

use yew::prelude::*;

use super::Lang;
use crate::core::definition::Survey;
use crate::core::i18n::Msg;
use crate::core::outbox::Counts;
use crate::core::submission::{export_csv, export_json, local_minute, submissions_of, Submission};
use crate::web::{clock::utc_offset_minutes, download, storage};

/// What the panel says about the outbox.
#[derive(Clone, Copy, Default, PartialEq)]
pub struct DeviceStatus {
    pub counts: Counts,
    /// When something was last delivered (ms since the epoch).
    pub last_sent: Option<u64>,
    /// Storage refused a write for lack of room (`web::storage::storage_full`).
    pub full: bool,
}

/// Reads the outbox's counts and last delivery (re-read only when something was stored or sent).
pub fn device_status() -> DeviceStatus {
    let outbox = storage::outbox();
    DeviceStatus {
        counts: outbox.counts().unwrap_or_default(),
        last_sent: outbox.last_sent_ms().ok().flatten(),
        full: storage::storage_full(),
    }
}

/// Every submission stored on this device (pending, held or delivered), oldest first.
pub fn stored_submissions() -> Vec<Submission> {
    let entries = storage::outbox()
        .load()
        .map(|l| l.entries)
        .unwrap_or_default();
    submissions_of(&entries)
}

/// The panel under the survey; `sending`: this widget delivers to an endpoint.
pub fn device_panel(
    survey: &Rc<Survey>,
    status: &DeviceStatus,
    sending: bool,
    lang: &Lang,
) -> Html {
    let DeviceStatus {
        counts,
        last_sent,
        full,
    } = status;
    let count = counts.pending + counts.held + counts.delivered;
    let on_json = Callback::from(|_: MouseEvent| save_json_export());
    let on_csv = {
        let survey = survey.clone();
        Callback::from(move |_: MouseEvent| save_csv_export(&survey))
    };
    html! {
        <footer class="yh-device">
            <p class="yh-device-count" data-count={count.to_string()}>{ lang.f(Msg::DeviceCount, &[("count", &count.to_string())]) }</p>
            if sending {
                <p class="yh-device-status" role="status" data-pending={counts.pending.to_string()} data-held={counts.held.to_string()}>
                    if counts.pending > 0 { <span>{ lang.f(Msg::DevicePending, &[("count", &counts.pending.to_string())]) }{ " " }</span> }
                    if counts.held > 0 { <span class="yh-device-held">{ lang.f(Msg::DeviceHeld, &[("count", &counts.held.to_string())]) }{ " " }</span> }
                    if let Some(t) = last_sent {
                        <span>{ lang.f(Msg::DeviceLastSent, &[("time", &local_minute(*t, utc_offset_minutes()))]) }</span>
                    }
                </p>
            }
            if *full { <p class="yh-device-full">{ lang.t(Msg::DeviceStorageFull) }</p> }
            if count > 0 {
                <div class="yh-device-actions">
                    <button type="button" class="yh-button yh-button-link" onclick={on_json}>{ lang.t(Msg::DeviceExportJson) }</button>
                    <button type="button" class="yh-button yh-button-link" onclick={on_csv}>{ lang.t(Msg::DeviceExportCsv) }</button>
                </div>
            }
        </footer>
    }
}

/// Offers everything stored on the device as `yehua-submissions.json`.
pub fn save_json_export() {
    download::save(
        "yehua-submissions.json",
        "application/json",
        &export_json(&stored_submissions()),
    );
}

/// Offers everything stored on the device as `yehua-submissions.csv` (UTF-8 with BOM).
pub fn save_csv_export(survey: &Survey) {
    download::save(
        "yehua-submissions.csv",
        "text/csv;charset=utf-8",
        &export_csv(&stored_submissions(), Some(survey)),
    );
}
