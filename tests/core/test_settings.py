"""Every CAREERS_* variable is a typed, range-checked setting; a bad value is one line."""

from __future__ import annotations

import os
import re

import pytest
from conftest import ROOT, careers_cli, pages_cli

from core.settings import (
    Gates,
    Limits,
    Settings,
    SettingsError,
    SkillGroupRules,
    default_landing,
    default_warehouse,
    settings,
    variable,
)

WHOLE_0 = "must be a whole number >= 0"
WHOLE_1 = "must be a whole number >= 1"
RATE = "must be a number from 0 to 1"
PERCENT = "must be a number from 0 to 100 (percent)"
LIFT = "must be a number >= 0"
SIZE = "must be a size like 3GB, 512MB or 75%"

BAD = [
    ("CAREERS_THREADS", "abc", WHOLE_0),
    ("CAREERS_PART_THREADS", "-1", WHOLE_0),
    ("CAREERS_MEMORY_LIMIT", "3", SIZE),
    ("CAREERS_PART_MEMORY_LIMIT", "lots", SIZE),
    ("CAREERS_PART_BATCH_POSTINGS", "0", WHOLE_1),
    ("CAREERS_VACUUM_SHARE", "1.5", RATE),
    ("CAREERS_VALIDATE_CHUNK_ROWS", "1e5x", WHOLE_1),
    ("CAREERS_MAX_QUARANTINE_RATE", "2", RATE),
    ("CAREERS_MAX_NATIONAL_DROP", "-0.1", RATE),
    ("CAREERS_TASK_RUNNER", "ray", "must be 'threads' or 'dask'"),
    ("CAREERS_PART_WORKERS", "0", WHOLE_1),
    ("CAREERS_DASK_WORKERS", "two", WHOLE_1),
    ("CAREERS_DASK_ADDRESS", "scheduler:8786", "must be an address like tcp://HOST:8786"),
    ("CAREERS_PREFECT", "maybe", "must be true or false (1/0, yes/no)"),
    ("CAREERS_PROGRESS", "loud", "must be 'auto', 'lines' or 'off'"),
    ("CAREERS_BASELINE_MIN_SHARE", "150", PERCENT),
    ("CAREERS_CORE_MIN_SHARE", "-1", PERCENT),
    ("CAREERS_DISTINGUISHING_MIN_SHARE", "x", PERCENT),
    ("CAREERS_DEFINING_MIN_LIFT", "-2", LIFT),
    ("CAREERS_DISTINGUISHING_MIN_LIFT", "abc", LIFT),
    ("CAREERS_BASELINE_TOP", "0", WHOLE_1),
    ("CAREERS_DEFINING_TOP", "-5", WHOLE_1),
    ("CAREERS_NECESSARY_TOP", "ten", WHOLE_1),
    ("CAREERS_DISTINGUISHING_TOP", "1.5", WHOLE_1),
    ("CAREERS_BOOST_MIN_WITH", "0", WHOLE_1),
    ("CAREERS_BOOST_MIN_WITHOUT", "-3", WHOLE_1),
    ("CAREERS_BOOST_TOP", "0", WHOLE_1),
]
# Free-form (paths, URLs, credentials, a pattern): any value is accepted.
FREE = {"home", "warehouse", "landing", "source", "exchange_dir", "chromium", "client_id",
        "client_secret", "crash_at", "hold_at", "hold_file", "project_dir"}  # fmt: skip


@pytest.mark.parametrize(("name", "value", "problem"), BAD, ids=[b[0] for b in BAD])
def test_each_variable_rejects_a_bad_value_with_one_line(name, value, problem):
    with pytest.raises(SettingsError) as caught:
        settings({name: value})
    assert str(caught.value) == f"{name}={value!r}: {problem}"


def test_every_checked_setting_has_a_bad_value_case():
    checked = {variable(name) for name in Settings.model_fields if name not in FREE}
    assert checked == {name for name, _, _ in BAD}


def test_an_empty_variable_is_unset():
    assert settings({"CAREERS_THREADS": "", "CAREERS_WAREHOUSE": ""}) == settings({})


def test_every_variable_the_code_reads_is_a_setting():
    used = set()
    for folder in ("careers", "flows", "pages", "sources", "warehouse", "samples", "transforms"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r"CAREERS_[A-Z][A-Z_]*[A-Z]", path.read_text("utf-8")))
    known = {variable(name) for name in Settings.model_fields}
    assert used - known == set()


def test_defaults_and_values_read_when_called(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.startswith("CAREERS_") and name != "CAREERS_PROGRESS":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    assert Limits() == Limits("3GB", 0, "1GB", 0, 6_000_000, 0.2, 250_000)
    assert Gates() == Gates(0.05, 0.30, False)
    assert SkillGroupRules.from_env() == SkillGroupRules()
    assert default_warehouse() == tmp_path / "warehouse" / "careers.duckdb"
    assert default_landing() == tmp_path / "warehouse" / "landing"
    monkeypatch.setenv("CAREERS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CAREERS_THREADS", "3")
    monkeypatch.setenv("CAREERS_MEMORY_LIMIT", "512 MiB")
    monkeypatch.setenv("CAREERS_MAX_NATIONAL_DROP", "0.5")
    monkeypatch.setenv("CAREERS_BOOST_MIN_WITH", "30")
    assert (Limits().threads, Limits().memory_limit) == (3, "512 MiB")
    assert Gates().max_national_drop == 0.5
    assert SkillGroupRules.from_env().boost_min_with == 30
    assert default_warehouse() == tmp_path / "home" / "warehouse" / "careers.duckdb"
    monkeypatch.setenv("CAREERS_WAREHOUSE", str(tmp_path / "w.duckdb"))
    assert default_warehouse() == tmp_path / "w.duckdb"


def test_the_dataclasses_refuse_a_bad_environment(monkeypatch):
    monkeypatch.setenv("CAREERS_THREADS", "abc")
    with pytest.raises(SettingsError, match=r"^CAREERS_THREADS='abc': must be a whole number"):
        Limits()
    monkeypatch.delenv("CAREERS_THREADS")
    monkeypatch.setenv("CAREERS_MAX_QUARANTINE_RATE", "5")
    with pytest.raises(SettingsError, match=r"^CAREERS_MAX_QUARANTINE_RATE='5'"):
        Gates()


def test_the_secret_is_never_shown():
    with pytest.raises(SettingsError) as caught:
        settings({"CAREERS_CLIENT_SECRET": "s3cret", "CAREERS_THREADS": "x"})
    assert "s3cret" not in str(caught.value)


@pytest.mark.parametrize(
    ("args", "name", "value", "problem"),
    [
        (("refresh",), "CAREERS_THREADS", "abc", WHOLE_0),
        (("backfill", "--start", "2026-01-01", "--end", "2026-02-01"),
         "CAREERS_MAX_NATIONAL_DROP", "2", RATE),
        (("run",), "CAREERS_TASK_RUNNER", "ray", "must be 'threads' or 'dask'"),
        (("tables",), "CAREERS_MEMORY_LIMIT", "3", SIZE),
    ],
)  # fmt: skip
def test_the_cli_prints_one_line_and_exits_1(args, name, value, problem):
    done = careers_cli(*args, env={name: value})
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"careers: error: {name}={value!r}: {problem}"]
    assert done.stdout == ""


def test_the_pages_cli_too():
    done = pages_cli("tables", env={"CAREERS_THREADS": "-2"})
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"careers: error: CAREERS_THREADS='-2': {WHOLE_0}"]


def test_help_works_with_a_bad_setting():
    done = careers_cli("refresh", "--help", env={"CAREERS_THREADS": "abc"})
    assert done.returncode == 0 and "Usage" in done.stdout
