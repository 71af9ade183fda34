#!/usr/bin/env python3
"""Yew's floor (a measurement, not a test; it never fails the build). `make bench-yew-floor`.

    python3 tests/bench/yew_floor.py [--dist dist-bench] [--no-write]

Builds tests/bench/yew-floor (one Yew function component: a text input and 40 radio buttons
with their handlers, on the same Yew, wasm-bindgen, allocator and release profile as Yehua)
through Yehua's release steps: wasm-bindgen --target web, wasm-opt at index.html's level with
its parameters, then .ci/trunk_hook.py's short import/export names, Stack IR and stripping, and
terser for the glue; zopfli for the bytes on the wire, as the release's `.gz` twins. Reports its wasm and glue
beside the residents' wasm of the given release build (its `.gz` twin), and the share of the
page budget (100 KiB: html + js + wasm + css) such a floor leaves.

Writes a `## Yew's floor` section below the hand-written-notes marker of docs/BENCHMARKS.md
(tests/bench/run.mjs keeps everything below that marker).
"""
import argparse
import datetime
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CRATE = ROOT / "tests/bench/yew-floor"
TARGET = ROOT / "target/yew-floor"
OUT = TARGET / "out"
DOC = ROOT / "docs/BENCHMARKS.md"
NOTES_MARKER = "<!-- bench:notes — everything below this line is hand-written and kept by tests/bench/run.mjs -->"
SECTION = "## Yew's floor"
BUDGET_KIB = 100


def hook():
    """.ci/trunk_hook.py as a module: the release's own steps, not a copy of them."""
    spec = importlib.util.spec_from_file_location("trunk_hook", ROOT / ".ci/trunk_hook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args, **kw):
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        sys.exit(f"yew_floor: {args[0]} failed ({done.returncode}):\n{done.stderr.strip()[-2000:]}")
    return done.stdout


def zopfli_size(path: Path) -> int:
    return len(subprocess.run(["zopfli", "--gzip", "-c", str(path)], capture_output=True, check=True).stdout)


def build() -> tuple[Path, Path]:
    run("cargo", "build", "--release", "--target", "wasm32-unknown-unknown",
        "--manifest-path", str(CRATE / "Cargo.toml"), "--target-dir", str(TARGET), "--locked")
    return release_steps(TARGET / "wasm32-unknown-unknown/release/yew-floor.wasm", OUT, "floor")


def release_steps(built: Path, out: Path, name: str) -> tuple[Path, Path]:
    """The release's steps after cargo, into `out`: wasm-bindgen, wasm-opt at index.html's level
    and parameters, the hook's short names and terser. Returns (glue, wasm)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    run("wasm-bindgen", "--target=web", f"--out-dir={out}", f"--out-name={name}", "--no-typescript", str(built))
    html = (ROOT / "index.html").read_text(encoding="utf-8")
    level = re.search(r'data-wasm-opt="(\w+)"', html).group(1)
    params = re.search(r'data-wasm-opt-params="([^"]*)"', html)
    wasm, glue = out / f"{name}_bg.wasm", out / f"{name}.js"
    optimized = out / f"{name}_bg.opt.wasm"
    run("wasm-opt", f"--output={optimized}", f"-O{level}", *(params.group(1).split() if params else []), str(wasm))
    optimized.replace(wasm)
    release = hook()
    release.short_names(glue, wasm)
    release.minify_js(glue, module=True)
    return glue, wasm


def residents(dist: Path) -> tuple[int, int] | None:
    """The release's residents' wasm and glue on the wire (their zopfli twins), if built."""
    app = dist / "yehua-app.js"
    if not app.exists():
        return None
    m = re.search(r"'\./(yehua-[0-9a-f]+)\.js'", app.read_text(encoding="utf-8"))
    if not m:
        return None
    wasm, glue = dist / f"{m.group(1)}_bg.wasm.gz", dist / f"{m.group(1)}.js.gz"
    if not (wasm.exists() and glue.exists()):
        return None
    return wasm.stat().st_size, glue.stat().st_size


def section(floor_wasm_raw, floor_wasm, floor_glue, ours, commit) -> str:
    kib = lambda b: f"{b / 1024:.1f}"
    lines = [
        SECTION,
        "",
        f"Written by `make bench-yew-floor` (tests/bench/yew_floor.py) on {datetime.date.today()} at {commit}; "
        "the script replaces this section.",
        "tests/bench/yew-floor is the least a survey widget built with Yew ships: one function component",
        "holding its state, a text input and 40 radio buttons with their handlers, on Yehua's Yew,",
        "wasm-bindgen, allocator and release profile, through Yehua's release steps (wasm-opt at",
        "index.html's level, `.ci/trunk_hook.py`'s short names and terser; zopfli as the `.gz` twins).",
        "",
        "| | wasm, raw (B) | wasm on the wire, gzip (B) | glue on the wire (B) |",
        "|---|---:|---:|---:|",
        f"| Yew's floor | {floor_wasm_raw:,} | {floor_wasm:,} | {floor_glue:,} |",
    ]
    if ours:
        lines.append(f"| Yehua, residents' variant (`dist-bench`) | | {ours[0]:,} | {ours[1]:,} |")
    lines += [
        "",
        f"The page budget is {BUDGET_KIB} KiB for html + js + wasm + css. Yew's floor takes "
        f"{kib(floor_wasm + floor_glue)} KiB of it ({100 * (floor_wasm + floor_glue) / (BUDGET_KIB * 1024):.0f} %) "
        "before a single feature of Yehua"
        + (f"; Yehua's own wasm and glue are {kib(ours[0] + ours[1] - floor_wasm - floor_glue)} KiB more." if ours else "."),
        "",
    ]
    return "\n".join(lines)


def write_section(title: str, text: str) -> None:
    """Puts `text` (starting with the heading `title`) below the notes marker of BENCHMARKS.md,
    in place of the section it had there."""
    doc = DOC.read_text(encoding="utf-8")
    if NOTES_MARKER not in doc:
        sys.exit(f"bench: no notes marker in {DOC}")
    start = doc.find("\n" + title + "\n")
    if start >= 0:
        end = doc.find("\n## ", start + 1)
        doc = doc[: start + 1] + text + ("\n" + doc[end + 1 :] if end >= 0 else "")
    else:
        doc = doc.rstrip("\n") + "\n\n" + text
    DOC.write_text(doc, encoding="utf-8")
    print(f"bench: wrote {DOC.relative_to(ROOT)}")


def main() -> None:
    p = argparse.ArgumentParser(description="Yew's floor: the bytes of the least Yew app")
    p.add_argument("--dist", default="dist-bench")
    p.add_argument("--no-write", action="store_true")
    a = p.parse_args()
    glue, wasm = build()
    floor = (wasm.stat().st_size, zopfli_size(wasm), zopfli_size(glue))
    ours = residents(ROOT / a.dist)
    commit = run("git", "rev-parse", "--short", "HEAD").strip()
    text = section(*floor, ours, commit)
    print(text)
    if a.no_write:
        return
    write_section(SECTION, text)


if __name__ == "__main__":
    main()
