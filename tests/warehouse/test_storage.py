"""Checkpoints of the work file vacuum deleted rows only once they have piled up."""

from __future__ import annotations

import pytest

from warehouse import publish as pub
from warehouse.storage import checkpoint, deleted_rows

ROWS = 130_000  # a bit more than one DuckDB row group (122,880 rows)


@pytest.fixture
def con(tmp_path):
    """A work connection (vacuum off, as a refresh opens it) with a 3-row-group `postings`."""
    con = pub.connect_work(tmp_path / "w.duckdb", "1GB")
    con.execute("CREATE TABLE postings (a INTEGER)")
    for _ in range(3):
        con.execute(f"INSERT INTO postings SELECT range FROM range({ROWS})")
        con.execute("CHECKPOINT")
    yield con
    con.close()


def test_deleted_rows_counts_stored_and_live_rows(con):
    con.execute("DELETE FROM postings WHERE a < 1000")
    assert deleted_rows(con) == {"postings": {"stored": 3 * ROWS, "live": 3 * (ROWS - 1000)}}


def test_a_few_deleted_rows_are_kept(con):
    con.execute("DELETE FROM postings WHERE a % 10 = 0")  # 10% of the rows
    assert checkpoint(con, vacuum_share=0.2) is False
    assert deleted_rows(con)["postings"]["stored"] == 3 * ROWS
    # and the setting is left off for the checkpoints that follow
    assert con.execute("SELECT current_setting('max_vacuum_tasks')").fetchone()[0] == 0


def test_deleted_rows_past_the_share_are_reclaimed(con):
    con.execute("DELETE FROM postings WHERE a % 10 < 7")  # 70%: the row groups fit in one
    assert checkpoint(con, vacuum_share=0.2) is True
    assert deleted_rows(con)["postings"] == {"stored": 3 * 39_000, "live": 3 * 39_000}
    assert con.execute("SELECT current_setting('max_vacuum_tasks')").fetchone()[0] == 0


def test_below_the_share_even_reclaimable_rows_are_kept(con):
    con.execute("DELETE FROM postings WHERE a % 10 < 7")
    assert checkpoint(con, vacuum_share=0.9) is False
    assert deleted_rows(con)["postings"]["stored"] == 3 * ROWS
