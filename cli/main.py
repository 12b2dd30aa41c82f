"""`careers`: the command line, one typer app assembled from the command modules (refresh,
generate, feed, serve, pages). Errors are one line on stderr and a non-zero exit
(cli.options.fail)."""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Annotated

import typer

from cli.feed import export_server
from cli.generate import generate
from cli.options import MARKUP, error_line, fail
from cli.pages import QUERY_EXAMPLES, page, publish_pages, query, tables
from cli.refresh import BACKFILL_EXAMPLES, REFRESH_EXAMPLES, backfill, refresh, run
from cli.serve import SERVE_HELP, serve
from core.errors import CareersError
from core.settings import settings


class CareersApp(typer.Typer):
    """The typer app; a CareersError that escapes a command is still one line and exit 1."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except CareersError as exc:
            print(error_line(exc), file=sys.stderr)
            raise SystemExit(1) from None


app = CareersApp(
    help="Lightcast-style exports -> validated DuckDB warehouse -> published career tables.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=MARKUP,
)


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
        fail(exc)


# Publishing (cli.refresh, cli.generate, cli.feed, cli.serve).
app.command(epilog=REFRESH_EXAMPLES)(refresh)
app.command(epilog=BACKFILL_EXAMPLES)(backfill)
app.command()(generate)
app.command()(run)
app.command("export-server")(export_server)
app.command(help=SERVE_HELP)(serve)
# Pages and analyst tools, reading the published file only (cli.pages).
app.command("page")(page)
app.command("publish-pages")(publish_pages)
app.command("tables")(tables)
app.command("query", epilog=QUERY_EXAMPLES)(query)

if __name__ == "__main__":  # pragma: no cover
    app()
