"""Reads of the published file for the pages and the analyst's tools: named statements in
`transforms/queries/<file>.sql`, run through transforms.runner (values bound, identifiers
quoted by its `quote`, re-exported here as the one quoting helper above transforms)."""

from __future__ import annotations

from typing import Any

import duckdb

from transforms.runner import Params, quote, run

__all__ = ["query", "quote", "read_only_queries"]


def query(
    con: duckdb.DuckDBPyConnection, name: str, params: Params = None, **relations: str
) -> list[dict[str, Any]]:
    """Every row of `transforms/queries/<name>.sql` (`<file>#<statement>`) as a dict, with
    `params` bound and each `{{ key }}` the quoted relation given by keyword."""
    cursor = run(con, f"queries/{name}", params, **relations)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def read_only_queries(con: duckdb.DuckDBPyConnection) -> None:
    """Lock `con` (a published file, opened read-only) so that its queries read no file but
    the Parquet files its `postings` view reads (ops.postings_view_files, recorded by the
    publication itself, so a copied file still names them): no ATTACH, no COPY, no other
    file, and the settings cannot be changed back."""
    paths = []
    if query(con, "catalog#has_file_list")[0]["n"]:  # a publication of the Parquet layout
        paths = [row["path"] for row in query(con, "catalog#publication_files")]
    run(con, "queries/catalog#allow_paths", paths=paths)
    run(con, "queries/catalog#no_external_access")
