"""Deleted rows in the store, and when a checkpoint may reclaim them.

DuckDB keeps a deleted row in its row group; only a checkpoint's vacuum drops it, by merging
consecutive row groups whose live rows fit in fewer (it does nothing for deletes spread thin:
a table with 20% of its rows deleted evenly kept every row group, one with 30% shrank). A
refresh deletes rows every night (a re-versioned posting's old version and links, the rejected
records) and leaves a partly filled row group behind each file, so DuckDB's default, vacuuming
at every checkpoint, rewrote whole row groups of the 131-column `postings` to reclaim little:
most of a nightly checkpoint's time, for a small share of the deleted rows. The store
therefore never vacuums (`max_vacuum_tasks` 0, see warehouse/store.py `connect_store`) unless
deleted rows have piled up past a share of a table.
"""

from __future__ import annotations

import duckdb

from transforms.runner import rows, run

# The tables a refresh deletes from.
RECLAIMED = ("postings", "posting_skills")
# DuckDB's default number of vacuum tasks per checkpoint.
VACUUM_TASKS = 100


def deleted_rows(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """Per table of RECLAIMED that exists: rows stored (deleted ones included: DuckDB's
    `estimated_size`) and rows live."""
    found: dict[str, dict[str, int]] = {}
    for table, stored in rows(con, "ops/storage#stored_rows", [list(RECLAIMED)]):
        ((live,),) = rows(con, "ops/storage#live_rows", table=table)
        found[table] = {"stored": stored, "live": live}
    return found


def checkpoint(con: duckdb.DuckDBPyConnection, vacuum_share: float) -> bool:
    """CHECKPOINT the store, letting DuckDB vacuum only when some table of RECLAIMED has
    more than `vacuum_share` of its stored rows deleted. Returns whether it could vacuum. Call it
    outside a transaction."""
    vacuum = any(
        t["stored"] and (t["stored"] - t["live"]) / t["stored"] > vacuum_share
        for t in deleted_rows(con).values()
    )
    run(con, "ops/storage#set_vacuum_tasks", {"tasks": VACUUM_TASKS if vacuum else 0})
    try:
        run(con, "ops/storage#checkpoint")
    finally:
        run(con, "ops/storage#set_vacuum_tasks", {"tasks": 0})
    return vacuum
