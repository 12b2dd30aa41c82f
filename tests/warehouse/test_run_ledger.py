"""The run report, the run ledger (ops.runs, journal, marker) and the national-drop gate, on an
in-memory DuckDB: no build needed."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import duckdb
import pytest

from core.errors import CareersError
from core.periods import Window
from core.settings import Gates, default_as_of
from warehouse.gates import check_national_drop
from warehouse.ledger import RunLedger, unbuilt_snapshots
from warehouse.report import new_report
from warehouse.upgrades import SCHEMA_SQL

JAN, FEB = date(2026, 1, 31), date(2026, 2, 28)


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute(SCHEMA_SQL.read_text())
    yield con
    con.close()


def test_report_keeps_the_as_of_key_and_sorts_its_dates(tmp_path):
    report = new_report("backfill", tmp_path / "src", tmp_path / "c.duckdb", [FEB, JAN])
    assert report.snapshot_dates == [JAN, FEB]
    assert report.as_dict()["as_of"] == ["2026-01-31", "2026-02-28"]
    assert "Snapshots: 2026-01-31, 2026-02-28; warehouse" in report.markdown()
    report.finish("published")
    assert report.status == "published" and report.finished_at is not None


def test_ledger_records_journaled_runs_once_and_forgets_them(tmp_path, con):
    published = tmp_path / "c.duckdb"
    ledger = RunLedger(published)
    killed = new_report("refresh", tmp_path, published, [JAN])
    ledger.mark_running(killed)
    ledger.recover_interrupted()  # the next run finds the marker: killed was interrupted
    assert not ledger.marker.exists() and ledger.has_unrecorded_runs()
    failed = new_report("refresh", tmp_path, published, [JAN])
    failed.finish("failed", "boom")
    ledger.journal_failed(failed)
    this = new_report("refresh", tmp_path, published, [JAN])
    this.finish("published")
    ledger.record(con, this)
    rows = con.execute("SELECT run_id, status, as_of FROM ops.runs ORDER BY status").fetchall()
    assert rows == [(failed.run_id, "failed", [JAN]), (killed.run_id, "interrupted", [JAN]),
                    (this.run_id, "published", [JAN])]  # fmt: skip
    stored = json.loads(con.execute("SELECT report FROM ops.runs WHERE status = 'failed'")
                        .fetchone()[0])  # fmt: skip
    assert stored["error"] == "boom"
    ledger.forget_recorded()
    assert not ledger.has_unrecorded_runs()


def test_unbuilt_snapshots_counts_dates_no_published_run_built(tmp_path, con):
    assert unbuilt_snapshots(con, [JAN, FEB]) == 2
    done = new_report("refresh", tmp_path, tmp_path / "c.duckdb", [JAN])
    done.finish("published")
    RunLedger(tmp_path / "c.duckdb").record(con, done)
    assert unbuilt_snapshots(con, [JAN, FEB]) == 1


def test_national_drop_gate(con):
    con.execute("CREATE TABLE career_summary (as_of DATE, geo_code VARCHAR, postings BIGINT)")
    con.execute("INSERT INTO career_summary VALUES (?, 'US', 100), (?, 'US', 60), (?, 'CA', 9)",
                [JAN, FEB, FEB])  # fmt: skip
    with pytest.raises(CareersError, match="40% below the 100 of 2026-01-31"):
        check_national_drop(con, Gates(max_national_drop=0.3), Window.ending(FEB))
    check_national_drop(con, Gates(max_national_drop=0.5), Window.ending(FEB))
    check_national_drop(con, Gates(max_national_drop=0.3, force=True), Window.ending(FEB))
    check_national_drop(con, Gates(max_national_drop=0.3), Window.ending(JAN))  # no previous


def test_default_as_of_is_today_in_utc():
    before = datetime.now(UTC).date()
    found = default_as_of()
    assert found in {before, datetime.now(UTC).date()}  # either side of midnight
