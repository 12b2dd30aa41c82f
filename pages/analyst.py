"""The analyst's tools: `careers tables` (what is published) and `careers query` (read-only SQL).

Both open the published file read-only and with no file-system access, fetch everything, and
close it before printing: they never block a refresh (which builds a copy beside the file and
swaps it in) and cannot write the file or anything else.

Money is shown rounded to cents in every format (table, CSV, JSON), as on the pages
(pages.fmt.cents): a floating-point column whose name says money (`salary…`/`wage…`, `…_salary`,
`…_wage`, `…premium`, any case: salary_p90, SALARY, wage_mean, salary_premium) never shows float
noise such as 100149.99999999996. The published tables keep the unrounded values; cast the
column to text in the SQL (`salary_p90::VARCHAR`) to see one as stored.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import math
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import duckdb
from rich.markup import escape
from rich.table import Table

from core.errors import CareersError
from pages.data import connect, message
from pages.fmt import cents
from warehouse.queries import query

MONEY_COLUMN = re.compile(r"^(salary|wage)(_|$)|_(salary|wage)$|premium$", re.IGNORECASE)
_FLOATING = ("DOUBLE", "FLOAT", "REAL")


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@dataclass
class Result:
    columns: list[str]
    types: list[str]
    rows: list[tuple]


def published_tables(warehouse: Path | str | None = None) -> Result:
    """Every published table and view: name, kind, row count and description (COMMENT ON)."""
    con = connect(warehouse)
    try:
        rows = []
        for entry in query(con, "catalog#relations"):
            qualified = (
                entry["name"]
                if entry["schema_name"] == "main"
                else f"{entry['schema_name']}.{entry['name']}"
            )
            counted = query(
                con, "catalog#row_count", schema=entry["schema_name"], relation=entry["name"]
            )
            rows.append((qualified, entry["kind"], counted[0]["row_count"], entry["comment"] or ""))
    except duckdb.Error as exc:
        raise CareersError(message(exc)) from None
    finally:
        con.close()
    return Result(
        ["name", "kind", "rows", "description"], ["VARCHAR", "VARCHAR", "BIGINT", "VARCHAR"], rows
    )


def run_query(sql: str, warehouse: Path | str | None = None) -> Result:
    """Run `sql` (one or more statements; the last one's result is returned) read-only."""
    if not sql.strip():
        raise CareersError("the query is empty")
    con = connect(warehouse)
    try:
        cursor = con.execute(sql)
        if cursor is None or cursor.description is None:
            return Result([], [], [])
        columns = [d[0] for d in cursor.description]
        types = [str(d[1]) for d in cursor.description]
        rows = round_money(columns, types, cursor.fetchall())
    except duckdb.Error as exc:
        text = message(exc)
        if "read-only mode" in text:
            text = f"the published file is read-only: {text}"
        raise CareersError(text) from None
    finally:
        con.close()
    return Result(columns, types, rows)


def is_money(column: str, kind: str) -> bool:
    """A floating-point column named like money (see the module docstring)."""
    return kind.upper() in _FLOATING and bool(MONEY_COLUMN.search(column))


def round_money(columns: list[str], types: list[str], rows: list[tuple]) -> list[tuple]:
    """`rows` with every money column rounded to cents (NULL, NaN and infinities unchanged)."""
    money = [i for i, (c, t) in enumerate(zip(columns, types, strict=True)) if is_money(c, t)]
    if not money:
        return rows

    def rounded(value: Any) -> Any:
        if isinstance(value, float) and math.isfinite(value):
            return cents(value)
        return value

    return [tuple(rounded(v) if i in money else v for i, v in enumerate(row)) for row in rows]


def plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO text, decimals as numbers, NaN/inf as null."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return str(value)


def _unique(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for name in columns:
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return names


def to_json(result: Result) -> str:
    names = _unique(result.columns)
    records = [dict(zip(names, (plain(v) for v in row), strict=True)) for row in result.rows]
    return json.dumps(records, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return json.dumps(plain(value), ensure_ascii=False)
    if isinstance(value, Decimal):
        return str(value)  # exact, as stored
    value = plain(value)
    return "" if value is None else str(value)


def to_csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([_cell(v) for v in row] for row in result.rows)
    return buffer.getvalue()


_NUMERIC = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
)


def to_rich(
    result: Result, max_rows: int | None = None, title: str | None = None, thousands: bool = False
) -> Table:
    """A rich table (NULL shown dimmed; `thousands`: integers as 27,644)."""
    table = Table(title=title, show_lines=False, header_style="bold")
    for name, kind in zip(result.columns, result.types, strict=True):
        numeric = kind.upper().startswith(_NUMERIC)
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    shown = result.rows if max_rows is None else result.rows[:max_rows]
    for row in shown:
        table.add_row(*(_rich_cell(v, thousands) for v in row))
    return table


def _rich_cell(value: Any, thousands: bool) -> str:
    if value is None:
        return "[dim]NULL[/dim]"
    if thousands and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return escape(_cell(value))
