"""One refresh of the warehouse: ingest new files, build snapshots, publish atomically.

`execute` is the whole job as plain code. Each stage goes through `run_stage(name, fn, *args)`,
so the same code runs bare (`direct`), as Prefect tasks (flows/) or under a progress bar (CLI).
Its stages are logged at INFO on `warehouse.build` (the flows send them to the flow-run log).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from core.errors import CareersError, one_line
from core.faults import crash_point
from core.periods import Window
from core.settings import Gates, Limits, default_landing, settings
from sources.discover import ExportFile, discover
from sources.exports import is_feed, open_source
from transforms import install_macros
from warehouse import publish as pub
from warehouse import storage
from warehouse.batches import BatchResult, HashAhead
from warehouse.dictionary import apply_comments
from warehouse.fanout import MapStage, compute_month, export_months, load_months
from warehouse.ingest_employment import ingest_employment
from warehouse.ingest_onet import ingest_onet
from warehouse.ingest_postings import discard_rejected, ensure_postings_tables, ingest_postings
from warehouse.ingest_skills import ingest_skills
from warehouse.months import build_months_here
from warehouse.seeds import load_seeds
from warehouse.snapshot import (
    build_dimensions,
    build_snapshot,
    create_latest_views,
    prepare_snapshot,
)
from warehouse.upgrades import apply_schema
from warehouse.windows import drop_window, months_to_build

StageRunner = Callable[..., Any]
NOTHING_NEW = "nothing new"  # RunReport.status of a run that found nothing to publish
EMPTY_SOURCE = "no export files in postings/, skills/ or employment/: nothing to publish"

log = logging.getLogger(__name__)


def direct(name: str, fn: Callable, *args: Any) -> Any:
    """Run a stage as a plain call."""
    return fn(*args)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class RunReport:
    """What one run did: files, row counts, timings, tables. Safe to print or publish (it holds
    no credentials)."""

    run_id: str
    flow: str
    source: str
    warehouse: str
    as_of: list[date]
    started_at: datetime = field(default_factory=_now)
    finished_at: datetime | None = None
    status: str = "running"
    error: str | None = None
    batches: list[BatchResult] = field(default_factory=list)
    tables: dict[str, dict] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    pull: dict | None = None  # what an HTTP feed delivered (no credentials in it)
    parts: dict[str, dict] = field(default_factory=dict)  # per as_of: monthly parts built/reused

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

    def as_dict(self) -> dict:
        return {
            "run_id": self.run_id, "flow": self.flow, "source": self.source,
            "warehouse": self.warehouse, "as_of": [d.isoformat() for d in self.as_of],
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "status": self.status, "error": self.error, **self.totals(),
            "files": [b.as_dict() for b in self.batches],
            "tables": self.tables, "seconds": self.seconds, "pull": self.pull,
            "parts": self.parts,
        }  # fmt: skip

    def markdown(self) -> str:
        t = self.totals()
        lines = [
            f"# Careers {self.flow} `{self.run_id}`: {self.status}",
            "",
            f"Snapshots: {', '.join(d.isoformat() for d in self.as_of)}; "
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


class WarehouseBuild:
    """A private, writable copy of the published warehouse for one run.

    Entering takes the one-writer lock, removes leftovers of interrupted runs and copies the
    published file. `publish()` swaps the finished copy into place. Leaving without publishing
    (an error) discards the copy: the published file is never touched, and the failed run is
    journaled so the next publish records it in `ops.runs`.
    """

    def __init__(
        self,
        published: Path,
        report: RunReport,
        limits: Limits | None = None,
        gates: Gates | None = None,
    ):
        self.published = published
        self.report = report
        self.limits = limits or Limits()
        self.gates = gates or Gates()
        self.con: duckdb.DuckDBPyConnection | None = None
        self._lock = pub.writer_lock(published)
        self._published_ok = False
        self._undiscarded: int | None = None  # a batch whose rejects may be in `postings`
        self.upgrades: list[str] = []  # what apply_schema changed in an older warehouse

    @property
    def journal(self) -> Path:
        """Runs that ended without publishing; the next publish moves them into ops.runs."""
        return self.published.with_name(f".{self.published.name}.failed-runs.jsonl")

    @property
    def marker(self) -> Path:
        """The report of the run in progress; found at start-up it means a run was killed."""
        return self.published.with_name(f".{self.published.name}.running.json")

    def _discard_rejected(self) -> None:
        """Delete the rejected records the last postings file left in `postings` (see
        ingest_postings.discard_rejected) unless done. Every stage that reads `postings` calls
        it first: it only has work when the call right after that file's commit failed."""
        if self._undiscarded is not None:
            discard_rejected(self.con, self._undiscarded)
            self._undiscarded = None

    def _journal(self, run: dict) -> None:
        fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(run, default=str) + "\n")

    def _recover_interrupted(self) -> None:
        if self.marker.exists():
            try:
                run = json.loads(self.marker.read_text(encoding="utf-8"))
            except ValueError:  # killed while writing the marker itself
                run = None
            if run:
                run.update(status="interrupted", error="the process stopped before publishing")
                self._journal(run)
            self.marker.unlink()

    def __enter__(self) -> WarehouseBuild:
        self._lock.__enter__()
        try:
            self._recover_interrupted()
            pub.clean_leftovers(self.published)
            self.marker.write_text(json.dumps(self.report.as_dict(), default=str))
            pub.start_build(self.published)
            crash_point("build:copied")
            self.con = pub.connect_work(
                self.published, self.limits.memory_limit, self.limits.threads
            )
            # and upgrade a warehouse built by an earlier version: an upgrade that changed it
            # (e.g. dropped months built under an older rule) is something to publish
            self.upgrades = apply_schema(self.con)
            install_macros(self.con)
            ensure_postings_tables(self.con)
            load_seeds(self.con)
            log.info("build %s: work copy of %s ready", self.report.run_id, self.published)
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self.con is not None:
                self.con.close()
                self.con = None
            shutil.rmtree(self.exchange, ignore_errors=True)
            pub.clean_leftovers(self.published)  # work file, WAL, spill folder
            if not self._published_ok and exc is not None:
                self.report.status = "failed"
                self.report.error = one_line(exc)
                self.report.finished_at = _now()
                self._journal(self.report.as_dict())
                log.info("build %s: failed, nothing published: %s", self.report.run_id,
                         self.report.error)  # fmt: skip
            self.marker.unlink(missing_ok=True)
        finally:
            self._lock.__exit__(exc_type, exc, tb)

    @property
    def exchange(self) -> Path:
        """This run's folder for the monthly-part tasks' Parquet files: under
        `CAREERS_EXCHANGE_DIR` (shared storage every Dask worker sees), else in the private
        spill folder beside the warehouse (removed by every run's clean-up)."""
        root = settings().exchange_dir or pub.spill_dir(self.published)
        return root / f"parts-{self.report.run_id}"

    def plan_parts(self) -> list[dict]:
        """Export the inputs of every month the run's snapshots need and lack; one task spec
        per month (for warehouse.fanout.compute_month)."""
        self._discard_rejected()
        months = months_to_build(self.con, self.report.as_of)
        return export_months(
            self.con, months, self.exchange, self.limits.part_memory_limit,
            self.limits.part_threads,
        )  # fmt: skip

    def build_parts_here(self) -> None:
        """Compute and store every month the run's snapshots need and lack, in this connection
        (one transaction; see warehouse.months.build_months_here)."""
        self._discard_rejected()
        months = months_to_build(self.con, self.report.as_of)
        log.info("monthly parts: building %d month(s)", len(months))
        self.con.begin()
        try:
            build_months_here(self.con, months, self.report.run_id, self.limits.part_batch_postings)
            crash_point("parts:computed")
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise

    def load_parts(self, folders: list[str]) -> None:
        """Append the computed months to the store (one transaction), then drop the exchange."""
        self.con.begin()
        try:
            load_months(self.con, folders, self.report.run_id)
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        finally:
            shutil.rmtree(self.exchange, ignore_errors=True)

    def prepare_source(self, spec: str, landing: Path, since: str | None = None) -> Path:
        """The folder to ingest: `spec` itself, or for an HTTP feed the landing folder after
        pulling what is new since the stored watermark (or since `since`, for a re-pull). The
        new watermark is saved in the work file, so it is published with the data it fed."""
        stored = self.con.execute(
            "SELECT watermark FROM ops.feed_watermarks WHERE source = ?", [spec]
        ).fetchall()
        watermark = stored[0][0] if stored else None
        source = open_source(spec, landing)
        try:
            prepared = source.prepare(since if since is not None else watermark)
        finally:
            getattr(source, "close", lambda: None)()
        if prepared.pull is not None:
            self.report.pull = prepared.pull.as_dict()
            newest = max(filter(None, [watermark, prepared.watermark]), default=None)
            if newest is not None:
                self.con.execute(
                    "INSERT OR REPLACE INTO ops.feed_watermarks VALUES (?, ?, ?)",
                    [spec, newest, _now()],
                )
        return prepared.folder

    def ingest(self, export: ExportFile, hashes: HashAhead | None = None) -> BatchResult:
        """Ingest one file in its own transaction (so a retried stage starts clean); its hash
        from `hashes` when given (a postings file asks for it only when it needs it)."""
        digest = (lambda: hashes.sha256(export.path)) if hashes else None
        run_id = self.report.run_id
        log.info("ingest %s/%s: started", export.kind, export.name)
        self._discard_rejected()  # say the last file's failed and this is the stage's retry
        self.con.begin()
        try:
            if export.kind == "postings":  # asks for its hash only when needed (see there)
                result = ingest_postings(
                    self.con, export, run_id, self.limits, digest, pub.spill_dir(self.published)
                )
            elif export.kind == "skills":
                result = ingest_skills(self.con, export, run_id, digest and digest())
            elif export.kind == "onet":
                result = ingest_onet(self.con, export, run_id, digest and digest())
            else:
                result = ingest_employment(self.con, export, run_id, digest and digest())
            self._check_quarantine_rate(export, result)
            crash_point(f"ingest:{export.name}:before-commit")
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        crash_point(f"ingest:{export.name}:committed")
        if export.kind == "postings" and not result.skipped:
            # In its own transaction, see there.
            self._undiscarded = self.con.execute("SELECT getvariable('batch_id')").fetchone()[0]
            self._discard_rejected()
        # A DELETE keeps ~16 KB of version info in memory for every 2,048-row vector it touches
        # until the next checkpoint; a file's re-versions touch vectors all over `postings` and
        # `posting_skills` (55M links at 5M postings), so without this the info of every
        # file so far piled up past the memory limit (30M run: out of memory at the 12th file).
        # It vacuums only when deleted rows have piled up (see warehouse/storage.py).
        result.vacuumed = storage.checkpoint(self.con, self.limits.vacuum_share)
        self.report.batches.append(result)
        if result.skipped:
            log.info("ingest %s/%s: skipped, already ingested", export.kind, export.name)
        else:
            log.info(
                "ingest %s/%s: done, %d rows read, %d loaded, %d quarantined",
                export.kind, export.name, result.rows_read, result.rows_loaded,
                result.rows_quarantined,
            )  # fmt: skip
        return result

    def _check_quarantine_rate(self, export: ExportFile, result: BatchResult) -> None:
        """Gate: refuse a file whose share of rejected rows exceeds the limit (whole file)."""
        if not result.rows_read or result.skipped:
            return
        rate = result.rows_quarantined / result.rows_read
        if rate > self.gates.max_quarantine_rate:
            top = ", ".join(f"{reason} ({n:,})" for reason, n in result.top_reasons.items())
            raise CareersError(
                f"{rate:.1%} of {result.rows_read:,} rows rejected, above the "
                f"{self.gates.max_quarantine_rate:.0%} limit (--max-quarantine-rate); file "
                f"refused whole; top reasons: {top or 'see ops.quarantine'}",
                export.path,
            )

    def _check_national_drop(self, as_of: date) -> None:
        """Gate: a snapshot whose national postings fall too far below the previous one."""
        ((now, previous, prev_as_of),) = self.con.execute(
            """
            WITH totals AS (
                SELECT as_of, sum(postings) AS postings FROM career_summary
                WHERE geo_code = 'US' GROUP BY as_of)
            SELECT (SELECT postings FROM totals WHERE as_of = ?::DATE),
                   (SELECT postings FROM totals WHERE as_of < ?::DATE ORDER BY as_of DESC LIMIT 1),
                   (SELECT max(as_of) FROM totals WHERE as_of < ?::DATE)
            """,
            [as_of.isoformat()] * 3,
        ).fetchall()
        if previous and not self.gates.force:
            now = now or 0
            drop = 1 - now / previous
            if drop > self.gates.max_national_drop:
                raise CareersError(
                    f"snapshot {as_of}: {now:,} national postings, {drop:.0%} below the "
                    f"{previous:,} of {prev_as_of}; more than the "
                    f"{self.gates.max_national_drop:.0%} allowed: not publishing (use --force)"
                )

    def snapshot(self, as_of: date) -> dict[str, dict]:
        self._discard_rejected()
        window = Window.ending(as_of)
        parts = prepare_snapshot(self.con, window, self.report.run_id)
        self.report.parts[as_of.isoformat()] = {k: v for k, v in parts.items() if k != "seconds"}
        self.con.begin()
        try:
            stats = build_snapshot(self.con, window)
            self._check_national_drop(as_of)
            crash_point(f"snapshot:{as_of}:before-commit")
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        finally:
            drop_window(self.con)
        self.report.tables = {k: v for k, v in stats.items() if "rows" in v}
        rows = ", ".join(f"{name} {info['rows']}" for name, info in self.report.tables.items())
        log.info("snapshot %s: built (%s)", as_of, rows)
        stats["window parts"] = {"seconds": parts["seconds"]}
        for name, info in stats.items():
            key = f"build {name}"
            self.report.seconds[key] = self.report.seconds.get(key, 0.0) + info["seconds"]
        return stats

    def _record_runs(self) -> None:
        pending = []
        if self.journal.exists():
            pending = [json.loads(line) for line in self.journal.read_text().splitlines() if line]
        # A journaled run already in ops.runs published before it was killed: keep that row.
        for run, verb in [*((r, "OR IGNORE") for r in pending), (self.report.as_dict(), "")]:
            self.con.execute(
                f"INSERT {verb} INTO ops.runs "
                "VALUES (?, ?, ?::DATE[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [run["run_id"], run["flow"], run["as_of"], run["started_at"], run["finished_at"],
                 run["status"], run["files_ingested"], run["files_skipped"], run["rows_read"],
                 run["rows_loaded"], run["rows_quarantined"], run["error"],
                 json.dumps(run, default=str)],
            )  # fmt: skip

    def anything_new(self) -> bool:
        """Whether this run has something to publish: a file ingested or landed, `force`, an
        upgrade of the stored warehouse, runs that failed or were interrupted since the last
        publication (their record goes into ops.runs), or a snapshot date not built since the
        last published run that ingested files."""
        pulled = (self.report.pull or {}).get("downloaded")
        if self.report.ingested or pulled or self.gates.force or self.upgrades:
            return True
        if self.journal.exists():
            return True
        stale = self.con.execute(
            """
            WITH published AS (SELECT * FROM ops.runs WHERE status = 'published'),
            last_ingest AS (
                SELECT coalesce(max(started_at), TIMESTAMP '0001-01-01') AS at FROM published
                WHERE files_ingested > 0)
            SELECT count(*) FROM unnest(?::DATE[]) AS wanted(day)
            WHERE NOT EXISTS (
                SELECT 1 FROM published, last_ingest
                WHERE list_contains(published.as_of, wanted.day) AND started_at >= last_ingest.at)
            """,
            [[d.isoformat() for d in self.report.as_of]],
        ).fetchall()[0][0]
        return stale > 0

    def publish(self) -> None:
        """Finish the work file (views, dictionary, run record), then swap it into place."""
        started = time.perf_counter()
        log.info("publish %s: finishing the work copy", self.report.run_id)
        self.report.tables.update(build_dimensions(self.con))
        create_latest_views(self.con)
        apply_comments(self.con)
        crash_point("publish:dictionary")
        self.report.status = "published"
        self.report.finished_at = _now()
        self._record_runs()
        self.con.execute("CHECKPOINT")
        crash_point("publish:checkpointed")
        self.con.close()
        self.con = None
        crash_point("publish:closed")
        pub.publish(pub.work_path(self.published), self.published)
        self._published_ok = True
        self.journal.unlink(missing_ok=True)
        self.report.seconds["publish"] = time.perf_counter() - started
        log.info("publish %s: %s now holds snapshots %s", self.report.run_id, self.published,
                 ", ".join(d.isoformat() for d in self.report.as_of))  # fmt: skip


def _local_exports(source: Path | str) -> list[ExportFile]:
    """The export files of `source` when it is a local folder, else none (an HTTP feed, or a
    folder `discover` refuses: its stage reports that)."""
    try:
        return discover(Path(source)) if Path(source).is_dir() else []
    except (CareersError, OSError):
        return []


def new_report(flow: str, source: Path, published: Path, dates: list[date]) -> RunReport:
    run_id = f"{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    return RunReport(run_id, flow, str(source), str(published), sorted(dates))


def execute(
    source: Path | str,
    published: Path,
    dates: list[date],
    flow: str = "refresh",
    run_stage: StageRunner = direct,
    limits: Limits | None = None,
    gates: Gates | None = None,
    landing: Path | None = None,
    since: str | None = None,
    map_stage: MapStage | None = None,
) -> RunReport:
    """The whole job: ingest every new file of `source` (a folder, or an HTTP feed pulled into
    `landing`), build the monthly parts the snapshots lack (here, or with `map_stage` one task
    per month: fanned out), build one snapshot per date, publish. Replaces the snapshots of
    `dates`, keeps all others. Raises CareersError on a fatal problem, leaving the published file
    untouched: also for a first run whose source has no export file. With no new file and every
    snapshot of `dates` built since the last ingest, publishes nothing (status NOTHING_NEW)."""
    if not dates:
        raise CareersError("no snapshot dates to build")
    # A first run on an empty folder is refused before the lock: nothing at all is written.
    local = not is_feed(source) and Path(source).is_dir()
    if local and not published.exists() and not discover(Path(source)):
        raise CareersError(EMPTY_SOURCE, source)
    report = new_report(flow, source, published, dates)
    log.info("%s %s: source %s, warehouse %s", flow, report.run_id, source, published)
    # A local folder's files start hashing now, while the build copies the published file
    # (5M-posting warehouse, 150k-row nightly file: the 0.4-0.6 s hash no longer waited for).
    with (
        HashAhead(export.path for export in _local_exports(source)) as hashes,
        WarehouseBuild(published, report, limits, gates) as build,
    ):
        folder = run_stage(
            "prepare source", build.prepare_source, str(source), landing or default_landing(),
            since,
        )  # fmt: skip
        files = run_stage("discover files", discover, folder)
        if not files and not published.exists():
            raise CareersError(EMPTY_SOURCE, folder)  # a feed that delivered nothing
        hashes.ahead(export.path for export in files)  # a pulled feed's files, say
        started = time.perf_counter()
        for export in files:
            run_stage(f"ingest {export.kind}/{export.name}", build.ingest, export, hashes)
        report.seconds["ingest"] = time.perf_counter() - started
        report.seconds["ingest: posting_skills links"] = sum(b.link_seconds for b in report.batches)
        if not build.anything_new():
            # The published file already holds these snapshots of this data: publishing again
            # would only add a run record and make every reader reconnect.
            report.status = NOTHING_NEW
            report.finished_at = _now()
            report.seconds["total"] = (report.finished_at - report.started_at).total_seconds()
            return report
        started = time.perf_counter()
        if map_stage is None:
            run_stage("build monthly parts", build.build_parts_here)
        else:
            specs = run_stage("plan monthly parts", build.plan_parts)
            folders = map_stage("monthly part", compute_month, specs) if specs else []
            crash_point("parts:computed")
            run_stage("load monthly parts", build.load_parts, folders)
        report.seconds["monthly parts"] = time.perf_counter() - started
        for as_of in report.as_of:
            run_stage(f"snapshot {as_of.isoformat()}", build.snapshot, as_of)
        run_stage("publish", build.publish)
    report.seconds["total"] = (report.finished_at - report.started_at).total_seconds()
    return report
