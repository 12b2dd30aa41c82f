"""Ingest one O*NET occupation data file (`onet/`, .txt or .xlsx) into `ops.onet_occupations`.

A delivery is a whole O*NET release, so a newer file replaces every row: an occupation O*NET
dropped from its newer release no longer has a description. The file is checked whole before
anything changes (sources/onet.py): a bad file is a one-line CareersError and, the run failing,
nothing is published. No row is ever quarantined. Skips a file whose content was ingested
before, like every ingester; the file is one `ops.batches` row.
"""

from __future__ import annotations

import time

import duckdb
import pandas as pd

from sources.discover import ExportFile
from sources.onet import read_occupations, source_text
from warehouse.batches import (
    BatchResult,
    already_ingested,
    file_sha256,
    new_batch_id,
    record_batch,
)


def ingest_onet(
    con: duckdb.DuckDBPyConnection, export: ExportFile, run_id: str, sha256: str | None = None
) -> BatchResult:
    """Replace the stored O*NET occupations with the file's; raise CareersError on a bad file."""
    started = time.perf_counter()
    result = BatchResult(export.name, export.kind, sha256 or file_sha256(export.path))
    if already_ingested(con, result.sha256):
        result.skipped = True
        return result
    occupations = read_occupations(export.path)
    batch_id = new_batch_id(con)
    frame = pd.DataFrame(
        {
            "onet_code": [o.code for o in occupations],
            "title": pd.Series([o.title for o in occupations], dtype=object),
            "description": pd.Series([o.description for o in occupations], dtype=object),
        }
    )
    con.register("onet_file", frame)
    try:
        con.execute("DELETE FROM ops.onet_occupations")
        con.execute(
            "INSERT INTO ops.onet_occupations "
            "SELECT onet_code, title::VARCHAR, description::VARCHAR, ?, ? FROM onet_file",
            [source_text(export.name), batch_id],
        )
    finally:
        con.unregister("onet_file")
    result.rows_read = result.rows_loaded = len(occupations)
    result.seconds = time.perf_counter() - started
    record_batch(con, batch_id, run_id, export, result)
    return result
