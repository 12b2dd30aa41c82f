"""The benchmark harness at tiny sizes: the fast generator's export is well-formed CSV that the
real pipeline loads, the plain-SQL baseline computes the same career tables as the pipeline, and
`python -m benchmarks` writes the figures it promises (the polars references, the sizes on disk,
the nightly per store size and the plain-pandas oracle included). No timing is asserted anywhere.
"""

from __future__ import annotations

import csv
import gzip
import importlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest
from conftest import copy_warehouse

from schemas.postings import KNOWN_COLUMNS
from sources.discover import ExportFile
from sources.readers import read_raw
from warehouse.build import execute
from warehouse.parts import PARTS
from warehouse.store import store_db

ROOT = Path(__file__).resolve().parents[2]
N = 3000
SEED = 7
CAREER_TABLES = (
    "career_summary", "career_education", "career_experience", "career_employers",
    "career_titles", "career_skills", "career_skill_groups", "career_similar",
    "career_employment", "career_description",
)  # fmt: skip
FLOAT_COLUMNS = {
    "share_pct", "lift", "salary_mean", "salary_p10", "salary_p25", "salary_p50", "salary_p75",
    "salary_p90", "similarity", "salary_premium",
}  # fmt: skip


def _bench(module: str):
    """Import benchmarks.<module> (the folder is not an installed package)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(f"benchmarks.{module}")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    fg = _bench("fast_generate")
    out = tmp_path_factory.mktemp("fast") / "export"
    report = fg.fast_export(out, N, seed=SEED, end=fg.DEFAULT_END, files=3)
    return fg, out, report


@pytest.fixture(scope="module")
def published(generated, tmp_path_factory):
    fg, export, _ = generated
    warehouse = tmp_path_factory.mktemp("wh") / "careers.duckdb"
    report = execute(export, warehouse, [fg.DEFAULT_END])
    return warehouse, report


def _postings_files(export: Path) -> list[Path]:
    return sorted((export / "postings").glob("*.csv"))


def test_csv_module_reads_every_record_with_131_fields(generated):
    fg, export, report = generated
    files = _postings_files(export)
    assert [f"postings/{p.name}" for p in files] == list(report.rows_per_file)
    total = 0
    for path in files:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            assert next(reader) == KNOWN_COLUMNS  # canonical upper-case header
            widths = Counter(len(record) for record in reader)
        assert widths == Counter({131: report.rows_per_file[f"postings/{path.name}"]})
        total += sum(widths.values())
    assert total == report.rows == N + report.update_rows + report.bad_rows
    assert report.update_rows == round(fg.UPDATE_SHARE * N)
    assert report.bad_rows >= len(fg.BREAKAGES)


def test_cells_use_the_export_encodings(generated):
    _, export, _ = generated
    text = _postings_files(export)[0].read_text(encoding="utf-8")
    assert '"[\n  ""KS' in text  # a quoted JSON array spanning lines, quotes doubled
    rows = []
    for path in _postings_files(export):
        with path.open(newline="", encoding="utf-8") as handle:
            rows += list(csv.DictReader(handle))
    mdy = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
    checked = 0
    for row in rows:
        if not row["ID"] or not row["SKILLS"].startswith("[\n"):
            continue  # a broken row
        skills, names = json.loads(row["SKILLS"]), json.loads(row["SKILLS_NAME"])
        if len(names) != len(skills):
            continue  # a broken row
        checked += 1
        assert 8 <= len(skills) <= 20
        assert row["SKILLS"] == "[\n  " + ",\n  ".join(json.dumps(s) for s in skills) + "\n]"
        assert mdy.fullmatch(row["LAST_UPDATED_DATE"])
        assert re.fullmatch(r"[0-9a-f]{40}", row["ID"])
        levels = json.loads(row["EDUCATION_LEVELS"])
        assert row["EDUCATION_LEVELS"] == ("[\n  " + ",\n  ".join(map(str, levels)) + "\n]"
                                           if levels else "[]")  # fmt: skip
    assert checked > 0.95 * len(rows)
    no_salary = sum(not r["SALARY"] for r in rows) / len(rows)
    assert 0.45 < no_salary < 0.65
    employers = Counter(r["COMPANY_NAME"] for r in rows if r["COMPANY_NAME"] != "Unclassified")
    top, *_ = employers.most_common(1)
    assert top[1] > 5 * len(rows) / len(employers)  # skewed (Zipf), not uniform
    assert any(r["EMPLOYMENT_TYPE_NAME"] == "Part-time (â‰¤ 32 hours)" for r in rows)


def test_pipeline_reader_reads_the_same_rows(generated):
    _, export, report = generated
    con = duckdb.connect()
    for path in _postings_files(export):
        raw = read_raw(con, ExportFile("postings", path), "raw_file")
        assert raw.columns == KNOWN_COLUMNS
        assert raw.rows == report.rows_per_file[f"postings/{path.name}"]
        with path.open(newline="", encoding="utf-8") as handle:
            first = next(csv.DictReader(handle))
        cells = con.execute(
            'SELECT "ID", "SKILLS", "BODY", "LOCATION" FROM raw_file WHERE _row = 1'
        ).fetchall()[0]
        assert cells == tuple(first[c] or None for c in ("ID", "SKILLS", "BODY", "LOCATION"))


def test_pipeline_loads_the_export(generated, published):
    fg, _, gen = generated
    warehouse, report = published
    totals = report.totals()
    assert totals["rows_read"] == totals["rows_loaded"] + totals["rows_quarantined"]
    postings = [b for b in report.batches if b.kind == "postings"]
    assert sum(b.rows_read for b in postings) == gen.rows
    assert sum(b.rows_quarantined for b in postings) == gen.bad_rows  # every broken row
    con = duckdb.connect(str(warehouse), read_only=True)
    # one current version per ID: re-versions and rejected reuses of valid IDs collapse
    assert con.execute('SELECT count(*), count(DISTINCT "ID") FROM postings').fetchall() == [(N, N)]
    reasons = {r for (text,) in con.execute("SELECT reasons FROM ops.quarantine").fetchall()
               for r in text.split("; ")}  # fmt: skip
    assert reasons == {r for _, rs in fg.BREAKAGES for r in rs}
    assert con.execute("SELECT count(*) FROM career_summary").fetchall()[0][0] > 0


def test_gzipped_export_holds_the_same_text(tmp_path):
    fg = _bench("fast_generate")
    fg.fast_export(tmp_path / "plain", 500, seed=3, files=2)
    fg.fast_export(tmp_path / "gz", 500, seed=3, files=2, gzipped=True)
    for plain in sorted((tmp_path / "plain" / "postings").glob("*.csv")):
        packed = tmp_path / "gz" / "postings" / (plain.name + ".gz")
        assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()


def test_fast_delta_adds_new_postings_and_revises_recent_ones(generated, published, tmp_path):
    fg, export, _ = generated
    warehouse, _ = published
    night = tmp_path / "night"
    delta = fg.fast_delta(night, N, 100, seed=SEED, end=fg.DEFAULT_END)
    assert (delta.rows, delta.postings, delta.update_rows) == (100, 80, 20)
    copy = tmp_path / "careers.duckdb"
    copy_warehouse(warehouse, copy)
    as_of = date.fromordinal(fg.DEFAULT_END.toordinal() + 1)
    report = execute(night, copy, [as_of])
    assert report.totals()["rows_loaded"] == 100
    with duckdb.connect(str(copy), read_only=True) as con:
        # the 20 re-versions replaced base postings (the replay knew their IDs): 80 more postings
        assert con.execute("SELECT count(*) FROM postings").fetchall() == [(N + 80,)]
        revised = con.execute(
            'SELECT min("POSTED"), count(*) FROM postings WHERE "_updated_at" >= ? '
            'AND "POSTED" < ?::DATE - 7',
            [as_of, as_of],
        ).fetchall()
    ((oldest, count),) = revised
    assert count > 0 and oldest > as_of.replace(year=as_of.year - 1)  # recent, not the old tail
    # the months the delta changes are updated in place (or rebuilt), the others reused
    parts = report.parts[as_of.isoformat()]
    updated = {m for b in report.batches for m in b.months_updated}
    assert 0 < len(updated | set(parts["months_built"])) < 11
    assert updated and parts["months_reused"] == 11 - len(parts["months_built"])

    # ... and the tables, and the stored parts, are a full rebuild's over both exports
    both = tmp_path / "both"
    shutil.copytree(export, both)
    shutil.copytree(night, both, dirs_exist_ok=True)
    full = tmp_path / "full.duckdb"
    execute(both, full, [as_of])
    queries = [
        f"SELECT * FROM {t} WHERE as_of = DATE '{as_of}' ORDER BY ALL" for t in CAREER_TABLES
    ]
    queries += [f"SELECT * FROM store.part_{name} ORDER BY ALL" for name in PARTS]
    with (
        duckdb.connect(str(store_db(copy)), read_only=True) as a,
        duckdb.connect(str(store_db(full)), read_only=True) as b,
    ):  # the store holds every snapshot of the career tables, and the parts
        for query in queries:
            assert a.execute(query).fetchall() == b.execute(query).fetchall(), query


def _run_baseline(export: Path, db: Path, as_of: date) -> duckdb.DuckDBPyConnection:
    phases = _bench("phases")
    con = duckdb.connect(str(db))
    con.execute("SET VARIABLE as_of = ?::DATE", [as_of.isoformat()])
    for name, pattern in (("postings_glob", "postings/*.csv"), ("skills_glob", "skills/*.json"),
                          ("employment_glob", "employment/*.csv")):  # fmt: skip
        con.execute(f"SET VARIABLE {name} = ?", [str(export / pattern)])
    con.execute(phases.BASELINE_SQL.read_text(encoding="utf-8"))
    return con


def _rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> list[tuple]:
    keys = ", ".join(f'"{c}"' for c in columns if c not in FLOAT_COLUMNS)
    select = ", ".join(f'"{c}"' for c in columns)
    return con.execute(f"SELECT {select} FROM {table} ORDER BY {keys}").fetchall()


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def test_baseline_sql_computes_the_pipelines_tables(generated, published, tmp_path):
    """The plain-SQL baseline and the pipeline agree on every career table, on the fast
    generator's export as delivered (broken rows, re-versions and all): the baseline drops the
    rows the pipeline quarantines and keeps the same current version per ID."""
    fg, export, _ = generated
    warehouse, _ = published
    base = _run_baseline(export, tmp_path / "baseline.duckdb", fg.DEFAULT_END)
    pipe = duckdb.connect(str(warehouse), read_only=True)
    nation = "SELECT sum(postings) FROM career_summary WHERE geo_code = 'US'"
    assert base.execute(nation).fetchall() == pipe.execute(nation).fetchall()
    for table in CAREER_TABLES:
        columns = [name for (name,) in pipe.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND "
            "table_name = ? ORDER BY column_index", [table]).fetchall()]  # fmt: skip
        mine, theirs = _rows(base, table, columns), _rows(pipe, table, columns)
        assert len(mine) == len(theirs) > 0, table
        for got, want in zip(mine, theirs, strict=True):
            assert all(_same(a, b) for a, b in zip(got, want, strict=True)), (table, got, want)


def test_fast_export_is_deterministic(tmp_path):
    fg = _bench("fast_generate")
    a = fg.fast_export(tmp_path / "a", 400, seed=3, files=2)
    b = fg.fast_export(tmp_path / "b", 400, seed=3, files=2)
    for rel in a.files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    assert a.rows == b.rows


REQUIRED_KEYS = {
    "postings", "rows_read", "files", "megabytes", "generate_seconds", "generate_rows_per_s",
    "seconds_total", "ingest_seconds", "ingest_rows_per_s", "bare_read_csv_seconds",
    "ingest_ratio_vs_read_csv", "baseline_seconds", "publish_ratio_vs_plain_sql", "peak_rss_mb",
    "stage_seconds", "machine", "polars_read_csv_seconds", "polars_read_csv_rows_per_s",
    "polars_read_csv_peak_rss_mb", "ingest_ratio_vs_polars_read_csv",
    "pipeline_ratio_vs_polars_read_csv", "polars_parquet_seconds", "polars_parquet_bytes",
    "polars_error", "warehouse_mb", "store_mb", "parquet_mb", "other_stage_seconds", "oracle",
}  # fmt: skip


def test_command_writes_the_figures(tmp_path):
    out = tmp_path / "out.json"
    table = tmp_path / "table.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--postings", "2000", "--json", str(out),
         "--markdown", str(table), "--tmp", str(tmp_path), "--quiet", "--oracle-postings", "0"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert not REQUIRED_KEYS - set(figures), REQUIRED_KEYS - set(figures)
    assert figures["postings"] == 2000 and figures["files"] == 4
    assert figures["rows_read"] == 2000 + 100 + figures["rows_quarantined"]
    stages = figures["stage_seconds"]
    for name in ("read", "validate", "parquet write", "merge", "publish", *CAREER_TABLES):
        assert name in stages
    assert math.isclose(sum(stages.values()), figures["seconds_total"], abs_tol=0.05)
    rates = figures["stage_rows_per_s"]
    assert rates["hash"] is None and rates["setup"] is None  # no rows flow through a wait
    assert rates["read"] > 0
    assert {"cpu_count", "cpu_model", "ram_gib", "duckdb_version", "python_version"} <= set(
        figures["machine"]
    )
    assert figures["career_table_rows"] == figures["baseline_table_rows"]
    nightly = figures["nightly"]
    assert nightly["delta_rows"] == 60 and nightly["seconds_total"] > 0
    ratio = nightly["seconds_total"] / figures["seconds_total"]
    assert math.isclose(nightly["ratio_vs_full"], ratio, abs_tol=0.01)
    assert nightly["months_reused"] + len(nightly["months_built"]) == 11
    assert "| postings |" in table.read_text(encoding="utf-8")
    assert "Nightly refresh" in table.read_text(encoding="utf-8")
    assert not any(tmp_path.glob("careers-bench-*"))  # the work folder is removed
    assert figures["oracle"] is None  # --oracle-postings 0
    for sizes in (figures, nightly):
        assert sizes["store_mb"] >= sizes["parquet_mb"] >= 0 and sizes["warehouse_mb"] > 0
    # a report_seconds key outside the stage table shows; none the stage table reads
    assert "ingest" not in figures["other_stage_seconds"]
    assert not {f"build {t}" for t in CAREER_TABLES} & set(figures["other_stage_seconds"])


def test_command_reports_the_references_the_nightly_and_the_oracle(tmp_path):
    """A tiny run of the new figures: polars, the nightly delta in rows, the oracle at 300
    postings (one file each, so a tiny file's broken rows stay under the quarantine limit)."""
    out, table = tmp_path / "out.json", tmp_path / "table.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--postings", "500", "--files", "1",
         "--nightly-delta", "40", "--oracle-postings", "300", "--json", str(out),
         "--markdown", str(table), "--tmp", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["polars_error"] is None, figures["polars_error"]
    assert figures["polars_read_csv_rows_per_s"] > 0 and figures["polars_parquet_bytes"] > 0
    # polars reads the rows the pipeline reads (multi-line quoted cells and all)
    assert figures["polars_read_csv_rows"] == figures["polars_parquet_rows"] == figures["rows_read"]
    assert figures["ingest_ratio_vs_polars_read_csv"] > 0
    assert figures["pipeline_ratio_vs_polars_read_csv"] > figures["ingest_ratio_vs_polars_read_csv"]
    assert figures["nightly"]["delta_rows"] == 40  # the delta in rows, not a share
    oracle = figures["oracle"]
    assert oracle["postings"] == 300 and oracle["oracle_error"] is None
    assert oracle["oracle_seconds"] > 0 and oracle["pipeline_seconds"] > 0
    assert oracle["table_rows_agree"], (oracle["oracle_table_rows"], oracle["pipeline_table_rows"])
    ratio = oracle["oracle_seconds"] / oracle["pipeline_seconds"]
    assert math.isclose(oracle["oracle_ratio_vs_pipeline"], ratio, abs_tol=0.02)
    text = table.read_text(encoding="utf-8")
    for heading in ("polars read_csv s", "store Parquet MiB", "store size (postings)",
                    "Plain-pandas oracle", "oracle / pipeline"):  # fmt: skip
        assert heading in text, heading
    for heading in ("references: read_csv", "nightly per store size", "Plain-pandas oracle"):
        assert heading in done.stdout, heading


def test_store_sizes_count_the_store_folder_and_its_parquet(tmp_path):
    figures = _bench("extra_figures")
    warehouse = tmp_path / "careers.duckdb"
    assert figures.store_sizes(warehouse) == {"published_mb": 0, "store_mb": 0, "parquet_mb": 0}
    warehouse.write_bytes(b"x" * 2**20)
    assert figures.store_sizes(warehouse)["store_mb"] == 0  # the old layout: no store folder
    store = tmp_path / "careers.store"
    (store / "part_a").mkdir(parents=True)
    (store / "store.duckdb").write_bytes(b"x" * 3 * 2**20)
    (store / "part_a" / "m1.parquet").write_bytes(b"x" * 2**20)
    (store / "p.parquet").write_bytes(b"x" * 2**20)
    assert figures.store_sizes(warehouse) == {"published_mb": 1, "store_mb": 5, "parquet_mb": 2}


def test_other_stages_are_the_report_keys_the_stage_table_does_not_read():
    figures = _bench("extra_figures")
    seconds = {"total": 9.0, "ingest": 3.0, "ingest: parquet write": 1.0, "compact": 0.5, "gc": 0}
    assert figures.other_stages(seconds, ["ingest"]) == {
        "ingest: parquet write": 1.0, "compact": 0.5, "gc": 0,
    }  # fmt: skip


def test_polars_missing_is_reported_not_raised(tmp_path, monkeypatch):
    """A polars that cannot be imported: its figures are None with a note, the run goes on."""
    figures, report = _bench("extra_figures"), _bench("report")
    fake = tmp_path / "fake" / "polars"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise ImportError("no polars here")\n', encoding="utf-8")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(fake.parent), os.environ.get("PYTHONPATH", "")])
    )
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("ID,SALARY\n1,\n", encoding="utf-8")
    got = figures.polars_figures([str(csv_file)], tmp_path, 1.0, 2.0, lambda _: None)
    assert "no polars here" in got["polars_error"]
    assert got["polars_read_csv_seconds"] is None and got["polars_parquet_bytes"] is None
    run = {"postings": 1, "bare_read_csv_seconds": 0.5, "ingest_ratio_vs_read_csv": 2.0, **got}
    _, (row,) = report.reference_rows([run])
    assert row[2] == "n/a" and row[6] == "n/a"
    assert report.notes({"runs": [run]}) == [f"1 postings: polars_error: {got['polars_error']}"]
