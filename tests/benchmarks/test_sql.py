"""benchmarks.sql: the benchmarks' named statements, with identifiers quoted and values bound."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import sql  # noqa: E402


def test_render_quotes_identifiers_and_requires_them() -> None:
    assert sql.render("phases#count_rows", table='odd "name"').endswith('FROM "odd ""name""";')
    with pytest.raises(KeyError, match="table"):
        sql.render("phases#count_rows")


def test_run_binds_values(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("ID,SALARY\n1,\n2,12\n", encoding="utf-8")
    con = duckdb.connect()
    sql.run(con, "phases#read_csv", {"path": str(path)}, table="t")
    assert sql.run(con, "phases#count_rows", table="t").fetchall() == [(2,)]
    assert con.execute('SELECT "SALARY" FROM t ORDER BY "ID"').fetchall() == [(None,), ("12",)]
    sql.run(con, "phases#set_variable", ["x/y.csv"], variable="postings_glob")
    assert con.execute("SELECT getvariable('postings_glob')").fetchall() == [("x/y.csv",)]
