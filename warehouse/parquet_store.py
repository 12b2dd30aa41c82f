"""The wide rows as Parquet: every export column of each posting version, in immutable zstd
files under the store's `postings/<YYYY-MM>/`, registered in `ops.parquet_files`.

- An ingest writes a file's winners straight from its second read (`write_versions`), one
  folder per month of POSTED, then moves them into place and registers them in the same
  transaction that loads their narrow columns (`register`). A stop before that commit leaves
  unregistered files, which the next run deletes (`collect_garbage`).
- A replaced version stays in its file and is masked (`ops.masked_versions`, written by the
  ingest); a month whose masked versions pass a share of its rows is compacted into one new
  file (`compact`), the old ones retired.
- A retired file is deleted once `KEEP_PUBLICATIONS` publications have finished since it was
  retired: a reader holding an older publication open keeps reading its files until then.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from core.faults import crash_point
from transforms.runner import rows, run

# The empty file that fixes the published view's columns (see `ensure_schema_file`).
SCHEMA_FILE = "_schema.parquet"
# Publications that must finish after a file is retired before it is deleted.
KEEP_PUBLICATIONS = 2
# Compact a month when its masked versions pass this share of the rows of its live files.
COMPACT_SHARE = 0.2
# Merge a month's small files (the nightlies' deltas) once it has more live files than this:
# above a year of monthly deliveries plus a few weeks of nightlies, so a full build of evenly
# sized deliveries is never rewritten at its own publish (figures: benchmarks/RESULTS.md).
MAX_FILES = 32


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def ensure_schema_file(con: duckdb.DuckDBPyConnection, root: Path) -> Path:
    """Write `root/_schema.parquet` if absent: no rows, every export column typed as the
    versions are (transforms/ops/ingest_postings.sql `wide_schema`). The published view reads
    it first, so its columns are the contract's, in delivery order, even with no posting yet."""
    path = root / SCHEMA_FILE
    if not path.exists():
        root.mkdir(parents=True, exist_ok=True)
        run(con, "ops/ingest_postings#wide_schema")
        partial = path.with_name(f".{SCHEMA_FILE}.partial")
        run(con, "ops/parquet#write_schema_file", {"path": str(partial)})
        run(con, "ops/relations#drop_table", table="postings_wide_schema")
        os.replace(partial, path)
    return path


@dataclass
class WrittenBatch:
    """What `write_versions` wrote for one file: its winners' files per month, and the files of
    its rejected records (raw rows for ops.quarantine; never registered)."""

    by_month: dict[date, list[Path]]
    rejected: list[Path]

    @property
    def files(self) -> list[str]:
        return [str(p) for paths in self.by_month.values() for p in paths]


def write_versions(con: duckdb.DuckDBPyConnection, folder: Path) -> WrittenBatch:
    """Run the file's second read (temp view `versions_out`) into zstd Parquet under `folder`
    (replaced): one sub-folder per month of POSTED, one for the rejected records."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    run(con, "ops/parquet#flush_partitions")
    run(con, "ops/parquet#write_versions", {"path": str(folder)})
    by_month: dict[date, list[Path]] = {}
    rejected: list[Path] = []
    for part in sorted(folder.glob("_part=*")):
        value = part.name.removeprefix("_part=")
        files = sorted(part.glob("*.parquet"))
        if value == "rejected":
            rejected.extend(files)
        else:
            month = datetime.strptime(value, "%Y-%m").date()
            by_month[month] = files
    return WrittenBatch(by_month, rejected)


def place(written: WrittenBatch, root: Path, batch_id: int) -> WrittenBatch:
    """Move the winners' files into `root/<YYYY-MM>/b<batch>-<n>.parquet` (renames, or copies
    from an exchange folder on another file system; the names are new: a batch id is never
    reused). Returns where they are now."""
    placed: dict[date, list[Path]] = {}
    for month, files in written.by_month.items():
        folder = root / month.strftime("%Y-%m")
        folder.mkdir(parents=True, exist_ok=True)
        placed[month] = []
        for n, source in enumerate(files):
            target = folder / f"b{batch_id}-{n}.parquet"
            shutil.move(source, target)
            placed[month].append(target)
    return WrittenBatch(placed, written.rejected)


def register(
    con: duckdb.DuckDBPyConnection, written: WrittenBatch, batch_id: int, root: Path
) -> None:
    """Register the winners' files of batch `batch_id`, placed under `root`, as live (in the
    caller's transaction). The registry holds paths relative to `root`: a store folder moved
    or copied whole keeps working (its next publication's views read the new place)."""
    at = _now()
    for month, files in written.by_month.items():
        params = {"files": [str(p) for p in files], "month": month, "batch_id": batch_id}
        run(con, "ops/parquet#register_files", params | {"at": at, "root": str(root)})


def dedupe(con: duckdb.DuckDBPyConnection, written: WrittenBatch) -> None:
    """Rewrite each winners' file keeping one copy per `_row` (the second read brings every
    identical copy of a record; rare: a file holding exact duplicates)."""
    for path in (p for paths in written.by_month.values() for p in paths):
        partial = path.with_name(f".{path.name}.dedupe")
        run(con, "ops/parquet#dedupe_file", {"source": str(path), "target": str(partial)})
        os.replace(partial, path)


def live_files(con: duckdb.DuckDBPyConnection, root: Path) -> list[str]:
    """The absolute paths of the live files (registered under `root`)."""
    return [str(root / path) for (path,) in rows(con, "ops/parquet#live_files")]


def compact(
    con: duckdb.DuckDBPyConnection,
    root: Path,
    share: float = COMPACT_SHARE,
    max_files: int = MAX_FILES,
) -> list[str]:
    """Compact every month whose masked versions pass `share` of its live rows (all its files,
    and its masks are dropped), and merge the small files of a month holding more than
    `max_files` (its masks stay: those of dropped versions mask nothing any more): the live
    versions of those files into one new file, registered, the old files retired; one
    transaction per month (a stop leaves an unregistered file, deleted by the next run).
    Returns the months compacted (`YYYY-MM`)."""
    done = []
    params = {"share": share, "max_files": max_files}
    for month, files, whole in rows(con, "ops/parquet#months_to_compact", params):
        stamp = _now()
        target = root / month.strftime("%Y-%m") / f"c{stamp:%Y%m%dT%H%M%S%f}.parquet"
        sources = [str(root / path) for path in files]
        run(con, "ops/parquet#compact_month", {"files": sources, "target": str(target)})
        crash_point("compact:written")
        con.begin()
        try:
            run(con, "ops/parquet#register_files",
                {"files": [str(target)], "month": month, "batch_id": 0, "at": stamp,
                 "root": str(root)})  # fmt: skip
            run(con, "ops/parquet#retire_files", {"files": files, "at": stamp})
            if whole:
                run(con, "ops/parquet#unmask_month", {"month": month})
            con.commit()
        except BaseException:
            con.rollback()
            raise
        done.append(month.strftime("%Y-%m"))
    return done


def collect_garbage(con: duckdb.DuckDBPyConnection, root: Path, incoming: Path) -> int:
    """Delete what no publication a reader may hold references: files under `root` that are not
    registered (written by a run that stopped before its commit), and retired files
    `KEEP_PUBLICATIONS` publications old; clears `incoming`. Only call it while holding the
    writer lock. Returns the number of files deleted."""
    shutil.rmtree(incoming, ignore_errors=True)
    known = {str(root / path) for (path,) in rows(con, "ops/parquet#known_files")}
    deleted = 0
    for path in root.glob("*/*.parquet"):
        if str(path) not in known:
            path.unlink(missing_ok=True)
            deleted += 1
    for path in root.glob("*/.*"):  # partial files of a stopped dedupe or compaction
        path.unlink(missing_ok=True)
    keep = {"keep": KEEP_PUBLICATIONS}
    old = [path for (path,) in rows(con, "ops/parquet#deletable_files", keep)]
    if old:
        for path in old:
            (root / path).unlink(missing_ok=True)
        run(con, "ops/parquet#forget_files", {"files": old})
        deleted += len(old)
    return deleted
