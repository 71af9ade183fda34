//! `yehua-check` as a district's pipeline runs it: the real binary on good, warned and broken
//! definitions, its exit statuses, its languages and its JSON.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    root.join(name).to_string_lossy().into_owned()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yehua-check"))
        .args(args)
        .output()
        .expect("yehua-check runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A definition written to a temporary file of this test's own.
fn definition(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("yehua-check-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write definition");
    path.to_string_lossy().into_owned()
}

const GOOD: &str = "core/src/default_consultation.json";
const WARNED: &str = "core/tests/fixtures/unknown_bits.json";
const BROKEN: &str = "core/tests/fixtures/bad_expression.json";

#[test]
fn a_good_definition_exits_0_and_says_so() {
    let o = run(&[&fixture(GOOD)]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("错误 0 个，警告 0 个"), "{out}");
    assert!(out.contains("没有发现问题"), "{out}");
}

#[test]
fn warnings_only_exit_3_with_each_warning_and_its_path() {
    let o = run(&[&fixture(WARNED)]);
    assert_eq!(o.status.code(), Some(3));
    let out = stdout(&o);
    assert!(out.contains("警告 8 个"), "{out}");
    assert!(out.contains("JSON 路径：pages[0].elements[4]"), "{out}");
}

#[test]
fn an_error_exits_1_and_names_where_it_is() {
    let o = run(&["--lang", "en", &fixture(BROKEN)]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("Errors: 1. Warnings: 0."), "{out}");
    assert!(
        out.contains("Errors: the questionnaire cannot be opened"),
        "{out}"
    );
    assert!(
        out.contains("JSON path: pages[1].elements[3].visibleIf"),
        "{out}"
    );
}

#[test]
fn one_broken_file_among_good_ones_fails_the_run() {
    let o = run(&[&fixture(GOOD), &fixture(WARNED), &fixture(BROKEN)]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn speaks_traditional_chinese() {
    let o = run(&["--lang", "zh-TW", &fixture(BROKEN)]);
    assert!(
        stdout(&o).contains("錯誤 1 個，警告 0 個"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn json_for_machines_holds_every_message_and_the_outline() {
    let path = definition(
        "conditions.json",
        r#"{"pages":[{"name":"p","elements":[
            {"type":"boolean","name":"consent","title":"同意吗？"},
            {"type":"text","name":"phone","visibleIf":"{consent} = true","requiredIf":"{consent} = true"},
            {"type":"ranking","name":"order","choices":["a","b"]}]}]}"#,
    );
    let o = run(&["--json", &path]);
    assert_eq!(o.status.code(), Some(3));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON out");
    assert_eq!(doc["schema"], "yehua.check/1");
    let file = &doc["files"][0];
    assert_eq!(file["ok"], true);
    assert_eq!(file["errors"].as_array().map(Vec::len), Some(0));
    let warnings = file["warnings"].as_array().expect("warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w["path"] == "pages[0].elements[2]" && w["text"].is_string()),
        "{warnings:?}"
    );
    let phone = &file["outline"][0]["elements"][1];
    assert_eq!(phone["name"], "phone");
    assert_eq!(phone["conditions"]["visibleIf"], "{consent} = true");
    assert_eq!(phone["conditions"]["requiredIf"], "{consent} = true");
}

#[test]
fn the_outline_shows_conditions_as_written() {
    let o = run(&["--outline", &fixture(WARNED)]);
    let out = stdout(&o);
    assert!(out.contains("问卷结构"), "{out}");
    assert!(out.contains("- [matrixdynamic] grid_matrix"), "{out}");
    assert!(out.contains("enableIf: {a} notempty"), "{out}");
}

#[test]
fn not_json_is_an_error_not_a_crash() {
    let path = definition("not-json.json", "{ \"pages\": [ ");
    let o = run(&[&path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("错误 1 个"), "{}", stdout(&o));
}

#[test]
fn an_unreadable_file_or_a_wrong_option_exits_2() {
    assert_eq!(
        run(&["/nonexistent/definition.json"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["--colour", &fixture(GOOD)]).status.code(), Some(2));
    assert_eq!(run(&[]).status.code(), Some(2));
}
