# Torget: `make run` starts the whole intranet locally, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test lint site reset clean browser help bench check-content deploy

help:
	@echo "make run    – set up and start Torget on http://127.0.0.1:$(PORT)"
	@echo "make test   – set up and run the whole test suite (lint, unit, site, browser)"
	@echo "make site   – build the static site into output/"
	@echo "make check-content – broken links, alt text, headings, metadata, authors, stale translations"
	@echo "make deploy – deploy to AWS (see the README: Deploy to AWS)"
	@echo "make bench  – every benchmark (against baselines in the same run) into BENCHMARKS.md"
	@echo "make reset  – forget local data (people, sessions) and the built site"

$(VENV)/.installed: requirements-dev.txt functions/requirements.txt constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Torget needs $(PYTHON) (Lambda's python3.11 runtime)."; exit 1; }
	@echo "… setting up $(VENV) (first run only)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check "pip<26.3"
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "make test needs npm (Node.js) for axe-core."; exit 1; }
	npm ci --no-audit --no-fund --silent
	@touch $@

# Debian's Chromium drives the browser tests (Playwright cannot download one here).
browser:
	@test -x /usr/bin/chromium || { echo "… installing Debian's chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: $(VENV)/.installed
	@$(BIN)/python -m devserver

site: $(VENV)/.installed
	$(BIN)/pelican -s pelicanconf.py

lint: $(VENV)/.installed
	$(BIN)/ruff check .

# What an editor's push must pass; site paths are also checked against output/ when it is built.
check-content: $(VENV)/.installed
	$(BIN)/python tools/check_content.py content $(if $(wildcard output/index.html),--site output)

test: $(VENV)/.installed node_modules/.installed browser lint check-content
	$(BIN)/pytest

# To AWS: deploy.toml (see deploy.example.toml) and AWS credentials; see the README.
deploy: $(VENV)/.installed node_modules/.installed
	$(BIN)/python -m infra.deploy

# Measurements, not tests: results go to bench/results/.
bench: $(VENV)/.installed node_modules/.installed browser
	$(BIN)/python -m bench

reset:
	rm -rf .torget output .cache
	@echo "Local data and the built site are gone; make run starts fresh."

clean: reset
	rm -rf $(VENV) node_modules
