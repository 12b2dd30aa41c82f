"""Ingest: one version per posting, quarantine, per-file counts, skip by content hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
from conftest import AS_OF, posting, write_csv

from core.settings import Gates
from warehouse import batches, prepare_postings
from warehouse.build import execute

# These fixtures are mostly bad rows on purpose: lift the quarantine-rate gate.
LENIENT = Gates(max_quarantine_rate=1.0)


def refresh(source, warehouse_file, as_of=AS_OF):
    return execute(source, warehouse_file, [as_of], gates=LENIENT)


def query(warehouse_file, sql, params=None):
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def current(warehouse_file):
    rows = query(warehouse_file, 'SELECT "ID", "SALARY" FROM postings ORDER BY "ID"')
    return dict(rows)


def test_greatest_update_time_wins_across_files(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [
        posting(ID="x", SALARY="1", LAST_UPDATED_TIMESTAMP="2025-09-06 10:00:00"),
        posting(ID="y", SALARY="1", LAST_UPDATED_TIMESTAMP="2025-09-06 10:00:00"),
    ])  # fmt: skip
    write_csv(source / "postings" / "b.csv", [
        posting(ID="x", SALARY="2", LAST_UPDATED_TIMESTAMP="2025-09-06 11:00:00"),  # newer
        posting(ID="y", SALARY="2", LAST_UPDATED_TIMESTAMP="2025-09-06 09:00:00"),  # older
    ])  # fmt: skip
    refresh(source, warehouse_file)
    assert current(warehouse_file) == {"x": 2.0, "y": 1.0}


def test_tie_goes_to_later_file_in_byte_order_then_later_row(source, warehouse_file):
    ts = "2025-09-06 10:00:00"
    write_csv(
        source / "postings" / "lc_x.csv", [posting(ID="x", SALARY="2", LAST_UPDATED_TIMESTAMP=ts)]
    )
    write_csv(
        source / "postings" / "LC_x.csv", [posting(ID="x", SALARY="1", LAST_UPDATED_TIMESTAMP=ts)]
    )
    write_csv(source / "postings" / "lightcast_x.csv", [
        posting(ID="x", SALARY="3", LAST_UPDATED_TIMESTAMP=ts),
        posting(ID="x", SALARY="4", LAST_UPDATED_TIMESTAMP=ts),
    ])  # fmt: skip
    refresh(source, warehouse_file)
    assert current(warehouse_file) == {"x": 4.0}


def test_empty_timestamp_falls_back_to_date_at_midnight(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [
        posting(ID="x", SALARY="1", LAST_UPDATED_TIMESTAMP="2025-09-06 00:00:01"),
        posting(ID="x", SALARY="2", LAST_UPDATED_TIMESTAMP="", LAST_UPDATED_DATE="9/6/2025"),
    ])  # fmt: skip
    refresh(source, warehouse_file)
    assert current(warehouse_file) == {"x": 1.0}  # midnight < 00:00:01


def test_later_refresh_wins_a_tie_and_rejected_row_never_replaces(source, warehouse_file):
    write_csv(source / "postings" / "z.csv", [posting(ID="x", SALARY="1")])
    refresh(source, warehouse_file)
    write_csv(source / "postings" / "a.csv", [
        posting(ID="x", SALARY="2"),  # same update time, later refresh: wins
        posting(ID="x", SALARY="-3", LAST_UPDATED_TIMESTAMP="2030-01-01 00:00:00"),  # rejected
    ])  # fmt: skip
    report = refresh(source, warehouse_file)
    assert [b.skipped for b in report.batches] == [False, True]
    assert current(warehouse_file) == {"x": 2.0}


def test_counts_per_file_and_quarantine_keeps_the_raw_row(source, warehouse_file):
    rows = [posting(ID=f"p{i}") for i in range(5)] + [posting(ID="bad", STATE="99", SALARY="x")]
    lower = [{k.lower(): v for k, v in r.items()} for r in rows]
    write_csv(source / "postings" / "a.csv", lower)
    refresh(source, warehouse_file)
    ((read, loaded, quarantined),) = query(
        warehouse_file, "SELECT rows_read, rows_loaded, rows_quarantined FROM ops.batches"
    )
    assert (read, loaded, quarantined) == (6, 5, 1)
    ((file, row, reasons, raw),) = query(
        warehouse_file,
        "SELECT file_name, row_number, reasons, raw_row->>'$.state' FROM ops.quarantine",
    )
    assert (file, row, raw) == ("a.csv", 6, "99")
    assert reasons.startswith("STATE is not") and "SALARY" in reasons


def test_every_column_kept_typed_and_unknown(source, warehouse_file):
    extra = posting(MY_NEW_COLUMN="hello")
    write_csv(source / "postings" / "a.csv", [extra])
    refresh(source, warehouse_file)
    ((skills, edu, posted, staffing, new, mojibake),) = query(
        warehouse_file,
        'SELECT "SKILLS", "EDUCATION_LEVELS", "POSTED", "COMPANY_IS_STAFFING", "MY_NEW_COLUMN", '
        '"EMPLOYMENT_TYPE_NAME" FROM postings',
    )
    assert skills == ["KS1", "KS2"] and edu == [2] and str(posted) == "2025-09-01"
    assert staffing is False and new == "hello" and mojibake == "Part-time (â‰¤ 32 hours)"


def test_body_is_stored_zstd_and_reads_back_as_delivered(source, warehouse_file):
    bodies = ['Build models.\nShip them, in "quotes".', "", "   spaced   "]
    write_csv(source / "postings" / "a.csv", [
        posting(ID=f"p{i}", BODY=body) for i, body in enumerate(bodies)
    ])  # fmt: skip
    refresh(source, warehouse_file)
    got = query(warehouse_file, 'SELECT "BODY" FROM postings ORDER BY "ID"')
    assert [b for (b,) in got] == [bodies[0], None, bodies[2]]  # text cells: '' is NULL
    files = [path for (path,) in query(warehouse_file, "SELECT path FROM ops.parquet_files")]
    with duckdb.connect() as con:
        storage = con.execute(
            "SELECT DISTINCT compression FROM parquet_metadata(?) WHERE path_in_schema = 'BODY'",
            [files],
        ).fetchall()
    assert storage == [("ZSTD",)]


def test_same_file_twice_is_skipped_and_tables_identical(source, warehouse_file):
    write_csv(
        source / "postings" / "a.csv", [posting(ID=f"p{i}", SALARY=str(9e4 + i)) for i in range(9)]
    )
    refresh(source, warehouse_file)
    first = query(warehouse_file, "SELECT * FROM career_summary ORDER BY ALL")
    report = refresh(source, warehouse_file)
    assert report.totals()["files_ingested"] == 0 and report.totals()["files_skipped"] == 1
    assert query(warehouse_file, "SELECT * FROM career_summary ORDER BY ALL") == first
    assert query(warehouse_file, "SELECT count(*) FROM ops.batches") == [(1,)]


def test_identical_copies_load_once_and_each_rejected_copy_is_quarantined(source, warehouse_file):
    """A file is read again by row key, not record number: identical copies share a key."""
    ok, bad = posting(ID="x", SALARY="5"), posting(ID="bad", STATE="99")
    write_csv(source / "postings" / "a.csv", [ok, ok, bad, bad, posting(ID="y", SALARY="7")])
    refresh(source, warehouse_file)
    rows = query(warehouse_file, 'SELECT "ID", _row, "SALARY" FROM postings ORDER BY "ID"')
    assert rows == [("x", 2, 5.0), ("y", 5, 7.0)]  # the later copy's record number
    kept = query(warehouse_file, "SELECT row_number, raw_row->>'$.ID' FROM ops.quarantine")
    assert sorted(kept) == [(3, "bad"), (4, "bad")]
    assert query(warehouse_file, "SELECT rows_read, rows_loaded, rows_quarantined FROM "
                 "ops.batches") == [(5, 3, 2)]  # fmt: skip


def test_records_alike_in_every_rule_cell_are_told_apart_by_the_rest(source, warehouse_file):
    """Same ID, update time and rule cells, different text elsewhere: the row key cannot tell
    them apart, so the ingester keys them by every cell; the later one wins, and each rejected
    one is quarantined with its own text."""
    write_csv(source / "postings" / "a.csv", [
        posting(ID="x", BODY="first"), posting(ID="x", BODY="second"),
        posting(ID="bad", STATE="99", BODY="one"), posting(ID="bad", STATE="99", BODY="two"),
    ])  # fmt: skip
    refresh(source, warehouse_file)
    assert query(warehouse_file, 'SELECT "ID", _row, "BODY" FROM postings') == [("x", 2, "second")]
    kept = query(warehouse_file, "SELECT row_number, raw_row->>'$.BODY' FROM ops.quarantine")
    assert sorted(kept) == [(3, "one"), (4, "two")]


def test_records_alike_in_every_key_cell_told_apart_by_their_skill_lists(source, warehouse_file):
    """The row key leaves the skill lists out: two records of one ID and update time, one with a
    broken SKILLS cell, share a key. The ingester keys the file by every cell instead: the valid
    one loads, the broken one is quarantined with its own text, whichever comes first."""
    good, broken = (
        posting(ID="x", SKILLS='["KS9"]', SKILLS_NAME='["Go"]'),
        posting(ID="x", SKILLS="[oops"),
    )
    write_csv(source / "postings" / "a.csv", [good, broken])
    write_csv(source / "postings" / "b.csv", [broken, good, posting(ID="y")])
    refresh(source, warehouse_file)
    rows = query(warehouse_file, 'SELECT "ID", _row, "SKILLS" FROM postings ORDER BY "ID"')
    assert rows == [("x", 2, ["KS9"]), ("y", 3, ["KS1", "KS2"])]  # b.csv's version won the tie
    kept = query(
        warehouse_file,
        "SELECT file_name, row_number, raw_row->>'$.SKILLS' FROM ops.quarantine ORDER BY 1",
    )
    assert kept == [("a.csv", 2, "[oops"), ("b.csv", 1, "[oops")]


def test_rejected_records_pass_through_parquet_and_leave_no_row(source, warehouse_file):
    """The second read brings the rejected records along (raw rows in `_rejected`), cells that
    fit no typed column included; none is left in `postings` or a registered file."""
    bad = [
        posting(ID="", BODY="no id"),
        posting(ID="big", STATE="99999999999", MIN_YEARS_EXPERIENCE="12345678901", BODY="b"),
        posting(ID="lists", SKILLS='["KS1", 2]', EDUCATION_LEVELS="[x", BODY="c"),
    ]
    write_csv(source / "postings" / "a.csv", [posting(ID="ok"), *bad])
    refresh(source, warehouse_file)
    assert query(warehouse_file, 'SELECT "ID" FROM postings') == [("ok",)]
    assert query(warehouse_file, "SELECT sum(rows) FROM ops.parquet_files") == [(1,)]
    kept = query(
        warehouse_file,
        "SELECT row_number, raw_row->>'$.ID', raw_row->>'$.BODY', raw_row->>'$.STATE', "
        "raw_row->>'$.MIN_YEARS_EXPERIENCE', raw_row->>'$.SKILLS' FROM ops.quarantine "
        "ORDER BY row_number",
    )
    assert kept == [
        (2, None, "no id", bad[0]["STATE"], bad[0]["MIN_YEARS_EXPERIENCE"], bad[0]["SKILLS"]),
        (3, "big", "b", "99999999999", "12345678901", bad[1]["SKILLS"]),
        (4, "lists", "c", bad[2]["STATE"], bad[2]["MIN_YEARS_EXPERIENCE"], '["KS1", 2]'),
    ]  # fmt: skip
    assert query(warehouse_file, "SELECT count(*) FROM posting_skills") == [(2,)]  # ok's two


def test_a_new_file_is_read_before_its_hash_is_needed(source, warehouse_file, monkeypatch):
    """A file whose size no ingested file had cannot repeat one: its reads start without
    waiting for its hash (asked for once, at the end, and recorded). A file of an ingested
    file's size waits for its hash, and is skipped when the content is the same."""
    events: list[str] = []
    real_read, real_hash = prepare_postings.read_checks, batches.HashAhead.sha256
    monkeypatch.setattr(
        prepare_postings, "read_checks", lambda *a: events.append("read") or real_read(*a)
    )
    monkeypatch.setattr(
        batches.HashAhead,
        "sha256",
        lambda self, path: events.append(f"hash {Path(path).name}") or real_hash(self, path),
    )
    first = write_csv(source / "postings" / "a.csv", [posting(ID="a1"), posting(ID="a2")])
    refresh(source, warehouse_file)
    assert events == ["read", "hash a.csv"]
    ((recorded,),) = query(warehouse_file, "SELECT sha256 FROM ops.batches")
    assert recorded == hashlib.sha256(first.read_bytes()).hexdigest()

    events.clear()  # same size, other content (IDs of the same length): hashed, then read
    other = write_csv(source / "postings" / "b.csv", [posting(ID="b1"), posting(ID="b2")])
    assert other.stat().st_size == first.stat().st_size
    refresh(source, warehouse_file)
    assert events == ["hash a.csv", "hash b.csv", "read"]  # a.csv: the same size as ingested

    events.clear()  # the same content under another name: skipped without a read
    (source / "postings" / "c.csv").write_bytes(first.read_bytes())
    report = refresh(source, warehouse_file)
    assert events == ["hash a.csv", "hash b.csv", "hash c.csv"]
    assert [b.skipped for b in report.batches] == [True, True, True]
