"""Idempotent upgrades of a warehouse built by an earlier version of the pipeline, run right
after `schema.sql` on every build. Each brings one table to what `schema.sql` now creates and
does nothing when it already is."""

from __future__ import annotations

from pathlib import Path

import duckdb

from transforms.runner import rows, run
from warehouse.store import StorePaths

SCHEMA_SQL = Path(__file__).with_name("schema.sql")


def _table_sql(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> str | None:
    found = rows(con, "ops/upgrades#table_sql", [schema, table])
    return found[0][0] if found else None


def zstd_quarantine(con: duckdb.DuckDBPyConnection) -> bool:
    """Rebuild `ops.quarantine` with its `raw_row` column zstd-compressed (see schema.sql) when
    it was created without; its rows are kept as they are. True when it rebuilt the table."""
    sql = _table_sql(con, "ops", "quarantine")
    if sql is None or "USING COMPRESSION ZSTD" in sql.upper():
        return False
    run(con, "ops/upgrades#quarantine_aside")
    con.execute(SCHEMA_SQL.read_text())  # creates the table again, as it is now
    run(con, "ops/upgrades#quarantine_back")
    run(con, "ops/upgrades#drop_quarantine_aside")
    return True


def staffing_counts(con: duckdb.DuckDBPyConnection) -> bool:
    """Recreate `store.part_employers` with `staffing_postings` (a count) where it had
    `is_staffing` (a flag, which a replaced posting cannot be counted out of), and drop every
    stored month so that the next snapshot rebuilds them all from `postings`. True when it
    changed something."""
    ((old,),) = rows(con, "ops/upgrades#has_is_staffing")
    if not old:
        return False
    from warehouse.parts import PARTS  # parts imports nothing from here

    run(con, "ops/upgrades#drop_part_employers")
    con.execute(SCHEMA_SQL.read_text())  # creates the table again, as it is now
    for name in PARTS:
        run(con, "ops/upgrades#empty_part", part=f"store.part_{name}")
    run(con, "ops/upgrades#empty_months")
    return True


def unclassified_careers(con: duckdb.DuckDBPyConnection) -> bool:
    """Drop the stored months whose parts count Lightcast's `99999999` ("Unclassified
    Specialized Occupation") as a career, as parts built before the contract's amendment did
    (it now counts those postings in no career: transforms/partials/part_postings.sql). The next
    snapshot rebuilds them from `postings`. True when it dropped any."""
    from transforms.runner import run
    from warehouse.months import invalidate_months  # months imports nothing from here

    run(con, "ops/months#unclassified_days")
    dropped = invalidate_months(con, "unclassified_days")
    run(con, "ops/relations#drop_view", view="unclassified_days")
    return dropped > 0


def wide_postings(con: duckdb.DuckDBPyConnection, store: StorePaths) -> bool:
    """Move the wide rows of a `postings` table holding every export column (the layout before
    the store) into the store's Parquet files, one per month, and keep only the narrow columns
    in the table (transforms/ops/ingest_postings.sql `create_postings`). Versions without
    lineage get batch 0 and their row id. True when it moved them."""
    ((wide,),) = rows(con, "ops/upgrades#postings_is_wide")
    if not wide:
        return False
    from warehouse.parquet_store import ensure_schema_file, place, register, write_versions

    ensure_schema_file(con, store.parquet)
    run(con, "ops/upgrades#lineage_for_unversioned")
    run(con, "ops/upgrades#versions_out_of_postings")
    written = write_versions(con, store.incoming / "upgrade")
    run(con, "ops/relations#drop_view", view="versions_out")
    con.begin()
    try:
        register(con, place(written, store.parquet, 0), 0, store.parquet)
        run(con, "ops/upgrades#narrow_postings")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return True


def apply_schema(con: duckdb.DuckDBPyConnection, store: StorePaths | None = None) -> list[str]:
    """Create what `schema.sql` creates (idempotent), then bring an older warehouse's tables to
    it (`upgrade`; with `store`, also its wide rows). Returns the upgrades that changed
    something."""
    con.execute(SCHEMA_SQL.read_text())
    return upgrade(con, store)


def upgrade(con: duckdb.DuckDBPyConnection, store: StorePaths | None = None) -> list[str]:
    """Run every upgrade (idempotent); the names of those that changed something."""
    done = []
    if store is not None and wide_postings(con, store):
        done.append("wide_postings")
    if zstd_quarantine(con):
        done.append("zstd_quarantine")
    if staffing_counts(con):
        done.append("staffing_counts")
    if unclassified_careers(con):
        done.append("unclassified_careers")
    return done
