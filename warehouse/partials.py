"""Monthly parts: the additive aggregates every snapshot sums over its window.

A snapshot's window (the year ending on `as_of`) is a run of whole months plus, unless `as_of`
is a month's last day, a slice of a month at each end. For each whole month the warehouse keeps
its part in `store.part_<name>` (counts per career x geography x skill / level / bucket /
employer / title / name, from `transforms/partials/part_<name>.sql`); `store.months` lists the
months whose parts are current.

- `invalidate_months` (called by ingest) drops the parts of the months a file changed: the months
  of the new versions' POSTED and of the versions they replace (a posting can move out of a
  month). A nightly refresh therefore rebuilds only the months its delta touched.
- `prepare_window` builds the missing parts of the window's whole months (appends to the store,
  a few months per pass so memory stays bounded), computes the two end slices fresh (temp tables,
  never stored), and creates the temp views `window_<name>` the career table models sum.

The same SQL computes a stored month and an end slice, so an incremental refresh and a full
rebuild sum identical integers (salary sums are DECIMAL): their tables are identical.
Percentiles and medians are not additive; the models recompute them from `window_salaries`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import duckdb

from transforms import sql

PARTS = [
    "careers", "names", "education", "experience", "employers", "titles", "skills", "skill_votes",
]  # fmt: skip


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass
class WindowPlan:
    """Which stored months and which fresh slices make up the window of `as_of`."""

    as_of: date
    start: date  # first day of the window
    months: list[date] = field(default_factory=list)  # whole months (their first days)
    slices: list[tuple[date, date, date]] = field(default_factory=list)  # (month, first, last)


def plan_window(con: duckdb.DuckDBPyConnection, as_of: date) -> WindowPlan:
    """Split the window of `as_of` into whole months and end slices. The window's first day is
    computed by DuckDB, exactly as the contract states it (`as_of - INTERVAL 1 YEAR < POSTED`)."""
    ((start,),) = con.execute(
        "SELECT (?::DATE - INTERVAL 1 YEAR)::DATE + 1", [as_of.isoformat()]
    ).fetchall()
    plan = WindowPlan(as_of, start)
    month = start.replace(day=1)
    while month <= as_of:
        following = _next_month(month)
        first, last = max(month, start), min(following - timedelta(days=1), as_of)
        if first == month and last == following - timedelta(days=1):
            plan.months.append(month)
        else:
            plan.slices.append((month, first, last))
        month = following
    return plan


def _compute_parts(
    con: duckdb.DuckDBPyConnection, ranges: list[tuple[date, date, date]], into_store: bool
) -> None:
    """Run every part model over the postings of `ranges`: append to `store.part_*`, or replace
    the temp tables `slice_*`."""
    con.execute("CREATE OR REPLACE TEMP TABLE part_ranges (part DATE, lo DATE, hi DATE)")
    if ranges:
        con.executemany("INSERT INTO part_ranges VALUES (?, ?, ?)", [list(r) for r in ranges])
    con.execute(f"CREATE OR REPLACE TEMP TABLE part_postings AS {sql('partials/part_postings')}")
    for name in PARTS:
        model = sql(f"partials/part_{name}")
        if into_store:
            con.execute(f"INSERT INTO store.part_{name} BY NAME {model}")
        else:
            con.execute(f"CREATE OR REPLACE TEMP TABLE slice_{name} AS {model}")


def build_months(
    con: duckdb.DuckDBPyConnection, months: list[date], run_id: str, months_per_pass: int = 3
) -> None:
    """Build and store the parts of `months` (which must have none), `months_per_pass` at a time,
    and record them in store.months (with their postings, 0 for an empty month)."""
    for i in range(0, len(months), max(1, months_per_pass)):
        batch = months[i : i + max(1, months_per_pass)]
        _compute_parts(
            con, [(m, m, _next_month(m) - timedelta(days=1)) for m in batch], into_store=True
        )
        con.execute(
            """
            INSERT INTO store.months
            SELECT r.part, ?::TIMESTAMP, ?, count(p.part)
            FROM part_ranges AS r
            LEFT JOIN part_postings AS p ON p.part = r.part AND p.geo_level = 'nation'
            GROUP BY r.part
            """,
            [datetime.now(UTC).replace(tzinfo=None), run_id],
        )
    con.execute("DROP TABLE IF EXISTS part_postings")


def invalidate_months(con: duckdb.DuckDBPyConnection, months_query: str) -> int:
    """Drop the stored parts of the months `months_query` lists (a SELECT of one DATE column of
    any day in the month). Returns how many built months were dropped."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stale_months AS SELECT DISTINCT "
        f"date_trunc('month', m)::DATE AS part FROM ({months_query}) AS t(m) WHERE m IS NOT NULL"
    )
    ((dropped,),) = con.execute(
        "SELECT count(*) FROM store.months WHERE part IN (SELECT part FROM stale_months)"
    ).fetchall()
    if dropped:
        for name in PARTS:
            con.execute(
                f"DELETE FROM store.part_{name} WHERE part IN (SELECT part FROM stale_months)"
            )
        con.execute("DELETE FROM store.months WHERE part IN (SELECT part FROM stale_months)")
    con.execute("DROP TABLE stale_months")
    return dropped


def prepare_window(
    con: duckdb.DuckDBPyConnection, as_of: date, run_id: str, months_per_pass: int = 3
) -> dict:
    """Make the `window_<name>` views of `as_of` (temp, replaced): build the window's missing
    monthly parts (stored), compute its end slices (not stored), and the `window_salaries` table.
    Returns what was built and reused, with seconds."""
    started = time.perf_counter()
    plan = plan_window(con, as_of)
    built = {r[0] for r in con.execute("SELECT part FROM store.months").fetchall()}
    missing = [m for m in plan.months if m not in built]
    build_months(con, missing, run_id, months_per_pass)
    months_seconds = time.perf_counter() - started

    _compute_parts(con, plan.slices, into_store=False)
    con.execute("DROP TABLE IF EXISTS part_postings")
    con.execute("CREATE OR REPLACE TEMP TABLE window_months (part DATE)")
    if plan.months:
        con.executemany("INSERT INTO window_months VALUES (?)", [[m] for m in plan.months])
    for name in PARTS:
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW window_{name} AS "
            f"SELECT * FROM store.part_{name} WHERE part IN (SELECT part FROM window_months) "
            f"UNION ALL BY NAME SELECT * FROM slice_{name}"
        )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE window_salaries AS {sql('partials/window_salaries')}"
    )
    return {
        "months_built": [m.isoformat() for m in missing],
        "months_reused": len(plan.months) - len(missing),
        "slices": [[lo.isoformat(), hi.isoformat()] for _, lo, hi in plan.slices],
        "seconds_months": months_seconds,
        "seconds": time.perf_counter() - started,
    }


def drop_window(con: duckdb.DuckDBPyConnection) -> None:
    """Remove the temp views and tables of `prepare_window` (idempotent)."""
    for name in PARTS:
        con.execute(f"DROP VIEW IF EXISTS window_{name}")
        con.execute(f"DROP TABLE IF EXISTS slice_{name}")
    for table in ("window_months", "window_salaries", "part_ranges"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
