"""prefect.yaml deployed the way docs/DEPLOY.md says, run by a real process worker.

A `prefect server` on loopback with a private home, the `careers` process work pool,
`prefect deploy --all` from the checkout, `prefect worker start --pool careers` started
elsewhere (the pull step must change into the checkout), then a nightly and a backfill run
triggered together on a tiny generated export: both complete, one after the other through
the `careers-warehouse` slot, and the published file holds every snapshot of both.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
import requests
from conftest import ROOT

from warehouse.snapshot import CAREER_TABLES

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

PREFECT = [sys.executable, "-m", "prefect"]
CEILING = 420  # seconds: a ceiling on waiting for a state, never an expectation


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(args: list[str], env: dict, cwd: Path, log: Path) -> subprocess.Popen:
    # Own process group: stopping it also stops the flow-run processes a worker started.
    return subprocess.Popen(
        args, cwd=cwd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def _wait_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + CEILING
    while time.monotonic() < deadline:
        assert server.poll() is None, f"prefect server exited:\n{log.read_text()[-3000:]}"
        try:
            if requests.get(f"{url}/health", timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError(f"prefect server not healthy:\n{log.read_text()[-3000:]}")


def _wait_final(client, run_ids: list, worker_log: Path) -> dict:
    deadline = time.monotonic() + CEILING
    while time.monotonic() < deadline:
        runs = {run_id: client.read_flow_run(run_id) for run_id in run_ids}
        if all(run.state and run.state.is_final() for run in runs.values()):
            return runs
        time.sleep(1)
    raise AssertionError(f"runs not finished:\n{_tail(worker_log)}")


def _tail(log: Path) -> str:
    return log.read_text()[-5000:]


def _messages(client, run_id) -> list:
    """The run's log once its last line of ours arrived (a run's logs reach the API in batches,
    the last ones maybe after its final state)."""
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.client.schemas.sorting import LogSort

    deadline = time.monotonic() + CEILING
    while time.monotonic() < deadline:
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])),
            sort=LogSort.TIMESTAMP_ASC,
        )
        if any("releasing the careers-warehouse" in log.message for log in logs):
            return logs
        time.sleep(0.5)
    raise AssertionError(f"flow run {run_id}: no 'releasing' line in its log")


def test_deploy_all_and_a_process_worker_run_nightly_and_backfill(tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from samples.generate import generate_export

    export = tmp_path / "export"
    generate_export(export, postings=300, seed=7, end=date(2025, 6, 30))
    warehouse = tmp_path / "published" / "careers.duckdb"
    warehouse.parent.mkdir()
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("PREFECT_", "CAREERS_"))}  # fmt: skip
    env = {
        **base,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_ENABLE_HTTP2": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        # The checkout under test first: a shared venv's editable install may name another one.
        "PYTHONPATH": str(ROOT),
    }
    client_env = {**env, "PREFECT_API_URL": api}
    server = _start(
        [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env, tmp_path, tmp_path / "server.log",
    )  # fmt: skip
    worker = None
    try:
        _wait_healthy(api, server, tmp_path / "server.log")

        def prefect(*args: str, extra: dict | None = None) -> str:
            done = subprocess.run(
                [*PREFECT, *args], cwd=ROOT, env={**client_env, **(extra or {})},
                capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout}{done.stderr}"
            return done.stdout

        prefect("work-pool", "create", "careers", "--type", "process")
        # The generated export has bad rows on purpose (12% of its first postings file).
        settings = {"CAREERS_SOURCE": str(export), "CAREERS_WAREHOUSE": str(warehouse),
                    "CAREERS_LANDING": str(tmp_path / "landing"),
                    "CAREERS_MAX_QUARANTINE_RATE": "0.25"}  # fmt: skip
        deployed = prefect("--no-prompt", "deploy", "--all", extra=settings)
        assert "nightly-refresh/nightly" in deployed and "backfill/backfill" in deployed
        # Started away from the checkout, without CAREERS_* variables: the deployments carry
        # the directory (pull step) and the paths (job_variables.env).
        worker = _start(
            [*PREFECT, "worker", "start", "--pool", "careers"],
            client_env, tmp_path, tmp_path / "worker.log",
        )  # fmt: skip

        with temporary_settings({PREFECT_API_URL: api}), get_client(sync_client=True) as client:
            nightly = client.read_deployment_by_name("nightly-refresh/nightly")
            backfill = client.read_deployment_by_name("backfill/backfill")
            assert nightly.job_variables["env"] == backfill.job_variables["env"] == settings
            assert nightly.pull_steps == [{"prefect.deployments.steps.set_working_directory": {
                "directory": str(ROOT)}}]  # fmt: skip
            runs = [
                client.create_flow_run_from_deployment(
                    backfill.id, parameters={"start": "2025-04-01", "end": "2025-05-31"}
                ).id,
                client.create_flow_run_from_deployment(
                    nightly.id, parameters={"as_of": "2025-06-30"}
                ).id,
            ]
            finished = _wait_final(client, runs, tmp_path / "worker.log")
            states = [finished[run_id].state.type.value for run_id in runs]
            assert states == ["COMPLETED", "COMPLETED"], _tail(tmp_path / "worker.log")

            # The slot: created by the first run, held by one run at a time.
            limit = client.read_global_concurrency_limit_by_name("careers-warehouse")
            assert limit.limit == 1
            held, lines = [], []
            for run_id in runs:
                logs = _messages(client, run_id)
                at = {log.message.split(" the careers-warehouse")[0]: log.timestamp for log in logs
                      if "careers-warehouse concurrency slot" in log.message}  # fmt: skip
                held.append((at["holding"], at["releasing"]))
                # The library loggers reach each flow-run log: the warehouse's stages.
                mine = [log.message for log in logs if log.name == "warehouse.build"]
                assert any("now holds snapshots" in message for message in mine), mine
                assert any(log.name == "sources.discover" for log in logs)
                lines += mine
            # The first run ingested the files (row counts), the second found them ingested.
            assert any(" rows read, " in message for message in lines)
            assert any(message.endswith(": skipped, already ingested") for message in lines)
            first, second = sorted(held)
            assert first[1] < second[0], held  # one let the slot go before the other took it
    finally:
        if worker is not None:
            _stop(worker)
        _stop(server)

    with duckdb.connect(str(warehouse), read_only=True) as con:
        runs = con.sql(
            "SELECT flow, status, as_of::VARCHAR[] FROM ops.runs ORDER BY flow"
        ).fetchall()
        snapshots = {
            table: con.sql(f"SELECT DISTINCT as_of FROM {table} ORDER BY 1").fetchall()
            for table in CAREER_TABLES
        }
        latest = con.sql("SELECT DISTINCT as_of FROM latest_career_summary").fetchall()
    assert runs == [
        ("backfill", "published", ["2025-04-30", "2025-05-31"]),
        ("refresh", "published", ["2025-06-30"]),
    ]
    every = [(date(2025, 4, 30),), (date(2025, 5, 31),), (date(2025, 6, 30),)]
    assert snapshots == dict.fromkeys(CAREER_TABLES, every)
    assert latest == [(date(2025, 6, 30),)]
