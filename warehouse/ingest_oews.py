"""Ingest one BLS OEWS yearly file (national or state, see sources/oews.py) into
`ops.oews_rows`: it replaces every row of an earlier file of the same level and year.

A rejected row (an OCC_CODE that is not a SOC code, a state file's row whose state is unknown,
a TOT_EMP that is not a whole number or `**`, a wage that is not a number, `*` or `#`) goes to
`ops.quarantine` with its reasons; rows read = loaded + quarantined. Where a file repeats a
geography and OCC_CODE, its later row is the one kept (as a later row is later everywhere in
the contract). A name without level and year, an unknown layout or a repeated column is a
fatal one-line error naming the file."""

from __future__ import annotations

import time

import duckdb

from sources.discover import ExportFile
from sources.oews import read_oews, state_column
from transforms import sql
from warehouse.batches import BatchResult, finish_batch, new_batch_id, quarantine


def ingest_oews(
    con: duckdb.DuckDBPyConnection, export: ExportFile, run_id: str, result: BatchResult
) -> BatchResult:
    """Load the file (its hash already checked as new by the caller); raise CareersError on a
    fatal problem."""
    started = time.perf_counter()
    oews, raw = read_oews(con, export, "raw_oews")
    con.execute("SET VARIABLE oews_level = ?", [oews.level])
    con.execute("SET VARIABLE oews_state_by = ?", [state_column(raw.columns) or ""])
    con.execute(f"CREATE OR REPLACE TEMP TABLE oews_new AS {sql('staging/oews_rows')}")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rejected_rows AS "
        "SELECT _row, reasons FROM oews_new WHERE reasons IS NOT NULL"
    )
    batch_id = new_batch_id(con)
    quarantine(con, raw, "rejected_rows", batch_id, export.name)
    con.execute("DELETE FROM ops.oews_rows WHERE level = ? AND year = ?", [oews.level, oews.year])
    con.execute(
        """
        INSERT INTO ops.oews_rows BY NAME
        SELECT ? AS level, ? AS year, geo_code, occ_code, occ_title, employment,
               employment_suppressed, wage_mean, wage_p10, wage_p25, wage_p50, wage_p75,
               wage_p90, wage_topcoded, getvariable('batch_id') AS _batch_id, _row
        FROM oews_new
        WHERE reasons IS NULL
        QUALIFY row_number() OVER (PARTITION BY geo_code, occ_code ORDER BY _row DESC) = 1
        """,
        [oews.level, oews.year],
    )
    temp = ("raw_oews", "oews_new")
    return finish_batch(con, batch_id, run_id, export, result, raw.rows, started, temp)
