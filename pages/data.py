"""Reading the published file (never the raw exports) for the career pages: opening it
read-only, the geographies, and one snapshot's published rows (`Snapshot`). Every value the
user gives reaches SQL only as a bound parameter (the statements: transforms/queries/pages.sql,
through warehouse.queries).

Lightcast's "Unclassified Specialized Occupation" (99999999) is not a career (the contract's
amendment of issue 22): it gets no page, and is never listed as a similar career. Similar
careers count only with a similarity above 0. Both are applied here as well as in the pipeline,
so the pages follow the contract whichever published file they read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from core.errors import CareersError, first_line
from core.settings import default_warehouse
from warehouse.publish import connect_published
from warehouse.queries import query, read_only_queries

DOCUMENT = "career-page"
VERSION = 1
NATION = "US"
EMPLOYMENT_SINCE = 2016
SKILL_GROUPS = ("baseline", "defining", "necessary", "distinguishing", "salary_boosting")
UNCLASSIFIED = "99999999"  # Lightcast's "Unclassified Specialized Occupation": not a career
UNCLASSIFIED_NAME = "Unclassified Specialized Occupation"


def warehouse_path(warehouse: Path | str | None) -> Path:
    return Path(warehouse) if warehouse else default_warehouse()


def message(exc: BaseException) -> str:
    """An error's message as the user sees it: its first line (DuckDB adds caret diagrams below
    it), or its type when it has none."""
    return first_line(exc) or type(exc).__name__


def connect(warehouse: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """Open the published file read-only, without file-system access for queries.

    Read-only: nothing can write it (and a refresh never waits for us: it builds a copy beside
    the file and swaps it in). No external access: a query cannot ATTACH, COPY TO or read other
    files either, apart from the Parquet files the publication's `postings` view reads. Safe to
    open while a refresh publishes (see warehouse.publish)."""
    path = warehouse_path(warehouse)
    try:  # (a missing file is connect_published's one-line CareersError)
        con = connect_published(path)
        read_only_queries(con)
        return con
    except duckdb.Error as exc:
        raise CareersError(message(exc), path) from None


@dataclass(frozen=True)
class Geo:
    code: str
    name: str

    @property
    def is_nation(self) -> bool:
        return self.code == NATION


def geographies(con: duckdb.DuckDBPyConnection) -> dict[str, Geo]:
    rows = query(con, "pages#geographies")
    return {r["geo_code"]: Geo(r["geo_code"], r["geo_name"]) for r in rows}


# The statements (transforms/queries/pages.sql) a snapshot reads, each with the values it binds
# besides $as_of and $code.
_TABLES: dict[str, dict[str, Any]] = {
    "summary": {},
    "education": {},
    "experience": {},
    "employers": {},
    "titles": {},
    "employment": {"since": EMPLOYMENT_SINCE},
    "wages": {},
    "skill_groups": {},
    "skills_named": {},
    "salary_counts": {},
    "similar": {"unclassified": UNCLASSIFIED},
    "description": {},
}
# Tables a warehouse published by an earlier version may lack (read as no rows).
_ADDED_LATER = frozenset({"description", "wages"})


@dataclass
class Snapshot:
    """The published rows of one snapshot (optionally of one career), grouped for building
    documents: `rows[table][(occupation_code, geo_code)]` (geo_code None for nation-only
    tables)."""

    as_of: date
    geos: dict[str, Geo]
    rows: dict[str, dict[tuple[str, str | None], list[dict]]] = field(default_factory=dict)

    @classmethod
    def load(
        cls, con: duckdb.DuckDBPyConnection, as_of: date, occupation: str | None = None
    ) -> Snapshot:
        snap = cls(as_of, geographies(con))
        for table, extra in _TABLES.items():
            params = {"as_of": as_of, "code": occupation or None, **extra}
            grouped: dict[tuple[str, str | None], list[dict]] = defaultdict(list)
            try:
                found = query(con, f"pages#{table}", params)
            except duckdb.CatalogException:
                if table not in _ADDED_LATER:
                    raise
                found = []  # published before the table existed: its pages say "none"
            for row in found:
                grouped[(row["occupation_code"], row.get("geo_code"))].append(row)
            snap.rows[table] = grouped
        return snap

    def get(self, table: str, code: str, geo: str | None = None) -> list[dict]:
        return self.rows[table].get((code, geo), [])

    def summary(self, code: str, geo: str) -> dict | None:
        found = self.get("summary", code, geo)
        return found[0] if found else None

    def pages(self) -> Iterator[tuple[str, str]]:
        """(career code, geo code) of every page: each career's nation page, then one per
        state with postings. 99999999 (unclassified) is not a career and has none."""
        keys = [k for k in self.rows["summary"] if k[0] != UNCLASSIFIED]
        yield from sorted(keys, key=lambda k: (k[0], k[1] != NATION, k[1] or ""))
