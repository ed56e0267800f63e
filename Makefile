# Learn Something Harder. Every target installs what it needs into .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000
# The site engine: mkdocs (1.6.1, its last release) or properdocs (its drop-in continuation).
ENGINE ?= mkdocs
# `make bench` also measures this commit, the last before the build-speed work (issue 15).
BENCH_BEFORE ?= f8d683b

export NO_MKDOCS_2_WARNING := 1

.PHONY: test-engine install serve build pdf offline bench validate examples schema lint test test-fast vendor-katex vendor-iframe-worker vendor-fsrs clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--constraint requirements.lock --editable '.[test]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv with the pinned dependencies and kbsite (editable)

serve: $(STAMP)  ## serve the site on http://$(HOST)/, rebuilding when kb/, references.bib or docs/ change
	$(BIN)/$(ENGINE) serve -f mkdocs.yml --dev-addr $(HOST) --livereload --dirty

build: $(STAMP)  ## build the site into site/ (strict: any warning fails)
	$(BIN)/$(ENGINE) build -f mkdocs.yml --strict

pdf: $(STAMP)  ## build the site with its print page, then print it to site/learn-something-harder.pdf (needs chromium)
	KB_PRINT=true $(BIN)/$(ENGINE) build -f mkdocs.yml --strict
	$(BIN)/kb pdf site

offline: $(STAMP)  ## the site for reading from disk (file://), with its PDF, in site-offline/
	KB_OFFLINE=true KB_PRINT=true $(BIN)/$(ENGINE) build -f mkdocs.yml --strict --site-dir site-offline
	$(BIN)/kb pdf site-offline

bench: $(STAMP)  ## the plugin against plain MkDocs at 250/1000/2000 topics, before and after, serve, examples (slow: ~65 min)
	$(BIN)/python benchmarks/bench.py --sizes 250 1000 2000 --runs 3 --before $(BENCH_BEFORE) --write docs/benchmarks.md
	$(BIN)/python benchmarks/bench.py --paired 1000 2000 --runs 6 --before $(BENCH_BEFORE) --write docs/benchmarks.md
	$(BIN)/python benchmarks/bench.py --instructions 1000 --write docs/benchmarks.md
	$(BIN)/python benchmarks/examples.py --runs 3 --write docs/benchmarks.md
	$(BIN)/python benchmarks/serve.py --sizes 1000 --runs 3 --write docs/benchmarks.md

validate: $(STAMP)  ## check kb/ and references.bib
	$(BIN)/kb validate

examples: $(STAMP)  ## run every worked example as the build does (cached), with its run time
	$(BIN)/kb examples

schema: $(STAMP)  ## regenerate schema/*.json from the models
	$(BIN)/kb schema

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check plugins tests benchmarks kb/examples

test: $(STAMP)  ## every test suite, browser tests included (needs Debian's chromium)
	$(BIN)/python -m pytest

test-fast: $(STAMP)  ## everything but the browser tests
	$(BIN)/python -m pytest -m "not browser"

test-engine: $(STAMP)  ## the end-to-end and browser tests again, building with ENGINE
	KB_ENGINE=$(ENGINE) $(BIN)/python -m pytest tests/e2e tests/browser

KATEX_VERSION := 0.19.1
vendor-katex:  ## refresh docs/assets/katex from the npm registry
	rm -rf build/katex && mkdir -p build/katex
	cd build/katex && npm pack --silent katex@$(KATEX_VERSION) && tar xzf katex-$(KATEX_VERSION).tgz
	rm -rf docs/assets/katex && mkdir -p docs/assets/katex/contrib docs/assets/katex/fonts
	cp build/katex/package/dist/katex.min.js build/katex/package/dist/katex.min.css docs/assets/katex/
	cp build/katex/package/dist/contrib/auto-render.min.js docs/assets/katex/contrib/
	cp build/katex/package/dist/fonts/*.woff2 docs/assets/katex/fonts/
	cp build/katex/package/LICENSE docs/assets/katex/LICENSE
	echo "KaTeX $(KATEX_VERSION) from the npm registry (package katex): dist/katex.min.{js,css}, dist/contrib/auto-render.min.js, dist/fonts/*.woff2. Update with: make vendor-katex" > docs/assets/katex/VENDORED.txt

IFRAME_WORKER_VERSION := 1.0.4
vendor-iframe-worker:  ## refresh docs/assets/iframe-worker from npm
	rm -rf build/ifw && mkdir -p build/ifw docs/assets/iframe-worker
	cd build/ifw && npm pack --silent iframe-worker@$(IFRAME_WORKER_VERSION) && tar xzf iframe-worker-$(IFRAME_WORKER_VERSION).tgz
	cp build/ifw/package/shim/index.js docs/assets/iframe-worker/shim.js
	cp build/ifw/package/LICENSE docs/assets/iframe-worker/LICENSE
	$(PYTHON) docs/assets/iframe-worker/csp-patch.py docs/assets/iframe-worker/shim.js

FSRS_VERSION := 5.4.2
vendor-fsrs:  ## refresh docs/assets/fsrs (the ts-fsrs scheduler, UMD build) from npm
	rm -rf build/fsrs && mkdir -p build/fsrs
	cd build/fsrs && npm pack --silent ts-fsrs@$(FSRS_VERSION) && tar xzf ts-fsrs-$(FSRS_VERSION).tgz
	rm -rf docs/assets/fsrs && mkdir -p docs/assets/fsrs
	cp build/fsrs/package/dist/index.umd.js docs/assets/fsrs/ts-fsrs.umd.js
	cp build/fsrs/package/LICENSE docs/assets/fsrs/LICENSE
	echo "ts-fsrs $(FSRS_VERSION) (FSRS-6) from the npm registry (package ts-fsrs): dist/index.umd.js as ts-fsrs.umd.js, global FSRS. Update with: make vendor-fsrs" > docs/assets/fsrs/VENDORED.txt

clean:
	rm -rf site site-offline build .pytest_cache
