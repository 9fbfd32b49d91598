# Two commands for a newcomer: `make serve` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install serve build offline validate test links lock fmt fmt-check new notebooks bench browser clean

help:
	@echo "make serve     build and serve the site on http://127.0.0.1:8000 (reloads on edits)"
	@echo "make test      run every test (validator, rendering, strict build, notebooks, links, browser)"
	@echo "make build     strict build into site/"
	@echo "make offline   site-offline/ and handbook-offline.zip: the site, readable from disk"
	@echo "make validate  check resources.yaml"
	@echo "make links     check every external URL (network needed)"
	@echo "make new       add a resource interactively"
	@echo "make fmt       rewrite resources.yaml and the code in canonical layout"

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# Pages as .html files with search inlined, for opening from disk (mkdocs.yml: offline plugin);
# the zip is the whole site in one download.
offline: $(STAMP)
	rm -rf site-offline handbook-offline.zip
	HANDBOOK_OFFLINE=true $(BIN)/mkdocs build --strict -d site-offline
	$(BIN)/python -m zipfile -c handbook-offline.zip site-offline/

validate: $(STAMP)
	$(BIN)/python scripts/validate.py resources.yaml

# One BLAS/OpenMP thread per process: notebook kernels running side by side otherwise spin
# against each other for the two cores and run ten times slower.
test: export OMP_NUM_THREADS = 1
test: export OPENBLAS_NUM_THREADS = 1
test: export MKL_NUM_THREADS = 1
test: $(STAMP) browser
	$(BIN)/python scripts/validate.py resources.yaml
	$(BIN)/python scripts/fmt.py --check resources.yaml
	$(BIN)/python scripts/gen_contributing.py --check
	$(BIN)/ruff check scripts tests bench docs/examples
	$(BIN)/ruff format --check scripts tests bench docs/examples
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadgroup --ignore=tests/browser
	@# Separate run: Playwright's sync API keeps an event loop that asyncio tests cannot share.
	$(BIN)/python -m pytest -n 2 tests/browser

# Debian's Chromium for the browser tests (Playwright cannot download browsers here), and
# axe-core from tests/browser/package-lock.json (node_modules/ is not committed).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
AXE := tests/browser/node_modules/axe-core/axe.min.js

browser: $(AXE)
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  command -v google-chrome >/dev/null || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Reinstalled when the lock file changes; touched because npm keeps the package's own mtimes.
$(AXE): tests/browser/package-lock.json
	@command -v npm >/dev/null || { echo "installing Debian's npm for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq npm >/dev/null; }
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@

links: $(STAMP)
	$(BIN)/python scripts/check_links.py --state .cache/links-state.json --json .cache/links-report.json --markdown .cache/links-report.md

lock:
	uv pip compile --generate-hashes --python-version 3.11 requirements.in -o requirements.lock

fmt: $(STAMP)
	$(BIN)/python scripts/fmt.py resources.yaml
	$(BIN)/ruff format scripts tests bench docs/examples

fmt-check: $(STAMP)
	$(BIN)/python scripts/fmt.py --check resources.yaml
	$(BIN)/ruff format --check scripts tests bench docs/examples

new: $(STAMP)
	$(BIN)/python scripts/new_resource.py

bench: $(STAMP)
	$(BIN)/python bench/build.py
	$(BIN)/python bench/notebooks.py
	$(BIN)/python bench/links.py
	$(BIN)/python bench/browser.py
	$(BIN)/python bench/serve.py

notebooks: $(STAMP)
	$(BIN)/python -m pytest -n 2 tests/notebooks

clean:
	rm -rf site .cache
