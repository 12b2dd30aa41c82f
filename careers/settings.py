"""Paths, limits and thresholds in one place; every value can be overridden by environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_warehouse() -> Path:
    """`CAREERS_WAREHOUSE`, else `warehouse/careers.duckdb` under the project root."""
    return Path(os.environ.get("CAREERS_WAREHOUSE", PROJECT_ROOT / "warehouse" / "careers.duckdb"))


def default_landing() -> Path:
    """Where `make run` generates (and the HTTP client will land) export files."""
    return Path(os.environ.get("CAREERS_LANDING", PROJECT_ROOT / "warehouse" / "landing"))


@dataclass(frozen=True)
class Limits:
    """DuckDB resource limits: big aggregations spill to `temp_directory` instead of dying."""

    memory_limit: str = field(default_factory=lambda: os.environ.get("CAREERS_MEMORY_LIMIT", "4GB"))
    threads: int = field(default_factory=lambda: int(os.environ.get("CAREERS_THREADS", "0")))
    # Rows handed to pandera at once: validation never holds a whole export in pandas.
    validate_chunk_rows: int = field(
        default_factory=lambda: int(os.environ.get("CAREERS_VALIDATE_CHUNK_ROWS", "250000"))
    )
