#![cfg(target_arch = "wasm32")]
//! Browser tests of the mounted widget: `yehua::ui::App` on a small inline definition, driven
//! through the DOM as a resident would (type, click a radio, submit), checking the receipt and
//! what was stored on the device.
//!
//! Owns: a few DOM-level checks that the pure core's native tests cannot make (Yew's event
//! delegation, effects that write localStorage, focus). Must not: sleep; it waits with short
//! awaited ticks (a `setTimeout(0)` macrotask, after which Yew's microtask scheduler has run)
//! until a condition holds. Run: `cargo test --target wasm32-unknown-unknown --test web_app`.
//! (`yew::scheduler::flush()` would be the direct way to await a render, but it exists only with
//! yew's `test` feature, which the crate's dev-dependencies do not enable.)

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use yehua::core::config::{Config, DefinitionSource};
use yehua::core::submission::{receipt_code, RECEIPT_ALPHABET};
use yehua::ui::{App, AppProps};

wasm_bindgen_test_configure!(run_in_browser);

/// One page: a required text question and an optional radio group.
const DEFINITION: &str = r#"{
  "consultation": { "id": "web-app-test", "version": "3" },
  "title": "街道意见",
  "pages": [{
    "name": "only",
    "elements": [
      { "type": "text", "name": "street", "title": "哪条街？", "isRequired": true, "maxLength": 30 },
      { "type": "radiogroup", "name": "often", "title": "多久去一次？",
        "choices": [{ "value": "daily", "text": "每天" }, { "value": "weekly", "text": "每周" }] }
    ]
  }]
}"#;

const OUTBOX_PREFIX: &str = "yehua.outbox.";

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Every localStorage key starting with `prefix`.
fn storage_keys(prefix: &str) -> Vec<String> {
    let s = local_storage();
    (0..s.length().unwrap())
        .filter_map(|i| s.key(i).unwrap())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// One macrotask: lets Yew's scheduler (microtasks) and spawned futures run.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Ticks until `query` matches an element inside `root`; panics with `what` after ~1000 ticks.
async fn wait_for(root: &web_sys::Element, query: &str, what: &str) -> web_sys::Element {
    for _ in 0..1000 {
        if let Some(el) = root.query_selector(query).unwrap() {
            return el;
        }
        tick().await;
    }
    panic!(
        "timed out waiting for {what} ({query}); DOM: {}",
        root.inner_html()
    );
}

/// Ticks until `input` has the focus; fails after ~1000 ticks.
async fn wait_for_focus(input: &web_sys::HtmlElement) {
    for _ in 0..1000 {
        if document()
            .active_element()
            .is_some_and(|e| e.id() == input.id())
        {
            break;
        }
        tick().await;
    }
    assert_eq!(
        document().active_element().map(|e| e.id()),
        Some(input.id())
    );
}

fn find(root: &web_sys::Element, query: &str) -> web_sys::HtmlElement {
    root.query_selector(query)
        .unwrap()
        .unwrap_or_else(|| panic!("no {query} in {}", root.inner_html()))
        .dyn_into()
        .unwrap()
}

/// The widget mounted in a fresh element of its own; unmounted and removed on drop.
struct Mounted {
    root: web_sys::Element,
    handle: Option<yew::AppHandle<App>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
        local_storage().clear().unwrap();
    }
}

/// `App` on `definition`, mounted on `root`.
fn mount_on(root: &web_sys::Element, definition: &str) -> yew::AppHandle<App> {
    let config = Config {
        definition: DefinitionSource::Inline(definition.to_string()),
        ..Default::default()
    };
    // `props!` fills the props marked `prop_or_default`, so a new optional prop does not
    // break this test.
    let props = yew::props!(AppProps {
        config: Rc::new(config)
    });
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render()
}

/// Clears localStorage, mounts `App` on `definition` and waits until it is ready.
async fn mount(definition: &str) -> Mounted {
    let app = start(definition).await;
    wait_for(
        &app.root,
        r#".yh-root[data-yehua-state="ready"]"#,
        "the ready state",
    )
    .await;
    app
}

/// Clears localStorage and mounts `App` on `definition` in a new element; does not wait.
async fn start(definition: &str) -> Mounted {
    // The previous test's app is destroyed by Yew's scheduler after its `Mounted` was dropped,
    // and writes its pending draft then (web::draft): let that happen before clearing.
    tick().await;
    local_storage().clear().unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = mount_on(&root, definition);
    Mounted {
        root,
        handle: Some(handle),
    }
}

/// Types `text` into an input the way a browser does: the value changes, then a bubbling
/// `input` event (Yew listens at its root, so a non-bubbling event would never arrive).
fn type_into(input: &web_sys::HtmlInputElement, text: &str) {
    input.set_value(text);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    init.set_data(Some(text));
    init.set_input_type("insertText");
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap()
}

fn parse(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

#[wasm_bindgen_test]
async fn a_resident_types_picks_and_submits_and_the_submission_is_stored_first() {
    let app = mount(DEFINITION).await;
    let root = &app.root;
    assert!(storage_keys(OUTBOX_PREFIX).is_empty());

    let street: web_sys::HtmlInputElement = find(root, r#"[data-name="street"] input"#)
        .dyn_into()
        .unwrap();
    type_into(&street, "解放路 12 号");
    // the counter follows the answer, so the input event reached the form
    let counter = wait_for(root, r#"[data-name="street"] .yh-counter"#, "the counter").await;
    for _ in 0..1000 {
        if counter
            .text_content()
            .unwrap_or_default()
            .starts_with("8/30")
        {
            break;
        }
        tick().await;
    }
    assert_eq!(counter.text_content().unwrap(), "8/30 字");

    let weekly = find(root, r#"[data-name="often"] input[value="weekly"]"#);
    weekly.click();
    wait_for(
        root,
        r#"[data-name="often"] .yh-choice[data-checked] input[value="weekly"]"#,
        "the checked radio",
    )
    .await;

    let submit = find(root, ".yh-nav .yh-button-primary");
    assert_eq!(submit.text_content().unwrap(), "提交");
    submit.click();

    wait_for(
        root,
        r#".yh-root[data-yehua-state="submitted"]"#,
        "the submitted state",
    )
    .await;
    let receipt = find(root, ".yh-receipt-code[data-receipt-code]");
    let code = receipt.get_attribute("data-receipt-code").unwrap();
    assert_eq!(receipt.text_content().unwrap(), code);
    assert_eq!(code.len(), 7, "{code}");
    assert!(
        code.chars().enumerate().all(|(i, c)| if i == 3 {
            c == '-'
        } else {
            RECEIPT_ALPHABET.contains(&(c as u8))
        }),
        "not a receipt code: {code}"
    );
    let count = find(root, ".yh-device-count[data-count]");
    assert_eq!(count.get_attribute("data-count").as_deref(), Some("1"));

    // exactly one outbox entry, whose body is the yehua.submission/1 payload with the answers
    let keys = storage_keys(OUTBOX_PREFIX);
    assert_eq!(keys.len(), 1, "{keys:?}");
    let entry = parse(&local_storage().get_item(&keys[0]).unwrap().unwrap());
    assert_eq!(get(&entry, "state").as_string().as_deref(), Some("pending"));
    let body = parse(&get(&entry, "body").as_string().unwrap());
    assert_eq!(
        get(&body, "schema").as_string().as_deref(),
        Some("yehua.submission/1")
    );
    let id = get(&body, "id").as_string().unwrap();
    assert_eq!(keys[0], format!("{OUTBOX_PREFIX}{id}"));
    assert_eq!(receipt_code(&id), code);
    let consultation = get(&body, "consultation");
    assert_eq!(
        get(&consultation, "id").as_string().as_deref(),
        Some("web-app-test")
    );
    assert_eq!(
        get(&consultation, "version").as_string().as_deref(),
        Some("3")
    );
    let answers = get(&body, "answers");
    let value = |name: &str| get(&get(&answers, name), "value").as_string();
    assert_eq!(value("street").as_deref(), Some("解放路 12 号"));
    assert_eq!(value("often").as_deref(), Some("weekly"));
    assert_eq!(
        js_sys::Object::keys(answers.unchecked_ref::<js_sys::Object>()).length(),
        2
    );
    // and the draft is gone
    assert!(storage_keys("yehua.draft.").is_empty());
}

#[wasm_bindgen_test]
async fn submitting_without_the_required_answer_shows_the_error_focuses_the_input_and_stores_nothing(
) {
    let app = mount(DEFINITION).await;
    let root = &app.root;
    assert!(root.query_selector(".yh-error").unwrap().is_none());

    find(root, r#"[data-name="often"] input[value="daily"]"#).click();
    find(root, ".yh-nav .yh-button-primary").click();

    let error = wait_for(
        root,
        r#"[data-name="street"] .yh-error"#,
        "the inline error",
    )
    .await;
    assert_eq!(error.text_content().unwrap(), "这个问题需要回答。");
    let summary = wait_for(root, ".yh-summary[role=alert]", "the summary").await;
    assert!(summary.text_content().unwrap().contains("哪条街？"));
    let input = find(root, r#"[data-name="street"] input"#);
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    wait_for_focus(&input).await;
    assert!(input.id().starts_with("yh-q") && input.id().ends_with("-input"));

    // still answering, nothing stored, the radio answer kept (and in the draft)
    let state = find(root, ".yh-root").get_attribute("data-yehua-state");
    assert_eq!(state.as_deref(), Some("ready"));
    assert!(storage_keys(OUTBOX_PREFIX).is_empty());
    let daily: web_sys::HtmlInputElement =
        find(root, r#"input[value="daily"]"#).dyn_into().unwrap();
    assert!(daily.checked());
    // The draft is written just after the paint (web::draft): wait for it.
    let mut draft = None;
    for _ in 0..1000 {
        draft = local_storage()
            .get_item("yehua.draft.web-app-test")
            .unwrap();
        if draft.is_some() {
            break;
        }
        tick().await;
    }
    assert!(draft.is_some_and(|d| d.contains("daily")));
}

#[wasm_bindgen_test]
async fn switching_to_english_translates_the_screen_and_keeps_the_typed_text() {
    let app = mount(DEFINITION).await;
    let root = &app.root;
    let street: web_sys::HtmlInputElement = find(root, r#"[data-name="street"] input"#)
        .dyn_into()
        .unwrap();
    type_into(&street, "人民路");
    find(root, r#"input[value="weekly"]"#).click();
    wait_for(
        root,
        r#".yh-choice[data-checked] input[value="weekly"]"#,
        "the checked radio",
    )
    .await;

    let english = root.query_selector_all(".yh-lang-button").unwrap();
    let english = (0..english.length())
        .filter_map(|i| english.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|b| b.text_content().as_deref() == Some("English"))
        .expect("an English button");
    english.click();
    wait_for(root, r#".yh-root[lang="en"]"#, "the English screen").await;
    assert_eq!(
        find(root, ".yh-nav .yh-button-primary")
            .text_content()
            .unwrap(),
        "Submit"
    );
    let street: web_sys::HtmlInputElement = find(root, r#"[data-name="street"] input"#)
        .dyn_into()
        .unwrap();
    assert_eq!(street.value(), "人民路");
    let weekly: web_sys::HtmlInputElement =
        find(root, r#"input[value="weekly"]"#).dyn_into().unwrap();
    assert!(weekly.checked());
}

/// Seven questions: two conditional on the first, two more (both hidden) in the second group.
const GROUPED: &str = r#"{
  "pages": [{
    "name": "only",
    "elements": [
      { "type": "radiogroup", "name": "lamp", "title": "路灯坏了吗？", "choices": ["yes", "no"] },
      { "type": "text", "name": "where", "title": "在哪里？", "visibleIf": "{lamp} = 'yes'" },
      { "type": "text", "name": "a", "title": "一" },
      { "type": "text", "name": "b", "title": "二" },
      { "type": "text", "name": "c", "title": "三" },
      { "type": "text", "name": "d", "title": "四", "visibleIf": "{lamp} = 'no'" },
      { "type": "text", "name": "e", "title": "五", "visibleIf": "{lamp} = 'no'" }
    ]
  }]
}"#;

/// Each of the page's groups' `data-shown` (how many of its questions are shown), in order.
fn groups_shown(root: &web_sys::Element) -> Vec<String> {
    let groups = root.query_selector_all(".yh-page > .yh-group").unwrap();
    (0..groups.length())
        .filter_map(|i| groups.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .map(|e| e.get_attribute("data-shown").unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn questions_come_in_groups_of_five_and_a_revealed_question_joins_its_own_group() {
    let app = mount(GROUPED).await;
    let root = &app.root;
    // the off-screen size of a group follows how many of its questions are shown; a group with
    // none shown is not displayed
    assert_eq!(groups_shown(root), ["4", "0"], "{}", root.inner_html());
    let first = find(root, ".yh-page > .yh-group");
    assert!(first
        .query_selector(r#"[data-name="where"]"#)
        .unwrap()
        .is_none());

    find(root, r#"[data-name="lamp"] input[value="yes"]"#).click();
    let where_ = wait_for(root, r#"[data-name="where"]"#, "the revealed question").await;
    assert_eq!(groups_shown(root), ["5", "0"]);
    // it appears in the first group's own element, between the first and the third question
    let same = find(root, ".yh-page > .yh-group");
    assert!(same.is_same_node(Some(&first)), "the group was replaced");
    assert!(first.contains(Some(&where_)));
    let names: Vec<String> = (0..first.children().length())
        .filter_map(|i| first.children().item(i))
        .filter_map(|e| e.get_attribute("data-name"))
        .collect();
    assert_eq!(names, ["lamp", "where", "a", "b", "c"]);

    find(root, r#"[data-name="lamp"] input[value="no"]"#).click();
    wait_for(root, r#"[data-name="e"]"#, "the second group's questions").await;
    assert_eq!(groups_shown(root), ["4", "2"]);
}

/// One page of 25 text questions (five groups); the last one is required.
fn long_definition() -> String {
    let elements: Vec<String> = (1..=25)
        .map(|i| {
            let required = if i == 25 {
                r#", "isRequired": true"#
            } else {
                ""
            };
            format!(r#"{{ "type": "text", "name": "q{i}", "title": "问题{i}"{required} }}"#)
        })
        .collect();
    format!(
        r#"{{ "consultation": {{ "id": "long" }}, "pages": [{{ "name": "long", "elements": [{}] }}] }}"#,
        elements.join(",")
    )
}

/// Calls `on_change` with the number of the page's groups each time it changes, in the
/// microtask after the change (before any paint). Disconnects when dropped.
struct GroupWatch {
    observer: web_sys::MutationObserver,
    _record: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl GroupWatch {
    fn new(root: &web_sys::Element, mut on_change: impl FnMut(usize) + 'static) -> GroupWatch {
        let (root_, mut last) = (root.clone(), 0);
        let record = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            let n = root_
                .query_selector_all(".yh-page > .yh-group")
                .unwrap()
                .length() as usize;
            if n != last {
                last = n;
                on_change(n);
            }
        });
        let observer = web_sys::MutationObserver::new(record.as_ref().unchecked_ref()).unwrap();
        let init = web_sys::MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        observer.observe_with_options(root, &init).unwrap();
        GroupWatch {
            observer,
            _record: record,
        }
    }
}

impl Drop for GroupWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

#[wasm_bindgen_test]
async fn a_long_page_is_built_two_groups_first_then_the_rest_after_each_paint() {
    let app = start(&long_definition()).await;
    let root = &app.root;
    let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
    let watch = {
        let seen = seen.clone();
        GroupWatch::new(root, move |n| seen.borrow_mut().push(n))
    };
    wait_for(root, r#"[data-name="q25"]"#, "the last question").await;
    drop(watch);
    assert_eq!(
        *seen.borrow(),
        [2, 4, 5],
        "the page's groups, as they were built"
    );
    assert_eq!(groups_shown(root), ["5"; 5]);
    assert!(root
        .query_selector(r#"[data-yehua-state="ready"]"#)
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn submitting_before_a_long_page_is_built_builds_it_and_focuses_the_unanswered_question() {
    let app = start(&long_definition()).await;
    let root = &app.root;
    // Submit as soon as the first groups are there: before any paint, so before the rest of
    // the page was built.
    let before = Rc::new(std::cell::Cell::new(None));
    let watch = {
        let (root, before) = (root.clone(), before.clone());
        GroupWatch::new(&root.clone(), move |n| {
            if before.get().is_none() {
                before.set(Some(n));
                find(&root, ".yh-nav .yh-button-primary").click();
            }
        })
    };
    let summary = wait_for(root, ".yh-summary[role=alert]", "the summary").await;
    drop(watch);
    assert_eq!(before.get(), Some(2), "submitted with two groups built");
    assert!(summary.text_content().unwrap().contains("问题25"));
    let input = find(root, r#"[data-name="q25"] input"#);
    wait_for_focus(&input).await;
}
