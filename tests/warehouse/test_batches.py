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


def _ops(tmp_path):
    import duckdb

    from warehouse.upgrades import apply_schema

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    apply_schema(con)
    return con


def test_start_batch_skips_a_content_already_ingested(tmp_path):
    from sources.discover import ExportFile

    con = _ops(tmp_path)
    path = tmp_path / "e.csv"
    path.write_bytes(b"A\n1\n")
    export = ExportFile("employment", path)
    first = batches.start_batch(con, export)
    assert not first.skipped and first.sha256 == hashlib.sha256(b"A\n1\n").hexdigest()
    batches.record_batch(con, batches.new_batch_id(con), "run", export, first)
    again = batches.start_batch(con, export, first.sha256)
    assert again.skipped and again.sha256 == first.sha256


def test_quarantine_and_the_macro_render_rows_as_delivered(tmp_path):
    from sources.readers import RawTable

    con = _ops(tmp_path)
    con.execute("""CREATE TEMP TABLE f AS SELECT 1 AS _row, 'x"1' AS "A.B", NULL AS "C/D" """)
    con.execute("CREATE TEMP TABLE bad AS SELECT 1 AS _row, 'why' AS reasons")
    raw = RawTable("f", ["A.B", "C/D"], {"A.B": "a.b", "C/D": "c/d"}, 1)
    batches.quarantine(con, raw, "bad", 7, "f.csv")
    batches.install_as_delivered(con, raw)
    stored = con.execute("FROM ops.quarantine").fetchall()
    assert stored == [(7, "f.csv", 1, "why", '{"a.b":"x\\"1","c/d":null}')]
    assert con.execute("SELECT raw_row_as_delivered(r)::VARCHAR FROM f AS r").fetchall() == [
        ('{"a.b":"x\\"1","c/d":null}',)
    ]
