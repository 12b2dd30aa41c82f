"""Mistakes are refused with one line and change nothing; a run with nothing new publishes
nothing unless the snapshot date is new."""

from __future__ import annotations

from datetime import date

import duckdb
from conftest import careers_cli, posting, write_csv

from warehouse.build import NOTHING_NEW, execute


def _refresh(source, warehouse, *more: str):
    return careers_cli(
        "refresh", "--source", str(source), "--warehouse", str(warehouse), *more
    )  # fmt: skip


def _runs(warehouse) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql("SELECT as_of, files_ingested FROM ops.runs ORDER BY started_at").fetchall()


def test_an_empty_source_on_the_first_run_is_refused(source, warehouse_file):
    done = _refresh(source, warehouse_file, "--as-of", "2026-01-31")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"careers: error: {source}: no export files in postings/, skills/ or employment/: "
        "nothing to publish"
    ]
    assert list(warehouse_file.parent.iterdir()) == []


def test_nothing_new_publishes_nothing_unless_the_date_is_new(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting(ID=f"p{i}") for i in range(4)])
    assert _refresh(source, warehouse_file, "--as-of", "2026-01-31").returncode == 0
    before = warehouse_file.stat()

    again = _refresh(source, warehouse_file, "--as-of", "2026-01-31")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"Nothing new in {source}: snapshot(s) 2026-01-31 already")
    after = warehouse_file.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert len(_runs(warehouse_file)) == 1

    new_date = _refresh(source, warehouse_file, "--as-of", "2026-02-28")
    assert new_date.returncode == 0 and "Published snapshot(s) 2026-02-28" in new_date.stdout
    assert [(d.isoformat(), n) for (d,), n in _runs(warehouse_file)] == [
        ("2026-01-31", 1),
        ("2026-02-28", 0),
    ]
    # The January snapshot was built before no later ingest: still nothing new.
    assert "Nothing new" in _refresh(source, warehouse_file, "--as-of", "2026-01-31").stdout
    # A new file makes it new again; and --force republishes regardless.
    write_csv(source / "postings" / "b.csv", [posting(ID="q1")])
    assert "Published" in _refresh(source, warehouse_file, "--as-of", "2026-02-28").stdout
    assert "Nothing new" not in _refresh(source, warehouse_file, "--as-of", "2026-01-31").stdout
    forced = _refresh(source, warehouse_file, "--as-of", "2026-01-31", "--force")
    assert "Published snapshot(s) 2026-01-31" in forced.stdout
    assert len(_runs(warehouse_file)) == 5


def test_nothing_new_in_the_library(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting()])
    assert execute(source, warehouse_file, [date(2026, 1, 31)]).status == "published"
    before = warehouse_file.read_bytes()
    report = execute(source, warehouse_file, [date(2026, 1, 31)])
    assert report.status == NOTHING_NEW and report.finished_at is not None
    assert warehouse_file.read_bytes() == before
    # An empty source after the first publication is nothing new, not an error.
    (source / "postings" / "a.csv").unlink()
    assert execute(source, warehouse_file, [date(2026, 1, 31)]).status == NOTHING_NEW


def test_a_missing_warehouse_folder_is_refused_unless_asked(source, tmp_path):
    write_csv(source / "postings" / "a.csv", [posting()])
    typo = tmp_path / "typo" / "dir" / "x.duckdb"
    done = _refresh(source, typo, "--as-of", "2026-01-31")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"careers: error: {typo}: folder {typo.parent} does not exist (check the path; "
        "--create-dirs creates it)"
    ]
    assert not (tmp_path / "typo").exists()
    backfill = careers_cli(
        "backfill", "--source", str(source), "--warehouse", str(typo),
        "--start", "2026-01-01", "--end", "2026-01-31",
    )  # fmt: skip
    assert backfill.returncode == 1 and "--create-dirs" in backfill.stderr
    assert not (tmp_path / "typo").exists()
    created = _refresh(source, typo, "--as-of", "2026-01-31", "--create-dirs")
    assert created.returncode == 0, created.stderr
    assert typo.exists()


def test_a_source_file_is_not_a_folder(source, warehouse_file):
    export = write_csv(source / "postings" / "a.csv", [posting()])
    for command in (("refresh",), ("backfill", "--start", "2026-01-01", "--end", "2026-01-31")):
        done = careers_cli(
            *command, "--source", str(export), "--warehouse", str(warehouse_file)
        )  # fmt: skip
        assert done.returncode == 1
        assert done.stderr.splitlines() == [
            f"careers: error: {export}: is not a folder (give the export folder)"
        ]
    assert not warehouse_file.exists()


def test_run_on_a_source_file_generates_nothing(source, tmp_path):
    export = write_csv(source / "postings" / "a.csv", [posting()])
    before = export.read_bytes()
    done = careers_cli("run", "--source", str(export), "--no-prefect",
                       env={"CAREERS_HOME": str(tmp_path)})  # fmt: skip
    assert done.returncode == 1 and "is not a folder" in done.stderr
    assert export.read_bytes() == before
    assert not (tmp_path / "warehouse").exists()
