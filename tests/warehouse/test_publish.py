"""Publishing: snapshots replaced by as_of, readers never blocked, failures change nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date

import duckdb
import pytest
from conftest import posting, write_csv

import warehouse.publish as publish_module
from core.errors import CareersError
from warehouse.build import execute
from warehouse.publish import connect_published


def _rows(path, sql):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_snapshots_kept_and_same_as_of_replaced(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting(ID="a")])
    execute(source, warehouse_file, [date(2025, 12, 31), date(2026, 1, 31)])
    write_csv(source / "postings" / "b.csv", [posting(ID="b")])
    execute(source, warehouse_file, [date(2026, 1, 31)])
    got = _rows(
        warehouse_file,
        "SELECT as_of, postings FROM career_summary WHERE geo_code = 'US' ORDER BY as_of",
    )
    assert [(d.isoformat(), n) for d, n in got] == [("2025-12-31", 1), ("2026-01-31", 2)]
    latest = _rows(warehouse_file, "SELECT DISTINCT as_of FROM latest_career_summary")
    assert [d.isoformat() for (d,) in latest] == ["2026-01-31"]


def test_failed_refresh_leaves_publication_byte_identical(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting(ID="a")])
    execute(source, warehouse_file, [date(2026, 1, 31)])
    before = warehouse_file.read_bytes()
    write_csv(source / "postings" / "b.csv", [{"ID": "x"}])  # missing required columns
    with pytest.raises(CareersError, match="b.csv: missing required column"):
        execute(source, warehouse_file, [date(2026, 1, 31)])
    assert warehouse_file.read_bytes() == before
    leftovers = sorted(p.name for p in warehouse_file.parent.iterdir())
    assert leftovers == [
        ".careers.duckdb.failed-runs.jsonl",
        ".careers.duckdb.lock",
        "careers.duckdb",
        "careers.store",
    ]
    (source / "postings" / "b.csv").unlink()
    execute(source, warehouse_file, [date(2026, 1, 31)])
    statuses = _rows(warehouse_file, "SELECT status FROM ops.runs ORDER BY started_at")
    assert [s for (s,) in statuses] == ["published", "failed", "published"]


def test_every_table_and_column_has_a_comment(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting()])
    execute(source, warehouse_file, [date(2026, 1, 31)])
    assert (
        _rows(
            warehouse_file,
            "SELECT table_name FROM duckdb_tables() WHERE comment IS NULL AND NOT temporary",
        )
        == []
    )
    assert (
        _rows(
            warehouse_file,
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND comment IS NULL",
        )
        == []
    )
    assert (
        _rows(
            warehouse_file,
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE comment IS NULL AND NOT internal",
        )
        == []
    )


READER = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    q = "SELECT count(*) FROM postings"
    print(con.execute(q).fetchall()[0][0], flush=True)
    sys.stdin.readline()  # the test refreshes meanwhile
    print(con.execute(q).fetchall()[0][0], flush=True)
    con.close()
    print(duckdb.connect(sys.argv[1], read_only=True).execute(q).fetchall()[0][0], flush=True)
    """
)


def test_open_reader_is_not_blocked_and_keeps_its_snapshot(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting(ID="a")])
    execute(source, warehouse_file, [date(2026, 1, 31)])
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(warehouse_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "1"
        write_csv(source / "postings" / "b.csv", [posting(ID="b"), posting(ID="c")])
        execute(source, warehouse_file, [date(2026, 1, 31)])  # must not wait for the reader
        out, errors = reader.communicate("go\n")
    finally:
        reader.kill()
    assert out.split() == ["1", "3"], errors  # old snapshot while open, new after reconnecting
    assert _rows(warehouse_file, "SELECT count(*) FROM postings") == [(3,)]


def test_second_writer_is_refused_with_a_clear_message(source, warehouse_file):
    from warehouse.publish import writer_lock

    write_csv(source / "postings" / "a.csv", [posting()])
    with writer_lock(warehouse_file), pytest.raises(CareersError, match="another refresh"):
        execute(source, warehouse_file, [date(2026, 1, 31)])


def _snapshot_checksums(path) -> dict:
    with duckdb.connect(str(path), read_only=True) as con:
        return dict(con.sql(
            "SELECT as_of, bit_xor(hash(s)) FROM career_summary AS s GROUP BY as_of"
        ).fetchall())  # fmt: skip


def test_backfill_rewrites_only_its_range(source, warehouse_file):
    from core.periods import period_ends

    posted = ["1/15/2025", "2/15/2025", "3/15/2025", "4/15/2025", "5/15/2025", "6/15/2025"]
    write_csv(
        source / "postings" / "a.csv",
        [posting(ID=f"a{i}", POSTED=p, LAST_UPDATED_DATE="7/1/2025") for i, p in enumerate(posted)],
    )
    months = period_ends(date(2025, 1, 1), date(2025, 6, 30))
    execute(source, warehouse_file, months, flow="backfill")
    before = _snapshot_checksums(warehouse_file)
    # New postings in March; re-backfill March-April only.
    write_csv(
        source / "postings" / "b.csv",
        [posting(ID=f"b{i}", POSTED="3/20/2025", LAST_UPDATED_DATE="7/1/2025") for i in range(3)],
    )
    execute(source, warehouse_file, period_ends(date(2025, 3, 1), date(2025, 4, 30)), "backfill")
    after = _snapshot_checksums(warehouse_file)
    changed = sorted(d.isoformat() for d in before if before[d] != after[d])
    assert changed == ["2025-03-31", "2025-04-30"]
    assert set(after) == set(before)


# ------------------------------------------------------------------ opening during a swap


def _database(path, value, connect=duckdb.connect):  # the real connect, bound here
    with connect(str(path)) as con:
        con.execute("CREATE TABLE t AS SELECT ? AS v", [value])
    return path


@pytest.fixture()
def swapped(tmp_path, monkeypatch):
    """A published file `old`, a finished file `new` beside it, and a `duckdb.connect` for
    `connect_published` that swaps `new` into place during the call when asked (`swaps`), then
    opens or fails (`fail`). Returns (published, calls, set_up)."""
    published = _database(tmp_path / "careers.duckdb", "old")
    real_connect = duckdb.connect
    calls: list[str] = []
    plan = {"swaps": 0, "fail": False}

    def connect(path, *args, **kwargs):
        calls.append(path)
        if plan["swaps"]:
            plan["swaps"] -= 1
            fresh = _database(tmp_path / f"new{len(calls)}.duckdb", "new")
            os.replace(fresh, published)  # as warehouse.publish.swap_into_place does
            if plan["fail"]:
                raise duckdb.IOException("IO Error: No more data remaining in MetadataReader")
        return real_connect(path, *args, **kwargs)

    monkeypatch.setattr(publish_module.duckdb, "connect", connect)
    return published, calls, plan


@pytest.mark.parametrize("fail", [False, True], ids=["opened", "failed"])
def test_an_open_across_a_swap_is_retried_on_the_new_file(swapped, fail):
    published, calls, plan = swapped
    plan.update(swaps=1, fail=fail)
    with connect_published(published) as con:
        assert con.execute("SELECT v FROM t").fetchall() == [("new",)]
    assert len(calls) == 2  # the open that the swap crossed, then one on the new file


def test_an_error_on_an_unchanged_file_is_raised(tmp_path):
    with pytest.raises(CareersError, match="no published warehouse file"):
        connect_published(tmp_path / "careers.duckdb")
    broken = tmp_path / "careers.duckdb"
    broken.write_bytes(b"not a database" * 1000)
    with pytest.raises(duckdb.Error):
        connect_published(broken)


def test_a_file_swapped_at_every_open_is_a_clear_error(swapped):
    published, calls, plan = swapped
    plan.update(swaps=3)
    with pytest.raises(CareersError, match="replaced during each of 3 opens"):
        connect_published(published, attempts=3)
    assert len(calls) == 3
