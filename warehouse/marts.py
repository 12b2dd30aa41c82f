"""Build one snapshot of the career tables from `postings` (replace-by-as_of, idempotent)."""

from __future__ import annotations

import time
from datetime import date

import duckdb

from schemas.tables import validate_table
from transforms import seed_path, sql

# Published career tables, in build order; each is transforms/<name>.sql.
CAREER_TABLES = [
    "career_summary",
    "career_education",
    "career_experience",
    "career_employers",
    "career_titles",
]


def load_seeds(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the `geographies` dimension from its seed file."""
    con.execute(
        "CREATE OR REPLACE TABLE geographies AS SELECT geo_level, geo_code, "
        "fips::INTEGER AS fips, geo_name FROM read_csv(?, header=true, all_varchar=true)",
        [str(seed_path("geographies"))],
    )


def build_snapshot(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, dict]:
    """Compute every career table for `as_of`, validate each, then replace that snapshot's rows
    (other snapshots are kept). Returns rows and seconds per table."""
    stats: dict[str, dict] = {}
    con.execute("SET VARIABLE as_of = ?::DATE", [as_of.isoformat()])
    started = time.perf_counter()
    con.execute(f"CREATE OR REPLACE TEMP TABLE snapshot_postings AS {sql('staging/snapshot_postings')}")
    stats["snapshot_postings"] = {"seconds": time.perf_counter() - started}
    for table in CAREER_TABLES:
        started = time.perf_counter()
        con.execute(f"CREATE OR REPLACE TEMP TABLE snapshot_new AS {sql(table)}")
        validate_table(table, con.execute("SELECT * FROM snapshot_new").df())
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} AS SELECT * FROM snapshot_new LIMIT 0")
        con.execute(f"DELETE FROM {table} WHERE as_of = ?::DATE", [as_of.isoformat()])
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM snapshot_new")
        rows = con.execute("SELECT count(*) FROM snapshot_new").fetchall()[0][0]
        stats[table] = {"rows": rows, "seconds": time.perf_counter() - started}
    con.execute("DROP TABLE IF EXISTS snapshot_new")
    con.execute("DROP TABLE IF EXISTS snapshot_postings")
    return stats


def create_latest_views(con: duckdb.DuckDBPyConnection) -> None:
    """`latest_<table>`: the newest as_of of each career table (idempotent)."""
    for table in CAREER_TABLES:
        con.execute(
            f"CREATE OR REPLACE VIEW latest_{table} AS SELECT * FROM {table} "
            f"WHERE as_of = (SELECT max(as_of) FROM {table})"
        )
