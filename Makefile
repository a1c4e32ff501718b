# Two commands: `make run` serves the app with demo data, `make test` runs the whole suite.
# Both start with `make setup`, which is idempotent.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV  := $(CURDIR)/.venv
TOOLS := $(CURDIR)/.tools
PORT  ?= 3000

export PATH := $(TOOLS)/node_modules/.bin:$(VENV)/bin:$(PATH)
export REFLEX_BUN_PATH := $(TOOLS)/node_modules/.bin/bun
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false

.PHONY: setup lock run run-prod stop-prod test browser bench lint clean

setup: $(VENV)/.installed $(TOOLS)/.installed
	vfo migrate
	vfo seed-demo

# Exactly what requirements.lock says, hashes checked, in a venv made anew (nothing left over from an
# older lock); then the project itself, built with the locked setuptools.
$(VENV)/.installed: pyproject.toml requirements.lock
	python3 -m venv --clear $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements.lock
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Rewrite requirements.lock after a change to pyproject.toml's dependencies, keeping the other pins;
# `make lock LOCK_FLAGS=--upgrade` moves everything to the newest allowed versions. uv only resolves
# here: installing needs nothing but pip.
UV_VERSION := 0.13.9
UV := $(TOOLS)/uv-$(UV_VERSION)/bin/uv
LOCK_FLAGS ?=

$(UV):
	python3 -m venv $(TOOLS)/uv-$(UV_VERSION)
	$(TOOLS)/uv-$(UV_VERSION)/bin/pip install --quiet uv==$(UV_VERSION)

# Written aside and copied only when it changed, so an idle `make lock` does not rebuild .venv.
lock: $(UV)
	if [ -f requirements.lock ]; then cp requirements.lock $(TOOLS)/requirements.lock; fi
	$(UV) pip compile --quiet pyproject.toml --extra test --group build --universal --python-version 3.11 \
	  --generate-hashes --custom-compile-command "make lock" $(LOCK_FLAGS) -o $(TOOLS)/requirements.lock
	cmp -s $(TOOLS)/requirements.lock requirements.lock || cp $(TOOLS)/requirements.lock requirements.lock

# Reflex 0.10 needs Node >= 22.22 and bun >= 1.4.4; both come from the npm registry.
$(TOOLS)/.installed:
	mkdir -p $(TOOLS)
	npm install --prefix $(TOOLS) --no-audit --no-fund --loglevel=error node@22 bun@^1.4.4
	$(TOOLS)/node_modules/.bin/node --version
	$(TOOLS)/node_modules/.bin/bun --version
	touch $@

run: setup
	@echo "vfo_app start op http://localhost:$(PORT)  (productiebuild; eerste keer duurt even)"
	reflex run --env prod --single-port --frontend-port $(PORT) --backend-port $(PORT)

# Production topology: PostgreSQL, Redis, two instances behind nginx on PORT (default 8080 here).
run-prod: $(VENV)/.installed $(TOOLS)/.installed
	PORT=$(if $(filter file,$(origin PORT)),8080,$(PORT)) scripts/run_prod.sh

stop-prod:
	scripts/run_prod.sh stop

# Debian's Chromium where apt works; else Playwright's own download.
browser:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: /usr/bin/chromium"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq chromium || (apt-get update -qq && apt-get install -y -qq chromium) \
	   || playwright install chromium); \
	else playwright install chromium; fi

# axe-core (the accessibility rules engine) for tests/e2e/test_accessibility.py, injected by Playwright.
AXE := $(TOOLS)/node_modules/axe-core/axe.min.js
$(AXE): $(TOOLS)/.installed
	npm install --prefix $(TOOLS) --no-audit --no-fund --loglevel=error axe-core@4.14.1
	test -f $@

test: setup browser $(AXE)
	ruff check vfo_app tests benchmarks scripts
	pytest -q

bench: setup
	python benchmarks/clients_search.py

lint: setup
	ruff check vfo_app tests benchmarks scripts

clean:
	rm -rf .web .states data/vfo.db
