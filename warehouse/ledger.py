"""The run ledger of a published file: `ops.runs` in it, and beside it the record of runs that
could not write there.

A run that ends without publishing cannot add its row to `ops.runs` (its work copy is thrown
away), so it is appended to a journal file beside the published file; the next publish moves
the journal into `ops.runs`. A marker file holds the report of the run in progress: found at
start-up, it means a run was killed, and it is journaled as interrupted.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import duckdb

from transforms.runner import rows, run
from warehouse.report import RunReport


class RunLedger:
    """The journal and the marker of the published file `published`. Use it while holding the
    file's writer lock."""

    def __init__(self, published: Path):
        self.journal = published.with_name(f".{published.name}.failed-runs.jsonl")
        self.marker = published.with_name(f".{published.name}.running.json")

    def _append(self, run_dict: dict) -> None:
        fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(run_dict, default=str) + "\n")

    def recover_interrupted(self) -> None:
        """Journal the run a leftover marker describes as interrupted, and remove the marker."""
        if self.marker.exists():
            try:
                found = json.loads(self.marker.read_text(encoding="utf-8"))
            except ValueError:  # killed while writing the marker itself
                found = None
            if found:
                found.update(status="interrupted", error="the process stopped before publishing")
                self._append(found)
            self.marker.unlink()

    def mark_running(self, report: RunReport) -> None:
        """Leave the report of the run starting now, found by the next run if this one dies."""
        self.marker.write_text(json.dumps(report.as_dict(), default=str))

    def journal_failed(self, report: RunReport) -> None:
        """Journal a run that ended without publishing (its report says why)."""
        self._append(report.as_dict())

    def clear_marker(self) -> None:
        self.marker.unlink(missing_ok=True)

    def has_unrecorded_runs(self) -> bool:
        """Whether runs that failed or were interrupted wait to be moved into ops.runs."""
        return self.journal.exists()

    def record(self, con: duckdb.DuckDBPyConnection, report: RunReport) -> None:
        """Insert the journaled runs and this run into `ops.runs` of the work copy `con`. A
        journaled run already there (it published before it was killed) keeps its row."""
        pending = []
        if self.journal.exists():
            pending = [json.loads(line) for line in self.journal.read_text().splitlines() if line]
        for statement, run_dict in [
            *(("ops/runs#insert_journaled_run", r) for r in pending),
            ("ops/runs#insert_run", report.as_dict()),
        ]:
            run(con, statement, _run_row(run_dict))

    def forget_recorded(self) -> None:
        """Remove the journal once the published file holds its runs."""
        self.journal.unlink(missing_ok=True)


def _run_row(r: dict) -> list:
    """The `ops.runs` row of a run's report dict (the whole dict as JSON in the last column)."""
    return [r["run_id"], r["flow"], r["as_of"], r["started_at"], r["finished_at"], r["status"],
            r["files_ingested"], r["files_skipped"], r["rows_read"], r["rows_loaded"],
            r["rows_quarantined"], r["error"], json.dumps(r, default=str)]  # fmt: skip


def unbuilt_snapshots(con: duckdb.DuckDBPyConnection, dates: list[date]) -> int:
    """How many of `dates` no published run has built since the last published run that
    ingested files (those snapshots may be stale)."""
    return rows(con, "ops/runs#unbuilt_snapshots", [[d.isoformat() for d in dates]])[0][0]
