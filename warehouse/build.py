"""One refresh of the warehouse: ingest new files, build snapshots, publish atomically.

`execute` is the whole job as plain code. Each stage goes through `run_stage(name, fn, *args)`,
so the same code runs bare (`direct`), as Prefect tasks (flows/) or under a progress bar (CLI).
Its stages are logged at INFO on `warehouse.build` (the flows send them to the flow-run log).
The run report (warehouse/report.py) records what happened; the dates and windows the build
works on are passed in, never read back from it.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from core.errors import CareersError, one_line
from core.faults import crash_point
from core.periods import Window
from core.settings import Gates, Limits, default_landing, settings
from sources.discover import ExportFile, discover
from sources.exports import is_feed
from transforms import install_macros
from warehouse import storage
from warehouse.batches import BatchResult, HashAhead, file_sha256
from warehouse.fanout import MapStage, compute_month
from warehouse.gates import check_national_drop, check_quarantine_rate
from warehouse.ingest_employment import ingest_employment
from warehouse.ingest_onet import ingest_onet
from warehouse.ingest_postings import (
    Planned,
    ensure_postings_tables,
    ingest_postings,
    merge_postings,
    plan_postings,
    spec_for,
)
from warehouse.ingest_skills import ingest_skills
from warehouse.ledger import RunLedger, unbuilt_snapshots
from warehouse.parquet_store import collect_garbage, compact, ensure_schema_file, live_files
from warehouse.part_stages import PartStages
from warehouse.prepare_postings import prepare_postings
from warehouse.publication import build_publication
from warehouse.publish import (
    clean_leftovers,
    connect_work,
    spill_dir,
    swap_into_place,
    work_path,
    writer_lock,
)
from warehouse.report import NOTHING_NEW, RunReport, new_report
from warehouse.seeds import load_seeds
from warehouse.snapshot import build_dimensions, build_snapshot, prepare_snapshot
from warehouse.source_pull import pull_source
from warehouse.store import StorePaths, connect_store, store_db, sync_runs
from warehouse.upgrades import apply_schema
from warehouse.windows import drop_window

__all__ = ["NOTHING_NEW", "RunReport", "WarehouseBuild", "direct", "execute", "new_report"]

StageRunner = Callable[..., Any]
EMPTY_SOURCE = "no export files in postings/, skills/ or employment/: nothing to publish"

log = logging.getLogger(__name__)


def direct(name: str, fn: Callable, *args: Any) -> Any:
    """Run a stage as a plain call."""
    return fn(*args)


class WarehouseBuild(PartStages):
    """One run's writes to the store of the published warehouse (warehouse/store.py).

    Entering takes the one-writer lock, removes leftovers of interrupted runs (work file, spill
    folder, unregistered Parquet files) and opens the store in place. Each stage commits into
    the store; `publish()` builds a new published file from it and swaps that into place.
    Leaving without publishing (an error) leaves the published file untouched and keeps what
    the stages committed (the next run publishes it); the failed run is journaled so the next
    publish records it in `ops.runs` (warehouse/ledger.py).
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
        self.ledger = RunLedger(published)
        self.store = StorePaths.of(published)
        self.con: duckdb.DuckDBPyConnection | None = None
        self._lock = writer_lock(published)
        self._published_ok = False
        self.upgrades: list[str] = []  # what apply_schema changed in an older warehouse
        self._planned: dict[str, tuple[BatchResult, int | None]] = {}  # fanned-out postings
        self._scratch = spill_dir(published)
        self.new_data = False  # a file ingested or landed: something to publish

    def _open_store(self) -> duckdb.DuckDBPyConnection:
        return connect_store(
            self.published, self.limits.memory_limit, spill_dir(self.published),
            self.limits.threads,
        )  # fmt: skip

    def __enter__(self) -> WarehouseBuild:
        self._lock.__enter__()
        try:
            self.ledger.recover_interrupted()
            clean_leftovers(self.published)
            self.ledger.mark_running(self.report)
            self.con = self._open_store()
            crash_point("build:store-open")
            # and upgrade a warehouse built by an earlier version: an upgrade that changed it
            # (e.g. dropped months built under an older rule) is something to publish
            self.upgrades = apply_schema(self.con, self.store)
            install_macros(self.con)
            ensure_postings_tables(self.con)
            ensure_schema_file(self.con, self.store.parquet)
            load_seeds(self.con)
            sync_runs(self.con, self.published)
            collect_garbage(self.con, self.store.parquet, self.store.incoming)
            log.info("build %s: store of %s open", self.report.run_id, self.published)
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
            clean_leftovers(self.published)  # work file, WAL, spill folder
            if not self._published_ok and exc is not None:
                self.report.finish("failed", one_line(exc))
                self.ledger.journal_failed(self.report)
                log.info("build %s: failed, nothing published: %s", self.report.run_id,
                         self.report.error)  # fmt: skip
            self.ledger.clear_marker()
        finally:
            self._lock.__exit__(exc_type, exc, tb)

    def prepare_source(self, spec: str, landing: Path, since: date | None = None) -> Path:
        """The folder to ingest: `spec` itself, or for an HTTP feed the landing folder after
        pulling what is new since the stored watermark, or since `since` for a re-pull (see
        warehouse/source_pull.py); what a feed delivered goes into the report."""
        prepared = pull_source(self.con, spec, landing, since)
        if prepared.pull is not None:
            self.report.pull = prepared.pull.as_dict()
            self.new_data |= bool(prepared.pull.downloaded)
        return prepared.folder

    def _digest(self, export: ExportFile, hashes: HashAhead | None) -> Callable[[], str]:
        return (
            (lambda: hashes.sha256(export.path)) if hashes else (lambda: file_sha256(export.path))
        )

    def plan_postings(self, exports: list[ExportFile], hashes: HashAhead | None) -> list[dict]:
        """Plan the postings files to fan out (skip those ingested or planned before, a batch id
        for each other): one `prepare_postings` task spec per file, with the per-task limits."""
        planned, specs = Planned(), []
        limits = replace(self.limits, memory_limit=self.limits.part_memory_limit,
                         threads=self.limits.part_threads)  # fmt: skip
        for export in exports:
            result, batch_id = plan_postings(self.con, export, _digest(export, hashes), planned)
            self._planned[str(export.path)] = (result, batch_id)
            if not result.skipped:
                specs.append(spec_for(export, batch_id, self.store, limits, self._scratch,
                                      settings().exchange_dir and self.exchange))  # fmt: skip
        return specs

    def ingest(
        self, export: ExportFile, hashes: HashAhead | None = None, prepared: dict | None = None
    ) -> BatchResult:
        """Ingest one file in its own transaction (so a retried stage starts clean); its hash
        from `hashes` when given (a postings file asks for it only when it needs it). A postings
        file planned by `plan_postings` merges its `prepared` output (None when skipped);
        otherwise it is planned and prepared here."""
        digest = _digest(export, hashes)
        run_id = self.report.run_id
        log.info("ingest %s/%s: started", export.kind, export.name)
        self.con.begin()
        try:
            if export.kind == "postings" and str(export.path) in self._planned:
                result, batch_id = self._planned[str(export.path)]
                if not result.skipped:
                    result = merge_postings(
                        self.con, export, prepared, batch_id, run_id, self.store, result, digest
                    )
            elif export.kind == "postings":  # asks for its hash only when needed (see there)
                result = ingest_postings(
                    self.con, export, run_id, self.limits, self.store, digest, self._scratch
                )
            elif export.kind == "skills":
                result = ingest_skills(self.con, export, run_id, digest())
            elif export.kind == "onet":
                result = ingest_onet(self.con, export, run_id, digest())
            else:
                result = ingest_employment(self.con, export, run_id, digest())
            check_quarantine_rate(self.gates, export, result)
            crash_point(f"ingest:{export.name}:before-commit")
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        crash_point(f"ingest:{export.name}:committed")
        # A DELETE keeps version info in memory per vector it touches until the next checkpoint:
        # one after each file keeps it under the memory limit (warehouse/storage.py: vacuums).
        result.vacuumed = storage.checkpoint(self.con, self.limits.vacuum_share)
        self.new_data |= not result.skipped
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

    def snapshot(self, window: Window) -> dict[str, dict]:
        """Build (replace) the snapshot of `window` and check the national-drop gate, in one
        transaction; returns rows and seconds per table."""
        as_of = window.as_of
        parts = prepare_snapshot(self.con, window, self.report.run_id)
        self.report.parts[as_of.isoformat()] = {k: v for k, v in parts.items() if k != "seconds"}
        self.con.begin()
        try:
            stats = build_snapshot(self.con, window)
            check_national_drop(self.con, self.gates, window)
            crash_point(f"snapshot:{as_of}:before-commit")
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        finally:
            drop_window(self.con)
        self.report.tables = {k: v for k, v in stats.items() if "rows" in v}
        built = ", ".join(f"{name} {info['rows']}" for name, info in self.report.tables.items())
        log.info("snapshot %s: built (%s)", as_of, built)
        stats["window parts"] = {"seconds": parts["seconds"]}
        for name, info in stats.items():
            self.report.add_seconds(f"build {name}", info["seconds"])
        return stats

    def anything_new(self, dates: list[date]) -> bool:
        """Whether this run has something to publish: a file ingested or landed, `force`, an
        upgrade of the stored warehouse, runs that failed or were interrupted since the last
        publication (their record goes into ops.runs), or a snapshot of `dates` not built
        since the last published run that ingested files."""
        if self.new_data or self.gates.force or self.upgrades:
            return True
        if self.ledger.has_unrecorded_runs():
            return True
        return unbuilt_snapshots(self.con, dates) > 0

    def publish(self) -> None:
        """Finish the store (dimensions, compaction, checkpoint), build the published file from
        it (warehouse/publication.py), swap that into place, then delete the Parquet files no
        publication a reader may hold references."""
        started = time.perf_counter()
        log.info("publish %s: building the published file", self.report.run_id)
        self.report.tables.update(build_dimensions(self.con))
        step = time.perf_counter()
        compacted = compact(self.con, self.store.parquet)
        self.report.seconds["publish: compact"] = time.perf_counter() - step
        self.report.compacted = compacted
        files = live_files(self.con, self.store.parquet)
        storage.checkpoint(self.con, self.limits.vacuum_share)
        self.con.close()
        self.con = None
        crash_point("publish:store-closed")
        work = connect_work(self.published, self.limits.memory_limit, self.limits.threads)
        seconds = build_publication(
            work, store_db(self.published), self.store.parquet, files, self.report, self.ledger
        )
        self.report.seconds.update(seconds)
        crash_point("publish:closed")
        swap_into_place(work_path(self.published), self.published)
        self._published_ok = True
        self.ledger.forget_recorded()
        step = time.perf_counter()
        self.con = self._open_store()
        sync_runs(self.con, self.published)
        crash_point("publish:runs-synced")
        collect_garbage(self.con, self.store.parquet, self.store.incoming)
        self.report.seconds["publish: garbage collection"] = time.perf_counter() - step
        self.report.seconds["publish"] = time.perf_counter() - started
        log.info("publish %s: %s now holds snapshots %s", self.report.run_id, self.published,
                 ", ".join(d.isoformat() for d in self.report.snapshot_dates))  # fmt: skip


def _digest(export: ExportFile, hashes: HashAhead | None) -> Callable[[], str]:
    """The file's hash, when asked: from `hashes` (computed ahead), else computed then."""
    return (lambda: hashes.sha256(export.path)) if hashes else (lambda: file_sha256(export.path))


def _local_exports(source: Path | str) -> list[ExportFile]:
    """The export files of `source` when it is a local folder, else none (an HTTP feed, or a
    folder `discover` refuses: its stage reports that)."""
    try:
        return discover(Path(source)) if Path(source).is_dir() else []
    except (CareersError, OSError):
        return []


def execute(
    source: Path | str,
    published: Path,
    dates: list[date],
    flow: str = "refresh",
    run_stage: StageRunner = direct,
    limits: Limits | None = None,
    gates: Gates | None = None,
    landing: Path | None = None,
    since: date | None = None,
    map_stage: MapStage | None = None,
) -> RunReport:
    """The whole job: ingest every new file of `source` (a folder, or an HTTP feed pulled into
    `landing`), build the monthly parts the snapshots lack (here, or with `map_stage` one task
    per month: fanned out), build one snapshot per date, publish. Replaces the snapshots of
    `dates`, keeps all others. `since` (a backfill's start) makes a feed re-pull the files
    created since then instead of resuming from its watermark; a local folder ignores it.
    Raises CareersError on a fatal problem, leaving the published file untouched: also for a
    first run whose source has no export file. With no new file and every snapshot of `dates`
    built since the last ingest, publishes nothing (status NOTHING_NEW)."""
    if not dates:
        raise CareersError("no snapshot dates to build")
    dates = sorted(dates)
    windows = [Window.ending(as_of) for as_of in dates]  # one per snapshot, passed down
    feed = is_feed(source)
    # A first run on an empty folder is refused before the lock: nothing at all is written.
    local = not feed and Path(source).is_dir()
    if local and not published.exists() and not discover(Path(source)):
        raise CareersError(EMPTY_SOURCE, source)
    report = new_report(flow, source, published, dates)
    log.info("%s %s: source %s, warehouse %s", flow, report.run_id, source, published)
    # A local folder's files start hashing now, while the build copies the published file, so
    # the first file's ingest does not wait for its hash.
    with (
        HashAhead(export.path for export in _local_exports(source)) as hashes,
        WarehouseBuild(published, report, limits, gates) as build,
    ):
        folder = run_stage(
            "prepare source", build.prepare_source, str(source), landing or default_landing(),
            since if feed else None,
        )  # fmt: skip
        files = run_stage("discover files", discover, folder)
        if not files and not published.exists():
            raise CareersError(EMPTY_SOURCE, folder)  # a feed that delivered nothing
        hashes.ahead(export.path for export in files)  # a pulled feed's files, say
        started = time.perf_counter()
        prepared = {}
        postings = [export for export in files if export.kind == "postings"]
        if map_stage is not None and postings:
            # Read, check and write each postings file as one task (fanned out); the writer
            # then merges them in file order.
            specs = run_stage("plan postings files", build.plan_postings, postings, hashes)
            done = map_stage("prepare postings file", prepare_postings, specs) if specs else []
            prepared = {spec["path"]: out for spec, out in zip(specs, done, strict=True)}
        for export in files:
            run_stage(f"ingest {export.kind}/{export.name}", build.ingest, export, hashes,
                      prepared.get(str(export.path)))  # fmt: skip
        report.seconds["ingest"] = time.perf_counter() - started
        report.seconds["ingest: posting_skills links"] = sum(b.link_seconds for b in report.batches)
        if not build.anything_new(dates):
            # The published file already holds these snapshots of this data: publishing again
            # would only add a run record and make every reader reconnect.
            report.finish(NOTHING_NEW)
            report.seconds["total"] = (report.finished_at - report.started_at).total_seconds()
            return report
        started = time.perf_counter()
        if map_stage is None:
            run_stage("build monthly parts", build.build_parts_here, windows)
        else:
            specs = run_stage("plan monthly parts", build.plan_parts, windows)
            folders = map_stage("monthly part", compute_month, specs) if specs else []
            crash_point("parts:computed")
            run_stage("load monthly parts", build.load_parts, folders)
        report.seconds["monthly parts"] = time.perf_counter() - started
        for window in windows:
            run_stage(f"snapshot {window.as_of.isoformat()}", build.snapshot, window)
        run_stage("publish", build.publish)
    report.seconds["total"] = (report.finished_at - report.started_at).total_seconds()
    return report
