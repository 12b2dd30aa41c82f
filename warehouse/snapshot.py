"""Build the published tables: one snapshot of the career tables from the window's parts
(replace-by-as_of, idempotent), and the dimensions (rebuilt whole at each publish). Each table
is the model `transforms/marts/<name>.sql`."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import duckdb

from core.faults import crash_point
from core.periods import Window
from core.settings import SkillGroupRules
from schemas.tables import validate_table
from transforms.runner import build_order, create, run
from warehouse.windows import prepare_window

# The published career tables, in the order runs report them; they are built in the order
# their models' `-- inputs:` lines require (`build_order`, ties in this order).
PUBLISHED = (
    "career_summary", "career_education", "career_experience", "career_employers",
    "career_titles", "career_skills", "career_skill_groups", "career_similar",
    "career_employment", "career_description", "career_wages",
)  # fmt: skip
CAREER_TABLES = [Path(m).name for m in build_order(f"marts/{t}" for t in PUBLISHED)]
# Dimensions: no as_of, rebuilt from the current state at each publish.
DIMENSIONS = ["occupations", "skills"]


def prepare_snapshot(
    con: duckdb.DuckDBPyConnection,
    window: Window,
    run_id: str = "",
    rules: SkillGroupRules | None = None,
) -> dict:
    """Set the snapshot's session variables (`as_of`, `window_start`: the window, once; the skill
    group thresholds) and build its window inputs (temp tables and views, see
    warehouse/windows.py). Call it outside a transaction: DuckDB scans temp tables created in an
    open transaction about half as fast. Returns what `prepare_window` reports."""
    run(con, "ops/snapshot#set_as_of", {"as_of": window.as_of})
    run(con, "ops/snapshot#set_window_start", {"start": window.start})
    for name, value in dataclasses.asdict(rules or SkillGroupRules.from_env()).items():
        run(con, "ops/snapshot#set_rule", {"value": value}, rule=name)
    return prepare_window(con, window, run_id)


def build_snapshot(con: duckdb.DuckDBPyConnection, window: Window) -> dict[str, dict]:
    """Compute every career table for `as_of` from the window `prepare_snapshot` made, validate
    each, then replace that snapshot's rows (other snapshots are kept). Returns rows and seconds
    per table, in the order of PUBLISHED."""
    stats: dict[str, dict] = {}
    for table in CAREER_TABLES:
        started = time.perf_counter()
        create(con, "snapshot_new", f"marts/{table}")
        computed = run(con, "ops/relations#select_all", table="snapshot_new").df()
        validate_table(table, computed)
        run(con, "ops/relations#create_like", table=table, source="snapshot_new")
        run(con, "ops/snapshot#delete_snapshot", {"as_of": window.as_of}, table=table)
        crash_point(f"snapshot:{window.as_of}:{table}")
        run(con, "ops/relations#append", target=table, source="snapshot_new")
        stats[table] = {"rows": len(computed), "seconds": time.perf_counter() - started}
    run(con, "ops/relations#drop_table", table="snapshot_new")
    return {table: stats[table] for table in PUBLISHED}


def build_dimensions(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Rebuild each dimension from the current postings and taxonomy, validated (replaces)."""
    stats: dict[str, dict] = {}
    for table in DIMENSIONS:
        started = time.perf_counter()
        create(con, "dimension_new", f"marts/{table}")
        computed = run(con, "ops/relations#select_all", table="dimension_new").df()
        validate_table(table, computed)
        run(con, "ops/relations#replace_table", table=table, source="dimension_new")
        stats[table] = {"rows": len(computed), "seconds": time.perf_counter() - started}
    run(con, "ops/relations#drop_table", table="dimension_new")
    return stats


def create_latest_views(con: duckdb.DuckDBPyConnection) -> None:
    """`latest_<table>`: the newest as_of of each career table (idempotent)."""
    for table in PUBLISHED:
        run(con, "ops/snapshot#latest_view", view=f"latest_{table}", table=table)
