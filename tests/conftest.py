"""Shared fixtures: tiny generated exports, Prefect on a private home, the CLI in a subprocess."""

from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

# Prefect: a private home and a patient temporary server (set before prefect is imported).
_PREFECT_HOME = tempfile.mkdtemp(prefix="careers-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_API_ENABLE_HTTP2", "false")

# The CLI prints a progress line per stage when stderr is not a terminal; tests check its one
# error line (tests/careers/test_cli_newcomer.py turns progress back on).
os.environ.setdefault("CAREERS_PROGRESS", "off")

ROOT = Path(__file__).resolve().parent.parent
HEADER = next(csv.reader((ROOT / "schemas" / "postings-header.csv").open(encoding="utf-8")))


def posting(**cells: str) -> dict[str, str]:
    """One valid posting row (131 columns, canonical encodings); override any cell."""
    row = dict.fromkeys(HEADER, "")
    row.update(
        ID="p1", LAST_UPDATED_DATE="9/6/2025", LAST_UPDATED_TIMESTAMP="2025-09-06 16:32:57.352",
        POSTED="9/1/2025", STATE="37", STATE_NAME="North Carolina", SALARY="100000",
        EDUCATION_LEVELS="[\n  2\n]", EDUCATION_LEVELS_NAME='[\n  "Bachelor\'s degree"\n]',
        SKILLS='[\n  "KS1",\n  "KS2"\n]', SKILLS_NAME='[\n  "Python",\n  "SQL"\n]',
        LOT_SPECIALIZED_OCCUPATION="23101011",
        LOT_SPECIALIZED_OCCUPATION_NAME="Machine Learning Engineer",
        LOT_OCCUPATION="231010", LOT_OCCUPATION_NAME="Artificial Intelligence Engineer",
        COMPANY_NAME="Acme", COMPANY_IS_STAFFING="false", TITLE_NAME="Machine Learning Engineers",
        MIN_YEARS_EXPERIENCE="3", EMPLOYMENT_TYPE_NAME="Part-time (â‰¤ 32 hours)",
        REMOTE_TYPE_NAME="[None]",
    )  # fmt: skip
    row.update(cells)
    return row


def write_csv(path: Path, rows: list[dict], header: list[str] | None = None, bom=False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = header or (list(rows[0]) if rows else HEADER)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """An empty export folder with the three sub-folders."""
    root = tmp_path / "export"
    for kind in ("postings", "skills", "employment"):
        (root / kind).mkdir(parents=True)
    return root


@pytest.fixture
def warehouse_file(tmp_path: Path) -> Path:
    """A warehouse path whose folder exists (the CLI refuses a missing one)."""
    (tmp_path / "wh").mkdir()
    return tmp_path / "wh" / "careers.duckdb"


AS_OF = date(2026, 1, 31)


def _run_module(module: str, args: tuple[str, ...], env: dict | None, timeout: int):
    return subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True,
        timeout=timeout, env={**os.environ, **(env or {})}, cwd=ROOT,
    )  # fmt: skip


def careers_cli(*args: str, env: dict | None = None, timeout: int = 300):
    """Run `careers ...` in a subprocess (the installed console script's module)."""
    return _run_module("careers.cli", args, env, timeout)


def pages_cli(*args: str, env: dict | None = None, timeout: int = 120):
    """Run the pages app (`python -m pages.cli ...`) in a subprocess."""
    return _run_module("pages.cli", args, env, timeout)


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for the whole session (starting one takes ~20 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


GENERATED_AS_OF = date(2026, 11, 20)


@pytest.fixture(scope="session")
def generated_export(tmp_path_factory) -> Path:
    """A 20k-posting sample export (every format variant, bad rows, updates), made once."""
    from samples.generate import generate_export

    root = tmp_path_factory.mktemp("generated") / "export"
    generate_export(root, postings=20_000, seed=7, end=GENERATED_AS_OF)
    return root


@pytest.fixture(scope="session")
def generated_oracle(generated_export):
    """The oracle's state and tables for the generated export (plain Python, no DuckDB)."""
    from oracle import career_tables, load_postings

    state = load_postings([generated_export])
    return state, career_tables(state, GENERATED_AS_OF)


@pytest.fixture(scope="session")
def generated_warehouse(generated_export, tmp_path_factory) -> Path:
    """The generated export refreshed once (direct stages) for GENERATED_AS_OF."""
    from warehouse.build import execute

    published = tmp_path_factory.mktemp("generated-wh") / "careers.duckdb"
    execute(generated_export, published, [GENERATED_AS_OF])
    return published


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    """A tiny generated export (300 postings) whose files' mtimes are one minute apart in
    discovery order, so a feed lists them in that order. Modules may override it."""
    from samples.generate import generate_export
    from sources.discover import discover

    folder = tmp_path_factory.mktemp("export")
    generate_export(folder, postings=300, seed=7, end=date(2025, 6, 30))
    base = datetime(2025, 7, 1, tzinfo=UTC).timestamp()
    for i, found in enumerate(discover(folder)):
        os.utime(found.path, (base + 60 * i, base + 60 * i))
    return folder
