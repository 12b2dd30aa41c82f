"""Atomic publication of the warehouse file.

A refresh never writes the published file. It builds a new, private work file beside it from
the store (warehouse/publication.py), then `swap_into_place` swaps the work file into place
with `os.replace`: analysts who hold the old file open keep reading the old snapshot, new
connections see the new one, and a crash at any point leaves the published file exactly as it
was.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from core.errors import CareersError
from core.faults import crash_point


def work_path(published: Path) -> Path:
    return published.with_name(f".{published.name}.building")


def spill_dir(published: Path) -> Path:
    return published.with_name(f".{published.name}.spill")


def _fsync_path(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def writer_lock(published: Path) -> Iterator[None]:
    """Hold the one-writer lock of `published` (non-blocking: a second refresh exits at once)."""
    published.parent.mkdir(parents=True, exist_ok=True)
    lock_file = published.with_name(f".{published.name}.lock")
    with open(lock_file, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CareersError(
                "another refresh is writing this warehouse; try again when it has finished",
                published,
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clean_leftovers(published: Path) -> list[Path]:
    """Remove what an interrupted run left behind (work file, its WAL, spill files).
    Only call while holding the writer lock."""
    removed = []
    work = work_path(published)
    for path in (work, Path(f"{work}.wal"), Path(f"{work}.tmp")):
        if path.exists():
            path.unlink()
            removed.append(path)
    if spill_dir(published).exists():
        shutil.rmtree(spill_dir(published))
        removed.append(spill_dir(published))
    return removed


def swap_into_place(work: Path, published: Path) -> None:
    """Swap the finished work file into place. The caller has CHECKPOINTed and closed it."""
    if Path(f"{work}.wal").exists():
        raise CareersError("work file still has a .wal after its checkpoint; not publishing", work)
    _fsync_path(work)
    crash_point("publish:fsynced")
    os.chmod(work, 0o644)
    crash_point("publish:chmod")
    os.replace(work, published)
    crash_point("publish:replaced")
    _fsync_path(published.parent, directory=True)


def _identity(path: Path) -> tuple[int, int, int, int]:
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def connect_published(
    published: Path, config: dict | None = None, attempts: int = 5
) -> duckdb.DuckDBPyConnection:
    """Open the published file read-only, never across a swap (retries; reads nothing else).

    DuckDB opens a database file by its path three times: to check its magic bytes, to read its
    headers, then for good. A refresh that swaps the file in (`swap_into_place`) between the
    second and third open leaves DuckDB reading the new file through the old file's headers:
    an IO or serialization error, 3 in ~20,000 opens during back-to-back refreshes. So the file's
    identity is taken before and after the open: when it changed, the open is retried; when it
    did not, every open saw one file, and the connection reads that snapshot to the end (it
    holds the file open; a later swap does not reach it). A failure on an unchanged file is
    real and raised."""
    if not published.is_file():
        raise CareersError("no published warehouse file (run `careers refresh` first)", published)
    for _ in range(attempts):
        before = _identity(published)
        try:
            con = duckdb.connect(str(published), read_only=True, config=config or {})
        except duckdb.Error:
            if _identity(published) == before:
                raise
            continue  # swapped while opening: the error says nothing about either file
        if _identity(published) == before:
            return con
        con.close()
    raise CareersError(f"the file was replaced during each of {attempts} opens", published)


def connect_work(published: Path, memory_limit: str, threads: int = 0) -> duckdb.DuckDBPyConnection:
    """Open the work file of `published` (the next publication) for writing, with a memory
    limit and a spill folder.

    DuckDB does not fsync it (`fsync_mode` NONE: no fdatasync at its checkpoints): the work
    file is private and thrown away by any run that does not publish it, and `swap_into_place`
    fsyncs it before the swap, which alone makes the published file durable."""
    spill = spill_dir(published)
    spill.mkdir(mode=0o700, exist_ok=True)
    # No vacuum at checkpoints unless warehouse.storage.checkpoint allows one (see there).
    config = {
        "memory_limit": memory_limit, "temp_directory": str(spill), "fsync_mode": "NONE",
        "max_vacuum_tasks": 0,
    }  # fmt: skip
    if threads:
        config["threads"] = threads
    work = work_path(published)
    created = not work.exists()
    con = duckdb.connect(str(work), config=config)
    if created:
        os.chmod(work, 0o600)  # private until published
    return con
