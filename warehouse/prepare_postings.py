"""The per-file half of a postings ingest, which needs nothing of the store: read the file,
check its rows, and write the file's own latest version of each posting with every column as
Parquet, one folder per month of POSTED, with its quarantine rows beside them.

`prepare_postings(spec)` is a plain function of a spec dict, run in its own in-memory DuckDB:
in the writer's process one file after the other, or as one task per file on the flow's task
runner (threads, or Dask workers that see the output folder). The writer then merges the
prepared file into the store in file order (warehouse/ingest_postings.py). Idempotent: it
replaces its output folder.

Output folder: `versions/_part=<YYYY-MM>/*.parquet` (the file's winners, every column),
`winners.parquet` (their `_row, id, updated_at, posted`) and `quarantine.parquet`
(`row_number, reasons, raw_row` of every rejected record, in file order).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

from core.errors import CareersError
from core.faults import crash_point
from schemas.postings import KNOWN_COLUMNS, REQUIRED_COLUMNS, UPDATE_TIME_COLUMNS, PostingRules
from schemas.rules import rejected_rows
from sources.discover import ExportFile
from sources.readers import (
    RawTable,
    decompressed,
    describe_raw,
    drop_temp,
    number_rows,
    open_raw,
    read_errors,
)
from transforms import install_macros
from transforms.runner import create, create_view, render, rows, run
from warehouse.batches import install_as_delivered, stage_rejects
from warehouse.parquet_store import dedupe, write_versions

# The raw cells whose hash is a record's row key (see ingest_postings): its ID, update times and
# the short cells the row rules read. Records sharing a key are checked to be identical in every
# cell (keys_identify_records), so a key needs no cell for correctness, only to make sharing
# rare. The skill lists are left out: hashing them made both reads of a file markedly slower,
# and versions of a posting differ in their update time anyway.
KEY_COLUMNS = [
    "ID", "LAST_UPDATED_TIMESTAMP", "LAST_UPDATED_DATE", "POSTED", "EXPIRED", "STATE", "SALARY",
    "MIN_YEARS_EXPERIENCE", "EDUCATION_LEVELS",
]  # fmt: skip


def _check_columns(raw: RawTable, export: ExportFile) -> list[str]:
    missing = [c for c in REQUIRED_COLUMNS if c not in raw.columns]
    if not any(c in raw.columns for c in UPDATE_TIME_COLUMNS):
        missing.append(" or ".join(UPDATE_TIME_COLUMNS))
    if missing:
        raise CareersError(f"missing required column(s): {', '.join(missing)}", export.path)
    return [c for c in KNOWN_COLUMNS if c not in raw.columns]


def read_checks(con: duckdb.DuckDBPyConnection, export: ExportFile) -> int:
    """The file's first read: its rule cells, parsed, and row keys into temp table
    `posting_checks` (a view over `posting_checks_cells` adding `_row`, the record number:
    the rows are stored in file order). Replaces it; returns the number of records."""
    drop_temp(con, "posting_checks")
    with read_errors(export):
        create(con, "posting_checks_cells", "staging/posting_checks")
    return number_rows(con, RawTable("posting_checks", [], {}, 0)).rows


def keys_identify_records(con: duckdb.DuckDBPyConnection, export: ExportFile) -> bool:
    """True when records sharing a `_key` in `posting_checks` are identical in every cell (or
    no two share one). Reads the file again only when some share a key, and then only hashes
    their content."""
    if not rows(con, "ops/ingest_postings#shared_keys")[0][0]:
        return True
    with read_errors(export):
        differing = rows(con, "ops/ingest_postings#differing_keys")[0][0]
    return differing == 0


def find_rejects(con: duckdb.DuckDBPyConnection, chunk_rows: int) -> pd.DataFrame:
    """Run the pandera row rules over `posting_checks` chunk by chunk; return `_row, reasons`
    of every rejected row."""
    reader = con.sql(render("ops/ingest_postings#rule_cells")).to_arrow_reader(chunk_rows)
    found = [
        rejected_rows(batch.to_pandas(types_mapper=pd.ArrowDtype), PostingRules) for batch in reader
    ]
    found = [frame for frame in found if len(frame)]
    if not found:
        return pd.DataFrame(
            {"_row": pd.Series([], dtype="int64"), "reasons": pd.Series([], dtype=str)}
        )
    return pd.concat(found, ignore_index=True)


def prepare_spec(
    export: ExportFile, batch_id: int, out: Path, memory_limit: str, threads: int,
    chunk_rows: int, scratch: Path | None = None,
) -> dict:  # fmt: skip
    """The task spec of one file for `prepare_postings` (plain values: it may travel to a Dask
    worker)."""
    return {
        "path": str(export.path), "batch_id": batch_id, "out": str(out),
        "memory_limit": memory_limit, "threads": threads, "chunk_rows": chunk_rows,
        "scratch": str(scratch or tempfile.gettempdir()),
    }  # fmt: skip


def _connect(spec: dict, spill: Path) -> duckdb.DuckDBPyConnection:
    config = {"memory_limit": spec["memory_limit"], "temp_directory": str(spill)}
    if spec["threads"]:
        config["threads"] = spec["threads"]
    con = duckdb.connect(config=config)
    install_macros(con)
    return con


def prepare_postings(spec: dict) -> dict:
    """Read, check and write one postings file as the spec says (see the module docstring).
    Returns what the writer needs: the output folder, the Parquet files per month, the rows
    read, the known columns the file lacks and the unknown ones it has, seconds per step.
    Raises CareersError on a fatal problem with the file."""
    export = ExportFile("postings", Path(spec["path"]))
    out, scratch = Path(spec["out"]), Path(spec["scratch"])
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    con = _connect(spec, out / "spill")
    try:
        run(con, "ops/batches#set_batch_id", [spec["batch_id"]])
        # A .gz file is decompressed once here: DuckDB would gunzip it, in one thread, per read.
        with decompressed(export, scratch) as readable:
            described = describe_raw(con, readable)
            absent = _check_columns(described, export)  # known columns a variant lacks: NULL
            raw = open_raw(con, readable, described, "raw_file", absent, KEY_COLUMNS)
            records = read_checks(con, readable)
            if not keys_identify_records(con, readable):
                raw = open_raw(con, readable, described, "raw_file", absent, None)
                records = read_checks(con, readable)
            crash_point(f"ingest:{export.name}:read")
            seconds["read"] = time.perf_counter() - started
            step = time.perf_counter()
            stage_rejects(con, find_rejects(con, spec["chunk_rows"]))
            seconds["validate"] = time.perf_counter() - step
            step = time.perf_counter()
            install_as_delivered(con, raw)
            create(con, "file_winners", "staging/file_winners")
            run(con, "ops/prepare_postings#wanted_rows")
            # The file's second read, straight into Parquet: nothing full-width enters DuckDB.
            create_view(con, "versions_out", "staging/posting_versions", temp=True)
            with read_errors(export):
                written = write_versions(con, out / "versions")
            crash_point(f"ingest:{export.name}:parquet-written")
            _keep_one_copy(con, export, written)
            _write_quarantine(con, export, written.rejected, out / "quarantine.parquet")
            run(con, "ops/prepare_postings#write_winners", {"path": str(out / "winners.parquet")})
            seconds["parquet"] = time.perf_counter() - step
    finally:
        con.close()
        shutil.rmtree(out / "spill", ignore_errors=True)
    return {
        "out": str(out),
        "by_month": {m.isoformat(): [str(p) for p in ps] for m, ps in written.by_month.items()},
        "rows_read": records,
        "missing_columns": absent,
        "extra_columns": [c for c in described.columns if c not in KNOWN_COLUMNS],
        "seconds": seconds,
    }


def _keep_one_copy(con: duckdb.DuckDBPyConnection, export: ExportFile, written) -> None:
    """The second read matched each winner by key: identical copies of a record (same key, same
    content) all came in. Keep one per `_row`; then exactly the winners must be there."""
    files = written.files
    ((wanted,),) = rows(con, "ops/relations#count_rows", table="file_winners")
    found, copies = (0, 0)
    if files:
        ((found, copies),) = rows(con, "ops/prepare_postings#written_rows", {"files": files})
    if copies > found:
        dedupe(con, written)
        copies = found
    if found != wanted or copies != wanted:  # the file changed between its reads
        raise CareersError(
            f"file changed while it was read ({found} of {wanted} records found again)",
            export.path,
        )


def _write_quarantine(
    con: duckdb.DuckDBPyConnection, export: ExportFile, files: list[Path], target: Path
) -> None:
    """Write every rejected record (`rejected_rows`) with its raw row, which the second read
    wrote to `files` (under its key's first record number), to `target`, in file order."""
    ((wanted,),) = rows(con, "ops/relations#count_rows", table="rejected_rows")
    params = {"files": [str(p) for p in files], "path": str(target)}
    if files:
        run(con, "ops/prepare_postings#write_quarantine", params)
    else:
        run(con, "ops/prepare_postings#write_no_quarantine", {"path": str(target)})
    ((moved,),) = rows(con, "ops/prepare_postings#count_file", {"path": str(target)})
    if moved != wanted:  # the file changed between its reads: never load a guess
        raise CareersError(
            f"file changed while it was read ({moved} of {wanted} rejected records found again)",
            export.path,
        )
