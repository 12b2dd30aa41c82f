"""Ingest one employment export (the wide Analyst-style table) into `ops.employment_cells`:
a newer file replaces the (occupation, area, year) cells it has, others stand. Rows without an
occupation go to quarantine; no year column, an unknown area or an unreadable cell is a fatal
error naming the file. Skips a file whose content was ingested before. A BLS OEWS yearly file
in `employment/` (an .xlsx, or a CSV named or shaped like one) goes to warehouse/ingest_oews.py."""

from __future__ import annotations

import re
import time

import duckdb

from core.errors import CareersError
from sources.discover import ExportFile
from sources.oews import is_oews
from sources.readers import add_text_columns, read_raw
from transforms.runner import rows, run
from warehouse.batches import BatchResult, finish_batch, new_batch_id, quarantine, start_batch

YEAR_COLUMN = re.compile(r"^[0-9]{4} JOBS$")


def ingest_employment(
    con: duckdb.DuckDBPyConnection, export: ExportFile, run_id: str, sha256: str | None = None
) -> BatchResult:
    """Upsert the file's cells; raise CareersError on a fatal problem."""
    started = time.perf_counter()
    result = start_batch(con, export, sha256)
    if result.skipped:
        return result
    if is_oews(con, export):
        from warehouse.ingest_oews import ingest_oews

        return ingest_oews(con, export, run_id, result)
    if export.format != "csv":
        raise CareersError("employment export must be CSV (.csv or .csv.gz)", export.path)
    raw = read_raw(con, export, "raw_employment")
    if missing := [c for c in ("LOT_OCCUPATION", "AREA") if c not in raw.columns]:
        raise CareersError(f"missing required column(s): {', '.join(missing)}", export.path)
    if not any(YEAR_COLUMN.match(c) for c in raw.columns):
        raise CareersError("no year columns (expected columns like '2024 Jobs')", export.path)
    optional = ("LOT_OCCUPATION_NAME", "AREA_NAME")
    add_text_columns(con, raw, [c for c in optional if c not in raw.columns])

    run(con, "staging/employment_cells")
    problems = rows(con, "ops/ingest#employment_problem")
    if problems:
        row, column, cell, area, bad_area = problems[0]
        what = (
            f"unknown area code {area!r}"
            if bad_area
            else (f"{column.title()!r} is {cell!r}, not a job count or <10")
        )
        raise CareersError(f"row {row}: {what}", export.path)

    run(con, "ops/ingest#employment_rejects")
    batch_id = new_batch_id(con)
    quarantine(con, raw, "rejected_rows", batch_id, export.name)
    run(con, "ops/ingest#employment_upsert")
    temp = ("raw_employment", "employment_new", "employment_winners")
    return finish_batch(con, batch_id, run_id, export, result, raw.rows, started, temp)
