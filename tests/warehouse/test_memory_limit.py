"""A refresh fits a small DuckDB memory limit and gives the same tables as an unconstrained one.

Regression: DuckDB's CSV reader defaults to a 16 x max_line_size buffer per thread, 1 GiB with
our 64 MiB records, which alone broke the 4 GB limit at 30M postings; and the wide merge once
joined every row's parsed lists in a hash table. Under 256 MB either failed at once."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from core.settings import Gates, Limits
from warehouse.build import execute
from warehouse.snapshot import CAREER_TABLES

AS_OF = date(2026, 11, 20)
GATES = Gates(max_quarantine_rate=0.2)
SMALL = Limits(memory_limit="256MB", threads=2, part_memory_limit="128MB")


def _tables(published) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(published), read_only=True) as con:
        tables = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").df() for t in CAREER_TABLES}
        tables["postings"] = con.execute(
            'SELECT * EXCLUDE (_batch_id) FROM postings ORDER BY "ID"'
        ).df()
        tables["posting_skills"] = con.execute("SELECT * FROM posting_skills ORDER BY ALL").df()
        return tables


def test_refresh_under_256mb_matches_the_default_limit(tmp_path):
    from samples.generate import generate_export

    source = tmp_path / "export"
    generate_export(source, postings=3000, seed=5, end=AS_OF)
    small = execute(source, tmp_path / "small" / "careers.duckdb", [AS_OF], limits=SMALL,
                    gates=GATES)  # fmt: skip
    roomy = execute(source, tmp_path / "roomy" / "careers.duckdb", [AS_OF], gates=GATES)
    assert small.status == roomy.status == "published"
    assert small.totals() == roomy.totals()
    got, want = (
        _tables(tmp_path / "small" / "careers.duckdb"),
        _tables(tmp_path / "roomy" / "careers.duckdb"),
    )
    for table, frame in want.items():
        assert len(frame), table
        pd.testing.assert_frame_equal(got[table], frame, check_exact=True, obj=table)
