"""The writer's store: one DuckDB file updated in place, and the Parquet files of the wide rows.

Beside the published file `careers.duckdb` lives the folder `careers.store/`:

- `state.duckdb`: what the refreshes build on (the narrow `postings` columns the career tables
  read, `posting_skills`, the monthly parts, every snapshot of the career tables, the ops
  tables). Only the writer opens it; each stage commits into it (DuckDB's WAL makes a commit
  atomic), so a run copies nothing whole.
- `postings/<YYYY-MM>/*.parquet`: every export column of each posting's versions, immutable
  (warehouse/parquet_store.py).
- `incoming/`: a file's Parquet output before its transaction registers it (cleared by every
  run).

The published file is rebuilt from the store at each publish (warehouse/publication.py): the
career tables, dimensions and ops tables, and views over exactly the Parquet files it lists.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.errors import CareersError
from transforms.runner import rows, run


def store_dir(published: Path) -> Path:
    """The store folder of `published` (`careers.store/` beside `careers.duckdb`)."""
    return published.with_name(f"{published.stem}.store")


def store_db(published: Path) -> Path:
    return store_dir(published) / "state.duckdb"


def parquet_root(published: Path) -> Path:
    """Where the wide rows' Parquet files live, one folder per month."""
    return store_dir(published) / "postings"


def incoming_dir(published: Path) -> Path:
    """Where an ingest writes its Parquet files before they are registered."""
    return store_dir(published) / "incoming"


@dataclass(frozen=True)
class StorePaths:
    """Where an ingest puts its Parquet files: `parquet` (the live files, one folder per month)
    and `incoming` (a file's output before it is registered)."""

    parquet: Path
    incoming: Path

    @classmethod
    def of(cls, published: Path) -> StorePaths:
        return cls(parquet_root(published), incoming_dir(published))


def _published_reads_a_store(published: Path) -> bool:
    """Whether `published` was built from a store (its `postings` is a view over the store's
    Parquet files), not by the layout before the store (its whole state in the one file)."""
    con = duckdb.connect(str(published), read_only=True)
    try:
        return bool(rows(con, "ops/store#postings_is_view")[0][0])
    finally:
        con.close()


def ensure_store(published: Path) -> Path:
    """The store database of `published`, created if absent. A warehouse published by the
    layout before the store (its whole state in the published file) is copied into the store
    once; the upgrades then move its wide rows to Parquet (warehouse/upgrades.py). Only call it
    while holding the writer lock."""
    db = store_db(published)
    if db.exists():
        return db
    store_dir(published).mkdir(mode=0o755, parents=True, exist_ok=True)
    if published.exists():
        if _published_reads_a_store(published):
            raise CareersError(
                f"the store folder {store_dir(published)} is missing: the published file's "
                "`postings` view reads its Parquet files; restore the folder or rebuild from "
                "the exports into a new warehouse",
                published,
            )
        partial = db.with_name(f"{db.name}.copying")
        shutil.copyfile(published, partial)
        os.replace(partial, db)
    return db


def connect_store(
    published: Path, memory_limit: str, spill: Path, threads: int = 0
) -> duckdb.DuckDBPyConnection:
    """Open the store of `published` for writing (in place), with a memory limit and a spill
    folder. No vacuum at checkpoints unless warehouse.storage.checkpoint lets it."""
    db = ensure_store(published)
    spill.mkdir(mode=0o700, exist_ok=True)
    config = {"memory_limit": memory_limit, "temp_directory": str(spill), "max_vacuum_tasks": 0}
    if threads:
        config["threads"] = threads
    return duckdb.connect(str(db), config=config)


def sync_runs(con: duckdb.DuckDBPyConnection, published: Path) -> int:
    """Copy into the store's `ops.runs` the runs the published file records and the store lacks
    (a run is recorded in the publication it builds, and in the store just after its swap: a
    stop in between leaves it in the published file only). Returns how many were copied."""
    if not published.exists():
        return 0
    run(con, "ops/store#attach_published", {"path": str(published)})
    try:
        ((copied,),) = rows(con, "ops/store#copy_missing_runs")
    finally:
        run(con, "ops/store#detach_published")
    return copied
