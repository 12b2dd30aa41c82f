"""The small SQL runner: every statement the project runs lives in a `.sql` file under
`transforms/`; Python names a file (or a named statement in one), the relations it owns, and the
values to bind. Nothing else builds SQL text.

- A **model** is one file holding one SELECT (CTEs ending in a final select). Its first lines
  may declare its inputs: `-- inputs: career_summary, window_skills`. `build_order` sorts a set
  of models so each comes after the models of the set it reads.
- A **statement file** holds several statements, each after a `-- name: <name>` line; address
  one as `"<file>#<name>"` (e.g. `"ops/months#delete_months"`).
- **Placeholders** `{{ key }}` stand for relations (`schema.name` or `name`) the caller passes
  by keyword; `{{ key | name }}` for one identifier quoted whole (a delivered column's name may
  hold a `.`). Both are quoted by `quote`, the one identifier-quoting helper. Values are bound
  as `$name` parameters (a dict) or `?` (a list); only where DuckDB cannot bind one (COMMENT ON,
  a view's text) does `{{ key | literal }}` place it, quoted by `literal`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import duckdb

HERE = Path(__file__).resolve().parent
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*(\|\s*(literal|name)\s*)?\}\}")
_NAME = re.compile(r"^--\s*name:\s*(\w+)\s*$", re.MULTILINE)
_INPUTS = re.compile(r"^--\s*inputs:\s*(.*)$", re.MULTILINE)
Params = Mapping[str, Any] | Sequence[Any] | None


def quote(*parts: str) -> str:
    """An identifier as DuckDB reads it, whole (a delivered column name may hold a `.`), or a
    qualified one from its parts (`quote("store", "months")`): each part in double quotes, a
    double quote inside doubled. The project's one identifier-quoting helper."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)


def literal(value: object) -> str:
    """A string literal, for the few statements DuckDB cannot prepare (a view's file path,
    COMMENT ON): everywhere else values are bound parameters. A list or tuple becomes a
    list literal of string literals (a view's file list)."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    return "'" + str(value).replace("'", "''") + "'"


class SqlFolder:
    """The `.sql` files under one folder (`transforms/`, or `benchmarks/` for its baseline):
    whole files and their `-- name:` statements, read once."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @cache  # noqa: B019 - one instance per folder, alive as long as the process
    def file(self, name: str) -> str:
        return (self.root / f"{name}.sql").read_text(encoding="utf-8")

    @cache  # noqa: B019
    def statements(self, name: str) -> dict[str, str]:
        text = self.file(name)
        marks = list(_NAME.finditer(text))
        if not marks:
            raise KeyError(f"{self.root.name}/{name}.sql has no `-- name:` statements")
        return {
            m.group(1): text[m.end() : marks[i + 1].start() if i + 1 < len(marks) else None].strip()
            for i, m in enumerate(marks)
        }

    def text(self, name: str) -> str:
        """The SQL of `name`: a file (`marts/career_summary`) or a named statement in one
        (`ops/months#delete_months`), placeholders left in."""
        file, _, statement = name.partition("#")
        return self.statements(file)[statement] if statement else self.file(file)

    def render(self, name: str, **relations: str) -> str:
        """The SQL of `name` with each `{{ key }}` replaced by the quoted relation (`schema.name`
        quoted as two parts). A placeholder without a relation is an error (KeyError naming
        it)."""

        def sub(match: re.Match) -> str:
            key, form = match.group(1), match.group(3)
            if key not in relations:
                raise KeyError(f"{self.root.name}/{name}: no relation given for {{{{ {key} }}}}")
            if form == "literal":  # only where DuckDB cannot bind a value (COMMENT ON, a view)
                return literal(relations[key])
            if form == "name":  # one identifier, whole (a column's name may hold a `.`)
                return quote(relations[key])
            return quote(*relations[key].split("."))

        return _PLACEHOLDER.sub(sub, self.text(name))

    def run(
        self, con: duckdb.DuckDBPyConnection, name: str, params: Params = None, **relations: str
    ) -> duckdb.DuckDBPyConnection:
        """Execute `name` (see `render`) with `params` bound; returns the connection."""
        return con.execute(self.render(name, **relations), params)


TRANSFORMS = SqlFolder(HERE)


def text(name: str) -> str:
    """The SQL of `name` under transforms/ (see `SqlFolder.text`)."""
    return TRANSFORMS.text(name)


def inputs(name: str) -> list[str]:
    """The relations a model declares on its `-- inputs:` line (none without one)."""
    found = _INPUTS.search(text(name))
    return [i.strip() for i in found.group(1).split(",") if i.strip()] if found else []


def render(name: str, **relations: str) -> str:
    """The SQL of `name` under transforms/ with its placeholders filled (see
    `SqlFolder.render`)."""
    return TRANSFORMS.render(name, **relations)


def run(
    con: duckdb.DuckDBPyConnection, name: str, params: Params = None, **relations: str
) -> duckdb.DuckDBPyConnection:
    """Execute `name` (see `render`) with `params` bound; returns the connection (its result)."""
    return TRANSFORMS.run(con, name, params, **relations)


def rows(
    con: duckdb.DuckDBPyConnection, name: str, params: Params = None, **relations: str
) -> list[tuple]:
    """`run`, then every row of its result."""
    return run(con, name, params, **relations).fetchall()


def create(
    con: duckdb.DuckDBPyConnection,
    table: str,
    name: str,
    params: Params = None,
    /,
    **relations: str,
) -> duckdb.DuckDBPyConnection:
    """Create (or replace) temp table `table` as the result of the model `name` (see `render`)."""
    return con.execute(
        f"CREATE OR REPLACE TEMP TABLE {quote(*table.split('.'))} AS {render(name, **relations)}",
        params,
    )


def create_view(
    con: duckdb.DuckDBPyConnection,
    view: str,
    name: str,
    params: Params = None,
    /,
    temp: bool = False,
    **relations: str,
) -> duckdb.DuckDBPyConnection:
    """Create (or replace) view `view` (a temp one with `temp`) as the model `name`."""
    kind = "TEMP VIEW" if temp else "VIEW"
    return con.execute(
        f"CREATE OR REPLACE {kind} {quote(*view.split('.'))} AS {render(name, **relations)}",
        params,
    )


def insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    name: str,
    params: Params = None,
    /,
    **relations: str,
) -> duckdb.DuckDBPyConnection:
    """Append the result of the model `name` (see `render`) to `table`, columns by name."""
    return con.execute(
        f"INSERT INTO {quote(*table.split('.'))} BY NAME {render(name, **relations)}", params
    )


def build_order(models: Iterable[str]) -> list[str]:
    """`models` sorted so each comes after the models of the set its `-- inputs:` line names
    (a model's name is its file name without folder); ties keep the given order. A cycle is an
    error (graphlib.CycleError)."""
    models = list(models)
    by_name = {Path(m).name: m for m in models}
    graph = {m: [by_name[i] for i in inputs(m) if i in by_name] for m in models}
    sorter = TopologicalSorter(graph)
    sorter.prepare()
    order: list[str] = []
    rank = {m: i for i, m in enumerate(models)}
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=rank.__getitem__)
        order.extend(ready)
        sorter.done(*ready)
    return order
