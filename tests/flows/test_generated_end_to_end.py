"""End to end on a generated export: the real Prefect flow, every table against the oracle."""

from __future__ import annotations

import duckdb
import pytest
from compare import assert_table_matches
from conftest import GENERATED_AS_OF, GENERATED_MAX_QUARANTINE_RATE, copy_warehouse
from oracle import batch_counts, quarantine_frame

from samples.generate import POSTINGS_FILES
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
    prefect_harness, profiled_export, profiled_oracle, tmp_path
):
    """On the dense and the sparse generated export: every table equals the oracle's, every
    postings file loads (rows read = loaded + quarantined), and the exports meet what the
    contract's issue-22 amendments are about (so the equality covers them)."""
    from flows.refresh import nightly_refresh

    profile, export = profiled_export
    state, expected = profiled_oracle
    published = tmp_path / "careers.duckdb"
    report = nightly_refresh(
        as_of=GENERATED_AS_OF, source=str(export), warehouse=str(published),
        max_quarantine_rate=GENERATED_MAX_QUARANTINE_RATE[profile],
    )  # fmt: skip
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
        con.execute("SET VARIABLE as_of = ?::DATE", [GENERATED_AS_OF.isoformat()])
        ((unclassified,),) = con.sql("""
            SELECT count(*) FROM postings WHERE "LOT_SPECIALIZED_OCCUPATION" = '99999999'
              AND "POSTED" > getvariable('as_of') - INTERVAL 1 YEAR
              AND "POSTED" <= getvariable('as_of')""").fetchall()
        similar = dict(con.sql("""
            SELECT n, count(*) FROM (
                SELECT s.occupation_code, count(m.rank) AS n
                FROM career_summary AS s
                LEFT JOIN career_similar AS m USING (as_of, occupation_code)
                WHERE s.geo_code = 'US' GROUP BY ALL)
            GROUP BY n""").fetchall())  # fmt: skip
    assert sorted(b[0] for b in batches) == sorted(POSTINGS_FILES)
    assert all(read == loaded + quarantined for _, read, loaded, quarantined in batches)
    assert batches == [tuple(r) for r in batch_counts(state).itertuples(index=False)]
    assert unclassified > 0
    if profile == "sparse":  # careers with no similar career, and with fewer than five
        assert similar.get(0) and any(similar.get(n) for n in range(1, 5)), similar
    assert quarantine == [tuple(r) for r in quarantine_frame(state)[
        ["file", "row_number", "reasons"]].itertuples(index=False)]  # fmt: skip
    assert current == len(state.postings)


def test_refresh_twice_is_idempotent(generated_warehouse, generated_export, tmp_path):
    copy = tmp_path / "careers.duckdb"
    copy_warehouse(generated_warehouse, copy)
    before = _checksums(copy)
    report = execute(generated_export, copy, [GENERATED_AS_OF])
    assert report.totals()["files_ingested"] == 0
    assert report.totals()["files_skipped"] == len(discover(generated_export))
    assert _checksums(copy) == before
