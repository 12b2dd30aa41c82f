"""Ingest one postings file: quarantine its rejected rows, merge its valid rows into
`postings` (one current version per ID, the contract's dedupe) and keep `posting_skills` (the
posting x skill link table) in step. Skips a file whose content was ingested before.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from core.errors import CareersError
from core.faults import crash_point
from core.settings import Limits
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
from transforms.runner import create, create_view, insert, render, rows, run
from warehouse.batches import (
    BatchResult,
    already_ingested,
    file_sha256,
    finish_batch,
    install_as_delivered,
    new_batch_id,
    size_ingested,
    stage_rejects,
)
from warehouse.months import apply_delta, count_versions, months_to_update
from warehouse.parquet_store import (
    WrittenBatch,
    batch_folder,
    dedupe,
    place,
    register,
    write_versions,
)
from warehouse.store import StorePaths

# The raw cells whose hash is a record's row key (see ingest_postings): its ID, update times and
# the short cells the row rules read. Records sharing a key are checked to be identical in every
# cell (keys_identify_records), so a key needs no cell for correctness, only to make sharing
# rare. The skill lists are left out: hashing them made both reads of a file markedly slower,
# and versions of a posting differ in their update time anyway.
KEY_COLUMNS = [
    "ID", "LAST_UPDATED_TIMESTAMP", "LAST_UPDATED_DATE", "POSTED", "EXPIRED", "STATE", "SALARY",
    "MIN_YEARS_EXPERIENCE", "EDUCATION_LEVELS",
]  # fmt: skip


# The columns of `postings` (in the store) the career tables read; every export column is in the
# Parquet files (transforms/ops/ingest_postings.sql `create_postings` and `wide_schema`).
NARROW_COLUMNS = [
    "ID", "POSTED", "COMPANY_NAME", "COMPANY_IS_STAFFING", "EDUCATION_LEVELS",
    "MIN_YEARS_EXPERIENCE", "SALARY", "STATE", "TITLE_NAME", "SKILLS", "ONET", "SOC_2021_5",
    "LOT_CAREER_AREA", "LOT_CAREER_AREA_NAME", "LOT_OCCUPATION", "LOT_OCCUPATION_NAME",
    "LOT_SPECIALIZED_OCCUPATION", "LOT_SPECIALIZED_OCCUPATION_NAME", "LOT_OCCUPATION_GROUP",
    "LOT_OCCUPATION_GROUP_NAME",
]  # fmt: skip
LINEAGE_COLUMNS = {"_batch_id": "BIGINT", "_row": "BIGINT", "_updated_at": "TIMESTAMP"}


def ensure_postings_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create `postings` (the narrow columns the career tables read, typed, then the lineage
    columns; see transforms/ops/ingest_postings.sql) and `posting_skills` if absent, and add a
    lineage column an older `postings` lacks (idempotent)."""
    run(con, "ops/ingest_postings#create_postings")
    run(con, "ops/ingest_postings#add_lineage")  # a warehouse built by an earlier version
    run(con, "ops/ingest_postings#create_posting_skills")


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


def _find_rejects(con: duckdb.DuckDBPyConnection, chunk_rows: int) -> pd.DataFrame:
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


def _merge_versions(
    con: duckdb.DuckDBPyConnection,
    export: ExportFile,
    result: BatchResult,
    store: StorePaths,
) -> None:
    """Merge this file's valid versions: per ID the greatest update time wins, a tie goes to the
    later-ingested row (this file over the store, a later row over an earlier one), and a
    missing update time loses to any present one. The winners are written with every column as
    Parquet files (warehouse/parquet_store.py) and their narrow columns appended to `postings`;
    the versions they replace are masked in their files and deleted from `postings`;
    `posting_skills` follows. The rejected records (`rejected_rows`) go to ops.quarantine, read
    in the same pass as the winners. The stored monthly parts of the months it changes are
    updated (or dropped, see warehouse/months.py). Notes in `result` the seconds spent on the
    Parquet write and on the posting x skill links, and the stored months updated."""
    create(con, "merge_rows", "staging/merge_rows")
    # The months this file changes: the months the new versions are posted in, and the months
    # of the versions they replace (a posting may move). Each version counted once out and once
    # in at most: twice the winners.
    ((winners,),) = rows(con, "ops/relations#count_rows", table="merge_rows")
    run(con, "ops/ingest_postings#merge_days")
    update = months_to_update(con, "merge_days", 2 * winners)
    run(con, "ops/relations#drop_view", view="merge_days")
    run(con, "ops/ingest_postings#wanted_rows")
    ((batch_id,),) = rows(con, "ops/build#last_batch_id")
    # The file's second read, parsed straight into Parquet: nothing full-width enters DuckDB.
    started = time.perf_counter()
    create_view(con, "versions_out", "staging/posting_versions", temp=True)
    with read_errors(export):
        written = write_versions(con, batch_folder(store.incoming, batch_id))
    run(con, "ops/relations#drop_view", view="versions_out")
    result.parquet_seconds = time.perf_counter() - started
    crash_point(f"ingest:{export.name}:parquet-written")
    _move_rejected(con, export, written.rejected)
    written = place(written, store.parquet, batch_id)
    if written.files:
        run(con, "ops/ingest_postings#insert_narrow", {"files": written.files})
    _keep_one_copy(con, export, written)
    register(con, written, batch_id)
    if update:
        run(con, "ops/ingest_postings#replaced_versions")
        run(con, "ops/ingest_postings#replaced_links")
        count_versions(con, update, "replaced_versions", "replaced_links", -1)
        run(con, "ops/relations#drop_view", view="replaced_versions")
        run(con, "ops/relations#drop_view", view="replaced_links")
    run(con, "ops/ingest_postings#mask_replaced")
    run(con, "ops/ingest_postings#delete_replaced")
    run(con, "ops/ingest_postings#delete_replaced_links")
    started = time.perf_counter()
    if written.files:
        run(con, "ops/parquet#set_batch_files", {"files": written.files})
        run(con, "ops/ingest_postings#batch_wide")
        if update:
            # Kept aside to count them into the months: probing the whole link table for them
            # is a noticeable share of a nightly. Only then: a full build's files update nothing.
            create(con, "batch_links", "staging/posting_skills", versions="batch_wide")
            run(con, "ops/relations#append", target="posting_skills", source="batch_links")
        else:
            insert(con, "posting_skills", "staging/posting_skills", versions="batch_wide")
        run(con, "ops/relations#drop_view", view="batch_wide")
    result.link_seconds = time.perf_counter() - started
    if update:
        run(con, "ops/ingest_postings#brought_versions")
        if not written.files:
            run(con, "ops/ingest_postings#no_links")
        count_versions(con, update, "brought_versions", "batch_links", +1)
        run(con, "ops/relations#drop_view", view="brought_versions")
        run(con, "ops/relations#drop_table", table="batch_links")
        apply_delta(con, update)
        result.months_updated = [m.isoformat() for m in update]


def _move_rejected(con: duckdb.DuckDBPyConnection, export: ExportFile, files: list[Path]) -> None:
    """Append every rejected record (`rejected_rows`: `_row, reasons`) to ops.quarantine with
    its raw row, which the second read wrote to the Parquet files `files` (one or more
    identical copies per rejected key, under the key's first record number)."""
    if files:
        params = {"file": export.name, "files": [str(p) for p in files]}
        run(con, "ops/ingest_postings#quarantine_rejected", params)
    ((moved,),) = rows(con, "ops/ingest_postings#quarantined")
    ((wanted,),) = rows(con, "ops/relations#count_rows", table="rejected_rows")
    if moved != wanted:  # the file changed between its reads: never load a guess
        raise CareersError(
            f"file changed while it was read ({moved} of {wanted} rejected records found again)",
            export.path,
        )


def _keep_one_copy(
    con: duckdb.DuckDBPyConnection, export: ExportFile, written: WrittenBatch
) -> None:
    """The second read matched each winner by key: identical copies of a record (same key, same
    content) all came in. Keep one per `_row`, in `postings` and in the Parquet files; then
    exactly the winners must be there."""
    ((wanted,),) = rows(con, "ops/relations#count_rows", table="merge_rows")
    ((found,),) = rows(con, "ops/ingest_postings#batch_versions")
    if found > wanted:
        run(con, "ops/ingest_postings#keep_one_copy")
        dedupe(con, written)
        ((found,),) = rows(con, "ops/ingest_postings#batch_versions")
    if found != wanted:  # the file changed between its reads: never load a guess
        raise CareersError(
            f"file changed while it was read ({found} of {wanted} records found again)",
            export.path,
        )


def ingest_postings(
    con: duckdb.DuckDBPyConnection,
    export: ExportFile,
    run_id: str,
    limits: Limits,
    store: StorePaths,
    sha256: str | Callable[[], str] | None = None,
    scratch: Path | None = None,
) -> BatchResult:
    """Ingest one postings file (appends quarantine and batch rows, writes its winners' Parquet
    files into `store`, upserts `postings` and `posting_skills`; in the caller's transaction).
    Raises CareersError on a fatal problem with the file.

    A postings file's cells are never staged whole (a large file is gigabytes of text; a temp
    table that size spills to disk under the memory limit, and writing it cost as much as
    loading `postings`). The file is a view (`open_raw`) read twice, each read parallel and
    only as wide as it needs: the rule cells and row keys (`read_checks`), then the winners in
    full straight into Parquet files together with the rejected records' raw rows
    (`_merge_versions`). A parallel read has no record numbers, so the second read finds
    records by row key: a hash of its ID, update times and short rule cells (KEY_COLUMNS).
    Records sharing a key are checked to be identical in every cell; when some are not, the key
    becomes a hash of every cell. `sha256`: the file's hash, or a function returning it (asked
    only when needed, see below), else computed here. A `.gz` file is first decompressed into
    `scratch` (default: the system's temp folder), as a file removed when done."""
    started = time.perf_counter()
    digest = sha256 if callable(sha256) else (lambda: sha256 or file_sha256(export.path))
    result = BatchResult(export.name, export.kind, "")
    # Equal content means equal size: a file whose size no ingested file had is new, and its
    # reads need not wait for its hash (a run's first file: seconds of hashing a large file,
    # computed ahead in another thread meanwhile). Otherwise the hash decides first.
    if size_ingested(con, export.path.stat().st_size):
        result.sha256 = digest()
        if already_ingested(con, result.sha256):
            result.skipped = True
            return result
    # A .gz file is decompressed once here: DuckDB would gunzip it, in one thread, on each read.
    with decompressed(export, scratch or Path(tempfile.gettempdir())) as readable:
        described = describe_raw(con, readable)
        absent = _check_columns(described, export)  # known columns a variant leaves out: NULL
        result.missing_columns = absent
        result.extra_columns = [c for c in described.columns if c not in KNOWN_COLUMNS]
        raw = open_raw(con, readable, described, "raw_file", absent, KEY_COLUMNS)
        records = read_checks(con, readable)
        if not keys_identify_records(con, readable):
            raw = open_raw(con, readable, described, "raw_file", absent, None)
            records = read_checks(con, readable)
        crash_point(f"ingest:{export.name}:read")

        rejects = _find_rejects(con, limits.validate_chunk_rows)
        stage_rejects(con, rejects)
        batch_id = new_batch_id(con)
        install_as_delivered(con, raw)

        # Every delivered column, known or not, goes into the Parquet files.
        _merge_versions(con, export, result, store)
        crash_point(f"ingest:{export.name}:merged")

    result.sha256 = result.sha256 or digest()
    temp = ("raw_file", "posting_checks", "merge_rows", "wanted_rows")
    return finish_batch(con, batch_id, run_id, export, result, records, started, temp)
