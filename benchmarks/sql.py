"""The benchmarks' SQL, kept in `.sql` files beside this module: a statement file holds several
statements, each after a `-- name: <name>` line, addressed as `"<file>#<name>"` (the convention
of transforms/, see transforms.runner); `{{ key }}` placeholders are identifiers the caller owns,
quoted by transforms.runner.quote. Values are always bound as parameters.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb

from transforms.runner import Params, quote

HERE = Path(__file__).resolve().parent
_NAME = re.compile(r"^--\s*name:\s*(\w+)\s*$", re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def script(file: str) -> str:
    """The whole text of `benchmarks/<file>.sql`."""
    return (HERE / f"{file}.sql").read_text(encoding="utf-8")


@cache
def _statements(file: str) -> dict[str, str]:
    text = script(file)
    marks = list(_NAME.finditer(text))
    return {
        m.group(1): text[m.end() : marks[i + 1].start() if i + 1 < len(marks) else None].strip()
        for i, m in enumerate(marks)
    }


def render(name: str, **relations: str) -> str:
    """The statement `"<file>#<name>"` with each `{{ key }}` replaced by
    `quote(relations[key])` (a KeyError names a missing one)."""
    file, _, statement = name.partition("#")

    def sub(match: re.Match) -> str:
        key = match.group(1)
        if key not in relations:
            raise KeyError(f"benchmarks/{name}: no relation given for {{{{ {key} }}}}")
        return quote(relations[key])

    return _PLACEHOLDER.sub(sub, _statements(file)[statement])


def run(
    con: duckdb.DuckDBPyConnection, name: str, params: Params = None, **relations: str
) -> duckdb.DuckDBPyConnection:
    """Execute `name` (see `render`) with `params` bound; returns the connection."""
    return con.execute(render(name, **relations), params)
