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
from transforms.runner import run
from warehouse.batches import BatchResult, finish_batch, new_batch_id, quarantine


def ingest_oews(
    con: duckdb.DuckDBPyConnection, export: ExportFile, run_id: str, result: BatchResult
) -> BatchResult:
    """Load the file (its hash already checked as new by the caller); raise CareersError on a
    fatal problem."""
    started = time.perf_counter()
    oews, raw = read_oews(con, export, "raw_oews")
    run(con, "ops/ingest#oews_level", [oews.level])
    run(con, "ops/ingest#oews_state_by", [state_column(raw.columns) or ""])
    run(con, "staging/oews_rows")
    run(con, "ops/ingest#oews_rejects")
    batch_id = new_batch_id(con)
    quarantine(con, raw, "rejected_rows", batch_id, export.name)
    file = {"level": oews.level, "year": oews.year}
    run(con, "ops/ingest#oews_delete", file)
    run(con, "ops/ingest#oews_insert", file)
    temp = ("raw_oews", "oews_new")
    return finish_batch(con, batch_id, run_id, export, result, raw.rows, started, temp)
