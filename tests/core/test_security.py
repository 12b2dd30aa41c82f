"""Hostile input never reaches SQL unparameterized; file modes keep private files private."""

from __future__ import annotations

import stat

import duckdb
import pytest
from conftest import careers_cli, posting, write_csv

HOSTILE = [
    "'; drop table postings; --",
    "2026-01-01'; DROP TABLE postings; --",
    "ünï😀",
    "9" * 5000,
]


@pytest.mark.parametrize("value", HOSTILE, ids=["sql", "date-sql", "unicode", "long"])
def test_hostile_dates_are_one_line_errors_and_change_nothing(source, warehouse_file, value):
    write_csv(source / "postings" / "a.csv", [posting()])
    ok = careers_cli("refresh", "--source", str(source), "--warehouse", str(warehouse_file),
                     "--as-of", "2026-01-31")  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    before = warehouse_file.read_bytes()
    for args in (["refresh", "--as-of", value],
                 ["backfill", "--start", value, "--end", "2026-01-31"]):  # fmt: skip
        done = careers_cli(*args, "--source", str(source), "--warehouse", str(warehouse_file))
        assert done.returncode == 1
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "must be a date" in lines[0]
    assert warehouse_file.read_bytes() == before


def test_hostile_paths_are_bound_as_parameters(tmp_path):
    root = tmp_path / "x'); DROP TABLE postings; --"
    write_csv(root / "postings" / "it's; DROP TABLE x.csv", [posting(ID="q")])
    warehouse = tmp_path / "wh'; --" / "careers.duckdb"
    done = careers_cli("refresh", "--source", str(root), "--warehouse", str(warehouse),
                       "--as-of", "2026-01-31", "--create-dirs")  # fmt: skip
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.sql('SELECT "ID" FROM postings').fetchall() == [("q",)]
        assert con.sql("SELECT file_name FROM ops.batches").fetchall() == [
            ("it's; DROP TABLE x.csv",)]  # fmt: skip


def test_published_file_is_0644_and_work_files_0600(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting()])
    args = ["refresh", "--source", str(source), "--warehouse", str(warehouse_file),
            "--as-of", "2026-01-31"]  # fmt: skip
    assert careers_cli(*args).returncode == 0
    assert stat.S_IMODE(warehouse_file.stat().st_mode) == 0o644
    write_csv(source / "postings" / "b.csv", [posting(ID="b")])
    killed = careers_cli(*args, env={"CAREERS_CRASH_AT": "publish:dictionary"})
    assert killed.returncode < 0
    work = warehouse_file.with_name(".careers.duckdb.building")
    assert stat.S_IMODE(work.stat().st_mode) == 0o600
    spill = warehouse_file.with_name(".careers.duckdb.spill")
    assert stat.S_IMODE(spill.stat().st_mode) == 0o700
    assert careers_cli(*args).returncode == 0
    journal = warehouse_file.with_name(".careers.duckdb.failed-runs.jsonl")
    assert not journal.exists()  # moved into ops.runs by the publish
    assert stat.S_IMODE(warehouse_file.stat().st_mode) == 0o644
