"""The wide rows in Parquet: the published view reads exactly its files, replaced versions are
masked, months are compacted, and files are deleted only when no publication needs them."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest
from conftest import posting, write_csv

from core.errors import CareersError
from core.settings import Gates
from transforms.runner import run
from warehouse import parquet_store
from warehouse.build import execute
from warehouse.ingest_postings import ensure_postings_tables
from warehouse.store import store_db, store_dir

AS_OF = date(2026, 1, 31)


def _query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def _files(published: Path) -> list[Path]:
    return sorted((store_dir(published) / "postings").glob("*/*.parquet"))


class _Reader:
    """An analyst in another process holding the publication of the moment open (in this
    process DuckDB would share one instance per path, whatever was swapped in since)."""

    SCRIPT = (
        "import duckdb, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "print('open', flush=True)\n"
        "for line in sys.stdin:\n"
        "    print(con.execute('SELECT count(*) FROM postings').fetchall()[0][0], flush=True)\n"
    )

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.SCRIPT, str(path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout.readline().strip() == "open"

    def count_postings(self) -> int:
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def _versions(n: int, stamp: str, salary: int, posted: str = "1/5/2026") -> list[dict]:
    return [
        posting(ID=f"p{i}", POSTED=posted, LAST_UPDATED_TIMESTAMP=stamp, SALARY=str(salary + i))
        for i in range(n)
    ]


def test_published_view_masks_replaced_versions(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", _versions(10, "2026-01-06 10:00:00", 50_000))
    execute(source, warehouse_file, [AS_OF])
    # One later version of p0 (1 of 10 masked: under the compaction share).
    write_csv(source / "postings" / "b.csv", _versions(1, "2026-01-07 10:00:00", 90_000))
    execute(source, warehouse_file, [AS_OF])
    got = _query(warehouse_file, 'SELECT "ID", "SALARY" FROM postings ORDER BY "ID"')
    assert got == [("p0", 90_000.0), *((f"p{i}", 50_000.0 + i) for i in range(1, 10))]
    assert _query(warehouse_file, "SELECT count(*) FROM ops.masked_versions") == [(1,)]
    assert _query(warehouse_file, "SELECT count(*), sum(rows) FROM ops.parquet_files") == [(2, 11)]
    links = _query(
        warehouse_file, "SELECT count(*), count(DISTINCT posting_id) FROM posting_skills"
    )
    assert links == [(20, 10)]
    # Every column of the contract, in delivery order, from the view.
    columns = [
        c for (c,) in _query(warehouse_file, "SELECT name FROM pragma_table_info('postings')")
    ]
    assert columns[:3] == ["ID", "LAST_UPDATED_DATE", "LAST_UPDATED_TIMESTAMP"]
    assert "_rejected" not in columns and columns[-3:] == ["_batch_id", "_row", "_updated_at"]


def test_a_month_past_the_share_is_compacted_and_old_files_outlive_one_publication(
    source, warehouse_file
):
    write_csv(source / "postings" / "a.csv", _versions(10, "2026-01-06 10:00:00", 50_000))
    execute(source, warehouse_file, [AS_OF])
    first = _files(warehouse_file)
    reader = _Reader(warehouse_file)  # holds the first publication open
    write_csv(source / "postings" / "b.csv", _versions(5, "2026-01-07 10:00:00", 90_000))
    report = execute(source, warehouse_file, [AS_OF])
    assert report.compacted == ["2026-01"]
    live = _query(
        warehouse_file, "SELECT path, batch_id FROM ops.parquet_files WHERE retired_at IS NULL"
    )
    assert len(live) == 1 and live[0][1] == 0  # one compacted file
    assert _query(warehouse_file, "SELECT count(*) FROM ops.masked_versions") == [(0,)]
    got = _query(warehouse_file, 'SELECT "ID", "SALARY" FROM postings ORDER BY "ID"')
    expected = [(f"p{i}", 90_000.0 + i) for i in range(5)]
    assert got == expected + [(f"p{i}", 50_000.0 + i) for i in range(5, 10)]
    # The first publication's reader still reads its files, one publication later ...
    assert reader.count_postings() == 10
    assert all(path.exists() for path in first)
    # ... and they go once a second publication has finished since they were retired.
    reader.close()
    execute(source, warehouse_file, [AS_OF], gates=Gates(force=True))
    assert not any(path.exists() for path in first)
    assert _files(warehouse_file) == [Path(live[0][0])]
    assert _query(warehouse_file, "SELECT count(*) FROM postings") == [(10,)]


def test_unregistered_files_are_deleted_by_the_next_run(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", _versions(3, "2026-01-06 10:00:00", 50_000))
    execute(source, warehouse_file, [AS_OF])
    stray = store_dir(warehouse_file) / "postings" / "2026-01" / "b99-0.parquet"
    stray.write_bytes(next(iter(_files(warehouse_file))).read_bytes())
    execute(source, warehouse_file, [AS_OF], gates=Gates(force=True))
    assert not stray.exists()
    assert _query(warehouse_file, "SELECT count(*) FROM postings") == [(3,)]


def test_a_failed_ingest_leaves_no_registered_file(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", _versions(3, "2026-01-06 10:00:00", 50_000))
    execute(source, warehouse_file, [AS_OF])
    before = _files(warehouse_file)
    # 2 of 3 rows rejected: the gate refuses the file after its Parquet files were written.
    rows = [
        posting(ID="q1", POSTED="1/9/2026"),
        posting(ID="", BODY="x"),
        posting(ID="q3", SALARY="x"),
    ]
    write_csv(source / "postings" / "b.csv", rows)
    with pytest.raises(CareersError, match="b.csv"):
        execute(source, warehouse_file, [AS_OF])
    with duckdb.connect(str(store_db(warehouse_file)), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM ops.parquet_files").fetchall() == [(1,)]
        assert con.execute("SELECT count(*) FROM postings").fetchall() == [(3,)]
    (source / "postings" / "b.csv").unlink()
    execute(source, warehouse_file, [AS_OF], gates=Gates(force=True))
    assert _files(warehouse_file) == before


def test_an_old_layout_warehouse_moves_its_wide_rows_to_parquet(source, warehouse_file):
    """A published file of the layout before the store (every export column in a `postings`
    table) is copied into a new store once, its rows moved to Parquet, and its publication
    reads the same rows through the view."""
    write_csv(source / "postings" / "a.csv", _versions(4, "2026-01-06 10:00:00", 50_000))
    execute(source, warehouse_file, [AS_OF])
    expected = _query(
        warehouse_file, "SELECT * EXCLUDE (_batch_id, _row) FROM postings ORDER BY ALL"
    )
    # Rebuild the old layout: the wide rows as a table in the published file, no store.
    with duckdb.connect(str(warehouse_file)) as con:
        rows = con.execute("SELECT * FROM postings").to_arrow_table()
        con.execute("DROP VIEW posting_skills")
        con.execute("DROP VIEW postings")
        run(con, "ops/ingest_postings#wide_schema")
        con.execute("CREATE TABLE postings AS SELECT * FROM postings_wide_schema")
        con.register("old_rows", rows)
        con.execute("INSERT INTO postings BY NAME SELECT * FROM old_rows")
        con.execute("DELETE FROM ops.parquet_files")
        con.execute("DROP TABLE ops.postings_view_files")
    import shutil

    shutil.rmtree(store_dir(warehouse_file))
    execute(source, warehouse_file, [AS_OF], gates=Gates(force=True))
    moved = "SELECT count(*), sum(rows) FROM ops.parquet_files WHERE batch_id = 0"
    assert _query(warehouse_file, moved) == [(1, 4)]  # the old rows, in one month's file
    got = _query(warehouse_file, "SELECT * EXCLUDE (_batch_id, _row) FROM postings ORDER BY ALL")
    assert got == expected
    with duckdb.connect(str(store_db(warehouse_file)), read_only=True) as con:
        columns = con.execute("SELECT count(*) FROM pragma_table_info('postings')").fetchall()
        assert columns == [(23,)]


def test_a_publication_without_its_store_is_refused(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", _versions(2, "2026-01-06 10:00:00", 50_000))
    execute(source, warehouse_file, [AS_OF])
    import shutil

    shutil.rmtree(store_dir(warehouse_file))
    with pytest.raises(CareersError, match="store folder .* is missing"):
        execute(source, warehouse_file, [AS_OF])


def test_schema_file_is_written_once(tmp_path):
    with duckdb.connect() as con:
        ensure_postings_tables(con)
        path = parquet_store.ensure_schema_file(con, tmp_path)
        stamp = path.stat().st_mtime_ns
        assert parquet_store.ensure_schema_file(con, tmp_path) == path
        assert path.stat().st_mtime_ns == stamp
        assert con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchall() == [(0,)]


def test_a_month_of_many_small_files_merges_them_and_keeps_the_large(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", _versions(90, "2026-01-06 10:00:00", 50_000))
    small = parquet_store.MAX_FILES  # deliveries of one new posting each: small files
    for n in range(small):
        row = posting(ID=f"n{n}", POSTED="1/9/2026", LAST_UPDATED_TIMESTAMP="2026-01-09 10:00:00")
        write_csv(source / "postings" / f"b{n:02}.csv", [row])
    report = execute(source, warehouse_file, [AS_OF])
    assert report.compacted == ["2026-01"]
    live = "SELECT batch_id, rows FROM ops.parquet_files WHERE retired_at IS NULL ORDER BY rows"
    assert _query(warehouse_file, live) == [(0, small), (1, 90)]
    assert _query(warehouse_file, "SELECT count(*) FROM postings") == [(90 + small,)]


def test_a_year_of_monthly_deliveries_is_not_rewritten(source, warehouse_file):
    """A full build of twelve evenly sized deliveries, each with rows in the same month, leaves
    the month's twelve files as written (the merge is for nightlies' deltas)."""
    for n in range(12):
        rows = [
            posting(ID=f"d{n}-{k}", POSTED="1/9/2026", LAST_UPDATED_TIMESTAMP="2026-01-09 10:00:00")
            for k in range(3)
        ]
        write_csv(source / "postings" / f"d{n:02}.csv", rows)
    report = execute(source, warehouse_file, [AS_OF])
    assert report.compacted == []
