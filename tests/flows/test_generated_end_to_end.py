"""End to end on a generated export: the real Prefect flow, every table against the oracle."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from compare import assert_table_matches
from conftest import GENERATED_AS_OF
from oracle import batch_counts, quarantine_frame

from sources.discover import discover
from warehouse.build import execute

pytestmark = pytest.mark.e2e


def _checksums(path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [
            t
            for (t,) in con.sql(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
            ).fetchall()
        ]
        return {t: con.sql(f"SELECT bit_xor(hash(COLUMNS(*))) FROM {t}").fetchall()[0]
                for t in tables}  # fmt: skip


def test_nightly_flow_matches_the_oracle_on_every_table(
    prefect_harness, generated_export, generated_oracle, tmp_path
):
    from flows.refresh import nightly_refresh

    state, expected = generated_oracle
    published = tmp_path / "careers.duckdb"
    report = nightly_refresh(
        as_of=GENERATED_AS_OF, source=str(generated_export), warehouse=str(published)
    )
    assert report["status"] == "published"
    for table, frame in expected.items():
        rows = assert_table_matches(published, table, frame, GENERATED_AS_OF)
        assert rows > 0, table

    with duckdb.connect(str(published), read_only=True) as con:
        batches = con.sql(
            "SELECT file_name, rows_read, rows_loaded, rows_quarantined FROM ops.batches "
            "WHERE kind = 'postings' ORDER BY batch_id"
        ).fetchall()
        quarantine = con.sql(
            "SELECT q.file_name, row_number, reasons FROM ops.quarantine q "
            "JOIN ops.batches b USING (batch_id) WHERE b.kind = 'postings' "
            "ORDER BY batch_id, row_number"
        ).fetchall()
        current = con.sql("SELECT count(*) FROM postings").fetchall()[0][0]
    assert batches == [tuple(r) for r in batch_counts(state).itertuples(index=False)]
    assert quarantine == [tuple(r) for r in quarantine_frame(state)[
        ["file", "row_number", "reasons"]].itertuples(index=False)]  # fmt: skip
    assert current == len(state.postings)


def test_refresh_twice_is_idempotent(generated_warehouse, generated_export, tmp_path):
    copy = tmp_path / "careers.duckdb"
    shutil.copyfile(generated_warehouse, copy)
    before = _checksums(copy)
    report = execute(generated_export, copy, [GENERATED_AS_OF])
    assert report.totals()["files_ingested"] == 0
    assert report.totals()["files_skipped"] == len(discover(generated_export))
    assert _checksums(copy) == before
