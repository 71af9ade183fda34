//! What this device holds: the number of stored submissions and their export as JSON and CSV
//! (UTF-8 with BOM, so Excel opens Chinese correctly).
//!
//! Owns: reading stored submissions for the count and the exports. Must not: change storage.

use std::rc::Rc;

use yew::prelude::*;

use super::survey::SUBMISSION_PREFIX;
use super::use_lang;
use crate::core::definition::Survey;
use crate::core::json;
use crate::core::ports::Storage;
use crate::core::submission::{export_csv, export_json, Submission};
use crate::web::{download, storage::LocalStorage};

#[derive(Properties, PartialEq)]
pub struct DevicePanelProps {
    pub survey: Rc<Survey>,
    /// Changes whenever a submission was stored, to recount.
    pub revision: u32,
}

/// Every submission stored on this device, oldest first; unreadable entries are skipped.
pub fn stored_submissions() -> Vec<Submission> {
    let storage = LocalStorage;
    let mut out: Vec<Submission> = storage
        .keys(SUBMISSION_PREFIX)
        .unwrap_or_default()
        .iter()
        .filter_map(|k| storage.get(k).ok().flatten())
        .filter_map(|text| Submission::from_json(&json::parse(&text).ok()?))
        .collect();
    out.sort_by(|a, b| (a.created_at_ms, &a.id).cmp(&(b.created_at_ms, &b.id)));
    out
}

#[function_component]
pub fn DevicePanel(props: &DevicePanelProps) -> Html {
    let lang = use_lang();
    let count = use_memo(props.revision, |_| {
        LocalStorage.keys(SUBMISSION_PREFIX).map_or(0, |k| k.len())
    });
    let on_json = Callback::from(|_: MouseEvent| {
        download::save(
            "yehua-submissions.json",
            "application/json",
            &export_json(&stored_submissions()),
        );
    });
    let on_csv = {
        let survey = props.survey.clone();
        Callback::from(move |_: MouseEvent| {
            download::save(
                "yehua-submissions.csv",
                "text/csv;charset=utf-8",
                &export_csv(&stored_submissions(), Some(&survey)),
            );
        })
    };
    html! {
        <footer class="yh-device">
            <p class="yh-device-count" data-count={count.to_string()}>{ lang.f("device.count", &[("count", &count.to_string())]) }</p>
            if *count > 0 {
                <div class="yh-device-actions">
                    <button type="button" class="yh-button yh-button-link" onclick={on_json}>{ lang.t("device.export_json") }</button>
                    <button type="button" class="yh-button yh-button-link" onclick={on_csv}>{ lang.t("device.export_csv") }</button>
                </div>
            }
            if !props.survey.warnings.is_empty() {
                <details class="yh-warnings">
                    <summary>{ lang.f("definition.warnings", &[("count", &props.survey.warnings.len().to_string())]) }</summary>
                    <ul>{ for props.survey.warnings.iter().map(|w| html! { <li>{ format!("{}: {}", w.path, w.message) }</li> }) }</ul>
                </details>
            }
        </footer>
    }
}
