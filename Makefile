# Everything a fresh clone needs: `make run` (set up + main job), `make test` (set up + tests).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Prefect's temporary local server: generous start-up timeout, no telemetry, state in the project.
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 90
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_HOME ?= $(CURDIR)/.prefect

.PHONY: setup run test lint format bench clean

setup: $(STAMP)  ## create/update .venv with the project installed (no-op when up to date)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: setup  ## generate a sample export if needed, run the nightly flow, publish warehouse/careers.duckdb
	$(BIN)/careers run

test: setup  ## lint, then every test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup  ## ingest/validate throughput and per-stage timings on a generated export
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .prefect .pytest_cache warehouse/*.duckdb warehouse/.careers* warehouse/landing
