"""Upgrades of a warehouse built by an earlier version: run by every build, idempotent."""

from __future__ import annotations

from datetime import date

import duckdb
from conftest import posting, write_csv

from core.settings import Gates
from warehouse.build import execute
from warehouse.store import store_db
from warehouse.upgrades import SCHEMA_SQL, upgrade

OLD_SCHEMA = SCHEMA_SQL.read_text().replace(" USING COMPRESSION zstd", "")


def _raw_row_storage(con) -> set[str]:
    con.execute("CHECKPOINT")
    rows = con.execute(
        "SELECT DISTINCT compression FROM pragma_storage_info('ops.quarantine') "
        "WHERE column_name = 'raw_row' AND segment_type <> 'VALIDITY'"
    ).fetchall()
    return {c for (c,) in rows}


def test_old_quarantine_rebuilt_once_rows_kept(tmp_path):
    assert SCHEMA_SQL.read_text() != OLD_SCHEMA
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute(OLD_SCHEMA)
        con.execute(
            "INSERT INTO ops.quarantine SELECT 1, 'a.csv', i, 'bad', json_object('ID', i::VARCHAR)"
            " FROM range(1, 5001) AS t(i)"
        )
        before = con.execute("SELECT * FROM ops.quarantine ORDER BY row_number").fetchall()
        assert _raw_row_storage(con) != {"ZSTD"}

        assert upgrade(con) == ["zstd_quarantine"]
        assert upgrade(con) == []  # idempotent

        assert con.execute("SELECT * FROM ops.quarantine ORDER BY row_number").fetchall() == before
        assert _raw_row_storage(con) == {"ZSTD"}
        names = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'ops'")
        assert "quarantine_before_zstd" not in {n for (n,) in names.fetchall()}


def test_build_upgrades_a_published_warehouse(source, warehouse_file):
    warehouse_file.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse_file)) as con:
        con.execute(OLD_SCHEMA)
        con.execute("INSERT INTO ops.quarantine VALUES (0, 'old.csv', 7, 'bad', '{\"ID\": \"z\"}')")
    rows = [posting(ID=f"p{i}") for i in range(40)] + [posting(ID="b", SALARY="lots")]
    write_csv(source / "postings" / "a.csv", rows)
    execute(source, warehouse_file, [date(2026, 1, 31)])
    with duckdb.connect(str(warehouse_file)) as con:
        got = con.execute(
            "SELECT file_name, row_number FROM ops.quarantine ORDER BY file_name"
        ).fetchall()
        assert got == [("a.csv", 41), ("old.csv", 7)]
        assert _raw_row_storage(con) == {"ZSTD"}


def test_postings_of_an_older_version_get_the_new_lineage_column(tmp_path):
    from warehouse.ingest_postings import LINEAGE_COLUMNS, ensure_postings_tables

    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute('CREATE TABLE postings ("ID" VARCHAR, _batch_id BIGINT)')
        con.execute("INSERT INTO postings VALUES ('a', 1)")
        ensure_postings_tables(con)
        ensure_postings_tables(con)  # idempotent
        names = [r[0] for r in con.sql("SELECT name FROM pragma_table_info('postings')").fetchall()]
        assert names == ["ID", "_batch_id", *[c for c in LINEAGE_COLUMNS if c != "_batch_id"]]
        assert con.execute("SELECT * FROM postings").fetchall() == [("a", 1, None, None)]


def test_staffing_flags_become_counts_and_every_month_is_rebuilt(source, warehouse_file):
    """A store whose employer parts hold a staffing flag (which a replaced posting cannot be
    counted out of) gets the count column, and its months are rebuilt: same tables."""
    rows = [
        posting(
            ID=f"p{i}",
            POSTED=f"{1 + i % 3}/5/2026",
            COMPANY_NAME=f"Co{i % 2}",
            COMPANY_IS_STAFFING=str(i % 4 == 0).lower(),
        )
        for i in range(40)
    ]
    write_csv(source / "postings" / "a.csv", rows)
    as_of = date(2026, 3, 31)
    execute(source, warehouse_file, [as_of])
    with duckdb.connect(str(store_db(warehouse_file))) as con:
        before = con.execute("SELECT * FROM career_employers ORDER BY ALL").fetchall()
        assert {r[-2] for r in before} == {True, False}  # is_staffing both ways
        con.execute("ALTER TABLE store.part_employers DROP COLUMN staffing_postings")
        con.execute("ALTER TABLE store.part_employers ADD COLUMN is_staffing BOOLEAN")
        assert con.execute("SELECT count(*) FROM store.months").fetchall() == [(12,)]

        assert upgrade(con) == ["staffing_counts"]
        assert upgrade(con) == []  # idempotent
        columns = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'store' "
            "AND table_name = 'part_employers'"
        ).fetchall()
        assert ("staffing_postings",) in columns and ("is_staffing",) not in columns
        assert con.execute("SELECT count(*) FROM store.months").fetchall() == [(0,)]
        assert con.execute("SELECT count(*) FROM store.part_skills").fetchall() == [(0,)]

    # Nothing new to ingest, and the test upgraded the file itself (the build's own upgrade
    # finds nothing to do): --force publishes the rebuilt months.
    report = execute(source, warehouse_file, [as_of], gates=Gates(force=True))
    assert len(report.parts[as_of.isoformat()]["months_built"]) == 12
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.execute("SELECT * FROM career_employers ORDER BY ALL").fetchall() == before


def test_months_counting_the_unclassified_occupation_as_a_career_are_rebuilt(
    source, warehouse_file
):
    """Parts stored before the contract counted `99999999` in no career hold it as a career:
    those months are dropped and rebuilt, the others kept."""
    unclassified = dict(LOT_SPECIALIZED_OCCUPATION="99999999", LOT_OCCUPATION="999999")
    rows = [posting(ID=f"p{i}", POSTED=f"{1 + i % 3}/5/2026") for i in range(30)]
    rows += [posting(ID=f"u{i}", POSTED="2/9/2026", **unclassified) for i in range(5)]
    write_csv(source / "postings" / "a.csv", rows)
    as_of = date(2026, 3, 31)
    execute(source, warehouse_file, [as_of])
    with duckdb.connect(str(store_db(warehouse_file))) as con:
        before = con.execute("SELECT * FROM career_summary ORDER BY ALL").fetchall()
        assert upgrade(con) == []
        # what the part model stored before: the unclassified postings as a career of February
        con.execute(
            "INSERT INTO store.part_careers SELECT part, '99999999', geo_level, geo_code, "
            "geo_name, 5, 0, 0, 0, 0 FROM store.part_careers WHERE part = '2026-02-01' LIMIT 1"
        )
        assert upgrade(con) == ["unclassified_careers"]
        assert upgrade(con) == []  # idempotent
        months = con.execute("SELECT part FROM store.months ORDER BY part").fetchall()
        assert len(months) == 11 and (date(2026, 2, 1),) not in months

    report = execute(source, warehouse_file, [as_of], gates=Gates(force=True))  # as above
    assert report.parts[as_of.isoformat()]["months_built"] == ["2026-02-01"]
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.execute("SELECT * FROM career_summary ORDER BY ALL").fetchall() == before
    with duckdb.connect(str(store_db(warehouse_file)), read_only=True) as con:
        assert con.execute(
            "SELECT count(*) FROM store.part_careers WHERE occupation_code = '99999999'"
        ).fetchall() == [(0,)]


def test_a_run_that_upgrades_the_store_publishes_though_nothing_is_new(source, warehouse_file):
    """Months built under an older rule are dropped by the build's own upgrade: that run
    publishes their rebuild, although no file is new."""
    rows = [posting(ID=f"p{i}", POSTED=f"{1 + i % 3}/5/2026") for i in range(30)]
    write_csv(source / "postings" / "a.csv", rows)
    as_of = date(2026, 3, 31)
    execute(source, warehouse_file, [as_of])
    with duckdb.connect(str(store_db(warehouse_file))) as con:
        before = con.execute("SELECT * FROM career_summary ORDER BY ALL").fetchall()
        con.execute(
            "INSERT INTO store.part_careers SELECT part, '99999999', geo_level, geo_code, "
            "geo_name, 5, 0, 0, 0, 0 FROM store.part_careers WHERE part = '2026-02-01' LIMIT 1"
        )
    report = execute(source, warehouse_file, [as_of])
    assert report.status == "published"
    assert report.parts[as_of.isoformat()]["months_built"] == ["2026-02-01"]
    again = execute(source, warehouse_file, [as_of])
    assert again.status == "nothing new"
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.execute("SELECT * FROM career_summary ORDER BY ALL").fetchall() == before
