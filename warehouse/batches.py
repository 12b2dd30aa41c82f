"""Bookkeeping shared by every ingester: content hashes, `ops.batches` rows, quarantine rows.

A file is identified by the sha256 of its bytes: a file whose hash is in `ops.batches` has been
ingested and is skipped, whatever its name.
"""

from __future__ import annotations

import hashlib
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from sources.discover import ExportFile
from sources.readers import RawTable, drop_temp
from transforms.runner import quote, rows, run


@dataclass
class BatchResult:
    """What happened to one file (also one `ops.batches` row when ingested)."""

    file_name: str
    kind: str
    sha256: str
    skipped: bool = False
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    seconds: float = 0.0
    link_seconds: float = 0.0  # postings files: building their posting_skills links
    parquet_seconds: float = 0.0  # postings files: their second read, written as Parquet
    months_updated: list[str] = field(default_factory=list)  # stored monthly parts it updated
    vacuumed: bool = False  # the checkpoint after it let DuckDB reclaim deleted rows
    extra_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    top_reasons: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _key(path) -> str:
    """One spelling per file (relative or absolute, through a symlink or not)."""
    return str(Path(path).resolve())


class HashAhead:
    """The sha256 of a run's files, computed one after another in one background thread (in
    the order given), so that hashing the next file, mostly disk reads, overlaps ingesting
    this one; it also leaves the next file in the page cache for DuckDB. hashlib releases the
    GIL. Use as a context manager; leaving cancels the hashes not started."""

    def __init__(self, paths=()) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="sha256-ahead")
        self._futures: dict[str, Future] = {}
        self._seen: set[str] = set()
        self.ahead(paths)

    def ahead(self, paths) -> None:
        """Queue the hashes of `paths` not queued before (each file is hashed once)."""
        for path in paths:
            key = _key(path)
            if key not in self._seen:
                self._seen.add(key)
                self._futures[key] = self._pool.submit(file_sha256, path)

    def sha256(self, path) -> str:
        """The file's hash: the one computed ahead (each is used once), else computed now. A
        file that failed to hash ahead (say it was not there yet) is hashed again, so its
        error, if any, is this call's."""
        future = self._futures.pop(_key(path), None)
        if future is not None:
            try:
                return future.result()
            except OSError:
                pass
        return file_sha256(path)

    def __enter__(self) -> HashAhead:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def already_ingested(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    """Whether a file with this content hash has been ingested."""
    ((n,),) = rows(con, "ops/batches#count_sha256", [sha256])
    return n > 0


def start_batch(
    con: duckdb.DuckDBPyConnection, export: ExportFile, sha256: str | None = None
) -> BatchResult:
    """The file's BatchResult, its hash `sha256` (computed when None), `skipped` when a file
    with that content has been ingested (the ingester then returns it as is)."""
    result = BatchResult(export.name, export.kind, sha256 or file_sha256(export.path))
    result.skipped = already_ingested(con, result.sha256)
    return result


def size_ingested(con: duckdb.DuckDBPyConnection, size: int) -> bool:
    """Whether some ingested file had `size` bytes (no file of another size can have the
    content, so the sha256, of an ingested one)."""
    ((n,),) = rows(con, "ops/batches#count_size", [size])
    return n > 0


def top_reasons(rejects, n: int = 5) -> dict[str, int]:
    """The most frequent single reasons among rejected rows (`reasons` joined by '; ')."""
    if not len(rejects):
        return {}
    counts = rejects["reasons"].str.split("; ").explode().value_counts().head(n)
    return {str(reason): int(count) for reason, count in counts.items()}


def new_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    ((batch_id,),) = rows(con, "ops/batches#next_batch_id")
    run(con, "ops/batches#set_batch_id", [batch_id])
    return batch_id


def quarantine(
    con: duckdb.DuckDBPyConnection, raw: RawTable, rejects: str, batch_id: int, file_name: str
) -> None:
    """Append the rows of `raw` listed in table `rejects` (`_row, reasons`) to ops.quarantine,
    each with the whole row as delivered (original column names and text; a JSON record as
    is)."""
    params = {"batch_id": batch_id, "file_name": file_name}
    if list(raw.delivered) == ["RECORD"]:
        run(con, "ops/batches#quarantine_records", params, raw=raw.table, rejects=rejects)
        return
    params |= {"names": list(raw.delivered.values()), "columns": list(raw.delivered)}
    run(con, "ops/batches#quarantine", params, raw=raw.table, rejects=rejects)


def install_as_delivered(con: duckdb.DuckDBPyConnection, raw: RawTable) -> None:
    """(Re)create temp macro `raw_row_as_delivered(r)`: for a row `r` of `raw` (a table alias
    passed whole), the record as delivered, as `quarantine` stores it. For a query that picks
    the rows to render inside its own SELECT (see staging/posting_versions.sql).

    The macro names each delivered column (`r."UPPER"`): a static body reading `r` whole
    (`to_json(r)`) would make every query of an `open_raw` view compute its `_content_key` for
    every row, which slowed the postings' second read measurably."""
    if list(raw.delivered) == ["RECORD"]:
        run(con, "ops/batches#as_delivered_record_macro")
        return
    pairs = ", ".join(f"{quote(n)} := r.{quote(u)}" for u, n in raw.delivered.items())
    con.execute(
        f"CREATE OR REPLACE TEMP MACRO raw_row_as_delivered(r) AS to_json(struct_pack({pairs}))"
    )


def stage_rejects(con: duckdb.DuckDBPyConnection, rejects) -> None:
    """Make the `_row, reasons` DataFrame of rejected rows the temp table `rejected_rows`."""
    con.register("rejects_df", rejects)
    try:
        run(con, "ops/batches#stage_rejects", frame="rejects_df")
    finally:
        con.unregister("rejects_df")


def finish_batch(
    con: duckdb.DuckDBPyConnection,
    batch_id: int,
    run_id: str,
    export: ExportFile,
    result: BatchResult,
    rows_read: int,
    started: float,
    temp_tables: tuple[str, ...],
) -> BatchResult:
    """Count the file (read = loaded + rows in `rejected_rows`), record its `ops.batches` row,
    drop the ingester's temp tables."""
    rejected = run(con, "ops/batches#rejected_reasons").df()
    result.rows_read = rows_read
    result.rows_quarantined = len(rejected)
    result.rows_loaded = rows_read - len(rejected)
    result.top_reasons = top_reasons(rejected)
    result.seconds = time.perf_counter() - started
    record_batch(con, batch_id, run_id, export, result)
    for table in ("rejected_rows", *temp_tables):
        drop_temp(con, table)
    return result


def record_batch(
    con: duckdb.DuckDBPyConnection,
    batch_id: int,
    run_id: str,
    export: ExportFile,
    result: BatchResult,
) -> None:
    """Append the file's `ops.batches` row (rows read = loaded + quarantined is a CHECK)."""
    run(
        con,
        "ops/batches#record_batch",
        [batch_id, run_id, export.kind, export.name, str(export.path), export.format,
         result.sha256, export.path.stat().st_size, result.rows_read, result.rows_loaded,
         result.rows_quarantined, result.extra_columns, result.missing_columns,
         datetime.now(UTC).replace(tzinfo=None), result.seconds],
    )  # fmt: skip
