"""The command line as a user runs it: exit codes, one-line errors, publication untouched."""

from __future__ import annotations

import gzip
from datetime import date

import duckdb
import pytest
from conftest import careers_cli, posting, write_csv


def _publish_once(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting(ID=f"p{i}") for i in range(6)])
    done = careers_cli(
        "refresh",
        "--source",
        str(source),
        "--warehouse",
        str(warehouse_file),
        "--as-of",
        "2026-01-31",
    )
    assert done.returncode == 0, done.stderr
    return warehouse_file.read_bytes()


def test_refresh_publishes_and_prints_a_summary(source, warehouse_file):
    _publish_once(source, warehouse_file)
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.sql(
            "SELECT postings FROM latest_career_summary WHERE geo_code = 'US'"
        ).fetchall() == [(6,)]


def _bad_sources(source):
    postings = source / "postings"
    yield (
        "missing column",
        lambda: write_csv(postings / "b.csv", [{"ID": "1", "POSTED": "1/1/2026"}]),
        "b.csv: missing required column",
    )  # noqa: E501
    yield "empty file", lambda: (postings / "b.csv").write_bytes(b""), "b.csv: file is empty"
    whole = gzip.compress("".join(f"{i},{i * 7919 % 1000}\n" for i in range(9000)).encode())
    yield (
        "truncated gz",
        lambda: (postings / "b.csv.gz").write_bytes(whole[: len(whole) // 2]),
        "b.csv.gz: not a complete gzip",
    )  # noqa: E501
    yield (
        "not csv",
        lambda: (postings / "b.csv").write_bytes(bytes(range(256)) * 40),
        "b.csv: not a readable csv",
    )  # noqa: E501
    yield (
        "unknown type",
        lambda: (postings / "b.xlsx").write_bytes(b"PK"),
        "b.xlsx: unknown file type",
    )  # noqa: E501
    yield "unknown folder", lambda: (source / "jobs").mkdir(), "jobs: unexpected sub-folder"


@pytest.mark.parametrize("case", range(6))
def test_bad_input_is_one_line_nonzero_and_publication_untouched(source, warehouse_file, case):
    before = _publish_once(source, warehouse_file)
    name, damage, expected = list(_bad_sources(source))[case]
    damage()
    done = careers_cli("refresh", "--source", str(source), "--warehouse", str(warehouse_file))
    assert done.returncode != 0, name
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert expected in lines[0], lines[0]
    assert warehouse_file.read_bytes() == before


def test_missing_source_folder(tmp_path, warehouse_file):
    done = careers_cli(
        "refresh", "--source", str(tmp_path / "nope"), "--warehouse", str(warehouse_file)
    )
    assert done.returncode != 0
    assert (
        done.stderr.strip() == f"careers: error: {tmp_path / 'nope'}: source folder does not exist"
    )
    assert not warehouse_file.exists()


def test_backfill_publishes_month_ends_and_sundays(source, warehouse_file):
    write_csv(source / "postings" / "a.csv", [posting()])
    done = careers_cli(
        "backfill",
        "--source",
        str(source),
        "--warehouse",
        str(warehouse_file),
        "--start",
        "2025-10-15",
        "--end",
        "2026-01-31",
    )
    assert done.returncode == 0, done.stderr
    done = careers_cli(
        "backfill",
        "--source",
        str(source),
        "--warehouse",
        str(warehouse_file),
        "--start",
        "2026-02-01",
        "--end",
        "2026-02-16",
        "--every",
        "week",
    )
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        dates = [
            d.isoformat()
            for (d,) in con.sql("SELECT DISTINCT as_of FROM career_summary ORDER BY 1").fetchall()
        ]
    assert dates == [
        "2025-10-31",
        "2025-11-30",
        "2025-12-31",
        "2026-01-31",
        "2026-02-01",
        "2026-02-08",
        "2026-02-15",
    ]


def test_bad_dates_are_one_line_errors(source, warehouse_file):
    done = careers_cli(
        "refresh",
        "--source",
        str(source),
        "--as-of",
        "2026-13-01",
        "--warehouse",
        str(warehouse_file),
    )
    assert done.returncode != 0 and "--as-of must be a date" in done.stderr
    done = careers_cli(
        "backfill",
        "--source",
        str(source),
        "--start",
        "2026-02-01",
        "--end",
        "2026-01-01",
        "--warehouse",
        str(warehouse_file),
    )
    assert done.returncode != 0 and "before" in done.stderr


@pytest.mark.parametrize("command", ["run", "refresh", "backfill", "generate", "serve"])
def test_every_command_has_help(command):
    done = careers_cli(command, "--help")
    assert done.returncode == 0 and "Usage" in done.stdout


def test_generate_profile_option(tmp_path):
    from samples.generate import generate_export

    done = careers_cli(
        "generate", "--out", str(tmp_path / "cli"), "--postings", "150", "--seed", "3",
        "--end", "2025-11-20", "--profile", "sparse",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = generate_export(tmp_path / "py", 150, 3, date(2025, 11, 20), profile="sparse")
    for path in report.files:
        relative = path.relative_to(tmp_path / "py")
        assert (tmp_path / "cli" / relative).read_bytes() == path.read_bytes(), relative
    wrong = careers_cli("generate", "--out", str(tmp_path / "x"), "--profile", "thin")
    assert wrong.returncode != 0 and "thin" in wrong.stderr
