"""A snapshot's window inputs: which stored months and end slices make up the window of
`as_of` (`plan_window`), and the temp views `window_<name>` (stored months + slices, computed
fresh and never stored) the career table models sum (`prepare_window`)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb

from core.periods import Window
from transforms.runner import create, rows, run
from warehouse.months import build_months_here
from warehouse.parts import PARTS, Range, compute_parts, drop_computed_parts, next_month


@dataclass
class WindowPlan:
    """Which stored months and which fresh slices make up the window of `as_of`."""

    as_of: date
    start: date  # first day of the window
    months: list[date] = field(default_factory=list)  # whole months (their first days)
    slices: list[Range] = field(default_factory=list)  # (month, first, last)


def plan_window(window: Window) -> WindowPlan:
    """Split `window` (its first day as the contract states it: `Window.ending`) into whole
    months and end slices."""
    start, as_of = window.start, window.as_of
    plan = WindowPlan(as_of, start)
    month = start.replace(day=1)
    while month <= as_of:
        following = next_month(month)
        first, last = max(month, start), min(following - timedelta(days=1), as_of)
        if first == month and last == following - timedelta(days=1):
            plan.months.append(month)
        else:
            plan.slices.append((month, first, last))
        month = following
    return plan


def months_to_build(con: duckdb.DuckDBPyConnection, dates: list[date]) -> list[date]:
    """The whole months of the windows of `dates` that have no current parts."""
    built = {r[0] for r in rows(con, "ops/months#built_months")}
    return sorted({m for d in dates for m in plan_window(Window.ending(d)).months} - built)


def prepare_window(con: duckdb.DuckDBPyConnection, window: Window, run_id: str) -> dict:
    """Make the `window_<name>` views of `window` (temp, replaced): build the window's missing
    monthly parts here (stored; normally the run has built them already), compute its end slices
    (not stored), and the `window_salaries` table (it reads the session variables
    `prepare_snapshot` sets). Returns the months this run built and the months reused, with
    seconds."""
    started = time.perf_counter()
    plan = plan_window(window)
    build_months_here(con, months_to_build(con, [window.as_of]), run_id)
    compute_parts(con, plan.slices)
    run(con, "ops/relations#drop_table", table="part_postings")
    run(con, "ops/window#window_months", {"months": plan.months})
    for name in PARTS:
        run(
            con, "ops/window#window_view",
            view=f"window_{name}", store=f"store.part_{name}", slice=f"slice_{name}",
        )  # fmt: skip
    create(con, "window_salaries", "partials/window_salaries")
    built = sorted(
        r[0].isoformat() for r in rows(con, "ops/window#months_built_by", {"run_id": run_id})
    )
    return {
        "months_built": built,
        "months_reused": len(plan.months) - len(built),
        "slices": [[lo.isoformat(), hi.isoformat()] for _, lo, hi in plan.slices],
        "seconds": time.perf_counter() - started,
    }


def drop_window(con: duckdb.DuckDBPyConnection) -> None:
    """Remove the temp views and tables of `prepare_window` (idempotent)."""
    for name in PARTS:
        run(con, "ops/relations#drop_view", view=f"window_{name}")
    drop_computed_parts(con)
    for table in ("window_months", "window_salaries"):
        run(con, "ops/relations#drop_table", table=table)
