# Everything a fresh clone needs: `make run` (set up + main job), `make test` (set up + tests).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Prefect's temporary local server: generous start-up timeout, no telemetry, state in the project.
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: setup browser run test lint format bench pages clean

setup: $(STAMP)  ## create/update .venv with the project installed (no-op when up to date)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: setup  ## generate a sample export if needed, run the nightly flow, publish warehouse/careers.duckdb
	$(BIN)/careers run

browser:  ## Debian's headless Chromium for the page tests (needs root; a no-op when present)
	@command -v chromium >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; } || \
	  echo "warning: chromium could not be installed: the browser tests will be skipped"

# pytest-xdist workers: the suite waits on Prefect servers, subprocesses and disks as much as it
# computes; two workers take pytest from 13 to 6 minutes on the 2-core CI machine.
PYTEST_WORKERS ?= 2

test: setup browser  ## lint, then every test (pytest's "no tests collected", exit 5, fails too)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@$(BIN)/python -m pytest -n $(PYTEST_WORKERS) || { code=$$?; \
	  [ $$code -ne 5 ] || echo "make test: pytest collected no tests" >&2; exit $$code; }

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup  ## ingest/validate throughput and per-stage timings on a generated export
	$(BIN)/python -m benchmarks

pages: setup  ## publish every career page of the newest snapshot to warehouse/pages
	$(BIN)/careers publish-pages --out warehouse/pages

clean:
	rm -rf $(VENV) .prefect .pytest_cache warehouse/*.duckdb warehouse/.careers* warehouse/landing
