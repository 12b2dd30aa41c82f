"""`careers tables` and `careers query`: read-only, one-line errors, never in a refresh's way."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import GENERATED_AS_OF, ROOT, copy_warehouse, pages_cli

from core.errors import CareersError
from pages.analyst import published_tables, run_query
from pages.data import connect


def analyst_cli(*args: str, warehouse: Path) -> subprocess.CompletedProcess:
    return pages_cli(*args, env={"CAREERS_WAREHOUSE": str(warehouse), "COLUMNS": "200"})


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_tables_lists_every_table_and_view_with_description_and_rows(generated_warehouse):
    done = analyst_cli("tables", "--format", "json", warehouse=generated_warehouse)
    assert done.returncode == 0, done.stderr
    listed = {r["name"]: r for r in json.loads(done.stdout)}
    with duckdb.connect(str(generated_warehouse), read_only=True) as con:
        catalog = con.execute(
            "SELECT schema_name, table_name, 'table' FROM duckdb_tables() WHERE NOT internal "
            "UNION ALL SELECT schema_name, view_name, 'view' FROM duckdb_views() "
            "WHERE NOT internal"
        ).fetchall()
        for schema, name, kind in catalog:
            key = name if schema == "main" else f"{schema}.{name}"
            assert listed[key]["kind"] == kind
            rows = con.execute(f'SELECT count(*) FROM "{schema}"."{name}"').fetchall()[0][0]
            assert listed[key]["rows"] == rows, key
    assert len(listed) == len(catalog)
    for name in ("career_summary", "latest_career_summary", "postings", "ops.quarantine"):
        assert listed[name]["description"], name
    assert listed["latest_career_summary"]["kind"] == "view"


def test_tables_rich_output(generated_warehouse):
    done = analyst_cli("tables", warehouse=generated_warehouse)
    assert done.returncode == 0, done.stderr
    assert "career_summary" in done.stdout and "latest_career_skills" in done.stdout
    assert "ops.quarantine" in done.stdout


SQL = (
    "SELECT geo_code, postings, salary_mean, as_of FROM latest_career_summary "
    "WHERE occupation_code = '23101011' ORDER BY postings DESC, geo_code LIMIT 5"
)


def in_cents(x: float | None) -> float | None:
    if x is None:
        return None
    return float(Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def test_query_formats(generated_warehouse):
    with duckdb.connect(str(generated_warehouse), read_only=True) as con:
        expected = con.execute(SQL).fetchall()
    as_json = analyst_cli("query", SQL, "--format", "json", warehouse=generated_warehouse)
    assert as_json.returncode == 0, as_json.stderr
    records = json.loads(as_json.stdout)
    # Money in cents, half up (the tables keep it unrounded).
    assert [(r["geo_code"], r["postings"], r["salary_mean"], r["as_of"]) for r in records] == [
        (g, p, in_cents(s), d.isoformat()) for g, p, s, d in expected
    ]
    assert any(s != in_cents(s) for _, _, s, _ in expected), "no unrounded mean to round"
    as_csv = analyst_cli("query", SQL, "--format", "csv", warehouse=generated_warehouse)
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["geo_code", "postings", "salary_mean", "as_of"]
    assert [r[0] for r in rows[1:]] == [g for g, *_ in expected]
    as_table = analyst_cli("query", SQL, warehouse=generated_warehouse)
    assert as_table.returncode == 0, as_table.stderr
    assert "geo_code" in as_table.stdout and expected[0][0] in as_table.stdout
    assert "5 rows" in as_table.stdout


def test_query_values_become_json(generated_warehouse):
    result = run_query(
        "SELECT [1, 2] AS l, {'a': 1} AS s, DATE '2026-01-02' AS d, 1.5::DECIMAL(4,2) AS m, "
        "'nan'::DOUBLE AS n, NULL AS z, 1 AS z",
        generated_warehouse,
    )
    from pages.analyst import to_csv, to_json

    assert json.loads(to_json(result)) == [
        {"l": [1, 2], "s": {"a": 1}, "d": "2026-01-02", "m": 1.5, "n": None, "z": None, "z_2": 1}
    ]
    assert to_csv(result).splitlines()[1] == '"[1, 2]","{""a"": 1}",2026-01-02,1.50,,,1'


@pytest.mark.parametrize(
    "sql",
    [
        "DROP TABLE postings",
        "'; drop table postings; --",
        "SELECT 1; DROP TABLE postings",
        "INSERT INTO skills SELECT * FROM skills",
        "UPDATE career_summary SET postings = 0",
        "CREATE TABLE x AS SELECT 1",
        "ATTACH '/tmp/careers-elsewhere.duckdb' AS x",
        "COPY (SELECT 1) TO '/tmp/careers-copy.csv'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELEC 1",
        "",
    ],
)
def test_query_refuses_to_write_with_one_line(generated_warehouse, sql):
    before = digest(generated_warehouse)
    done = analyst_cli("query", sql, warehouse=generated_warehouse)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("careers: error: "), done.stderr
    assert digest(generated_warehouse) == before
    assert not Path("/tmp/careers-copy.csv").exists()
    assert not Path("/tmp/careers-elsewhere.duckdb").exists()
    with duckdb.connect(str(generated_warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM postings").fetchall()[0][0] > 0


def test_read_only_message(generated_warehouse):
    with pytest.raises(CareersError, match="the published file is read-only"):
        run_query("DELETE FROM career_summary", generated_warehouse)


def test_query_and_tables_never_block_a_refresh(generated_export, generated_warehouse, tmp_path):
    """An analyst's open connection neither blocks a refresh nor sees a half-published file."""
    from warehouse.build import execute

    published = tmp_path / "careers.duckdb"
    copy_warehouse(generated_warehouse, published)
    analyst = connect(published)  # what query/tables open: read-only
    try:
        execute(generated_export, published, [date(2026, 10, 31)])
        # The held connection still reads its snapshot; a new one sees both.
        held = analyst.execute("SELECT DISTINCT as_of FROM career_summary").fetchall()
        assert held == [(GENERATED_AS_OF,)]
    finally:
        analyst.close()
    fresh = run_query("SELECT DISTINCT as_of FROM career_summary ORDER BY 1", published)
    assert fresh.rows == [(date(2026, 10, 31),), (GENERATED_AS_OF,)]
    assert {r[0] for r in published_tables(published).rows} >= {"career_summary", "ops.runs"}


def test_query_from_a_file_or_stdin(generated_warehouse, tmp_path):
    script = tmp_path / "q.sql"
    script.write_text("-- a comment first, as saved queries have\nSELECT 41 + 1 AS answer;\n")
    done = analyst_cli(
        "query", "--file", str(script), "--format", "csv", warehouse=generated_warehouse
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "answer\n42\n"
    piped = subprocess.run(
        [sys.executable, "-m", "cli.main", "query", "-f", "-", "--format", "json"],
        input="SELECT 'x' AS y",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "CAREERS_WAREHOUSE": str(generated_warehouse)},
    )
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout) == [{"y": "x"}]
    both = analyst_cli("query", "SELECT 1", "--file", str(script), warehouse=generated_warehouse)
    assert both.returncode == 1 and both.stderr.startswith("careers: error: give the SQL")
