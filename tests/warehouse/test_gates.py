"""Quality gates: too many rejected rows, a collapsing national count, schema drift."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from conftest import careers_cli, posting, write_csv

from core.errors import CareersError
from core.settings import Gates
from warehouse.build import execute


def test_file_over_the_quarantine_limit_is_refused_whole(source, warehouse_file):
    rows = [posting(ID=f"p{i}") for i in range(18)] + [
        posting(ID="b1", SALARY="-1"),
        posting(ID="b2", POSTED="soon"),
    ]
    write_csv(source / "postings" / "a.csv", rows)
    with pytest.raises(CareersError) as info:
        execute(source, warehouse_file, [date(2026, 1, 31)])
    message = str(info.value)
    assert "a.csv" in message and "10.0% of 20 rows rejected" in message
    assert "POSTED is not a date (1)" in message and "\n" not in message
    assert not warehouse_file.exists()
    report = execute(
        source, warehouse_file, [date(2026, 1, 31)], gates=Gates(max_quarantine_rate=0.10)
    )
    assert report.totals()["rows_quarantined"] == 2


def test_cli_max_quarantine_rate_option(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting(ID="a"), posting(ID="b", STATE="99")])
    args = [
        "refresh",
        "--source",
        str(source),
        "--warehouse",
        str(warehouse_file),
        "--as-of",
        "2026-01-31",
    ]
    refused = careers_cli(*args)
    assert refused.returncode == 1 and "50.0% of 2 rows rejected" in refused.stderr
    assert careers_cli(*args, "--max-quarantine-rate", "0.5").returncode == 0


def test_national_drop_needs_force(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting(ID=f"p{i}") for i in range(10)])
    execute(source, warehouse_file, [date(2026, 1, 31)])
    before = warehouse_file.read_bytes()
    # A year later the window holds none of these postings: a 100% drop.
    with pytest.raises(CareersError, match="100% below the 10 of 2026-01-31.*--force"):
        execute(source, warehouse_file, [date(2027, 3, 31)])
    assert warehouse_file.read_bytes() == before
    execute(source, warehouse_file, [date(2027, 3, 31)], gates=Gates(force=True))
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        runs = con.sql("SELECT status, as_of FROM ops.runs ORDER BY started_at").fetchall()
    assert [(s, [d.isoformat() for d in a]) for s, a in runs] == [
        ("published", ["2026-01-31"]),
        ("failed", ["2027-03-31"]),
        ("published", ["2027-03-31"]),
    ]


def test_renamed_required_column_names_the_file_and_column(source, warehouse_file):
    row = posting()
    row["PAY"] = row.pop("SALARY")
    write_csv(source / "postings" / "renamed.csv", [row])
    with pytest.raises(CareersError, match=r"renamed\.csv: missing required column\(s\): SALARY$"):
        execute(source, warehouse_file, [date(2026, 1, 31)])


def test_column_that_no_longer_parses_is_named(source, warehouse_file):
    write_csv(
        source / "postings" / "drift.csv",
        [posting(ID=f"p{i}", POSTED="2025.09.01") for i in range(5)],
    )
    with pytest.raises(CareersError, match=r"drift\.csv: 100\.0% .*POSTED is not a date \(5\)"):
        execute(source, warehouse_file, [date(2026, 1, 31)])


def test_extra_column_is_kept_and_reported(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting(BRAND_NEW="x")])
    report = execute(source, warehouse_file, [date(2026, 1, 31)])
    assert report.batches[0].extra_columns == ["BRAND_NEW"]
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.sql('SELECT "BRAND_NEW" FROM postings').fetchall() == [("x",)]
        assert con.sql("SELECT extra_columns FROM ops.batches").fetchall() == [(["BRAND_NEW"],)]
