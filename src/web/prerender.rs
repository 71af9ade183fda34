//! Takes over a first screen that was prerendered into the page as plain HTML
//! (`.ci/prerender.mjs`, docs/PRERENDER.md).
//!
//! Owns: finding that static copy next to the live widget, replaying onto the live form what the
//! resident already typed or chose in it — through the live controls' own events, so the view's
//! handlers record the answers exactly as if the resident had done it there — moving the focus
//! and caret across, and removing the copy (the stylesheet hides the live widget until then).
//! Waits for an input method's composition in the copy to end first; a copy made from another
//! definition is dropped unreplayed. Must not: interpret answers or know question types; a
//! control with no counterpart in the live form is dropped.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// The copy, first in `#yehua`; the live widget is mounted on a `.yh-live` element after it.
const COPY: &str = "#yehua > [data-yehua-prerendered]:not([data-yehua-taking-over])";
const CONTROLS: &str = "input, textarea, select";
/// The state each control was prerendered with (written by `.ci/prerender.mjs`).
const INITIAL: &str = "data-yh-initial";
/// The fingerprint of the definition a root shows (`core::definition::fingerprint`; the copy's
/// is the live root's at the time it was prerendered).
const DEFINITION: &str = "data-yehua-definition";

/// Replays the prerendered copy beside `live` (the widget's `.yh-root`) onto it, then removes
/// the copy. Does nothing when there is none, or when a take-over is already under way. A copy
/// made from another definition (`data-yehua-definition`: edited in place since it was
/// prerendered) is removed without replaying it: its controls may stand for other questions.
pub fn take_over(live: &Element) {
    let Some(copy) = static_copy(live) else {
        return;
    };
    if copy.get_attribute(DEFINITION) != live.get_attribute(DEFINITION) {
        web_sys::console::warn_1(
            &"yehua: the prerendered screen is of another definition: dropped (make prerender)"
                .into(),
        );
        copy.remove();
        return;
    }
    let _ = copy.set_attribute("data-yehua-taking-over", "");
    let live = live.clone();
    wasm_bindgen_futures::spawn_local(async move {
        // Until nothing changed any more and no composition is under way: the resident may go
        // on typing while the replay runs (bounded, for someone who never stops).
        for _ in 0..8 {
            if copy.has_attribute("data-composing") {
                composition_end(&copy).await;
            }
            let replayed = replay_once(&copy, &live).await;
            if !replayed && !copy.has_attribute("data-composing") {
                break;
            }
        }
        remove_moving_focus(&copy, &live);
    });
}

/// Replays every control of `copy` changed since the last time onto `live`; whether any was.
async fn replay_once(copy: &Element, live: &Element) -> bool {
    let mut replayed = false;
    for control in elements(copy, CONTROLS) {
        let Some(now) = changed(&control) else {
            continue;
        };
        let _ = control.set_attribute(INITIAL, &now);
        if let Some(target) = counterpart(&control, live) {
            apply(&target, &now);
            replayed = true;
            // Let the live form render this answer before the next one (a group's second
            // checkbox must see the first).
            next_task().await;
        }
    }
    replayed
}

/// Removes the prerendered copy without replaying it (the widget shows an error instead).
pub fn discard(live: &Element) {
    if let Some(copy) = static_copy(live) {
        copy.remove();
    }
}

/// Whether the page shows a prerendered first screen (taken over or about to be): the live form
/// then builds its whole page at once, as each of the copy's controls needs its counterpart.
pub fn present() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("#yehua > [data-yehua-prerendered]").ok())
        .flatten()
        .is_some()
}

fn static_copy(live: &Element) -> Option<Element> {
    live.owner_document()?.query_selector(COPY).ok()?
}

fn elements(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// A control's state as text: "on" / "" for a checkbox or radio button, else its value.
fn state(control: &Element) -> Option<String> {
    if let Some(i) = control.dyn_ref::<HtmlInputElement>() {
        return Some(match i.type_().as_str() {
            "checkbox" | "radio" => if i.checked() { "on" } else { "" }.to_string(),
            _ => i.value(),
        });
    }
    if let Some(t) = control.dyn_ref::<HtmlTextAreaElement>() {
        return Some(t.value());
    }
    control.dyn_ref::<HtmlSelectElement>().map(|s| s.value())
}

/// The control's state if the resident changed it since it was prerendered.
fn changed(control: &Element) -> Option<String> {
    let now = state(control)?;
    (control.get_attribute(INITIAL).unwrap_or_default() != now).then_some(now)
}

/// The live control in the same place: the same question (`data-name`), the same position
/// among its controls, the same kind.
fn counterpart(control: &Element, live: &Element) -> Option<Element> {
    let question = control.closest("[data-name]").ok()??;
    let name = question.get_attribute("data-name")?;
    let index = elements(&question, CONTROLS)
        .iter()
        .position(|c| c == control)?;
    let target = elements(live, "[data-name]")
        .into_iter()
        .find(|q| q.get_attribute("data-name").as_deref() == Some(name.as_str()))
        .and_then(|q| elements(&q, CONTROLS).into_iter().nth(index))?;
    (target.tag_name() == control.tag_name()
        && target.get_attribute("type") == control.get_attribute("type"))
    .then_some(target)
}

/// Sets `now` on the live control the way a resident would, so its own handler runs.
fn apply(target: &Element, now: &str) {
    if let Some(i) = target.dyn_ref::<HtmlInputElement>() {
        if matches!(i.type_().as_str(), "checkbox" | "radio") {
            if i.checked() != (now == "on") {
                i.click();
            }
            return;
        }
        i.set_value(now);
        fire(target, "input");
    } else if let Some(t) = target.dyn_ref::<HtmlTextAreaElement>() {
        t.set_value(now);
        fire(target, "input");
    } else if let Some(s) = target.dyn_ref::<HtmlSelectElement>() {
        s.set_value(now);
        fire(target, "change");
    }
}

fn fire(target: &Element, name: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// Removes the copy; the focus, and a text field's caret or selection, follow to the live
/// counterpart (which can take the focus only once the copy is gone and it is shown).
fn remove_moving_focus(copy: &Element, live: &Element) {
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .filter(|a| copy.contains(Some(a)));
    let target = active.as_ref().and_then(|a| counterpart(a, live));
    let range = active.as_ref().and_then(selection);
    copy.remove();
    let Some(target) = target else {
        return;
    };
    if let Some(t) = target.dyn_ref::<web_sys::HtmlElement>() {
        let _ = t.focus();
    }
    if let Some((a, b)) = range {
        if let Some(i) = target.dyn_ref::<HtmlInputElement>() {
            let _ = i.set_selection_range(a, b);
        } else if let Some(t) = target.dyn_ref::<HtmlTextAreaElement>() {
            let _ = t.set_selection_range(a, b);
        }
    }
}

/// A text field's selection (the caret when empty); none for other controls.
fn selection(control: &Element) -> Option<(u32, u32)> {
    let pair = |a: Result<Option<u32>, JsValue>, b: Result<Option<u32>, JsValue>| {
        Some((a.ok()??, b.ok()??))
    };
    if let Some(i) = control.dyn_ref::<HtmlInputElement>() {
        return pair(i.selection_start(), i.selection_end());
    }
    let t = control.dyn_ref::<HtmlTextAreaElement>()?;
    pair(t.selection_start(), t.selection_end())
}

/// Resolves once the next task runs (after the live form has rendered what was just replayed).
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves when the composition under way in `copy` ends (or its field loses the focus).
async fn composition_end(copy: &Element) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        for name in ["compositionend", "focusout"] {
            let _ = copy.add_event_listener_with_callback(name, &resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
    next_task().await;
}
