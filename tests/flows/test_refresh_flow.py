"""The real Prefect flows on a temporary local Prefect server (one per test session)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from compare import assert_table_matches
from conftest import posting, write_csv
from oracle import career_tables, load_postings

pytestmark = pytest.mark.e2e


def test_nightly_flow_publishes_tables_and_a_report_artifact(
    prefect_harness, source, warehouse_file
):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.refresh import backfill, nightly_refresh

    write_csv(source / "postings" / "a.csv",
              [posting(ID=f"p{i}", SALARY=str(50000 + 999 * i)) for i in range(12)]
              + [posting(ID="bad", POSTED="never")])  # fmt: skip
    as_of = date(2026, 1, 31)
    report = nightly_refresh(
        as_of=as_of, source=str(source), warehouse=str(warehouse_file), max_quarantine_rate=0.1
    )
    assert report["status"] == "published"
    assert (report["rows_read"], report["rows_loaded"], report["rows_quarantined"]) == (13, 12, 1)
    for table, frame in career_tables(load_postings([source]), as_of).items():
        assert_table_matches(warehouse_file, table, frame, as_of)

    report = backfill(
        start=date(2025, 10, 1),
        end=date(2025, 12, 31),
        source=str(source),
        warehouse=str(warehouse_file),
    )
    assert report["as_of"] == ["2025-10-31", "2025-11-30", "2025-12-31"]
    assert report["files_skipped"] == 1
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        runs = con.sql("SELECT flow, status FROM ops.runs ORDER BY started_at").fetchall()
    assert runs == [("refresh", "published"), ("backfill", "published")]

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["careers-run-report"]))
        )
    assert any("rows read 13" in (a.data or "") for a in artifacts)
