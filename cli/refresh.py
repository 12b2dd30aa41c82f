"""The commands that publish: `careers refresh` (one snapshot), `careers backfill` (a snapshot
per period) and `careers run` (today's refresh, on a sample if the source is empty); each runs
bare or as a Prefect flow and prints a summary."""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli import progress
from cli.generate import write_sample
from cli.hints import query_hint
from cli.options import (
    CreateDirsOpt,
    ForceOpt,
    LandingOpt,
    MaxQuarantineOpt,
    PrefectOpt,
    SourceOpt,
    WarehouseOpt,
    fail,
)
from core.errors import CareersError
from core.periods import Every, parse_date, period_ends
from core.settings import Gates, default_as_of, default_source, default_warehouse, settings
from sources.exports import is_feed

out = Console()


def _print_summary(report: dict, elapsed: float) -> None:
    table = Table(title=f"careers {report['flow']} {report['run_id']}: {report['status']}")
    for column in ("file", "rows read", "loaded", "quarantined"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for f in report["files"]:
        if f["skipped"]:
            table.add_row(f["file_name"], "skipped (already ingested)", "", "")
        else:
            table.add_row(
                f["file_name"],
                f"{f['rows_read']:,}",
                f"{f['rows_loaded']:,}",
                f"{f['rows_quarantined']:,}",
            )
    out.print(table)
    tables = ", ".join(f"{name} ({info['rows']:,})" for name, info in report["tables"].items())
    out.print(
        f"Ingested {report['files_ingested']} file(s), skipped {report['files_skipped']}; rows "
        f"read {report['rows_read']:,}, loaded {report['rows_loaded']:,}, quarantined "
        f"{report['rows_quarantined']:,}."
    )
    out.print(f"Published snapshot(s) {', '.join(report['as_of'])}: {tables}")
    out.print(f"Warehouse: {report['warehouse']}  ({elapsed:.1f} s)", soft_wrap=True)
    out.print(f"Query it: {query_hint(report['warehouse'])}", soft_wrap=True, markup=False)


def _warehouse(warehouse: Path | None, create_dirs: bool) -> Path:
    """The published file. A path given (`--warehouse`, CAREERS_WAREHOUSE) must be in an
    existing folder (a typo must not publish a new, empty warehouse somewhere) unless
    `create_dirs`; the default's folder (`warehouse/` under CAREERS_HOME or the working
    directory) is created."""
    published = warehouse or default_warehouse()
    folder = Path(os.path.abspath(published)).parent
    if not folder.is_dir():
        if not create_dirs and warehouse is not None:
            raise CareersError(
                f"folder {folder} does not exist (check the path; --create-dirs creates it)",
                published,
            )
        folder.mkdir(parents=True, exist_ok=True)
    return published


def _run(
    flow: str,
    source: str,
    published: Path,
    dates: list[date],
    prefect: bool,
    gates: Gates,
    span: tuple[date, date, Every] | None = None,
    landing: Path | None = None,
) -> dict:
    """Run a refresh (one date) or a backfill (`span` = start, end, every), bare or as a flow.
    A backfill from a feed re-pulls the files created since its start."""
    from warehouse.build import NOTHING_NEW

    started = time.perf_counter()
    common = {
        "source": source,
        "warehouse": str(published),
        "landing": str(landing) if landing else None,
        "max_quarantine_rate": gates.max_quarantine_rate,
        "force": gates.force,
    }
    # Fanning out on Dask is a task runner of the Prefect flows: it implies --prefect.
    prefect = prefect or settings().task_runner == "dask"
    if not prefect:
        from warehouse.build import execute

        with progress.stages() as run_stage:
            report = execute(
                source, published, dates, flow, run_stage, gates=gates, landing=landing,
                since=span[0] if span else None,
            ).as_dict()  # fmt: skip
    elif span is None:
        from flows.refresh import configured, nightly_refresh

        report = configured(nightly_refresh)(as_of=dates[0], **common)
    else:
        from flows.refresh import backfill as backfill_flow
        from flows.refresh import configured

        report = configured(backfill_flow)(start=span[0], end=span[1], every=span[2], **common)
    if report["status"] == NOTHING_NEW:
        out.print(
            f"Nothing new in {source}: snapshot(s) {', '.join(report['as_of'])} already "
            f"published in {published}; nothing published (--force publishes anyway).",
            soft_wrap=True,
            markup=False,
        )
    else:
        _print_summary(report, time.perf_counter() - started)
    for name, reason in (report.get("pull") or {}).get("rejected", []):
        print(f"careers: warning: feed file {name} rejected: {reason}", file=sys.stderr)
    return report


def _check_folder(source: str) -> None:
    """A local source must be a folder: a file given by mistake is named as such."""
    if not is_feed(source) and Path(source).exists() and not Path(source).is_dir():
        raise CareersError("is not a folder (give the export folder)", source)


REFRESH_EXAMPLES = """Examples:

\b
  careers refresh --source exports/
  careers refresh --source exports/ --as-of 2026-01-31
  careers refresh --source http://127.0.0.1:8765 --warehouse /srv/c.duckdb
"""


def refresh(
    source: SourceOpt = None,
    warehouse: WarehouseOpt = None,
    landing: LandingOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="DATE", help="Snapshot date YYYY-MM-DD.", show_default="today, UTC"
        ),
    ] = None,
    max_quarantine_rate: MaxQuarantineOpt = None,
    force: ForceOpt = False,
    prefect: PrefectOpt = False,
    create_dirs: CreateDirsOpt = False,
) -> None:
    """Ingest new export files, publish one snapshot.

    Publishes the snapshot for --as-of. Files already ingested (same content) are
    skipped; with nothing new and the snapshot already published, nothing is published."""
    try:
        source = source or default_source()
        _check_folder(source)
        day = parse_date(as_of, "--as-of") or default_as_of()
        gates = Gates.from_options(max_quarantine_rate, force)
        published = _warehouse(warehouse, create_dirs)
        _run("refresh", source, published, [day], prefect, gates, landing=landing)
    except (CareersError, OSError) as exc:
        fail(exc)


BACKFILL_EXAMPLES = """Examples:

\b
  careers backfill --source exports/ --start 2025-01-01 --end 2025-12-31
  careers backfill --source exports/ --start 2026-01-01 --end 2026-02-28 \\
      --every week
"""


def backfill(
    start: Annotated[str, typer.Option("--start", metavar="DATE", help="First day (YYYY-MM-DD).")],
    end: Annotated[
        str, typer.Option("--end", metavar="DATE", help="Last day (YYYY-MM-DD), inclusive.")
    ],
    source: SourceOpt = None,
    warehouse: WarehouseOpt = None,
    landing: LandingOpt = None,
    every: Annotated[
        Every, typer.Option("--every", help="Period ends: month, week (Sundays) or day.")
    ] = Every.month,
    max_quarantine_rate: MaxQuarantineOpt = None,
    force: ForceOpt = False,
    prefect: PrefectOpt = False,
    create_dirs: CreateDirsOpt = False,
) -> None:
    """Ingest new files, publish a snapshot per period.

    One snapshot per period end (--every) from --start to --end."""
    try:
        source = source or default_source()
        _check_folder(source)
        first, last = parse_date(start, "--start"), parse_date(end, "--end")
        try:
            dates = period_ends(first, last, every)
        except ValueError as exc:
            raise CareersError(str(exc)) from None
        if not dates:
            raise CareersError(f"no {every.value} end between {first} and {last}")
        gates = Gates.from_options(max_quarantine_rate, force)
        span = (first, last, every)
        published = _warehouse(warehouse, create_dirs)
        _run("backfill", source, published, dates, prefect, gates, span=span, landing=landing)
    except (CareersError, OSError) as exc:
        fail(exc)


def run(
    source: SourceOpt = None,
    warehouse: WarehouseOpt = None,
    postings: Annotated[
        int, typer.Option("--postings", min=1, help="Sample size when generating.")
    ] = 50_000,
    prefect: Annotated[
        bool, typer.Option("--prefect/--no-prefect", help="Run as a Prefect flow.")
    ] = True,
    create_dirs: CreateDirsOpt = False,
) -> None:
    """The main job: today's refresh, on a sample if empty.

    Generates a sample export into the source folder when it has no file, then runs the
    nightly refresh for today (on a temporary local Prefect) and publishes the warehouse."""
    try:
        source = source or default_source()
        _check_folder(source)
        folder = Path(source)
        if not is_feed(source) and not any(p.is_file() for p in folder.rglob("*")):
            out.print(
                f"Source {source} is empty: generating a sample export ({postings:,} postings)",
                soft_wrap=True,
            )
            write_sample(folder, postings)
        # The default warehouse/ folder is made on a fresh clone; a path given is checked.
        published = _warehouse(warehouse, create_dirs or warehouse is None)
        os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        _run("refresh", source, published, [default_as_of()], prefect, Gates())
    except (CareersError, OSError) as exc:
        fail(exc)
