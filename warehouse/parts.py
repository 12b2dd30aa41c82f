"""Monthly parts: the additive aggregates every snapshot sums over its window.

A snapshot's window (the year ending on `as_of`) is a run of whole months plus, unless `as_of`
is a month's last day, a slice of a month at each end. For each whole month the warehouse keeps
its part in `store.part_<name>` (counts per career x geography x skill / level / bucket /
employer / title / name, from `transforms/partials/part_<name>.sql`); `store.months` lists the
months whose parts are current.

- warehouse/months.py keeps the stored months: builds them here, updates them in place for an
  ingested postings file (or drops them when rebuilding is cheaper), drops the months a new
  skills taxonomy makes stale.
- warehouse/fanout.py builds months fanned out, one task per month, from exported inputs.
- warehouse/windows.py makes a snapshot's window: stored months plus its end slices.

This module runs the part models (`compute_parts`): the same SQL computes a stored month, an end
slice and an ingest's delta, so an incremental refresh and a full rebuild sum identical integers
(salary sums are DECIMAL): their tables are identical. Percentiles and medians are not
additive; the models recompute them from `window_salaries`.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb

from transforms.runner import build_order, create, run

PARTS = [
    "careers", "names", "education", "experience", "employers", "titles", "skills", "skill_votes",
]  # fmt: skip
# The part models in the order they run: `part_postings` (the postings of the ranges, which
# every other part reads) first, derived from their `-- inputs:` lines.
PART_MODELS = build_order(["partials/part_postings", *(f"partials/part_{p}" for p in PARTS)])

Range = tuple[date, date, date]  # (part: a month's first day, first day, last day)


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def whole_months(months: list[date]) -> list[Range]:
    """Each month (its first day) as a range covering all its days."""
    return [(m, m, next_month(m) - timedelta(days=1)) for m in months]


def _table_of(model: str) -> str:
    """The temp table a part model fills: `part_postings`, else `slice_<name>`."""
    name = Path(model).name
    return name if name == "part_postings" else "slice_" + name.removeprefix("part_")


def compute_parts(
    con: duckdb.DuckDBPyConnection,
    ranges: list[Range],
    versions: str = "postings",
    links: str = "posting_skills",
) -> None:
    """Run every part model over the postings of `ranges` (part, first day, last day) into the
    temp tables `slice_<name>` (replaced): a whole month, the window's end slices, an ingest's
    versions. The models read the relations named `versions` and `links` (a table or view) as
    the temp views `part_versions` and `part_links`."""
    run(con, "ops/parts#versions_view", versions=versions)
    run(con, "ops/parts#links_view", links=links)
    run(
        con,
        "ops/parts#ranges",
        {"parts": [r[0] for r in ranges], "los": [r[1] for r in ranges],
         "his": [r[2] for r in ranges]},
    )  # fmt: skip
    for model in PART_MODELS:
        create(con, _table_of(model), model)


def drop_computed_parts(con: duckdb.DuckDBPyConnection) -> None:
    """Remove the temp tables and views of `compute_parts` (idempotent)."""
    for name in PARTS:
        run(con, "ops/relations#drop_table", table=f"slice_{name}")
    for table in ("part_ranges", "part_postings"):
        run(con, "ops/relations#drop_table", table=table)
    for view in ("part_versions", "part_links"):
        run(con, "ops/relations#drop_view", view=view)
