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
from transforms import sql
from warehouse.batches import (
    BatchResult,
    already_ingested,
    file_sha256,
    finish_batch,
    new_batch_id,
    quarantine,
)

YEAR_COLUMN = re.compile(r"^[0-9]{4} JOBS$")


def ingest_employment(
    con: duckdb.DuckDBPyConnection, export: ExportFile, run_id: str, sha256: str | None = None
) -> BatchResult:
    """Upsert the file's cells; raise CareersError on a fatal problem."""
    started = time.perf_counter()
    result = BatchResult(export.name, export.kind, sha256 or file_sha256(export.path))
    if already_ingested(con, result.sha256):
        result.skipped = True
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

    con.execute(f"CREATE OR REPLACE TEMP TABLE employment_new AS {sql('staging/employment_cells')}")
    problems = con.execute(
        "SELECT _row, year_column, cell, area_raw, bad_area FROM employment_new "
        "WHERE bad_cell OR bad_area ORDER BY _row LIMIT 1"
    ).fetchall()
    if problems:
        row, column, cell, area, bad_area = problems[0]
        what = (
            f"unknown area code {area!r}"
            if bad_area
            else (f"{column.title()!r} is {cell!r}, not a job count or <10")
        )
        raise CareersError(f"row {row}: {what}", export.path)

    con.execute(
        "CREATE OR REPLACE TEMP TABLE rejected_rows AS SELECT _row, "
        "'LOT_OCCUPATION is empty' AS reasons FROM raw_employment "
        'WHERE clean("LOT_OCCUPATION") IS NULL'
    )
    batch_id = new_batch_id(con)
    quarantine(con, raw, "rejected_rows", batch_id, export.name)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE employment_winners AS
        SELECT occupation_code, occupation_name, area, area_name, year, jobs, suppressed,
               getvariable('batch_id') AS _batch_id
        FROM employment_new
        WHERE occupation_code IS NOT NULL
        QUALIFY row_number() OVER (
            PARTITION BY occupation_code, area, year ORDER BY _row DESC) = 1
        """
    )
    con.execute(
        """
        DELETE FROM ops.employment_cells AS c USING employment_winners AS w
        WHERE c.occupation_code = w.occupation_code AND c.area = w.area AND c.year = w.year
        """
    )
    con.execute("INSERT INTO ops.employment_cells BY NAME SELECT * FROM employment_winners")
    temp = ("raw_employment", "employment_new", "employment_winners")
    return finish_batch(con, batch_id, run_id, export, result, raw.rows, started, temp)
