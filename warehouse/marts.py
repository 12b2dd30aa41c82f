"""Build the published tables: one snapshot of the career tables from `postings`
(replace-by-as_of, idempotent), and the dimensions (rebuilt whole at each publish)."""

from __future__ import annotations

import dataclasses
import time

import duckdb

from core.faults import crash_point
from core.periods import Window
from core.settings import SkillGroupRules
from schemas.tables import validate_table
from transforms import seed_path, sql
from warehouse.partials import prepare_window

# Published career tables, in build order; each is transforms/<name>.sql.
CAREER_TABLES = [
    "career_summary",
    "career_education",
    "career_experience",
    "career_employers",
    "career_titles",
    "career_skills",
    "career_skill_groups",  # reads this snapshot's career_skills
    "career_similar",  # reads this snapshot's career_summary and career_skills
    "career_employment",  # reads this snapshot's career_summary
    "career_description",  # reads this snapshot's career_summary
    "career_wages",  # reads this snapshot's career_summary
]
# Dimensions: no as_of, rebuilt from the current state at each publish.
DIMENSIONS = ["occupations", "skills"]


def load_seeds(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the `geographies` dimension from its seed file."""
    con.execute(
        "CREATE OR REPLACE TABLE geographies AS SELECT geo_level, geo_code, "
        "fips::INTEGER AS fips, geo_name FROM read_csv(?, header=true, all_varchar=true)",
        [str(seed_path("geographies"))],
    )


def prepare_snapshot(
    con: duckdb.DuckDBPyConnection,
    window: Window,
    run_id: str = "",
    rules: SkillGroupRules | None = None,
) -> dict:
    """Set the snapshot's variables and build its window inputs (temp tables and views, see
    warehouse/partials.py). Call it outside a transaction: DuckDB scans temp tables created in an
    open transaction about half as fast. Returns what `prepare_window` reports."""
    con.execute("SET VARIABLE as_of = ?::DATE", [window.as_of.isoformat()])
    for name, value in dataclasses.asdict(rules or SkillGroupRules.from_env()).items():
        con.execute(f"SET VARIABLE {name} = ?", [value])
    return prepare_window(con, window, run_id)


def build_snapshot(con: duckdb.DuckDBPyConnection, window: Window) -> dict[str, dict]:
    """Compute every career table for `as_of` from the window `prepare_snapshot` made, validate
    each, then replace that snapshot's rows (other snapshots are kept). Returns rows and seconds
    per table."""
    stats: dict[str, dict] = {}
    for table in CAREER_TABLES:
        started = time.perf_counter()
        con.execute(f"CREATE OR REPLACE TEMP TABLE snapshot_new AS {sql(table)}")
        validate_table(table, con.execute("SELECT * FROM snapshot_new").df())
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} AS SELECT * FROM snapshot_new LIMIT 0")
        con.execute(f"DELETE FROM {table} WHERE as_of = ?::DATE", [window.as_of.isoformat()])
        crash_point(f"snapshot:{window.as_of}:{table}")
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM snapshot_new")
        rows = con.execute("SELECT count(*) FROM snapshot_new").fetchall()[0][0]
        stats[table] = {"rows": rows, "seconds": time.perf_counter() - started}
    con.execute("DROP TABLE IF EXISTS snapshot_new")
    return stats


def build_dimensions(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Rebuild each dimension from the current postings and taxonomy, validated (replaces)."""
    stats: dict[str, dict] = {}
    for table in DIMENSIONS:
        started = time.perf_counter()
        con.execute(f"CREATE OR REPLACE TEMP TABLE dimension_new AS {sql(table)}")
        validate_table(table, con.execute("SELECT * FROM dimension_new").df())
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM dimension_new")
        rows = con.execute("SELECT count(*) FROM dimension_new").fetchall()[0][0]
        stats[table] = {"rows": rows, "seconds": time.perf_counter() - started}
    con.execute("DROP TABLE IF EXISTS dimension_new")
    return stats


def create_latest_views(con: duckdb.DuckDBPyConnection) -> None:
    """`latest_<table>`: the newest as_of of each career table (idempotent)."""
    for table in CAREER_TABLES:
        con.execute(
            f"CREATE OR REPLACE VIEW latest_{table} AS SELECT * FROM {table} "
            f"WHERE as_of = (SELECT max(as_of) FROM {table})"
        )
