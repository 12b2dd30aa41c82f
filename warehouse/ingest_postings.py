"""The writer's half of a postings ingest: merge a prepared file (warehouse/prepare_postings.py)
into the store. Its quarantine rows go to ops.quarantine; its winners' Parquet files are placed
and registered, their narrow columns appended to `postings` (one current version per ID, the
contract's dedupe); replaced versions are masked and deleted; `posting_skills` and the stored
monthly parts follow. `plan_postings` skips a file whose content was ingested before.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from core.errors import CareersError
from core.faults import crash_point
from core.settings import Limits
from sources.discover import ExportFile
from transforms.runner import create, insert, rows, run
from warehouse.batches import (
    BatchResult,
    already_ingested,
    file_sha256,
    finish_batch,
    new_batch_id,
    size_ingested,
)
from warehouse.months import apply_delta, count_versions, months_to_update
from warehouse.parquet_store import WrittenBatch, place, register
from warehouse.prepare_postings import prepare_postings, prepare_spec
from warehouse.store import StorePaths

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


@dataclass
class Planned:
    """The sizes and hashes of the files a run plans to ingest (equal content: equal size)."""

    sizes: set[int] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)


def plan_postings(
    con: duckdb.DuckDBPyConnection,
    export: ExportFile,
    digest: Callable[[], str],
    planned: Planned | None = None,
) -> tuple[BatchResult, int | None]:
    """Whether to ingest `export`: its BatchResult (`skipped` when a file with its content was
    ingested, or is planned earlier in this run: `planned`, updated) and, when not skipped, the
    batch id it will be loaded as (allocated now; an unused one leaves a gap). Equal content
    means equal size: a file whose size no ingested or planned file had is new, and its reads
    need not wait for its hash `digest()` (a run's first file: seconds of hashing a large file,
    computed ahead in another thread meanwhile)."""
    planned = planned or Planned()
    result = BatchResult(export.name, export.kind, "")
    size = export.path.stat().st_size
    if size in planned.sizes or size_ingested(con, size):
        result.sha256 = digest()
        if result.sha256 in planned.hashes or already_ingested(con, result.sha256):
            result.skipped = True
            return result, None
        planned.hashes.add(result.sha256)
    planned.sizes.add(size)
    return result, new_batch_id(con)


def spec_for(
    export: ExportFile,
    batch_id: int,
    store: StorePaths,
    limits: Limits,
    scratch: Path | None,
    exchange: Path | None = None,
) -> dict:
    """The `prepare_postings` task spec of `export`: output under `exchange` (a folder every
    worker sees) when given, else the store's incoming/ folder."""
    out = (exchange or store.incoming) / f"b{batch_id}"
    return prepare_spec(
        export, batch_id, out, limits.memory_limit, limits.threads, limits.validate_chunk_rows,
        scratch,
    )  # fmt: skip


def merge_postings(
    con: duckdb.DuckDBPyConnection,
    export: ExportFile,
    prepared: dict,
    batch_id: int,
    run_id: str,
    store: StorePaths,
    result: BatchResult,
    digest: Callable[[], str],
) -> BatchResult:
    """Merge the prepared file into the store (in the caller's transaction): per ID the
    greatest update time wins, a tie goes to the later-ingested row (this file over the store),
    a missing update time loses to any present one. Appends its quarantine and batch rows; notes
    in `result` the rows and the seconds spent on the posting x skill links and the stored
    months updated. Removes the prepared folder's leftovers when done."""
    started = time.perf_counter()
    out = Path(prepared["out"])
    run(con, "ops/batches#set_batch_id", [batch_id])
    run(con, "ops/ingest_postings#load_prepared", {"path": str(out / "winners.parquet")})
    create(con, "merge_rows", "staging/merge_rows")
    # The months this file changes: the months the new versions are posted in, and the months
    # of the versions they replace (a posting may move). Each version counted once out and once
    # in at most: twice the winners.
    ((winners,),) = rows(con, "ops/relations#count_rows", table="merge_rows")
    run(con, "ops/ingest_postings#merge_days")
    update = months_to_update(con, "merge_days", 2 * winners)
    run(con, "ops/relations#drop_view", view="merge_days")
    quarantine = {"path": str(out / "quarantine.parquet"), "file": export.name}
    run(con, "ops/ingest_postings#quarantine_prepared", quarantine)
    run(con, "ops/ingest_postings#rejected_prepared", {"path": quarantine["path"]})
    by_month = {
        date.fromisoformat(month): [Path(p) for p in paths]
        for month, paths in prepared["by_month"].items()
    }
    written = place(WrittenBatch(by_month, []), store.parquet, batch_id)
    files = {"files": written.files}
    if written.files:
        run(con, "ops/ingest_postings#insert_narrow", files)
        # The file's winners the store holds a newer version of never show.
        run(con, "ops/ingest_postings#mask_losers", files)
    ((found,),) = rows(con, "ops/ingest_postings#batch_versions")
    if found != winners:  # the prepared folder is not what this file's plan made
        raise CareersError(f"prepared versions do not match ({found} of {winners})", export.path)
    register(con, written, batch_id, store.parquet)
    crash_point(f"ingest:{export.name}:placed")
    if update:
        run(con, "ops/ingest_postings#replaced_versions")
        run(con, "ops/ingest_postings#replaced_links")
        count_versions(con, update, "replaced_versions", "replaced_links", -1)
        run(con, "ops/relations#drop_view", view="replaced_versions")
        run(con, "ops/relations#drop_view", view="replaced_links")
    run(con, "ops/ingest_postings#mask_replaced")
    run(con, "ops/ingest_postings#delete_replaced")
    run(con, "ops/ingest_postings#delete_replaced_links")
    step = time.perf_counter()
    _links(con, written, bool(update))
    result.link_seconds = time.perf_counter() - step
    if update:
        run(con, "ops/ingest_postings#brought_versions")
        count_versions(con, update, "brought_versions", "batch_links", +1)
        run(con, "ops/relations#drop_view", view="brought_versions")
        run(con, "ops/relations#drop_table", table="batch_links")
        apply_delta(con, update)
        result.months_updated = [m.isoformat() for m in update]
    crash_point(f"ingest:{export.name}:merged")
    result.missing_columns = prepared["missing_columns"]
    result.extra_columns = prepared["extra_columns"]
    result.parquet_seconds = prepared["seconds"].get("parquet", 0.0)
    result.sha256 = result.sha256 or digest()
    shutil.rmtree(out, ignore_errors=True)
    temp = ("file_winners", "merge_rows")
    records = prepared["rows_read"]
    return finish_batch(con, batch_id, run_id, export, result, records, started, temp)


def _links(con: duckdb.DuckDBPyConnection, written: WrittenBatch, update: bool) -> None:
    """Append the links of the batch's versions to `posting_skills`; with `update`, keep them
    aside as `batch_links` too, to count them into the stored months (probing the whole link
    table for them is a noticeable share of a nightly; a full build's files update nothing)."""
    if not written.files:
        if update:
            run(con, "ops/ingest_postings#no_links")
        return
    run(con, "ops/parquet#set_batch_files", {"files": written.files})
    run(con, "ops/ingest_postings#batch_wide")
    if update:
        create(con, "batch_links", "staging/posting_skills", versions="batch_wide")
        run(con, "ops/relations#append", target="posting_skills", source="batch_links")
    else:
        insert(con, "posting_skills", "staging/posting_skills", versions="batch_wide")
    run(con, "ops/relations#drop_view", view="batch_wide")


def ingest_postings(
    con: duckdb.DuckDBPyConnection,
    export: ExportFile,
    run_id: str,
    limits: Limits,
    store: StorePaths,
    sha256: str | Callable[[], str] | None = None,
    scratch: Path | None = None,
) -> BatchResult:
    """Ingest one postings file here: plan, prepare (in a private DuckDB of this process) and
    merge it, in the caller's transaction. Raises CareersError on a fatal problem with it."""
    digest = sha256 if callable(sha256) else (lambda: sha256 or file_sha256(export.path))
    result, batch_id = plan_postings(con, export, digest)
    if result.skipped:
        return result
    prepared = prepare_postings(spec_for(export, batch_id, store, limits, scratch))
    return merge_postings(con, export, prepared, batch_id, run_id, store, result, digest)
