"""Seed dimensions: small tables shipped with the code (transforms/seeds/)."""

from __future__ import annotations

import duckdb

from transforms import seed_path
from transforms.runner import run


def load_seeds(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the `geographies` dimension from its seed file."""
    run(con, "ops/seeds#geographies", {"path": str(seed_path("geographies"))})
