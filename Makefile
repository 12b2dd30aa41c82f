# Everything a fresh clone needs: `make run` (set up + main job), `make test` (set up + tests).
# Only python3 (>= 3.11, with pip or venv) is needed: the first step installs uv from PyPI into
# .tools, which `uv sync` never touches; uv then installs the locked versions (uv.lock) into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TOOLS  := .tools
UV_VERSION := 0.13.10
UV     := $(TOOLS)/bin/uv
# dev: pytest, ruff...; dask: prefect-dask, so the Dask fan-out test runs too.
EXTRAS ?= --extra dev --extra dask

# Prefect's temporary local server: generous start-up timeout, no telemetry, state in the project.
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 300
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_HOME ?= $(CURDIR)/.prefect
# uv as pip is set up here: PyPI (the index uv.lock records), the system's CA certificates,
# pip's patience; and never a Python of its own: the venv uses $(PYTHON).
export UV_SYSTEM_CERTS ?= 1
export UV_HTTP_TIMEOUT ?= $(or $(PIP_DEFAULT_TIMEOUT),180)
export UV_PYTHON_DOWNLOADS ?= never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup lock browser run test test-fast lint format bench pages clean

setup: $(STAMP)  ## create/update .venv from uv.lock, the project editable (no-op when up to date)

# With pip, uv's wheel goes straight into .tools (its binary is .tools/bin/uv); a python3 with
# venv but no pip of its own gets a small venv there instead.
PIP_QUIET := --quiet --disable-pip-version-check --root-user-action=ignore
$(UV):
	if $(PYTHON) -m pip --version >/dev/null 2>&1; then \
	  $(PYTHON) -m pip install $(PIP_QUIET) --target $(TOOLS) 'uv==$(UV_VERSION)'; \
	else \
	  $(PYTHON) -m venv $(TOOLS) && $(TOOLS)/bin/python -m pip install $(PIP_QUIET) 'uv==$(UV_VERSION)'; \
	fi

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON) $(EXTRAS)
	touch $(STAMP)

lock: $(UV)  ## re-resolve uv.lock after editing pyproject.toml's dependencies
	$(UV) lock

run: setup  ## generate a sample export if needed, run the nightly flow, publish warehouse/careers.duckdb
	$(BIN)/careers run

browser:  ## Debian's headless Chromium for the page tests (root and network; a no-op when present)
	@command -v chromium >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; }

# pytest-xdist workers: the suite waits on Prefect servers, subprocesses and disks as much as it
# computes, so two workers overlap those waits on the 2-core CI machine (benchmarks/RESULTS.md).
PYTEST_WORKERS ?= 2

test: setup  ## lint, then every test (pytest's "no tests collected", exit 5, fails too)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@$(BIN)/python -m pytest -n $(PYTEST_WORKERS) || { code=$$?; \
	  [ $$code -ne 5 ] || echo "make test: pytest collected no tests" >&2; exit $$code; }

# The edit loop: no browser, no end-to-end test (Prefect servers, subprocess refreshes, wheels),
# none of the slow modules (tests/conftest.py).
test-fast: setup  ## the quick tests (not e2e, browser or slow)
	@$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not e2e and not browser and not slow" || { code=$$?; \
	  [ $$code -ne 5 ] || echo "make test-fast: pytest collected no tests" >&2; exit $$code; }

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
	rm -rf $(VENV) $(TOOLS) build dist .prefect .pytest_cache warehouse/*.duckdb warehouse/.careers* warehouse/landing
