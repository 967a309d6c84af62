# Qarargah: two commands on a fresh machine — `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
BIN := $(VENV)/bin
# Django 6 needs Python >= 3.12: take the first interpreter that really runs (pyenv's shims
# print an error instead of failing the lookup, so each candidate is tried, not just found).
PYTHON ?= $(shell for p in python3.12 python3.13 $(HOME)/.pyenv/versions/3.12*/bin/python3 $(HOME)/.pyenv/versions/3.13*/bin/python3 /usr/bin/python3.12 /usr/local/bin/python3.12; do \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
INSTALL_STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
ASSETS_STAMP := node_modules/.installed
HOST ?= 127.0.0.1:8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/qarargah

.PHONY: install lock run test check lint format browser-deps pdf-deps bench clean

install: $(INSTALL_STAMP) $(ASSETS_STAMP)

# Every package comes from a lock file with its hashes (runtime pins + the dev group); the project
# itself is then installed editable without dependencies or build isolation, so nothing unpinned
# is fetched. Production installs requirements.lock the same way (docs/decisions/0014).
$(INSTALL_STAMP): pyproject.toml requirements.lock requirements-dev.lock
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is required (Django 6). Install python3.12 and retry."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes -r requirements-dev.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

# Rewrite both lock files from pyproject.toml; versions already locked are kept unless
# pyproject.toml asks for others (uv reads the existing output file as its preferences).
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --all-extras --universal --python-version 3.12 --generate-hashes \
	--custom-compile-command "make lock"
lock: install
	$(UV_COMPILE) -o requirements.lock
	$(UV_COMPILE) --group dev -c requirements.lock -o requirements-dev.lock

$(ASSETS_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: install pdf-deps
	@mkdir -p var
	$(BIN)/qarargah migrate --noinput
	$(BIN)/qarargah collectstatic --noinput --verbosity 0
	$(BIN)/qarargah load_demo
	@echo "Serving on http://$(HOST)  (Ctrl+C to stop)"
	$(BIN)/qarargah serve --bind $(HOST)

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Meeting PDFs: WeasyPrint needs Pango; the PDF tests read text and pages with poppler-utils.
pdf-deps:
	@{ command -v pdftotext >/dev/null 2>&1 && /sbin/ldconfig -p | grep -q libpangoft2-1.0; } || { \
	  echo "Installing Debian's Pango (WeasyPrint) and poppler-utils (PDF tests)..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 poppler-utils >/dev/null; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Django's system checks (clashing reverse names, missing vendor files), then the layers: the
# import contracts, mypy over the typed scope, and no model change without its migration (all
# configured in pyproject.toml; decision 0014).
check: install
	QARARGAH_TESTING=true $(BIN)/qarargah check
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy
	QARARGAH_TESTING=true $(BIN)/qarargah makemigrations --check --dry-run

# The whole suite on SQLite, then again on PostgreSQL when QARARGAH_TEST_DATABASE_URL is set.
test: install browser-deps pdf-deps lint check
	QARARGAH_TESTING=true $(BIN)/pytest -n 2 --dist loadgroup
	@if [ -n "$$QARARGAH_TEST_DATABASE_URL" ]; then \
	  echo "=== again on PostgreSQL ($$QARARGAH_TEST_DATABASE_URL)"; \
	  QARARGAH_TESTING=true $(BIN)/pytest -n 2 --dist loadgroup -m "not browser"; \
	fi

bench: install
	$(BIN)/python bench/parse.py

clean:
	rm -rf var/static .pytest_cache
