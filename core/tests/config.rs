//! Native tests of the widget configuration: the mount element's `data-*` attributes, the
//! same-origin config file merged under them, and the public query string that may choose the
//! language and nothing else.
//!
//! Owns: the evidence that a crafted link can never redirect residents' answers or swap the
//! questionnaire. Must not: read the DOM or fetch; attributes and files are given as text.

use yehua_core::config::{Config, DefinitionSource, PageQuery, View};
use yehua_core::json;
use yehua_core::payload::{Endpoint, Format};

fn attrs(pairs: &[(&'static str, &str)]) -> Config {
    Config::from_attributes(pairs.iter().map(|(k, v)| (*k, v.to_string())))
}

fn url(c: &Config) -> Option<&str> {
    c.endpoint.as_ref().map(|e| e.url.as_str())
}

fn merged(base: Config, file: &str) -> Config {
    let mut c = base;
    c.merge_file(file).expect("config file is JSON");
    c
}

// Attributes

#[test]
fn no_attributes_means_the_embedded_definition_kept_on_the_device() {
    let c = attrs(&[]);
    assert_eq!(c, Config::default());
    assert_eq!(c.definition, DefinitionSource::Bundled);
    assert_eq!(c.endpoint, None);
    assert_eq!(c.locale, None);
}

#[test]
fn attributes_set_every_field() {
    let c = attrs(&[
        ("definition-url", "/consultations/heping-12.json"),
        ("endpoint", "https://jiedao.example.cn/api/yehua"),
        ("locale", "zh-TW"),
        ("device", "服务中心 1 号平板"),
        ("config", "/yehua.config.json"),
    ]);
    assert_eq!(
        c,
        Config {
            definition: DefinitionSource::Url("/consultations/heping-12.json".into()),
            endpoint: Some(Endpoint::new("https://jiedao.example.cn/api/yehua")),
            locale: Some("zh-TW".into()),
            device: Some("服务中心 1 号平板".into()),
            config_url: Some("/yehua.config.json".into()),
            one_per_page: None,
            kiosk: Default::default(),
            view: Default::default(),
        }
    );
}

#[test]
fn endpoint_format_attribute_applies_to_the_endpoint_given_before_it() {
    let c = attrs(&[
        ("endpoint", "https://a.example/api"),
        ("endpoint-format", "Open311"),
    ]);
    assert_eq!(c.endpoint.map(|e| e.format), Some(Format::Open311));
    let c = attrs(&[
        ("endpoint", "https://a.example/api"),
        ("endpoint-format", "xml"),
    ]);
    assert_eq!(
        c.endpoint.map(|e| e.format),
        Some(Format::Json),
        "unknown formats are ignored"
    );
    let c = attrs(&[("endpoint-format", "form")]);
    assert_eq!(c.endpoint, None, "a format alone sends nothing anywhere");
}

#[test]
fn an_inline_definition_attribute_keeps_its_text() {
    let text = r#"{"elements": [{"type": "text", "name": "a"}]}"#;
    let c = attrs(&[("definition", text)]);
    assert_eq!(c.definition, DefinitionSource::Inline(text.into()));
}

#[test]
fn attribute_values_are_trimmed_and_empty_or_unknown_ones_ignored() {
    let c = attrs(&[
        ("endpoint", "  https://jiedao.example.cn/api  "),
        ("locale", "   "),
        ("device", ""),
        ("definition-url", "\n"),
        ("theme", "dark"),
        ("data-endpoint", "https://elsewhere.example/"),
    ]);
    assert_eq!(url(&c), Some("https://jiedao.example.cn/api"));
    assert_eq!(c.locale, None);
    assert_eq!(c.device, None);
    assert_eq!(c.definition, DefinitionSource::Bundled);
}

// The config file

#[test]
fn the_file_fills_what_the_attributes_left_open() {
    let c = merged(
        attrs(&[]),
        r#"{"definitionUrl": "/q.json", "endpoint": "https://jiedao.example.cn/api",
            "locale": "en", "device": "kiosk-3"}"#,
    );
    assert_eq!(c.definition, DefinitionSource::Url("/q.json".into()));
    assert_eq!(url(&c), Some("https://jiedao.example.cn/api"));
    assert_eq!(c.locale.as_deref(), Some("en"));
    assert_eq!(c.device.as_deref(), Some("kiosk-3"));
}

#[test]
fn attributes_win_over_the_file() {
    let base = attrs(&[
        ("definition-url", "/from-attribute.json"),
        ("endpoint", "https://attribute.example/api"),
        ("locale", "zh-CN"),
        ("device", "attribute-device"),
    ]);
    let c = merged(
        base.clone(),
        r#"{"definition": {"elements": []}, "definitionUrl": "/from-file.json",
            "endpoint": {"url": "https://file.example/api"}, "locale": "en", "device": "file-device"}"#,
    );
    assert_eq!(c, base);
}

#[test]
fn an_inline_definition_object_in_the_file_becomes_inline_json() {
    let file = r#"{"definition": {"consultation": {"id": "heping-12"},
                   "elements": [{"type": "text", "name": "建议", "title": "您的建议"}]},
                   "definitionUrl": "/ignored.json"}"#;
    let c = merged(attrs(&[]), file);
    let DefinitionSource::Inline(text) = &c.definition else {
        panic!("expected an inline definition, got {:?}", c.definition)
    };
    let original = json::parse(file).expect("file is JSON");
    assert_eq!(
        json::parse(text).expect("inline text is JSON"),
        *original.get("definition").expect("definition")
    );
    let survey = yehua_core::definition::parse(text).expect("the inline definition parses");
    assert_eq!(survey.info.id, "heping-12");
}

#[test]
fn a_definition_that_is_not_an_object_falls_back_to_definition_url() {
    let c = merged(
        attrs(&[]),
        r#"{"definition": "/not-an-object.json", "definitionUrl": "/q.json"}"#,
    );
    assert_eq!(c.definition, DefinitionSource::Url("/q.json".into()));
    let c = merged(attrs(&[]), r#"{"definition": ["x"]}"#);
    assert_eq!(c.definition, DefinitionSource::Bundled);
}

#[test]
fn endpoint_may_be_a_string_or_an_object_with_url() {
    let c = merged(attrs(&[]), r#"{"endpoint": "https://a.example/api"}"#);
    assert_eq!(url(&c), Some("https://a.example/api"));
    let c = merged(
        attrs(&[]),
        r#"{"endpoint": {"url": "https://b.example/api", "headers": {"X-Key": "k"}}}"#,
    );
    assert_eq!(url(&c), Some("https://b.example/api"));
    let e = c.endpoint.expect("endpoint");
    assert_eq!(e.headers, [("X-Key".to_string(), "k".to_string())]);
    assert_eq!(
        e.format,
        Format::Json,
        "JSON unless the file says otherwise"
    );
    let c = merged(
        attrs(&[]),
        r#"{"endpoint": {"url": " https://c.example/api ", "format": "form"}}"#,
    );
    let e = c.endpoint.expect("endpoint");
    assert_eq!(
        (e.url.as_str(), e.format),
        ("https://c.example/api", Format::Form)
    );
    for ignored in [
        r#"{"endpoint": ""}"#,
        r#"{"endpoint": {"url": "  "}}"#,
        r#"{"endpoint": 42}"#,
        r#"{"endpoint": {"href": "https://c.example/"}}"#,
        r#"{"endpoint": null}"#,
        r#"{}"#,
    ] {
        assert_eq!(url(&merged(attrs(&[]), ignored)), None, "{ignored}");
    }
}

#[test]
fn a_file_that_is_not_json_is_an_error_and_changes_nothing() {
    let base = attrs(&[("locale", "en")]);
    let mut c = base.clone();
    let e = c
        .merge_file("{\n  \"endpoint\": \"https://a.example\",\n  oops\n}")
        .expect_err("not JSON");
    assert_eq!(e.line, 3);
    assert_eq!(c, base);
}

// The query string

/// tests/query_cases.json: the one table of query strings that this reader and the start
/// script's (tests/js/query.test.mjs) are both held to.
const QUERY_CASES: &str = include_str!("../../tests/query_cases.json");

#[test]
fn the_query_string_is_read_by_the_rule_the_start_script_follows() {
    let table = json::parse(QUERY_CASES).expect("tests/query_cases.json is JSON");
    let cases = table
        .get("cases")
        .and_then(json::Value::as_array)
        .expect("a list of cases");
    assert!(cases.len() > 30, "the table has its cases");
    for case in cases {
        let text = |k: &str| case.get(k).and_then(json::Value::as_str);
        let query = text("query").expect("each case has a query");
        let expected = PageQuery {
            lang: text("lang").map(str::to_string),
            kiosk: case.get("kiosk").and_then(json::Value::as_bool) == Some(true),
            view: text("view").map(|v| View::parse(v).expect("survey, board or check")),
            ..PageQuery::default()
        };
        let read = PageQuery::parse(query);
        assert_eq!(
            (read.lang, read.kiosk, read.view),
            (expected.lang.clone(), expected.kiosk, expected.view),
            "{query}"
        );
        // And the config takes exactly those choices.
        let mut c = attrs(&[("locale", "zh-CN")]);
        c.apply_query(query);
        assert_eq!(
            c.locale.as_deref(),
            Some(text("lang").unwrap_or("zh-CN")),
            "{query}"
        );
        assert_eq!(c.kiosk.enabled, expected.kiosk, "{query}");
        assert_eq!(c.view, expected.view.unwrap_or(View::Survey), "{query}");
    }
}

#[test]
fn the_query_string_chooses_the_language() {
    let mut c = attrs(&[("locale", "zh-CN")]);
    c.apply_query("?lang=en");
    assert_eq!(c.locale.as_deref(), Some("en"));
    c.apply_query("locale=zh-TW");
    assert_eq!(c.locale.as_deref(), Some("zh-TW"));
    c.apply_query("utm_source=poster&lang=zh-Hant-HK&x=1");
    assert_eq!(c.locale.as_deref(), Some("zh-Hant-HK"));
}

#[test]
fn the_query_string_ignores_odd_language_values() {
    let mut c = attrs(&[("locale", "zh-CN")]);
    for query in [
        "?lang=",
        "?lang",
        "?lang=<script>",
        "?lang=en%22%3E",
        "?lang=en us",
        "?xlang=en",
    ] {
        c.apply_query(query);
        assert_eq!(c.locale.as_deref(), Some("zh-CN"), "{query}");
    }
}

#[test]
fn the_query_string_can_never_change_definition_endpoint_device_or_config() {
    let base = merged(
        attrs(&[("endpoint", "https://jiedao.example.cn/api")]),
        r#"{"definitionUrl": "/q.json", "device": "kiosk-1"}"#,
    );
    let tricks = [
        "?endpoint=https://evil.example/collect",
        "?definitionUrl=https://evil.example/q.json",
        "?definition-url=https://evil.example/q.json",
        "?definition=%7B%22elements%22%3A%5B%5D%7D",
        "?config=https://evil.example/config.json",
        "?device=evil",
        "?data-endpoint=https://evil.example/",
        "?endpoint=https://evil.example/&lang=en=https://evil.example/",
        "?lang=en&endpoint=https://evil.example/collect#lang=zh-TW",
    ];
    for query in tricks {
        let mut c = base.clone();
        c.apply_query(query);
        assert_eq!(c.definition, base.definition, "{query}");
        assert_eq!(c.endpoint, base.endpoint, "{query}");
        assert_eq!(c.device, base.device, "{query}");
        assert_eq!(c.config_url, base.config_url, "{query}");
    }
    // A trick beside a real language choice: only the language is taken.
    let mut c = base.clone();
    c.apply_query("?endpoint=https://evil.example/collect&lang=en");
    assert_eq!(
        c,
        Config {
            locale: Some("en".into()),
            ..base
        }
    );
}

#[test]
fn the_check_view_comes_from_an_attribute_the_config_file_or_the_query_string() {
    use yehua_core::config::View;
    let attr = Config::from_attributes([("view", " Check ".to_string())]);
    assert_eq!(attr.view, View::Check);

    let mut file = Config::default();
    file.merge_file(r#"{"view": "check"}"#)
        .expect("config file");
    assert_eq!(file.view, View::Check);

    // It sends and stores nothing, so a public link may ask for it, both ways.
    for query in [
        "?check=1",
        "?check=true",
        "?lang=en&view=check",
        "?check=ON",
    ] {
        let mut c = Config::default();
        c.apply_query(query);
        assert_eq!(c.view, View::Check, "{query}");
    }
    let mut off = Config::default();
    off.apply_query("?check=0&check=no");
    assert_eq!(off.view, View::Survey);
}
