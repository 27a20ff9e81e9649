# Wellboard developer commands. Each target does its own set-up from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.DEFAULT_GOAL := help
.PHONY: help venv demo serve test test-fast test-postgres lint typecheck contracts check bench openapi security-report clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23.2"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)  ## create .venv and install the pinned dependencies

demo: $(STAMP)  ## migrate the SQLite database, load the demo partnership and serve it on 127.0.0.1:8000
	$(BIN)/wellboard demo --host $(HOST) --port $(PORT)

serve: $(STAMP)  ## serve whatever database DATABASE_URL points at (SQLite under var/ by default)
	$(BIN)/wellboard serve --host $(HOST) --port $(PORT)

# Each suite run ends by listing its ten slowest tests, so a test that grows slow shows up in CI's log.
test: $(STAMP)  ## run the whole test suite (SQLite in memory; browser tests need /usr/bin/chromium)
	$(BIN)/pytest -n 2 --create-db --durations=10

test-fast: $(STAMP)  ## the suite without the slow and browser tests: the quick loop while developing
	$(BIN)/pytest -n 2 --create-db --durations=10 -m "not slow and not browser"

test-postgres: $(STAMP)  ## the suite against PostgreSQL (DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n 2 --create-db --durations=10

lint: $(STAMP)  ## ruff
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)  ## mypy, strict, with django-stubs
	$(BIN)/mypy

contracts: $(STAMP)  ## import-linter layering contracts
	$(BIN)/lint-imports

check: lint typecheck contracts  ## every static check CI runs

bench: $(STAMP)  ## benchmark scripts; they print their figures
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	$(BIN)/python bench/stats.py
	$(BIN)/python bench/reports.py
	$(BIN)/python bench/public.py
	$(BIN)/python bench/observations_import.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/geography_import.py
	$(BIN)/python bench/hub.py
	$(BIN)/python bench/hub_dashboard.py
	@# England's districts: needs PostgreSQL (its own scratch database on 127.0.0.1:5432, or DATABASE_URL).
	$(BIN)/python bench/national.py
	@# The hub benchmarks use SQLite unless given a throw-away PostgreSQL database (BENCH_POSTGRES=postgres://…).
	@if [ -n "$(BENCH_POSTGRES)" ]; then \
	  DATABASE_URL="$(BENCH_POSTGRES)" $(BIN)/python bench/hub.py && \
	  DATABASE_URL="$(BENCH_POSTGRES)" $(BIN)/python bench/hub_dashboard.py; fi

openapi: $(STAMP)  ## regenerate docs/openapi.json from the API (a test checks it is up to date)
	$(BIN)/wellboard export_openapi_schema --api wellboard.api.main.api --indent 2 --sorted --output docs/openapi.json

# The trust suites each leave their figures in REPORT_DIR; the script writes them into docs/security.md.
# The concurrency suite runs only when DATABASE_URL points at PostgreSQL (it is skipped on SQLite).
security-report: $(STAMP)  ## run the trust suites and rewrite the figures in docs/security.md
	rm -rf var/trust-report
	WELLBOARD_TRUST_REPORT_DIR=var/trust-report $(BIN)/pytest -n 2 --create-db -p no:cacheprovider tests/trust
	$(BIN)/python -m tests.trust.report var/trust-report docs/security.md

clean:  ## remove the virtualenv and local data
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
