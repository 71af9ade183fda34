# Yehua (夜话) — build, test and benchmark entry points. Works from any checkout path:
#   make test        everything CI runs (.ci/run = make test)
#   make build       release build into dist/, index.html's first screen prerendered
#   make prerender   the first screen of built pages as plain HTML (docs/PRERENDER.md):
#                    PAGES="index.html my-forum.html" (in DIST=dist), after make build
#   make serve       dev server on http://127.0.0.1:8080/
#   make e2e         release build into dist-e2e/ + the Playwright suite   (E2E_ARGS="smoke" to filter)
#   make e2e-only    the Playwright suite against the existing dist-e2e/
#   make web-test    the wasm browser tests (tests/web_*.rs) only
#   make surveyjs    the differential tests against SurveyJS only (also part of native-test)
#   make collector-test  the collector's tests against SQLite and a private PostgreSQL cluster
#                    (.ci/with-postgres starts and stops it; docs/COLLECTOR.md)
#   make js-test     the loaders' own tests (tests/js/*.test.mjs, node --test)
#   make pin PIN=246810  the staff PIN's pinHash for a kiosk config file (docs/KIOSK.md);
#                    without PIN= it asks for the PIN without showing it
#   make bench-collector  sustained submissions/s and p50/p99 latency on SQLite and PostgreSQL
#                    (collector/examples/bench.rs, not a test; BENCH_COLLECTOR_ARGS="--seconds 10")
#   make bench       release build into dist-bench/ + tests/bench/run.mjs  -> docs/BENCHMARKS.md
#   make bench-yew-floor  the least Yew app built the release's way, its bytes beside Yehua's
#                    (tests/bench/yew_floor.py; also run by make bench) -> docs/BENCHMARKS.md
#   make bench-features  what each optional feature costs on the wire: the residents' wasm
#                    built without each (tests/bench/feature_cost.py) -> docs/BENCHMARKS.md
#   make bench-outbox  release build into dist-bench/ + tests/bench/outbox_flush.mjs (1,000 queued
#                    submissions flushed to the test endpoint) -> docs/BENCHMARKS.md, docs/DELIVERY.md
# Every target first runs .ci/install (about a second when everything is present).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := test
MAKEFLAGS += --no-print-directory

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
CARGO_BIN := $(if $(CARGO_HOME),$(CARGO_HOME),$(HOME)/.cargo)/bin
ifeq ($(findstring :$(ROOT)/.tools/node_modules/.bin:,:$(PATH)),)
export PATH := $(ROOT)/.tools/node_modules/.bin:$(CARGO_BIN):$(PATH)
endif
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

SERVE_ADDRESS ?= 127.0.0.1
SERVE_PORT ?= 8080
E2E_ARGS ?=
SURVEYJS_ARGS ?=
BENCH_ARGS ?=
BENCH_OUTBOX_ARGS ?=
BENCH_COLLECTOR_ARGS ?=
DIST ?= dist
PAGES ?= index.html

# `step CMD...` prints the command, runs it, and prints how long it took.
define STEPS
step() { local t0=$$SECONDS; printf '\n==> %s\n' "$$*"; "$$@"; printf '<== ok: %s (%ss)\n' "$$1 $${2:-}" "$$((SECONDS - t0))"; }
endef

.PHONY: install serve build prerender pin test lint native-test js-test surveyjs collector-test web-test dist-e2e e2e e2e-only bench bench-collector bench-yew-floor bench-features bench-outbox clean

# Sub-makes of `make test` skip the (already done) install via YEHUA_INSTALLED=1.
install:
	@[ "$${YEHUA_INSTALLED:-}" = 1 ] || "$(ROOT)/.ci/install"

serve: install
	@cd "$(ROOT)"
	trunk serve --address "$(SERVE_ADDRESS)" --port "$(SERVE_PORT)"

# The standalone page's first screen is prerendered too (docs/PRERENDER.md): residents on a slow
# link can read and fill it before the wasm has arrived.
build: install
	@cd "$(ROOT)"
	$(STEPS)
	step trunk build --release
	step node .ci/prerender.mjs dist index.html

# Run again whenever a page's definition, config or mount attributes change.
prerender: install
	@cd "$(ROOT)"
	$(STEPS)
	step node .ci/prerender.mjs "$(DIST)" $(PAGES)

# PBKDF2-SHA256, 600,000 iterations, a random salt (.ci/make_pin.py, Python's standard library).
pin:
	@cd "$(ROOT)"
	python3 .ci/make_pin.py $(if $(PIN),"$(PIN)")

test: install
	@cd "$(ROOT)"
	t_all=$$SECONDS
	YEHUA_INSTALLED=1 $(MAKE) lint native-test js-test collector-test web-test e2e
	printf '\nmake test: all layers passed in %ss\n' "$$((SECONDS - t_all))"

lint:
	@cd "$(ROOT)"
	$(STEPS)
	step cargo fmt --all -- --check
	step cargo clippy --workspace --all-targets -- -D warnings
	step cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
	# The kiosk variant's code (docs/KIOSK.md: Cargo feature `kiosk`, built by the post_build hook).
	step cargo clippy --target wasm32-unknown-unknown --all-targets --features kiosk -- -D warnings

# The collector's tests need PostgreSQL as well: they run in collector-test.
native-test:
	@cd "$(ROOT)"
	$(STEPS)
	step cargo test --workspace --exclude yehua-collector
	# The kiosk-only messages are compiled only with the feature: check their catalogs too.
	step cargo test -p yehua-core --features kiosk --lib
	# SurveyJS's own engine beside yehua-core on the corpus (tests/surveyjs/README.md).
	step cargo build -q -p yehua-check --bin yehua-walk
	step node tests/surveyjs/diff.mjs
	# The expression table (tests/surveyjs/expressions.json) through SurveyJS's survey-core: the
	# native test core/tests/expressions.rs holds yehua-core to the same table.
	step node tests/surveyjs/expressions.mjs

# The differential tests alone; DOCS=1 also writes their summary into docs/DEFINITIONS.md.
surveyjs: install
	@cd "$(ROOT)"
	$(STEPS)
	step cargo build -q -p yehua-check --bin yehua-walk
	step node tests/surveyjs/diff.mjs $(if $(DOCS),--docs docs/DEFINITIONS.md,) $(SURVEYJS_ARGS)

# Each test gets the real collector on a fresh SQLite file and on a fresh PostgreSQL database of a
# private cluster (initdb in /tmp, 127.0.0.1, stopped and removed afterwards).
collector-test: install
	@cd "$(ROOT)"
	$(STEPS)
	step .ci/with-postgres cargo test -p yehua-collector

# The start script's and loaders' JavaScript, in Node without a browser (tests/js/: e.g. its
# reading of the query string against tests/query_cases.json, the table core's test reads too).
js-test:
	@cd "$(ROOT)"
	$(STEPS)
	step node --test tests/js/

# Not a test: bounded in time, loopback only; the figures go to docs/BENCHMARKS.md by hand.
bench-collector: install
	@cd "$(ROOT)"
	$(STEPS)
	step cargo build --profile collector -p yehua-collector --example bench
	step .ci/with-postgres cargo run -q --profile collector -p yehua-collector --example bench -- $(BENCH_COLLECTOR_ARGS)

# One cargo invocation for all tests/web_*.rs (compiles once, runs each in headless Chromium
# through wasm-bindgen-test-runner + chromedriver). New files are picked up automatically.
web-test:
	@cd "$(ROOT)"
	$(STEPS)
	shopt -s nullglob
	args=()
	for f in tests/web_*.rs; do args+=(--test "$$(basename "$$f" .rs)"); done
	if [ "$${#args[@]}" -eq 0 ]; then
	  echo "web tests: no tests/web_*.rs yet, skipped"
	else
	  step cargo test --target wasm32-unknown-unknown "$${args[@]}"
	fi

# The end-to-end tests get their own output folder: `trunk serve` writes a dev build with
# an autoreload script into dist/.
dist-e2e:
	@cd "$(ROOT)"
	$(STEPS)
	step trunk build --release --dist dist-e2e

e2e: install
	@$(MAKE) dist-e2e e2e-only

e2e-only:
	@cd "$(ROOT)/tests/e2e"
	$(STEPS)
	step ./node_modules/.bin/playwright test $(E2E_ARGS)

bench: install
	@cd "$(ROOT)"
	$(STEPS)
	step trunk build --release --dist dist-bench
	step node tests/bench/make_definitions.mjs dist-bench
	step node tests/bench/run.mjs --dist dist-bench $(BENCH_ARGS)
	step python3 tests/bench/yew_floor.py --dist dist-bench

# Not a test: the bytes of the least Yew app (tests/bench/yew-floor), beside Yehua's.
bench-yew-floor: install
	@cd "$(ROOT)"
	$(STEPS)
	step python3 tests/bench/yew_floor.py --dist dist-bench

# Not a test: the residents' wasm built without each optional feature, in target/feature-cost
# (about 12 builds; the working tree is not touched).
bench-features: install
	@cd "$(ROOT)"
	$(STEPS)
	step python3 tests/bench/feature_cost.py

# Not a test: times how fast a device with 1,000 queued submissions empties its outbox.
bench-outbox: install
	@cd "$(ROOT)"
	$(STEPS)
	step trunk build --release --dist dist-bench
	step node tests/bench/outbox_flush.mjs --dist dist-bench $(BENCH_OUTBOX_ARGS)

clean:
	@cd "$(ROOT)"
	rm -rf dist dist-e2e dist-bench tests/e2e/test-results tests/e2e/playwright-report
