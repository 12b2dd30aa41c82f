"""benchmarks.checksums: same rows in any order give the same line; any changed cell does not."""

from __future__ import annotations

from pathlib import Path

import duckdb

from benchmarks.checksums import checksums


def _file(path: Path, rows: list[tuple], built_at: str) -> str:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE career_summary (code VARCHAR, postings BIGINT)")
        con.executemany("INSERT INTO career_summary VALUES (?, ?)", rows)
        con.execute("CREATE SCHEMA store")
        con.execute("CREATE TABLE store.months (part DATE, built_at TIMESTAMP, postings BIGINT)")
        con.execute("INSERT INTO store.months VALUES ('2026-01-01', ?, 3)", [built_at])
        con.execute("CREATE SCHEMA ops")
        con.execute("CREATE TABLE ops.runs (run_id VARCHAR)")
        con.execute("INSERT INTO ops.runs VALUES (?)", [built_at])
    return str(path)


def test_row_order_and_run_times_do_not_count_but_cells_do(tmp_path: Path) -> None:
    rows = [("15-1252", 10), ("29-1141", 7)]
    one = checksums(_file(tmp_path / "one.duckdb", rows, "2026-12-01 01:00:00"))
    other = checksums(_file(tmp_path / "other.duckdb", rows[::-1], "2026-12-02 01:00:00"))
    edited = [("15-1252", 11), rows[1]]
    changed = checksums(_file(tmp_path / "changed.duckdb", edited, "2026-12-01 01:00:00"))
    assert one == other
    assert [r for r, _, _ in one] == ["main.career_summary", "store.months"]  # no ops
    assert one[0][1] == 2 and one[0] != changed[0] and one[1] == changed[1]
