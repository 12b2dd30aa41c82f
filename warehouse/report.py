"""The run report: what one refresh did (files, row counts, timings, tables), as a dict for
JSON and `ops.runs`, and as markdown for a Prefect artifact. It records; it steers nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from warehouse.batches import BatchResult

NOTHING_NEW = "nothing new"  # RunReport.status of a run that found nothing to publish


def now() -> datetime:
    """The current time in UTC, naive (as `ops.runs` stores it)."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class RunReport:
    """What one run did: files, row counts, timings, tables. Safe to print or publish (it holds
    no credentials). `snapshot_dates` are the snapshots the run builds, sorted; `as_dict` and
    `ops.runs` call them `as_of`."""

    run_id: str
    flow: str
    source: str
    warehouse: str
    snapshot_dates: list[date]
    started_at: datetime = field(default_factory=now)
    finished_at: datetime | None = None
    status: str = "running"
    error: str | None = None
    batches: list[BatchResult] = field(default_factory=list)
    tables: dict[str, dict] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    pull: dict | None = None  # what an HTTP feed delivered (no credentials in it)
    parts: dict[str, dict] = field(default_factory=dict)  # per snapshot: monthly parts built/reused
    compacted: list[str] = field(default_factory=list)  # months whose Parquet files were compacted

    @property
    def ingested(self) -> list[BatchResult]:
        return [b for b in self.batches if not b.skipped]

    def totals(self) -> dict[str, int]:
        done = self.ingested
        return {
            "files_ingested": len(done),
            "files_skipped": len(self.batches) - len(done),
            "rows_read": sum(b.rows_read for b in done),
            "rows_loaded": sum(b.rows_loaded for b in done),
            "rows_quarantined": sum(b.rows_quarantined for b in done),
        }

    def add_seconds(self, key: str, seconds: float) -> None:
        """Add `seconds` to the timing `key` (summed over the run's snapshots)."""
        self.seconds[key] = self.seconds.get(key, 0.0) + seconds

    def finish(self, status: str, error: str | None = None) -> None:
        """Set the final status (and error) and the finishing time."""
        self.status, self.error, self.finished_at = status, error, now()

    def as_dict(self) -> dict:
        return {
            "run_id": self.run_id, "flow": self.flow, "source": self.source,
            "warehouse": self.warehouse, "as_of": [d.isoformat() for d in self.snapshot_dates],
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "status": self.status, "error": self.error, **self.totals(),
            "files": [b.as_dict() for b in self.batches],
            "tables": self.tables, "seconds": self.seconds, "pull": self.pull,
            "parts": self.parts, "compacted": self.compacted,
        }  # fmt: skip

    def markdown(self) -> str:
        t = self.totals()
        lines = [
            f"# Careers {self.flow} `{self.run_id}`: {self.status}",
            "",
            f"Snapshots: {', '.join(d.isoformat() for d in self.snapshot_dates)}; "
            f"warehouse `{self.warehouse}`",
            "",
            f"Files ingested {t['files_ingested']}, skipped (already ingested) "
            f"{t['files_skipped']}; rows read {t['rows_read']:,}, loaded {t['rows_loaded']:,}, "
            f"quarantined {t['rows_quarantined']:,}.",
            "",
            "| file | read | loaded | quarantined | seconds |",
            "|---|---:|---:|---:|---:|",
        ]
        for b in self.batches:
            if b.skipped:
                lines.append(f"| {b.file_name} | skipped | | | |")
            else:
                lines.append(
                    f"| {b.file_name} | {b.rows_read:,} | {b.rows_loaded:,} | "
                    f"{b.rows_quarantined:,} | {b.seconds:.2f} |"
                )
        lines += ["", "| table | rows (last snapshot) |", "|---|---:|"]
        lines += [f"| {name} | {info['rows']:,} |" for name, info in self.tables.items()]
        if self.error:
            lines += ["", f"Error: {self.error}"]
        return "\n".join(lines)


def new_report(flow: str, source: Path | str, published: Path, dates: list[date]) -> RunReport:
    """A fresh report with a new run id (time-ordered, then random) for the sorted `dates`."""
    run_id = f"{now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    return RunReport(run_id, flow, str(source), str(published), sorted(dates))
