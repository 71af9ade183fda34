#!/usr/bin/env python3
"""What each optional feature costs on the wire (a measurement, not a test). `make bench-features`.

    python3 tests/bench/feature_cost.py [--no-write] [--only NAME,NAME]

Copies Cargo.toml, Cargo.lock, src/ and core/src/ to target/feature-cost/tree, and builds the residents'
wasm once as it is and once per feature below with that feature cut out (its entry point made
to return at once, so the compiler drops what only it reached), then once with all of them cut.
Every build goes through the release's steps (yew_floor.py's: wasm-bindgen, wasm-opt at
index.html's level, .ci/trunk_hook.py's short names and terser, zopfli). The working tree is
never touched. A cut whose anchor is no longer in the code is reported and skipped: update
FEATURES below.

Writes a `## What each optional feature costs` section below the notes marker of
docs/BENCHMARKS.md.
"""
import argparse
import datetime
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import yew_floor  # noqa: E402  (the release's steps and the section writer, shared)

ROOT = yew_floor.ROOT
WORK = ROOT / "target/feature-cost"
TREE = WORK / "tree"
SECTION = "## What each optional feature costs"


def stub(path, signature, value):
    """Cut: the function whose signature starts with `signature` returns `value` at once."""
    return ("stub", path, signature, value)


def replace(path, old, new):
    """Cut: `old` (exactly once in `path`) becomes `new`."""
    return ("replace", path, old, new)


# name, what is left out, cuts. Entry points only: what else only they reach goes with them.
FEATURES = [
    ("read aloud", "the read-aloud button, what it reads, the Web Speech calls", [
        stub("src/ui/read_aloud.rs", "pub fn read_aloud(", "html! {}"),
        stub("src/web/speech.rs", "pub fn has_voice(", "false"),
        stub("src/web/speech.rs", "pub fn on_voices_changed(", "{ let _ = &mut f; None }"),
    ]),
    ("display switches", "the large-text and high-contrast buttons", [
        stub("src/ui/settings_bar.rs", "pub fn settings_bar(", "html! {}"),
    ]),
    ("device panel", "the count of stored submissions, their JSON and CSV export, the definition's warnings", [
        stub("src/ui/device_panel.rs", "pub fn device_panel(", "html! {}"),
    ]),
    ("prerender take-over", "taking over a prerendered first screen (web::prerender)", [
        stub("src/web/prerender.rs", "pub fn take_over(", "()"),
        stub("src/web/prerender.rs", "pub fn discard(", "()"),
        stub("src/web/prerender.rs", "pub fn present(", "false"),
    ]),
    ("embedding", "the `<yehua-feedback>` entry point (web::embed's exports)", [
        replace("src/web/embed.rs", "#[wasm_bindgen]\npub fn mount", "pub fn mount"),
        replace("src/web/embed.rs", "#[wasm_bindgen]\nimpl Widget", "impl Widget"),
        replace("src/web/embed.rs", "#[wasm_bindgen]\npub struct Widget", "pub struct Widget"),
    ]),
    ("one question per screen", "the layout that puts each question on its own page", [
        replace("src/ui/app.rs", "Some(true) => layout::one_per_page(s),",
                "Some(true) => { let _ = layout::one_per_page; s },"),
    ]),
    ("English and Traditional Chinese", "two of the three message catalogs (zh-CN's in their place)", [
        replace("core/src/i18n.rs", "[ZH_CN, ZH_TW, EN],", "[ZH_CN, ZH_CN, ZH_CN],"),
    ]),
    ("form and Open311 payloads", "the endpoint formats other than JSON", [
        stub("core/src/payload.rs", "pub fn encode(", "Some(stored.to_string())"),
    ]),
    ("cross-tab Web Lock", "the lock around sending (the per-entry leases stay)", [
        replace("src/web/runner.rs", "    let locks = web_sys::window()",
                "    if true {\n        wasm_bindgen_futures::spawn_local(task(Lock::Unsupported));\n"
                "        return;\n    }\n    let locks = web_sys::window()"),
    ]),
    ("safe HTML", "organizers' markup shown as formatted text in html elements and completedHtml (core::html, ui::rich, its warnings); the markup shown as text instead", [
        stub("src/ui/rich.rs", "pub fn rich_html(", "html! { { src.to_string() } }"),
        stub("core/src/text_check.rs", "fn markup(", "()"),
    ]),
    ("text piping", "`{name}` in titles, descriptions, html and completedHtml filled in with answers (core::pipe); shown as written instead", [
        stub("core/src/pipe.rs", "pub fn pieces(", "vec![Piece::Text(s)]"),
        stub("core/src/pipe.rs", "pub fn shown(", "None"),
    ]),
    ("translated parser messages", "the error screen's JSON and expression parser messages in the resident's language (the English codes shown instead)", [
        stub("src/ui/error_screen.rs", "fn detail(lang: &Lang", "message.to_string()"),
    ]),
]


def fresh_tree():
    """A new copy of the crate. Copied with new times (not `copy2`): cargo decides by modification
    time, and a copy with the originals' older times would reuse the previous variant's build."""
    shutil.rmtree(TREE, ignore_errors=True)
    TREE.mkdir(parents=True)
    for name in ("Cargo.toml", "Cargo.lock"):
        shutil.copy(ROOT / name, TREE / name)
    # The widget and the core it uses; other workspace members (native servers) are left out.
    manifest = TREE / "Cargo.toml"
    text = manifest.read_text(encoding="utf-8")
    text = re.sub(r"members = \[[^\]]*\]", 'members = [".", "core"]', text)
    manifest.write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "src", TREE / "src", copy_function=shutil.copy)
    shutil.copytree(ROOT / "core", TREE / "core", copy_function=shutil.copy,
                    ignore=shutil.ignore_patterns("tests"))


def apply(cut) -> str | None:
    """Applies one cut to the tree; the reason when its anchor is missing."""
    kind, path, anchor, new = cut
    file = TREE / path
    text = file.read_text(encoding="utf-8")
    if text.count(anchor) != 1:
        return f"{path}: `{anchor.strip()[:50]}` found {text.count(anchor)} times"
    if kind == "replace":
        text = text.replace(anchor, new)
    else:
        start = text.index(anchor)
        body = text.index("{", text.index(")", start))  # the body's brace, after the parameters
        text = text[: body + 1] + f"\n    #[allow(unreachable_code)]\n    return {new};" + text[body + 1 :]
    file.write_text(text, encoding="utf-8")
    return None


def build() -> tuple[int, int, int]:
    """The tree's residents' wasm through the release's steps: (wasm raw, wasm gzip, glue gzip)."""
    target = WORK / "target"
    yew_floor.run("cargo", "build", "--release", "--target", "wasm32-unknown-unknown", "--bin", "yehua",
                  "--manifest-path", str(TREE / "Cargo.toml"), "--target-dir", str(target), "--locked")
    glue, wasm = yew_floor.release_steps(target / "wasm32-unknown-unknown/release/yehua.wasm", WORK / "out", "yehua")
    return wasm.stat().st_size, yew_floor.zopfli_size(wasm), yew_floor.zopfli_size(glue)


def section(rows, base, commit) -> str:
    kb = lambda b: f"{b / 1024:.1f}"
    delta = lambda a, b: f"{(a - b) / 1024:+.1f}"
    lines = [
        SECTION,
        "",
        f"Written by `make bench-features` (tests/bench/feature_cost.py) on {datetime.date.today()} at {commit}; "
        "the script replaces this section.",
        "The residents' wasm built as it is and with one optional feature cut out at its entry point, through",
        "the release's steps (zopfli on the wire, KiB = 1024 B). The glue changes with the imports a feature uses.",
        "",
        "| without | what is left out | wasm, KiB on the wire | glue | wasm raw |",
        "|---|---|---:|---:|---:|",
        f"| (nothing: the release) | | {kb(base[1])} | {kb(base[2])} | {kb(base[0])} |",
    ]
    for name, what, size, skipped in rows:
        if skipped:
            lines.append(f"| {name} | {what} | not measured: {skipped} | | |")
        else:
            lines.append(f"| {name} | {what} | {delta(size[1], base[1])} | {delta(size[2], base[2])} | {delta(size[0], base[0])} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description="What each optional feature costs on the wire")
    p.add_argument("--no-write", action="store_true")
    p.add_argument("--only", default="", help="comma-separated feature names (default: all)")
    a = p.parse_args()
    only = {n.strip() for n in a.only.split(",") if n.strip()}
    features = [f for f in FEATURES if not only or f[0] in only]
    fresh_tree()
    base = build()
    print(f"feature_cost: the release: wasm {base[1]:,} B on the wire", flush=True)
    rows, all_cuts = [], []
    for name, what, cuts in features:
        fresh_tree()
        skipped = next(filter(None, map(apply, cuts)), None)
        size = None if skipped else build()
        if not skipped:
            all_cuts += cuts
        print(f"feature_cost: without {name}: " + (skipped or f"wasm {size[1] - base[1]:+,} B"), flush=True)
        rows.append((name, what, size, skipped))
    if len(features) > 1 and all_cuts:
        fresh_tree()
        for cut in all_cuts:
            apply(cut)
        measured = sum(1 for r in rows if not r[3])
        rows.append((f"all {measured} above", "together", build(), None))
    commit = yew_floor.run("git", "rev-parse", "--short", "HEAD").strip()
    text = section(rows, base, commit)
    print(text)
    if not a.no_write:
        yew_floor.write_section(SECTION, text)


if __name__ == "__main__":
    main()
