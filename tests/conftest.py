"""Shared fixtures: tiny generated exports, Prefect on a private home, the CLI in a subprocess."""

from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Prefect: a private home and a patient temporary server (set before prefect is imported).
_PREFECT_HOME = tempfile.mkdtemp(prefix="careers-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_API_ENABLE_HTTP2", "false")

# Hypothesis, however loaded the machine: no per-example deadline, no "too slow" health check
# (both judge speed). A test's own @settings keeps these unless it sets them.
settings.register_profile("careers", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("careers")
# The CLI prints a progress line per stage when stderr is not a terminal; tests check its one
# error line (tests/core/test_cli_newcomer.py turns progress back on).
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


def copy_warehouse(published: Path, target: Path) -> Path:
    """Copy a warehouse to `target`: the published file and its store folder (what a refresh
    builds on). The copy's publication reads the original's Parquet files until it is
    refreshed."""
    import shutil

    from warehouse.store import store_dir

    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(published, target)
    if store_dir(published).exists():
        shutil.copytree(store_dir(published), store_dir(target), dirs_exist_ok=True)
    return target


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

# Ceiling of an e2e test (servers, subprocess refreshes, a wheel install) on a loaded machine;
# the global one (pyproject's `timeout`) covers the rest. A test's own timeout mark wins.
E2E_TIMEOUT = 1800


# Modules whose tests refresh generated exports, publish every page or run hundreds of examples:
# marked `slow`, left out of `make test-fast` (the edit loop), run by `make test`.
SLOW_MODULES = {
    "benchmarks/test_benchmarks.py", "cli/test_cli.py", "core/test_security.py",
    "pages/test_analyst.py", "pages/test_page_document.py", "pages/test_publish_pages.py",
    "sources/test_reader_properties.py", "transforms/test_macros.py",
    "warehouse/test_bad_corpus.py", "warehouse/test_incremental.py",
    "warehouse/test_memory_limit.py",
    "warehouse/test_partials.py", "warehouse/test_skill_properties.py",
    "core/test_mistakes.py", "cli/test_cli_newcomer.py", "test_oracle_onet.py",
    "warehouse/test_oews.py", "warehouse/test_onet_ingest.py", "pages/test_page_bls.py",
    "pages/test_sparse_pages.py", "pages/test_page_description.py",
}  # fmt: skip


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(item.path)
        if path.is_relative_to(ROOT / "tests") and (
            path.relative_to(ROOT / "tests").as_posix() in SLOW_MODULES
        ):
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("e2e") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(E2E_TIMEOUT))


_NO_BROWSER = "browser tests: "
_NO_BROWSER_LINE = 0  # where `chromium` skips (set there)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Skips for a missing Chromium point at this file, so `-ra` folds them into one line."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple):
        reason = report.longrepr[2]
        if reason.startswith(("Skipped: " + _NO_BROWSER, _NO_BROWSER)):
            report.longrepr = (os.path.relpath(__file__), _NO_BROWSER_LINE, reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    """The headless Chromium of the `browser` tests (devtools.browser.find_chromium). Missing, the
    tests skip with one summary line; with CAREERS_REQUIRE_BROWSER=1 (CI) they fail instead."""
    from devtools import browser

    found = browser.find_chromium()
    if found is None:
        if os.environ.get("CAREERS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CAREERS_REQUIRE_BROWSER=1: {browser.missing_reason()}", pytrace=False)
        global _NO_BROWSER_LINE
        _NO_BROWSER_LINE = sys._getframe().f_lineno + 1  # the skip on the next line
        pytest.skip(_NO_BROWSER + browser.missing_reason())
    return found


class _Clock:
    """The `time` module of the feed server and client with `monotonic()` moved on by
    `advance(seconds)`: token expiry is tested without waiting, however slow the machine."""

    def __init__(self):
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds

    def __getattr__(self, name: str):
        return getattr(time, name)


@pytest.fixture
def clock(monkeypatch) -> _Clock:
    """A clock the test moves on, shared by the feed server's tokens and the feed session."""
    import devtools.feed_state
    import sources.feed_session

    fake = _Clock()
    monkeypatch.setattr(devtools.feed_state, "time", fake)
    monkeypatch.setattr(sources.feed_session, "time", fake)
    return fake


def _run_module(module: str, args: tuple[str, ...], env: dict | None, timeout: float | None):
    return subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True,
        timeout=timeout, env={**os.environ, **(env or {})}, cwd=ROOT,
    )  # fmt: skip


def careers_cli(*args: str, env: dict | None = None, timeout: float | None = None):
    """Run `careers ...` in a subprocess (the installed console script's module); no timeout
    of its own: pytest-timeout is the ceiling."""
    return _run_module("cli.main", args, env, timeout)


def pages_cli(*args: str, env: dict | None = None, timeout: float | None = None):
    """Run a page or analyst command (`careers page ...`, `careers query ...`) in a subprocess."""
    return _run_module("cli.main", args, env, timeout)


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for the whole session (starting one is slow)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=300):
        yield


GENERATED_AS_OF = date(2026, 11, 20)
#: Postings of each generator profile's session export. Sparse stays small: at ~1,200 postings
#: each of its careers gets its 1-3 postings once (samples/profiles.py).
GENERATED_POSTINGS = {"dense": 20_000, "sparse": 1_200}
#: The quarantine gate for refreshing them: a small export concentrates the generator's broken
#: rows (at least one of every kind) in its few small files, past the default 5%.
GENERATED_MAX_QUARANTINE_RATE = {"dense": None, "sparse": 1.0}


def _generate(tmp_path_factory, profile: str) -> Path:
    from samples.generate import generate_export

    root = tmp_path_factory.mktemp(f"generated-{profile}") / "export"
    generate_export(
        root, postings=GENERATED_POSTINGS[profile], seed=7, end=GENERATED_AS_OF, profile=profile
    )
    return root


@pytest.fixture(scope="session")
def generated_export(tmp_path_factory) -> Path:
    """A 20k-posting sample export (dense profile: every format variant, bad rows, updates,
    the quirks of a real delivery), made once."""
    return _generate(tmp_path_factory, "dense")


@pytest.fixture(scope="session", params=["dense", "sparse"])
def profiled_export(request, tmp_path_factory) -> tuple[str, Path]:
    """(profile, export) for each generator profile (the dense one is `generated_export`): the
    oracle comparisons run on both."""
    if request.param == "dense":
        return "dense", request.getfixturevalue("generated_export")
    return request.param, _generate(tmp_path_factory, request.param)


@pytest.fixture(scope="session")
def profiled_oracle(request, profiled_export):
    """The oracle's state and tables for `profiled_export` (plain Python, no DuckDB)."""
    from oracle import career_tables, load_postings

    profile, root = profiled_export
    if profile == "dense":
        return request.getfixturevalue("generated_oracle")
    state = load_postings([root])
    return state, career_tables(state, GENERATED_AS_OF)


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
