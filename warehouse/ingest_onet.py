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
from transforms.runner import run
from warehouse.batches import BatchResult, new_batch_id, record_batch, start_batch


def ingest_onet(
    con: duckdb.DuckDBPyConnection, export: ExportFile, run_id: str, sha256: str | None = None
) -> BatchResult:
    """Replace the stored O*NET occupations with the file's; raise CareersError on a bad file."""
    started = time.perf_counter()
    result = start_batch(con, export, sha256)
    if result.skipped:
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
        run(con, "ops/ingest#onet_delete")
        source = {"source": source_text(export.name), "batch_id": batch_id}
        run(con, "ops/ingest#onet_insert", source, frame="onet_file")
    finally:
        con.unregister("onet_file")
    result.rows_read = result.rows_loaded = len(occupations)
    result.seconds = time.perf_counter() - started
    record_batch(con, batch_id, run_id, export, result)
    return result
