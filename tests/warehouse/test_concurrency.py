"""Readers in other processes during refreshes: never blocked, always one whole snapshot.
Two refreshes at once: the second refuses with a clear message; never two writers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import date

import duckdb
import pytest
from conftest import careers_cli, posting, write_csv

from careers.settings import Gates
from warehouse.build import execute

pytestmark = pytest.mark.e2e

READER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from warehouse.publish import connect_published
    path, seconds = sys.argv[1], float(sys.argv[2])
    queries = errors = inconsistent = 0
    versions = set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            con = connect_published(Path(path))  # how analysts open it (README)
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
    print(queries, errors, inconsistent, len(versions))
    """
)


def test_readers_never_blocked_and_see_whole_snapshots(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting(ID=f"a{i}") for i in range(50)])
    execute(source, warehouse_file, [date(2026, 1, 31)])
    readers = [
        subprocess.Popen([sys.executable, "-c", READER, str(warehouse_file), "12"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    refreshes = 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        refreshes += 1
        write_csv(source / "postings" / f"b{refreshes:03d}.csv",
                  [posting(ID=f"b{refreshes}-{i}") for i in range(40)])  # fmt: skip
        execute(source, warehouse_file, [date(2026, 1, 31)], gates=Gates(max_quarantine_rate=0))
    results = []
    for reader in readers:
        out, err = reader.communicate(timeout=60)
        results.append(tuple(int(x) for x in out.split()))
        assert "ERROR" not in err, err
    for queries, errors, inconsistent, versions in results:
        assert queries > 10 and errors == 0 and inconsistent == 0
        assert versions >= 2  # they did see publications change under them
    assert refreshes >= 3


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
    first = subprocess.Popen(
        [sys.executable, "-m", "careers.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = tmp_path / ".careers.duckdb.lock"
    for _ in range(200):  # wait until the first one holds the lock
        if (tmp_path / ".careers.duckdb.running.json").exists():
            break
        time.sleep(0.05)
    second = careers_cli(*args)
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert second.returncode == 1
    assert second.stderr.strip().splitlines() == [
        f"careers: error: {warehouse}: another refresh is writing this warehouse; "
        "try again when it has finished"]  # fmt: skip
    assert lock.exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.sql("SELECT status FROM ops.runs").fetchall() == [("published",)]
