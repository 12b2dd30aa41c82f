"""Refreshing from the HTTP export feed: a real server on 127.0.0.1, the real client."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date

import duckdb
import pytest
from conftest import ROOT, careers_cli

from core.errors import CareersError
from core.settings import Gates
from devtools.feed_server import running_server
from sources.discover import discover
from warehouse.build import execute

pytestmark = pytest.mark.e2e
AS_OF = date(2026, 11, 20)
SECRET = "s3cr3t-Value-\u00e9-42"
# A 3,000-posting sample has a few files just above the default 5% rejected-row gate.
GATES = Gates(max_quarantine_rate=0.2)


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    from samples.generate import generate_export

    root = tmp_path_factory.mktemp("feed") / "export"
    generate_export(root, postings=3_000, seed=5, end=AS_OF)
    return root


@pytest.fixture(scope="module")
def local_tables(export, tmp_path_factory):
    published = tmp_path_factory.mktemp("local") / "careers.duckdb"
    execute(export, published, [AS_OF], gates=GATES)
    return _tables(published)


def _tables(path) -> dict:
    """Every published career table and dimension, as sorted rows."""
    with duckdb.connect(str(path), read_only=True) as con:
        names = [n for (n,) in con.sql(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
        ).fetchall()]  # fmt: skip
        return {n: sorted(con.sql(f"SELECT * FROM {n}").fetchall(), key=repr) for n in names}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_faulty_feed_through_the_cli_equals_the_local_refresh(export, local_tables, tmp_path):
    port = _free_port()
    env = {**os.environ, "CAREERS_CLIENT_ID": "careers", "CAREERS_CLIENT_SECRET": SECRET}
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "export-server", "--source", str(export),
         "--port", str(port), "--fault-rate", "0.3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        while True:  # until it listens; no deadline: pytest-timeout is the ceiling
            assert server.poll() is None, server.communicate()[1]
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        published, landing = tmp_path / "careers.duckdb", tmp_path / "landing"
        args = [
            "refresh",
            "--source",
            f"http://127.0.0.1:{port}",
            "--warehouse",
            str(published),
            "--landing",
            str(landing),
            "--as-of",
            AS_OF.isoformat(),
            "--max-quarantine-rate",
            "0.2",
        ]
        first = careers_cli(
            *args, env={k: env[k] for k in ("CAREERS_CLIENT_ID", "CAREERS_CLIENT_SECRET")}
        )
        assert first.returncode == 0, first.stderr
        assert _tables(published) == local_tables
        second = careers_cli(
            *args, env={k: env[k] for k in ("CAREERS_CLIENT_ID", "CAREERS_CLIENT_SECRET")}
        )
        assert second.returncode == 0, second.stderr
        assert second.stdout.startswith("Nothing new in http://127.0.0.1:")  # nothing landed
        for output in (first.stdout, first.stderr, second.stdout, second.stderr):
            assert SECRET not in output
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    assert SECRET not in out + err
    with duckdb.connect(str(published), read_only=True) as con:
        pulls = con.sql("SELECT report->'$.pull.downloaded' FROM ops.runs ORDER BY started_at")
        downloaded = [len(__import__("json").loads(p)) for (p,) in pulls.fetchall()]
    files = len(discover(export))  # the Lightcast exports and the BLS OEWS files
    assert downloaded == [files]  # the second night pulls nothing, so publishes nothing


def test_wrong_credentials_one_line_error_nothing_published(export, tmp_path):
    with running_server(export, client_id="careers", client_secret=SECRET) as (url, _, _):
        done = careers_cli(
            "refresh", "--source", url, "--warehouse", str(tmp_path / "careers.duckdb"),
            "--landing", str(tmp_path / "landing"),
            env={"CAREERS_CLIENT_ID": "careers", "CAREERS_CLIENT_SECRET": "wrong-" + SECRET},
        )  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("careers: error:"), done.stderr
    assert SECRET not in done.stderr + done.stdout
    assert not (tmp_path / "careers.duckdb").exists()


def test_sha256_mismatch_rejects_the_file_and_nothing_is_ingested_from_it(
    export, tmp_path, monkeypatch
):
    monkeypatch.setenv("CAREERS_CLIENT_ID", "careers")
    monkeypatch.setenv("CAREERS_CLIENT_SECRET", SECRET)
    published, landing = tmp_path / "careers.duckdb", tmp_path / "landing"
    with running_server(export, client_id="careers", client_secret=SECRET) as (url, server, _):
        server.hooks.corrupt.add("lightcast_updates.csv")
        report = execute(url, published, [AS_OF], landing=landing, gates=GATES)
        assert [name for name, _ in report.pull["rejected"]] == ["lightcast_updates.csv"]
        assert not list(landing.rglob("lightcast_updates.csv"))
        with duckdb.connect(str(published), read_only=True) as con:
            files = [f for (f,) in con.sql("SELECT file_name FROM ops.batches").fetchall()]
        assert "lightcast_updates.csv" not in files
        server.hooks.corrupt.clear()
        report = execute(
            url, published, [AS_OF], landing=landing, gates=GATES
        )  # retried next night
        assert [p.split("/")[-1] for p in report.pull["downloaded"]] == ["lightcast_updates.csv"]
        assert [b.file_name for b in report.ingested] == ["lightcast_updates.csv"]


def test_secrets_and_tokens_appear_nowhere(prefect_harness, export, tmp_path, monkeypatch, caplog):
    # Console output of the CLI is grepped in test_faulty_feed_through_the_cli...; here every
    # log record (DEBUG and up), the Prefect artifacts, the report, the files and the tables.
    from prefect.client.orchestration import get_client

    from flows.refresh import nightly_refresh

    monkeypatch.setenv("CAREERS_CLIENT_ID", "careers")
    monkeypatch.setenv("CAREERS_CLIENT_SECRET", SECRET)
    published = tmp_path / "careers.duckdb"
    caplog.set_level(logging.DEBUG)
    with running_server(export, client_id="careers", client_secret=SECRET,
                        fault_rate=0.3, seed=3) as (url, server, _):  # fmt: skip
        report = nightly_refresh(as_of=AS_OF, source=url, warehouse=str(published),
                                 landing=str(tmp_path / "landing"),
                                 max_quarantine_rate=0.2)  # fmt: skip
        tokens = list(server.hooks.issued_tokens)
    assert tokens and report["status"] == "published"
    secrets = [SECRET, *tokens]
    texts = [caplog.text, repr(report)]
    with get_client(sync_client=True) as client:
        texts += [a.data or "" for a in client.read_artifacts()]
    with duckdb.connect(str(published), read_only=True) as con:
        for schema, table in con.sql(
            "SELECT schema_name, table_name FROM duckdb_tables()"
        ).fetchall():  # fmt: skip
            texts.append(repr(con.sql(f'SELECT * FROM "{schema}"."{table}"').fetchall()))
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.suffix != ".duckdb":
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    for secret in secrets:
        assert not any(secret in text for text in texts)


def test_missing_credentials_name_the_variables_not_the_values(export, tmp_path, monkeypatch):
    monkeypatch.delenv("CAREERS_CLIENT_ID", raising=False)
    monkeypatch.delenv("CAREERS_CLIENT_SECRET", raising=False)
    with pytest.raises(CareersError, match="CAREERS_CLIENT_ID and CAREERS_CLIENT_SECRET"):
        execute("http://127.0.0.1:9", tmp_path / "careers.duckdb", [AS_OF],
                landing=tmp_path / "landing")  # fmt: skip


def test_credentials_from_prefect_secret_blocks(prefect_harness, export, tmp_path, monkeypatch):
    from prefect.blocks.system import Secret

    from flows.refresh import nightly_refresh

    monkeypatch.delenv("CAREERS_CLIENT_ID", raising=False)
    monkeypatch.delenv("CAREERS_CLIENT_SECRET", raising=False)
    Secret(value="careers").save("careers-client-id", overwrite=True)
    Secret(value=SECRET).save("careers-client-secret", overwrite=True)
    try:
        with running_server(export, client_id="careers", client_secret=SECRET) as (url, _, _):
            report = nightly_refresh(
                as_of=AS_OF, source=url, warehouse=str(tmp_path / "c.duckdb"),
                landing=str(tmp_path / "landing"), max_quarantine_rate=0.2,
            )  # fmt: skip
    finally:  # the harness lives for the session: leave no credentials behind
        Secret.delete("careers-client-id")
        Secret.delete("careers-client-secret")
    files = len(discover(export))
    assert report["status"] == "published" and report["files_ingested"] == files
