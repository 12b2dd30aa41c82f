"""What the `careers` commands share: their common options and the one way a command fails
(`careers: error: <one line>` on stderr, exit status 1)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from core.errors import CareersError, one_line
from pages.analyst import Format

# Plain click help: it wraps descriptions to the terminal's width (rich's option table leaves
# a ~20-column description column at 80 columns and cuts long names and defaults).
MARKUP = None


def error_line(exc: BaseException) -> str:
    """The one stderr line of a failure: a CareersError as it is (one line by construction),
    any other exception as its type and the first line of its message, blanks collapsed."""
    if isinstance(exc, CareersError):
        return f"careers: error: {exc}"
    return f"careers: error: {' '.join(one_line(exc).split()).removesuffix(':')}"


def fail(exc: BaseException) -> NoReturn:
    """Stop the command: `exc` as one line on stderr, exit status 1."""
    print(error_line(exc), file=sys.stderr)
    raise typer.Exit(1) from None


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
# The snapshot a reading command (page, publish-pages) reads.
PublishedAsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="Snapshot date YYYY-MM-DD (default: the newest published)."),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", help="table (rich, default), csv or json, on stdout.")
]
