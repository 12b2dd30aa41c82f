"""The monthly-part stages of a build (warehouse/build.py `WarehouseBuild` inherits them):
build the months the snapshots need and lack, in the writer's connection or fanned out one task
per month (warehouse/fanout.py)."""

from __future__ import annotations

import logging
import shutil
from datetime import date
from pathlib import Path

import duckdb

from core.faults import crash_point
from core.periods import Window
from core.settings import Limits, settings
from warehouse.fanout import export_months, load_months
from warehouse.months import build_months_here
from warehouse.publish import spill_dir
from warehouse.report import RunReport
from warehouse.windows import months_to_build

log = logging.getLogger("warehouse.build")


class PartStages:
    """Stages over `self.con` (the store), `self.published`, `self.report`, `self.limits`."""

    con: duckdb.DuckDBPyConnection | None
    published: Path
    report: RunReport
    limits: Limits

    @property
    def exchange(self) -> Path:
        """This run's folder for the monthly-part tasks' Parquet files: under
        `CAREERS_EXCHANGE_DIR` (shared storage every Dask worker sees), else in the private
        spill folder beside the warehouse (removed by every run's clean-up)."""
        root = settings().exchange_dir or spill_dir(self.published)
        return root / f"parts-{self.report.run_id}"

    def _months_lacking(self, windows: list[Window]) -> list[date]:
        return months_to_build(self.con, [window.as_of for window in windows])

    def plan_parts(self, windows: list[Window]) -> list[dict]:
        """Export the inputs of every month the snapshots of `windows` need and lack; one task
        spec per month (for warehouse.fanout.compute_month)."""
        months = self._months_lacking(windows)
        return export_months(
            self.con, months, self.exchange, self.limits.part_memory_limit,
            self.limits.part_threads,
        )  # fmt: skip

    def build_parts_here(self, windows: list[Window]) -> None:
        """Compute and store every month the snapshots of `windows` need and lack, in this
        connection (one transaction; see warehouse.months.build_months_here)."""
        months = self._months_lacking(windows)
        log.info("monthly parts: building %d month(s)", len(months))
        self.con.begin()
        try:
            build_months_here(self.con, months, self.report.run_id, self.limits.part_batch_postings)
            crash_point("parts:computed")
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise

    def load_parts(self, folders: list[str]) -> None:
        """Append the computed months to the store (one transaction), then drop the exchange."""
        self.con.begin()
        try:
            load_months(self.con, folders, self.report.run_id)
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        finally:
            shutil.rmtree(self.exchange, ignore_errors=True)
