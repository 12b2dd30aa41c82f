"""How to run `careers` again, as printed for the user: this program as invoked and the
`careers query` line that shows a published file."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from core.settings import default_warehouse


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
