"""`careers`: the command line (typer). Errors are one line on stderr and a non-zero exit."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from careers.errors import CareersError, one_line
from careers.periods import Every, period_ends
from careers.settings import Gates, default_landing, default_warehouse
from flows.deployment import NIGHTLY_DESCRIPTION
from pages.cli import register as register_pages
from sources.exports import is_feed
from sources.feed_cli import export_server

app = typer.Typer(
    help="Lightcast-style exports -> validated DuckDB warehouse -> published career tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
DEFAULT_LANDING = str(default_landing())
err = Console(stderr=True)

SourceOpt = Annotated[
    str,
    typer.Option(
        "--source",
        help="Export folder with postings/, skills/, employment/, or an export feed URL "
        "http://HOST:PORT or http://HOST:PORT/PREFIX (env CAREERS_SOURCE).",
        envvar="CAREERS_SOURCE",
    ),
]
LandingOpt = Annotated[
    Path | None,
    typer.Option(
        "--landing",
        help="Where a feed's files land (env CAREERS_LANDING; default warehouse/landing).",
        envvar="CAREERS_LANDING",
    ),
]
WarehouseOpt = Annotated[
    Path | None,
    typer.Option(
        "--warehouse",
        help="Published DuckDB file (env CAREERS_WAREHOUSE; default warehouse/careers.duckdb).",
        envvar="CAREERS_WAREHOUSE",
    ),
]
MaxQuarantineOpt = Annotated[
    float | None,
    typer.Option(
        "--max-quarantine-rate",
        min=0.0,
        max=1.0,
        help="Refuse a file whose share of rejected rows exceeds this (default 0.05; env "
        "CAREERS_MAX_QUARANTINE_RATE).",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Publish even if national postings fall more than 30% below the previous snapshot.",
    ),
]
PrefectOpt = Annotated[
    bool,
    typer.Option(
        "--prefect/--no-prefect",
        help="Run as a Prefect flow (local temporary server unless PREFECT_API_URL is set).",
        envvar="CAREERS_PREFECT",
    ),
]


def _fail(exc: BaseException) -> None:
    print(f"careers: error: {one_line(exc)}", file=sys.stderr)
    raise typer.Exit(1)


def _date(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CareersError(f"{flag} must be a date YYYY-MM-DD, got {value!r}") from None


def _progress_stage() -> tuple[Progress, Callable[..., Any]]:
    """A stage runner that shows each stage with a spinner and elapsed time (TTY only)."""
    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=err, transient=True,
    )  # fmt: skip

    def run_stage(name: str, fn: Callable, *args: Any) -> Any:
        task_id = progress.add_task(name, total=None)
        try:
            return fn(*args)
        finally:
            progress.remove_task(task_id)

    return progress, run_stage


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
    out.print(
        "Query it: python -c \"import duckdb; print(duckdb.connect('"
        f"{report['warehouse']}', read_only=True).sql('FROM latest_career_summary LIMIT 5'))\"",
        soft_wrap=True,
        markup=False,
    )


def _run(
    flow: str,
    source: str,
    warehouse: Path | None,
    dates: list[date],
    prefect: bool,
    gates: Gates,
    span: tuple[date, date, Every] | None = None,
    landing: Path | None = None,
) -> dict:
    """Run a refresh (one date) or a backfill (`span` = start, end, every), bare or as a flow.
    A backfill from a feed re-pulls the files created since its start."""
    published = warehouse or default_warehouse()
    landing = landing or default_landing()
    started = time.perf_counter()
    common = {
        "source": source,
        "warehouse": str(published),
        "landing": str(landing),
        "max_quarantine_rate": gates.max_quarantine_rate,
        "force": gates.force,
    }
    # Fanning out on Dask is a task runner of the Prefect flows: it implies --prefect.
    prefect = prefect or os.environ.get("CAREERS_TASK_RUNNER") == "dask"
    if not prefect:
        from warehouse.build import execute

        since = span[0].isoformat() if span and is_feed(source) else None
        progress, run_stage = _progress_stage()
        with progress:
            report = execute(
                source, published, dates, flow, run_stage, gates=gates, landing=landing,
                since=since,
            ).as_dict()  # fmt: skip
    elif span is None:
        from flows.refresh import configured, nightly_refresh

        report = configured(nightly_refresh)(as_of=dates[0], **common)
    else:
        from flows.refresh import backfill as backfill_flow
        from flows.refresh import configured

        report = configured(backfill_flow)(start=span[0], end=span[1], every=span[2], **common)
    _print_summary(report, time.perf_counter() - started)
    for name, reason in (report.get("pull") or {}).get("rejected", []):
        print(f"careers: warning: feed file {name} rejected: {reason}", file=sys.stderr)
    return report


@app.command()
def refresh(
    source: SourceOpt = DEFAULT_LANDING,
    warehouse: WarehouseOpt = None,
    landing: LandingOpt = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Snapshot date (default today, UTC).")
    ] = None,
    max_quarantine_rate: MaxQuarantineOpt = None,
    force: ForceOpt = False,
    prefect: PrefectOpt = False,
) -> None:
    """Ingest every export file not yet ingested, then publish the snapshot for --as-of."""
    try:
        day = _date(as_of, "--as-of") or datetime.now(UTC).date()
        gates = Gates.from_options(max_quarantine_rate, force)
        _run("refresh", source, warehouse, [day], prefect, gates, landing=landing)
    except (CareersError, OSError) as exc:
        _fail(exc)


@app.command()
def backfill(
    start: Annotated[str, typer.Option("--start", help="First day (YYYY-MM-DD).")],
    end: Annotated[str, typer.Option("--end", help="Last day (YYYY-MM-DD), inclusive.")],
    source: SourceOpt = DEFAULT_LANDING,
    warehouse: WarehouseOpt = None,
    landing: LandingOpt = None,
    every: Annotated[
        Every, typer.Option("--every", help="Period ends: month, week (Sundays) or day.")
    ] = Every.month,
    max_quarantine_rate: MaxQuarantineOpt = None,
    force: ForceOpt = False,
    prefect: PrefectOpt = False,
) -> None:
    """Ingest new files, then publish one snapshot per period end from --start to --end."""
    try:
        first, last = _date(start, "--start"), _date(end, "--end")
        try:
            dates = period_ends(first, last, every)
        except ValueError as exc:
            raise CareersError(str(exc)) from None
        if not dates:
            raise CareersError(f"no {every.value} end between {first} and {last}")
        gates = Gates.from_options(max_quarantine_rate, force)
        span = (first, last, every)
        _run("backfill", source, warehouse, dates, prefect, gates, span=span, landing=landing)
    except (CareersError, OSError) as exc:
        _fail(exc)


class Profile(StrEnum):
    """Generator profiles (samples/profiles.py)."""

    dense = "dense"
    sparse = "sparse"


@app.command()
def generate(
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder to write postings/, skills/, employment/ into.")
    ],
    postings: Annotated[
        int, typer.Option("--postings", min=1, help="Number of postings.")
    ] = 50_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same bytes).")] = 42,
    end: Annotated[
        str | None, typer.Option("--end", help="Latest posting date (default today, UTC).")
    ] = None,
    profile: Annotated[
        Profile,
        typer.Option(
            "--profile",
            help="dense: a few careers of many postings; sparse: most careers have 1-3 "
            "postings and most postings 0-2 skills, as in a small real export.",
        ),
    ] = Profile.dense,
) -> None:
    """Write a realistic sample export (every format variant, some bad rows on purpose)."""
    from samples.generate import generate_export

    try:
        report = generate_export(
            out_dir, postings=postings, seed=seed, end=_date(end, "--end"), profile=profile.value
        )
    except (CareersError, OSError) as exc:
        _fail(exc)
    for path in report.files:
        out.print(f"  {path}")
    out.print(
        f"Wrote {report.postings_rows:,} posting rows ({report.bad_rows:,} deliberately bad) "
        f"in {len(report.files)} files under {out_dir}"
    )


@app.command()
def run(
    source: SourceOpt = DEFAULT_LANDING,
    warehouse: WarehouseOpt = None,
    postings: Annotated[
        int, typer.Option("--postings", help="Sample size when generating.")
    ] = 50_000,
    prefect: Annotated[
        bool, typer.Option("--prefect/--no-prefect", help="Run as a Prefect flow.")
    ] = True,
) -> None:
    """The main job: generate a sample export if the source is empty, then the nightly refresh
    for today on a local Prefect, publishing the warehouse."""
    try:
        folder = Path(source)
        if not is_feed(source) and not any(p.is_file() for p in folder.rglob("*")):
            from samples.generate import generate_export

            out.print(
                f"Source {source} is empty: generating a sample export ({postings:,} postings)"
            )
            generate_export(folder, postings=postings)
        os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        _run("refresh", source, warehouse, [datetime.now(UTC).date()], prefect, Gates())
    except (CareersError, OSError) as exc:
        _fail(exc)


app.command("export-server")(export_server)


@app.command(
    help=f"Run the nightly schedule of prefect.yaml ({NIGHTLY_DESCRIPTION}, one run at a time) "
    "in this process, on the Prefect server at PREFECT_API_URL or on a local one started for "
    "the purpose."
)
def serve(
    source: SourceOpt = DEFAULT_LANDING,
    warehouse: WarehouseOpt = None,
) -> None:
    from flows.local_server import local_prefect_server

    try:
        with local_prefect_server() as api:
            from flows.deployment import nightly_schedule
            from flows.refresh import nightly_refresh

            out.print(f"Prefect API: {api}", soft_wrap=True)
            nightly_refresh.serve(
                name="nightly",
                schedules=[nightly_schedule()],
                global_limit=1,
                parameters={
                    "source": source,
                    "warehouse": str(warehouse or default_warehouse()),
                },
            )
    except CareersError as exc:
        _fail(exc)


# Pages and analyst tools (read the published file only).
register_pages(app)

if __name__ == "__main__":  # pragma: no cover
    app()
