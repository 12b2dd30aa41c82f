"""`careers serve` registers the nightly schedule on a local Prefect server and runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, posting, write_csv

from flows.deployment import NIGHTLY_CRON, NIGHTLY_TIMEZONE

pytestmark = pytest.mark.e2e


def test_serve_registers_the_schedule_and_a_triggered_run_publishes(source, tmp_path):
    write_csv(source / "postings" / "a.csv", [posting(ID=f"p{i}", POSTED="11/1/2026")
                                              for i in range(8)])  # fmt: skip
    warehouse = tmp_path / "careers.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    served = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--source", str(source),
         "--warehouse", str(warehouse)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        api, lines = None, []
        # Until it serves or exits (EOF); no deadline: pytest-timeout is the ceiling.
        for line in served.stdout:
            lines.append(line)
            if line.startswith("Prefect API:"):
                api = line.split()[-1]
            if "is being served" in line:
                break
        assert api, "".join(lines)
        prefect = Path(sys.executable).with_name("prefect")
        client_env = {**env, "PREFECT_API_URL": api}
        shown = subprocess.run(
            [str(prefect), "deployment", "inspect", "nightly-refresh/nightly"],
            capture_output=True,
            text=True,
            env=client_env,
        )
        assert f"'cron': '{NIGHTLY_CRON}'" in shown.stdout
        assert f"'timezone': '{NIGHTLY_TIMEZONE}'" in shown.stdout
        assert "'limit': 1" in shown.stdout
        ran = subprocess.run(
            [str(prefect), "deployment", "run", "nightly-refresh/nightly", "--watch",
             "--watch-timeout", "1500"],  # a ceiling for a hung run, below pytest-timeout's
            capture_output=True, text=True, env=client_env,
        )  # fmt: skip
        assert "Completed" in ran.stdout, ran.stdout + ran.stderr
    finally:
        served.terminate()
        served.wait(timeout=60)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.sql("SELECT status FROM ops.runs").fetchall() == [("published",)]
