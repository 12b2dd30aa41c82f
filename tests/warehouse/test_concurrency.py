"""Readers in other processes during refreshes: never blocked, always one whole snapshot.
Two refreshes at once: the second refuses with a clear message; never two writers."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from datetime import date

import duckdb
import pytest
from conftest import careers_cli, posting, write_csv

from core.settings import Gates
from warehouse.build import execute

pytestmark = pytest.mark.e2e

READER = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from warehouse.publish import connect_published
    path, progress, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    least = int(sys.argv[4])
    queries = errors = inconsistent = 0
    versions = set()
    # Until told to stop, and at least `least` queries: never a time window.
    while not (stop.exists() and queries >= least):
        try:
            con = connect_published(path)  # how analysts open it (README)
            # One connection = one snapshot: the nation row must equal the postings behind it.
            (as_of, published, counted, runs), = con.execute('''
                SELECT s.as_of, s.postings,
                       (SELECT count(*) FROM postings
                         WHERE "POSTED" > s.as_of - INTERVAL 1 YEAR AND "POSTED" <= s.as_of
                           AND "LOT_SPECIALIZED_OCCUPATION" = s.occupation_code),
                       (SELECT count(*) FROM ops.runs)
                FROM latest_career_summary s WHERE s.geo_code = 'US'
                ORDER BY s.occupation_code LIMIT 1''').fetchall()
            con.close()
            queries += 1
            versions.add(runs)
            inconsistent += published != counted
        except Exception as exc:
            errors += 1
            print("ERROR", type(exc).__name__, exc, file=sys.stderr)
        # The newest version seen so far, for the test to wait on (replaced whole, never torn).
        progress.with_suffix(".tmp").write_text(json.dumps(max(versions, default=0)))
        os.replace(progress.with_suffix(".tmp"), progress)
    print(queries, errors, inconsistent, len(versions))
    """
)
REFRESHES = 3
LEAST_QUERIES = 10


def _wait_until_seen(readers, progress: list, version: int) -> None:
    """Block until every reader has seen `version` (rows of ops.runs); a reader that exits
    fails the test at once. No deadline: pytest-timeout is the ceiling."""
    while True:
        for reader in readers:
            if reader.poll() is not None:
                pytest.fail(f"a reader exited early: {reader.communicate()[1]}")
        seen = [int(p.read_text()) if p.exists() else 0 for p in progress]
        if min(seen) >= version:
            return
        time.sleep(0.05)


def test_readers_never_blocked_and_see_whole_snapshots(source, warehouse_file, tmp_path):
    write_csv(source / "postings" / "a.csv", [posting(ID=f"a{i}") for i in range(50)])
    execute(source, warehouse_file, [date(2026, 1, 31)])
    stop = tmp_path / "stop"
    progress = [tmp_path / f"reader{i}.json" for i in range(2)]
    readers = [
        subprocess.Popen([sys.executable, "-c", READER, str(warehouse_file), str(p), str(stop),
                          str(LEAST_QUERIES)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for p in progress
    ]  # fmt: skip
    try:
        # Each refresh starts once both readers have seen the previous snapshot, and they go on
        # querying while it runs: every reader sees all REFRESHES + 1 versions, however slow.
        for refresh in range(1, REFRESHES + 1):
            _wait_until_seen(readers, progress, refresh)
            write_csv(source / "postings" / f"b{refresh:03d}.csv",
                      [posting(ID=f"b{refresh}-{i}") for i in range(40)])  # fmt: skip
            execute(source, warehouse_file, [date(2026, 1, 31)], gates=Gates(max_quarantine_rate=0))
        _wait_until_seen(readers, progress, REFRESHES + 1)
    finally:
        stop.touch()
    results = []
    for reader in readers:
        out, err = reader.communicate(timeout=600)
        assert reader.returncode == 0 and "ERROR" not in err, err
        results.append(tuple(int(x) for x in out.split()))
    for queries, errors, inconsistent, versions in results:
        assert queries >= LEAST_QUERIES and errors == 0 and inconsistent == 0
        assert versions == REFRESHES + 1  # every publication, seen whole, as it happened
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM ops.runs").fetchall() == [(REFRESHES + 1,)]


def test_two_refreshes_at_once_never_two_writers(generated_export, tmp_path):
    warehouse = tmp_path / "careers.duckdb"
    args = [
        "refresh",
        "--source",
        str(generated_export),
        "--warehouse",
        str(warehouse),
        "--as-of",
        "2026-11-20",
    ]
    held = tmp_path / "held"
    # The first refresh stops while it holds the lock (core.faults) until the second is done.
    first = subprocess.Popen(
        [sys.executable, "-m", "cli.main", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CAREERS_HOLD_AT": "build:store-open", "CAREERS_HOLD_FILE": str(held)},
    )
    lock = tmp_path / ".careers.duckdb.lock"
    while not held.exists():  # no deadline: pytest-timeout is the ceiling
        assert first.poll() is None, first.communicate()[1]
        time.sleep(0.05)
    second = careers_cli(*args)
    held.unlink()
    out, err = first.communicate()
    assert first.returncode == 0, err
    assert second.returncode == 1
    assert second.stderr.strip().splitlines() == [
        f"careers: error: {warehouse}: another refresh is writing this warehouse; "
        "try again when it has finished"]  # fmt: skip
    assert lock.exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.sql("SELECT status FROM ops.runs").fetchall() == [("published",)]
