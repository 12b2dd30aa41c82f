"""The commands that read the published file: `careers page` and `careers publish-pages`
(career pages), `careers tables` and `careers query` (the analyst's tools). Errors are one line
on stderr (`careers: error: ...`) and exit status 1."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.console import Console

from cli.options import FormatOpt, PublishedAsOfOpt, WarehouseOpt, fail
from core.errors import CareersError
from core.periods import parse_date
from pages.analyst import Format, published_tables, run_query, to_csv, to_json, to_rich

_EXPECTED = (CareersError, OSError, duckdb.Error, ValueError)


def _write_atomically(path: Path, text: str) -> None:
    """Write `path` via a temporary file beside it: a reader never sees half a page."""
    path = Path(os.path.abspath(path))
    if path.is_dir():
        raise CareersError("is a folder; give a file name like page.html", path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def page(
    occupation: Annotated[
        str, typer.Argument(help="Career: its 8-digit code or its name (any case).")
    ],
    out: Annotated[
        Path, typer.Option("--out", help="HTML file to write ('-' for stdout).", show_default=False)
    ],
    state: Annotated[
        str | None,
        typer.Option("--state", help="State: postal code (NC) or name. Default: the nation."),
    ] = None,
    as_of: PublishedAsOfOpt = None,
    warehouse: WarehouseOpt = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the page's JSON document here.")
    ] = None,
) -> None:
    """Write one self-contained career page.

    HTML with inline CSS and SVG, no scripts."""
    from pages.document import career_page
    from pages.render import render_page
    from pages.site import to_json as document_json
    from pages.site import validate

    try:
        doc = career_page(occupation, state, parse_date(as_of), warehouse)
        validate(doc)
        html = render_page(doc)
        if str(out) == "-":
            sys.stdout.write(html)
        else:
            _write_atomically(out, html)
        if json_out is not None:
            _write_atomically(json_out, document_json(doc))
    except _EXPECTED as exc:
        fail(exc)
    if str(out) != "-":
        where = doc["geography"]["name"]
        print(
            f"Wrote {out}: {doc['career']['name']} ({doc['career']['code']}) in {where}, "
            f"snapshot {doc['as_of']}"
        )


def publish_pages(
    out: Annotated[
        Path,
        typer.Option("--out", help="Folder to (re)place with the pages.", show_default=False),
    ],
    as_of: PublishedAsOfOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Publish every career page, HTML and JSON.

    With an index; the folder is swapped in whole. One page per career for the nation
    and for each state with postings."""
    from cli import progress
    from pages.site import publish_pages as publish

    try:
        with progress.counter("publish-pages", "pages written") as advance:
            report = publish(out, parse_date(as_of), warehouse, advance)
    except _EXPECTED as exc:
        fail(exc)
    print(
        f"Published {report.pages:,} pages for {report.careers:,} careers (snapshot "
        f"{report.as_of.isoformat()}) to {report.out} in {report.seconds:.1f} s; "
        f"open {report.out / 'index.html'}"
    )


def _emit(
    result, fmt: Format, max_rows: int | None, title: str | None = None, thousands: bool = False
) -> None:
    if fmt is Format.csv:
        sys.stdout.write(to_csv(result))
    elif fmt is Format.json:
        sys.stdout.write(to_json(result))
    else:
        console = Console()
        if not result.columns:
            console.print("OK (the statement returned no rows)")
            return
        console.print(to_rich(result, max_rows, title, thousands))
        hidden = len(result.rows) - (max_rows if max_rows is not None else len(result.rows))
        summary = f"{len(result.rows):,} row{'s' if len(result.rows) != 1 else ''}"
        if hidden > 0:
            summary += f", first {max_rows:,} shown (--max-rows 0 or --format csv for all)"
        console.print(summary, style="dim")


def tables(warehouse: WarehouseOpt = None, fmt: FormatOpt = Format.table) -> None:
    """List the published tables and views.

    Each with its row count and description."""
    try:
        result = published_tables(warehouse)
    except _EXPECTED as exc:
        fail(exc)
    _emit(result, fmt, None, "Published tables and views", thousands=True)


QUERY_EXAMPLES = """Examples:

\b
  careers query "SELECT * FROM latest_career_summary LIMIT 5"
  careers query --format csv "FROM career_skills" > skills.csv
  careers query -f report.sql --warehouse /srv/careers.duckdb
"""


def query(
    sql: Annotated[
        str | None,
        typer.Argument(help="SQL to run read-only against the published file.", show_default=False),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="Read the SQL from this file ('-': standard input)."),
    ] = None,
    fmt: FormatOpt = Format.table,
    warehouse: WarehouseOpt = None,
    max_rows: Annotated[
        int, typer.Option("--max-rows", min=0, help="Rows shown by --format table (0: all).")
    ] = 1000,
) -> None:
    """Run read-only SQL on the published file."""
    try:
        if (sql is None) == (file is None):
            raise CareersError("give the SQL either as an argument or with --file (not both)")
        if file is not None:
            sql = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        result = run_query(sql or "", warehouse)
    except _EXPECTED as exc:
        fail(exc)
    _emit(result, fmt, max_rows or None)
