"""`careers`: the command line (typer). Errors are one line on stderr and a non-zero exit."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import sys
import time
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli import progress
from cli.feed import export_server
from cli.pages import register as register_pages
from core.errors import CareersError, one_line
from core.periods import Every, period_ends
from core.settings import Gates, default_as_of, default_source, default_warehouse, settings
from flows.deployment import NIGHTLY_DESCRIPTION
from sources.exports import is_feed

# Plain click help: it wraps descriptions to the terminal's width (rich's option table leaves
# a ~20-column description column at 80 columns and cuts long names and defaults).
MARKUP = None


class CareersApp(typer.Typer):
    """The typer app; a CareersError that escapes a command is still one line and exit 1."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except CareersError as exc:
            print(f"careers: error: {exc}", file=sys.stderr)
            raise SystemExit(1) from None


app = CareersApp(
    help="Lightcast-style exports -> validated DuckDB warehouse -> published career tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=MARKUP,
)
out = Console()

SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source",
        metavar="DIR|URL",
        help="Export folder (postings/, skills/, employment/) or feed URL http://HOST:PORT.",
        envvar="CAREERS_SOURCE",
        show_envvar=True,
        show_default="warehouse/landing",
    ),
]
LandingOpt = Annotated[
    Path | None,
    typer.Option(
        "--landing",
        metavar="DIR",
        help="Where a feed's files land.",
        envvar="CAREERS_LANDING",
        show_envvar=True,
        show_default="warehouse/landing",
    ),
]
WarehouseOpt = Annotated[
    Path | None,
    typer.Option(
        "--warehouse",
        metavar="FILE",
        help="Published DuckDB file.",
        envvar="CAREERS_WAREHOUSE",
        show_envvar=True,
        show_default="warehouse/careers.duckdb",
    ),
]
CreateDirsOpt = Annotated[
    bool,
    typer.Option("--create-dirs", help="Create the warehouse's folder if it is missing."),
]
MaxQuarantineOpt = Annotated[
    float | None,
    typer.Option(
        "--max-quarantine-rate",
        metavar="RATE",
        min=0.0,
        max=1.0,
        help="Refuse a file with a larger share of rejected rows (0 to 1).",
        envvar="CAREERS_MAX_QUARANTINE_RATE",
        show_envvar=True,
        show_default="0.05",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Publish even if national postings fall over 30% or nothing is new.",
    ),
]
PrefectOpt = Annotated[
    bool,
    typer.Option(
        "--prefect/--no-prefect",
        help="Run as a Prefect flow (a temporary server unless PREFECT_API_URL is set).",
        envvar="CAREERS_PREFECT",
        show_envvar=True,
    ),
]


def _fail(exc: BaseException) -> None:
    print(f"careers: error: {one_line(exc)}", file=sys.stderr)
    raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        try:
            print(f"careers {package_version('careers')}")
        except PackageNotFoundError:  # running from a checkout that is not installed
            print("careers (not installed)")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Lightcast-style exports -> validated DuckDB warehouse -> published career tables.

    Settings come from CAREERS_* environment variables (see the README); a bad value stops
    every command with one line naming the variable."""
    if "--help" in sys.argv[1:]:
        return  # help needs no settings
    try:
        settings()
    except CareersError as exc:
        _fail(exc)


def _date(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CareersError(f"{flag} must be a date YYYY-MM-DD, got {value!r}") from None


def _shell_path(path: Path | str) -> str:
    """`path` for a shell in the working directory: relative below it, else absolute."""
    absolute = Path(os.path.abspath(path))  # not resolved: a venv's bin/ links must stay
    try:
        text = str(absolute.relative_to(Path.cwd()))
    except ValueError:
        text = str(absolute)
    return shlex.quote(text)


def program() -> str:
    """This program as the user can run it again from the working directory: the console
    script as invoked (`.venv/bin/careers`, or `careers` when found on PATH), else this
    Python with `-m cli.main`."""
    argv0 = sys.argv[0] if sys.argv else ""
    if not argv0 or argv0.endswith(".py") or argv0 in ("-m", "-c"):
        return f"{_shell_path(sys.executable)} -m cli.main"
    if os.sep not in argv0 and shutil.which(argv0):
        return argv0
    path = _shell_path(argv0)
    return path if os.sep in path else f".{os.sep}{path}"  # a bare name would be looked up


def query_hint(warehouse: Path | str) -> str:
    """The `careers query` command line that shows the published file, runnable as printed."""
    sql = "SELECT occupation_name, geo_name, postings FROM latest_career_summary LIMIT 5"
    hint = f"{program()} query {shlex.quote(sql)}"
    if Path(os.path.abspath(warehouse)) != Path(os.path.abspath(default_warehouse())):
        hint += f" --warehouse {_shell_path(warehouse)}"
    return hint


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


@app.command(epilog=REFRESH_EXAMPLES)
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
        day = _date(as_of, "--as-of") or default_as_of()
        gates = Gates.from_options(max_quarantine_rate, force)
        published = _warehouse(warehouse, create_dirs)
        _run("refresh", source, published, [day], prefect, gates, landing=landing)
    except (CareersError, OSError) as exc:
        _fail(exc)


BACKFILL_EXAMPLES = """Examples:

\b
  careers backfill --source exports/ --start 2025-01-01 --end 2025-12-31
  careers backfill --source exports/ --start 2026-01-01 --end 2026-02-28 \\
      --every week
"""


@app.command(epilog=BACKFILL_EXAMPLES)
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
        first, last = _date(start, "--start"), _date(end, "--end")
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
        _fail(exc)


class Profile(StrEnum):
    """Generator profiles (samples/profiles.py)."""

    dense = "dense"
    sparse = "sparse"


def _generate(
    out_dir: Path, postings: int, seed: int = 42, end: date | None = None, profile: str = "dense"
):
    """Generate a sample export, each file written shown on stderr."""
    from samples.generate import generate_export

    with progress.status(f"generating a sample export ({postings:,} postings)") as note:
        return generate_export(
            out_dir, postings=postings, seed=seed, end=end, profile=profile,
            progress=lambda path, rows: note(f"wrote {path} ({rows:,} rows)"),
        )  # fmt: skip


@app.command()
def generate(
    out_dir: Annotated[
        Path,
        typer.Option(
            "--out", metavar="DIR", help="Folder to write postings/, skills/, employment/ into."
        ),
    ],
    postings: Annotated[
        int, typer.Option("--postings", min=1, help="Number of postings.")
    ] = 50_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same bytes).")] = 42,
    end: Annotated[
        str | None,
        typer.Option(
            "--end", metavar="DATE", help="Latest posting date.", show_default="today, UTC"
        ),
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
    """Write a realistic sample export.

    Every file format and variant, with some bad rows on purpose."""
    try:
        report = _generate(out_dir, postings, seed, _date(end, "--end"), profile.value)
    except (CareersError, OSError) as exc:
        _fail(exc)
    for path in report.files:
        out.print(f"  {path}", soft_wrap=True)
    out.print(
        f"Wrote {report.postings_rows:,} posting rows ({report.bad_rows:,} deliberately bad) "
        f"in {len(report.files)} files under {out_dir}",
        soft_wrap=True,
    )


@app.command()
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
            _generate(folder, postings)
        # The default warehouse/ folder is made on a fresh clone; a path given is checked.
        published = _warehouse(warehouse, create_dirs or warehouse is None)
        os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        _run("refresh", source, published, [default_as_of()], prefect, Gates())
    except (CareersError, OSError) as exc:
        _fail(exc)


app.command("export-server")(export_server)


@contextlib.contextmanager
def _started(server: contextlib.AbstractContextManager[str]) -> Iterator[str]:
    """Enter `server` (a Prefect server starting) under a status line: it takes a while."""
    with contextlib.ExitStack() as stack:
        with progress.status("starting the Prefect server"):
            api = stack.enter_context(server)
        yield api


@app.command(
    help="Run the nightly schedule in this process.\n\n"
    f"The schedule of prefect.yaml ({NIGHTLY_DESCRIPTION}), one run at a time, on the Prefect "
    "server at PREFECT_API_URL, or on a local one started for the purpose."
)
def serve(
    source: SourceOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    from flows.local_server import local_prefect_server

    try:
        source = source or default_source()
        with _started(local_prefect_server()) as api:
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
