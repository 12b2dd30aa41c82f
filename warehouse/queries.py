"""Reads of the published file for the pages and the analyst's tools: named statements in
`transforms/queries/<file>.sql`, run through transforms.runner (values bound, identifiers
quoted by its `quote`, re-exported here as the one quoting helper above transforms)."""

from __future__ import annotations

from typing import Any

import duckdb

from transforms.runner import Params, quote, run

__all__ = ["query", "quote"]


def query(
    con: duckdb.DuckDBPyConnection, name: str, params: Params = None, **relations: str
) -> list[dict[str, Any]]:
    """Every row of `transforms/queries/<name>.sql` (`<file>#<statement>`) as a dict, with
    `params` bound and each `{{ key }}` the quoted relation given by keyword."""
    cursor = run(con, f"queries/{name}", params, **relations)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
