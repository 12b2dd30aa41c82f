"""The command line for a newcomer: --version, help at 80 columns, progress when piped, and an
end hint that runs as printed."""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from contextlib import nullcontext, redirect_stderr
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import ROOT, careers_cli, posting, write_csv

from cli import hints, serve

COMMANDS = ["refresh", "backfill", "generate", "run", "serve", "export-server", "page",
            "publish-pages", "tables", "query"]  # fmt: skip
PROGRESS = {"CAREERS_PROGRESS": "auto"}  # the default; the test suite turns it off


def test_version():
    done = careers_cli("--version")
    assert done.returncode == 0 and done.stdout == f"careers {version('careers')}\n"


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_reads_well_at_80_columns(command):
    done = careers_cli(*([command] if command else []), "--help", env={"COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "…" not in text and "..." not in text.replace("[ARGS]...", "")
    assert max(len(line) for line in text.splitlines()) <= 80
    assert str(ROOT) not in text and str(Path.home()) not in text  # defaults shown relative
    for variable in ("CAREERS_SOURCE", "CAREERS_WAREHOUSE", "CAREERS_LANDING"):
        assert text.count(variable) <= 1, variable


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ("refresh", "  careers refresh --source exports/ --as-of 2026-01-31\n"),
        ("backfill", "  careers backfill --source exports/ --start 2025-01-01 --end 2025-12-31\n"),
        ("query", '  careers query "SELECT * FROM latest_career_summary LIMIT 5"\n'),
    ],
)
def test_help_shows_examples_intact(command, example):
    done = careers_cli(command, "--help", env={"COLUMNS": "80"})
    assert "Examples:" in done.stdout and example in done.stdout


def test_summaries_are_whole_sentences():
    done = careers_cli("--help", env={"COLUMNS": "80"})
    listing = done.stdout.split("Commands:")[1]
    for command in COMMANDS:
        (line,) = [x for x in listing.splitlines() if x.strip().startswith(command + " ")]
        assert line.rstrip().endswith("."), line


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A tiny export and its warehouse, refreshed through the CLI with progress on."""
    root = tmp_path_factory.mktemp("newcomer")
    write_csv(root / "export" / "postings" / "a.csv", [posting(ID=f"p{i}") for i in range(6)])
    (root / "wh").mkdir()
    warehouse = root / "wh" / "careers.duckdb"
    done = careers_cli(
        "refresh", "--source", str(root / "export"), "--warehouse", str(warehouse),
        "--as-of", "2026-01-31", env=PROGRESS,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return warehouse, done


def test_stage_lines_on_stderr_when_piped(published):
    _, done = published
    stages = [line for line in done.stderr.splitlines() if line.startswith("careers: stage ")]
    names = [line.removeprefix("careers: stage ").split(" ... ")[0] for line in stages]
    assert names == ["prepare source", "discover files", "ingest postings/a.csv",
                     "build monthly parts", "snapshot 2026-01-31", "publish"]  # fmt: skip
    assert all(" ... done in " in line and line.endswith(" s") for line in stages)


def test_the_query_hint_runs_as_printed(published):
    warehouse, done = published
    (hint,) = [x for x in done.stdout.splitlines() if x.startswith("Query it: ")]
    command = hint.removeprefix("Query it: ")
    assert f"--warehouse {warehouse}" in command
    ran = subprocess.run(
        command, shell=True, capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "COLUMNS": "120"},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "Machine Learning Engineer" in ran.stdout and "2 rows" in ran.stdout


def test_the_hint_names_the_program_as_invoked(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAREERS_HOME", str(tmp_path))
    monkeypatch.delenv("CAREERS_WAREHOUSE", raising=False)
    monkeypatch.setattr(sys, "argv", [str(tmp_path / ".venv" / "bin" / "careers"), "run"])
    default = tmp_path / "warehouse" / "careers.duckdb"
    assert hints.query_hint(default).startswith(".venv/bin/careers query 'SELECT ")
    assert "--warehouse" not in hints.query_hint(default)
    assert hints.query_hint(tmp_path / "other.duckdb").endswith(" --warehouse other.duckdb")
    monkeypatch.setattr(sys, "argv", ["/opt/careers/bin/careers"])
    assert hints.program() == "/opt/careers/bin/careers"
    monkeypatch.setattr(sys, "argv", [str(ROOT / "cli" / "main.py")])  # python -m
    assert hints.program() == f"{shlex.quote(sys.executable)} -m cli.main"


def test_generate_reports_each_file(tmp_path):
    done = careers_cli("generate", "--out", str(tmp_path / "x"), "--postings", "40", env=PROGRESS)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == "careers: generating a sample export (40 postings) ..."
    wrote = [x for x in lines if ": wrote " in x]
    files = [p for p in (tmp_path / "x").rglob("*") if p.is_file()]
    assert len(wrote) == len(files) and any("postings/" in x and " rows)" in x for x in wrote)
    assert lines[-1].startswith("careers: generating a sample export (40 postings) ... done in")


def test_publish_pages_reports_pages_written(published, tmp_path):
    warehouse, _ = published
    done = careers_cli(
        "publish-pages", "--out", str(tmp_path / "site"), "--warehouse", str(warehouse),
        env=PROGRESS,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    counts = [x for x in done.stderr.splitlines() if x.startswith("careers: publish-pages: ")]
    assert counts[0] == f"careers: publish-pages: 0/{counts[-1].split('/')[1]}"
    done_, total = counts[-1].removeprefix("careers: publish-pages: ").split()[0].split("/")
    assert done_ == total and int(total) > 0


def test_serve_shows_the_server_starting(monkeypatch):
    monkeypatch.setenv("CAREERS_PROGRESS", "lines")
    stderr = io.StringIO()
    with redirect_stderr(stderr), serve._started(nullcontext("http://127.0.0.1:1/api")) as api:
        assert api == "http://127.0.0.1:1/api"
    first, last = stderr.getvalue().splitlines()
    assert first == "careers: starting the Prefect server ..."
    assert last.startswith("careers: starting the Prefect server ... done in ")


def test_progress_off_prints_nothing(tmp_path):
    done = careers_cli("generate", "--out", str(tmp_path / "x"), "--postings", "40",
                       env={"CAREERS_PROGRESS": "off"})  # fmt: skip
    assert done.returncode == 0 and done.stderr == ""
