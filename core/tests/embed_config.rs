//! Native tests of what an embedder configures beyond `Config` (docs/EMBEDDING.md): the theme
//! (`theme` attribute, a config file's `theme` object), the `allowDefinitionUrls` list that is
//! the only way a public link may choose a definition, and the rule that the view renders
//! definition and config text as text.
//!
//! Owns: the evidence that a crafted link can pick only what the embedder listed and never the
//! endpoint, and that a theme value can neither load anything nor break out of its
//! declaration. Must not: read the DOM or fetch; attributes, files and queries are given as text.

use yehua_core::config::{Config, DefinitionSource, Embedding, Theme};
use yehua_core::payload::Endpoint;

fn props(theme: &Theme) -> Vec<(String, String)> {
    theme
        .properties()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn allowed(urls: &[&str]) -> Vec<String> {
    urls.iter().map(|u| u.to_string()).collect()
}

fn on_page(definition: &str) -> Config {
    Config {
        definition: DefinitionSource::Url(definition.into()),
        endpoint: Some(Endpoint::new("https://jiedao.example.cn/api/yehua")),
        ..Config::default()
    }
}

// Theme

#[test]
fn a_theme_attribute_sets_public_custom_properties() {
    let theme =
        Theme::parse("accent: #0a5; radius: 4px;  font-scale : 1.25 ; accentFg: rgb(255, 255, 0)");
    assert_eq!(
        props(&theme),
        pairs(&[
            ("--yehua-accent", "#0a5"),
            ("--yehua-radius", "4px"),
            ("--yehua-font-scale", "1.25"),
            ("--yehua-accent-fg", "rgb(255, 255, 0)"),
        ])
    );
}

#[test]
fn theme_values_that_could_load_or_escape_are_dropped() {
    let theme = Theme::parse(concat!(
        "bg: url(https://evil.example/x.png);",
        "fg: URL(x);",
        "accent: red} .yh-root{display:none;",
        "border: \"quoted\";",
        "focus: \\75 rl(x);",
        "muted: <b>;",
        "radius: ;",
        "space: 1rem",
    ));
    assert_eq!(props(&theme), pairs(&[("--yehua-space", "1rem")]));
    let long = format!("accent: {}", "1".repeat(65));
    assert!(Theme::parse(&long).is_empty());
}

#[test]
fn theme_names_must_be_plain_words() {
    let mut theme = Theme::default();
    assert!(theme.set("--yehua-accent", "red"));
    assert!(theme.set("accentSoft", "pink"));
    assert!(!theme.set("accent;color", "red"));
    assert!(!theme.set("-accent", "red"));
    assert!(!theme.set("accent--x", "red"));
    assert!(!theme.set("", "red"));
    assert!(!theme.set(&"a".repeat(33), "red"));
    assert_eq!(
        props(&theme),
        pairs(&[("--yehua-accent", "red"), ("--yehua-accent-soft", "pink")])
    );
}

#[test]
fn setting_a_name_again_replaces_its_value() {
    let mut theme = Theme::parse("accent: red");
    theme.set("accent", "blue");
    assert_eq!(props(&theme), pairs(&[("--yehua-accent", "blue")]));
}

// Embedding from the config file

#[test]
fn the_config_file_adds_theme_and_allowlist_and_attributes_win() {
    let mut e = Embedding {
        theme: Theme::parse("accent: #0a5"),
        ..Embedding::default()
    };
    e.merge_file(
        r##"{
          "theme": { "accent": "#123456", "fontScale": 1.25, "bg": "url(x)", "radius": true },
          "allowDefinitionUrls": ["/consultations/a.json", 7, "/consultations/b.json"]
        }"##,
    )
    .expect("JSON");
    assert_eq!(
        props(&e.theme),
        pairs(&[("--yehua-accent", "#0a5"), ("--yehua-font-scale", "1.25")])
    );
    assert_eq!(
        e.allow_definition_urls,
        allowed(&["/consultations/a.json", "/consultations/b.json"])
    );
    assert!(e.owns_page);
}

#[test]
fn a_config_file_without_embedding_keys_changes_nothing() {
    let mut e = Embedding::default();
    e.merge_file(r#"{ "endpoint": "https://a.example" }"#)
        .expect("JSON");
    assert_eq!(e, Embedding::default());
    assert!(e.merge_file("{ oops").is_err());
}

// The query string and the allowlist

#[test]
fn a_listed_definition_url_may_be_chosen_by_the_query() {
    let list = allowed(&["/consultations/b.json", "https://cdn.example/c.json"]);
    let mut c = on_page("/consultations/a.json");
    c.apply_allowed_query("?definition-url=/consultations/b.json", &list);
    assert_eq!(
        c.definition,
        DefinitionSource::Url("/consultations/b.json".into())
    );
    let mut c = on_page("/consultations/a.json");
    c.apply_allowed_query(
        "lang=en&definitionUrl=https%3A%2F%2Fcdn.example%2Fc.json",
        &list,
    );
    assert_eq!(
        c.definition,
        DefinitionSource::Url("https://cdn.example/c.json".into())
    );
}

#[test]
fn an_unlisted_definition_url_in_the_query_is_ignored() {
    let list = allowed(&["/consultations/b.json"]);
    for query in [
        "?definition-url=https://evil.example/d.json",
        "?definition-url=/consultations/b.json%3Fx",
        "?definition-url=/consultations/B.json",
        "?definition-url=%2",
        "?definition-url=%zz/consultations/b.json",
        "?definition-url=%+1",
        "?definition=/consultations/b.json",
        "?definition-url",
    ] {
        let mut c = on_page("/consultations/a.json");
        c.apply_allowed_query(query, &list);
        assert_eq!(c, on_page("/consultations/a.json"), "{query}");
    }
}

#[test]
fn without_an_allowlist_the_query_chooses_no_definition() {
    let mut c = on_page("/consultations/a.json");
    c.apply_allowed_query("?definition-url=/consultations/a2.json", &[]);
    assert_eq!(c, on_page("/consultations/a.json"));
}

#[test]
fn the_endpoint_is_never_taken_from_the_query_even_when_listed() {
    let list = allowed(&["https://evil.example/collect"]);
    let mut c = on_page("/consultations/a.json");
    for query in [
        "?endpoint=https://evil.example/collect",
        "?data-endpoint=https://evil.example/collect",
        "?endpointUrl=https%3A%2F%2Fevil.example%2Fcollect",
    ] {
        c.apply_allowed_query(query, &list);
        c.apply_query(query);
    }
    assert_eq!(c, on_page("/consultations/a.json"));
}

// Text stays text

/// The view must render definition and config strings as Yew text nodes: no raw HTML anywhere
/// in the code that builds the DOM. (The end-to-end test "markup in a definition is text"
/// shows it in the browser.)
#[test]
fn no_code_renders_strings_as_html() {
    let mut checked = 0;
    // The widget's view and adapters sit beside this crate (the workspace root's src/).
    let widget = concat!(env!("CARGO_MANIFEST_DIR"), "/../src");
    for dir in [format!("{widget}/ui"), format!("{widget}/web")] {
        for entry in std::fs::read_dir(&dir).expect("source folder") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("source file");
            for needle in [
                "from_html_unchecked",
                "VRaw",
                "insert_adjacent_html",
                "set_outer_html",
                "document_write",
                "js_sys::eval",
                "Function::new",
            ] {
                assert!(!text.contains(needle), "{}: {needle}", path.display());
            }
            for (i, line) in text.lines().enumerate() {
                if let Some(at) = line.find("set_inner_html(") {
                    assert!(
                        line[at..].starts_with("set_inner_html(\"\")"),
                        "{}:{}: set_inner_html with content",
                        path.display(),
                        i + 1
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 10);
}
