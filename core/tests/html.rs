//! Native tests of the safe HTML subset (`core::html`): the XSS corpus of
//! tests/fixtures/html_corpus.json (OWASP's filter evasion cheat sheet, html5sec-style and
//! sanitizer-bypass cases, and what organizers write) read into exactly the expected tree; the
//! invariants (links only to http(s)/mailto, bounded depth) on the corpus and on generated
//! broken markup; character references; heading levels.
//!
//! Owns: the evidence that no script, style, event attribute or unsafe URL can come out of an
//! organizer's markup, and that the text is kept. Must not: touch the browser (the same corpus
//! is rendered in the real widget by tests/e2e/html.spec.ts).

use yehua_core::html::{self, Fragment, Node, Tag, MAX_DEPTH};
use yehua_core::json::{self, Value};

const CORPUS: &str = include_str!("fixtures/html_corpus.json");

/// The tree as markup, for comparing: `{{name}}` for a piped answer.
fn render(nodes: &[Node]) -> String {
    let mut out = String::new();
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(&t.replace('&', "&amp;").replace('<', "&lt;")),
            Node::Pipe(p) => out.push_str(&format!("{{{{{p}}}}}")),
            Node::Element(t @ (Tag::Br | Tag::Hr), _) => out.push_str(&format!("<{}>", t.name())),
            Node::Element(t, c) => out.push_str(&format!("<{0}>{1}</{0}>", t.name(), render(c))),
            Node::Link(h, c) => out.push_str(&format!(
                "<a href=\"{}\">{}</a>",
                h.replace('&', "&amp;").replace('"', "&quot;"),
                render(c)
            )),
        }
    }
    out
}

/// Fails the test when the tree holds anything a page must never get from an organizer.
fn assert_safe(fragment: &Fragment, what: &str) {
    fn walk(nodes: &[Node], depth: usize, what: &str) {
        assert!(depth <= MAX_DEPTH, "{what}: nested {depth} deep");
        for n in nodes {
            match n {
                Node::Link(href, c) => {
                    let (scheme, _) = href.split_once(':').unwrap_or(("", ""));
                    assert!(
                        ["http", "https", "mailto"]
                            .iter()
                            .any(|s| scheme.eq_ignore_ascii_case(s)),
                        "{what}: link to {href:?}"
                    );
                    assert!(
                        !href.chars().any(|c| c.is_control())
                            && href.trim() == href
                            && scheme.bytes().all(|b| b.is_ascii_alphabetic()),
                        "{what}: href {href:?} not clean"
                    );
                    walk(c, depth + 1, what);
                }
                Node::Element(_, c) => walk(c, depth + 1, what),
                Node::Text(_) | Node::Pipe(_) => {}
            }
        }
    }
    walk(&fragment.nodes, 0, what);
}

fn corpus() -> Vec<(String, String, String)> {
    let v = json::parse(CORPUS).expect("the corpus is JSON");
    let field = |item: &Value, k: &str| {
        item.get(k)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("corpus item without {k}"))
            .to_string()
    };
    v.as_array()
        .expect("an array")
        .iter()
        .map(|i| (field(i, "name"), field(i, "html"), field(i, "safe")))
        .collect()
}

#[test]
fn the_xss_corpus_is_read_into_exactly_the_expected_safe_tree() {
    let corpus = corpus();
    assert!(corpus.len() >= 100, "{} cases", corpus.len());
    for (name, source, safe) in corpus {
        let fragment = html::parse(&source);
        assert_safe(&fragment, &name);
        assert_eq!(render(&fragment.nodes), safe, "{name}: {source}");
    }
}

#[test]
fn scripts_styles_and_handlers_are_reported_as_dropped() {
    let f = html::parse(
        r#"<p onclick="x()" style="color:red">a<script>b</script><img src=x onerror=y()></p>"#,
    );
    assert_eq!(render(&f.nodes), "<p>a</p>");
    assert_eq!(f.dropped_tags, ["script", "img"]);
    assert_eq!(f.dropped_attributes, ["onclick", "style"]);
    let f = html::parse(r#"<a href="javascript:x()" target="_top" rel="opener">t</a>"#);
    assert_eq!(render(&f.nodes), "t");
    // `target` and `rel` are Yehua's own on every link: not reported.
    assert_eq!(f.dropped_attributes, ["href"]);
}

/// A tiny deterministic generator (xorshift): the same broken markup on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
}

#[test]
fn generated_broken_markup_never_panics_and_never_yields_an_unsafe_link() {
    const BITS: &[&str] = &[
        "<",
        ">",
        "</",
        "/>",
        "a",
        "b",
        "p",
        "li",
        "ul",
        "svg",
        "math",
        "script",
        "style",
        "iframe",
        "template",
        " ",
        "\t",
        "\n",
        "\u{0}",
        "\u{1}",
        "=",
        "\"",
        "'",
        "`",
        "href",
        "onerror",
        "javascript",
        "JaVaScRiPt",
        "data",
        "https",
        "mailto",
        ":",
        "//x",
        "&",
        "#",
        "x",
        "6a",
        "106",
        ";",
        "&colon;",
        "&#x09;",
        "&#58",
        "&Tab;",
        "<!--",
        "-->",
        "--!>",
        "<!",
        "<?",
        "]]>",
        "{",
        "}",
        "q1",
        "中",
        "h1",
        "h6",
        "<a href=",
        "<b>",
        "</b>",
        "<li>",
        "<p>",
        "</p>",
        "<svg>",
        "</svg>",
        "<table>",
        "<br>",
        "</br>",
        "<a href=\"",
        "<a href='",
        "<A HREF=",
        "https://x\">",
        "javascript:x\">",
        "jav&#x09;ascript:x'>",
        " mailto:y>",
        "&#x6A;avascript:x\">",
        "\u{1}https://z'>",
        "\">",
        "'>",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut links = 0;
    for _ in 0..20_000 {
        let len = rng.next() % 40;
        let src: String = (0..len).map(|_| BITS[rng.next() % BITS.len()]).collect();
        let fragment = html::parse(&src);
        assert_safe(&fragment, &src);
        links += usize::from(render(&fragment.nodes).contains("<a "));
    }
    // The generator does reach links, so the check above checked something.
    assert!(links > 10, "{links} links generated");
}

#[test]
fn deep_nesting_is_bounded() {
    let src = "<b>".repeat(100_000) + "深";
    let fragment = html::parse(&src);
    assert_safe(&fragment, "deep");
    assert!(render(&fragment.nodes).contains('深'));
}

#[test]
fn character_references_decode_as_a_browser_does() {
    let text = |s: &str| html::decode(s, false);
    assert_eq!(text("&lt;&gt;&amp;&quot;&apos;&nbsp;"), "<>&\"'\u{a0}");
    assert_eq!(text("&#20013;&#x6587;&#X6587"), "中文文");
    assert_eq!(
        text("&#0;&#xD800;&#x110000;&#99999999999999999999;"),
        "\u{fffd}".repeat(4)
    );
    assert_eq!(text("&#;&#x;&;&nosuch;&"), "&#;&#x;&;&nosuch;&");
    assert_eq!(text("&copy 2026 &ampx"), "© 2026 &x");
    // In an attribute a legacy name without `;` before a letter, digit or `=` stays.
    assert_eq!(
        html::decode("?a=1&copy=2&ampx&amp;", true),
        "?a=1&copy=2&ampx&"
    );
}

#[test]
fn only_http_https_and_mailto_links_pass() {
    assert_eq!(
        html::safe_href(" https://example.org/a b ").as_deref(),
        Some("https://example.org/a b")
    );
    assert_eq!(
        html::safe_href("ht\ttp\n://x.example").as_deref(),
        Some("http://x.example")
    );
    assert_eq!(
        html::safe_href("MAILTO:a@example.org").as_deref(),
        Some("MAILTO:a@example.org")
    );
    for bad in [
        "javascript:alert(1)",
        " \u{1}javascript:x",
        "java\u{0}script:x",
        "data:text/html,x",
        "vbscript:x",
        "//example.org",
        "/relative",
        "#top",
        "https:",
        "ｈttps://example.org",
        "\u{2028}javascript:x",
        "",
    ] {
        assert_eq!(html::safe_href(bad), None, "{bad:?}");
    }
}

#[test]
fn headings_move_below_the_widgets_own() {
    let f = html::parse("<h2>a</h2><h4>b</h4><p><h3>c</h3>");
    assert_eq!(f.top_heading(), Some(2));
    assert_eq!(html::heading_level(2, 2, 3), 3);
    assert_eq!(html::heading_level(4, 2, 3), 5);
    assert_eq!(html::heading_level(6, 1, 4), 6);
    assert_eq!(html::parse("<p>x</p>").top_heading(), None);
}
