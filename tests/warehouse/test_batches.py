"""Content hashes computed ahead of ingest (warehouse.batches.HashAhead)."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from warehouse import batches
from warehouse.batches import HashAhead


def test_hashes_ahead_in_order_each_once(tmp_path, monkeypatch):
    files = [tmp_path / f"{i}.csv" for i in range(3)]
    for i, path in enumerate(files):
        path.write_bytes(f"file {i}\n".encode() * (i + 1))
    seen: list[tuple[str, str]] = []
    real = batches.file_sha256

    def recording(path):
        seen.append((path.name, threading.current_thread().name))
        return real(path)

    monkeypatch.setattr(batches, "file_sha256", recording)
    with HashAhead(files) as hashes:
        got = [hashes.sha256(path) for path in files]
        assert got == [hashlib.sha256(p.read_bytes()).hexdigest() for p in files]
        assert [name for name, _ in seen] == ["0.csv", "1.csv", "2.csv"]
        assert all(thread.startswith("sha256-ahead") for _, thread in seen)
        # Used once: asking again (a retried ingest) hashes the file now, in this thread.
        assert hashes.sha256(files[0]) == got[0]
        assert seen[-1] == ("0.csv", threading.current_thread().name)


def test_a_file_that_failed_to_hash_ahead_is_hashed_again(tmp_path):
    path = tmp_path / "a.csv"
    missing = tmp_path / "gone.csv"
    path.write_bytes(b"old")
    with HashAhead([missing, path]) as hashes:
        hashes.sha256(path)  # both done
        missing.write_bytes(b"arrived late")  # failed ahead (absent), present now
        assert hashes.sha256(missing) == hashlib.sha256(b"arrived late").hexdigest()
        with pytest.raises(FileNotFoundError):  # still failing: the error is the caller's
            hashes.sha256(tmp_path / "never.csv")


def test_files_queued_twice_are_hashed_once(tmp_path, monkeypatch):
    """execute() queues a local folder's files before the build copies the warehouse, then
    the discovered files again (maybe spelled differently): each is still hashed once."""
    path = tmp_path / "a.csv"
    path.write_bytes(b"rows")
    seen: list[str] = []
    real = batches.file_sha256
    monkeypatch.setattr(batches, "file_sha256", lambda p: seen.append(str(p)) or real(p))
    monkeypatch.chdir(tmp_path)
    with HashAhead([path]) as hashes:
        hashes.ahead([Path("a.csv"), tmp_path / "." / "a.csv"])
        assert hashes.sha256(Path("a.csv")) == hashlib.sha256(b"rows").hexdigest()
    assert seen == [str(path)]
