"""The flows share the `careers-warehouse` slot and log the warehouse's stages to the run."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
import time
import uuid
from datetime import UTC, date, datetime

import duckdb
import pytest
from conftest import posting, write_csv

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

CEILING = 300  # seconds: a ceiling on waiting for an event, never an expectation


def _logs(client, flow_run_id) -> list:
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.client.schemas.sorting import LogSort

    return client.read_logs(
        log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])),
        sort=LogSort.TIMESTAMP_ASC,
    )


def _wait_for_log(client, flow_run_id, text: str):
    """The first log line of the run containing `text` (logs reach the API in batches)."""
    deadline = time.monotonic() + CEILING
    while time.monotonic() < deadline:
        found = [log for log in _logs(client, flow_run_id) if text in log.message]
        if found:
            return found[0]
        time.sleep(0.5)
    raise AssertionError(f"no log line {text!r} in flow run {flow_run_id}")


def _run_id_named(client, name: str):
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    deadline = time.monotonic() + CEILING
    while time.monotonic() < deadline:
        runs = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[name]))
        )
        if runs:
            return runs[0].id
        time.sleep(0.5)
    raise AssertionError(f"no flow run named {name}")


@pytest.fixture
def one_file(source):
    write_csv(source / "postings" / "a.csv",
              [posting(ID=f"p{i}", SALARY=str(60000 + 1000 * i)) for i in range(6)])  # fmt: skip
    return source


def test_first_run_creates_the_limit_and_logs_warehouse_stages(
    prefect_harness, one_file, warehouse_file
):
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound
    from prefect.logging.handlers import APILogHandler

    from flows.refresh import nightly_refresh
    from flows.runtime import WAREHOUSE_LIMIT

    with get_client(sync_client=True) as client:
        with contextlib.suppress(ObjectNotFound):
            client.delete_global_concurrency_limit_by_name(WAREHOUSE_LIMIT)
        state = nightly_refresh(as_of=date(2026, 1, 31), source=str(one_file),
                                warehouse=str(warehouse_file), return_state=True)  # fmt: skip
        assert state.is_completed(), state.message
        limit = client.read_global_concurrency_limit_by_name(WAREHOUSE_LIMIT)
        assert (limit.limit, limit.active) == (1, True)
        run_id = state.state_details.flow_run_id
        line = _wait_for_log(client, run_id, "ingest postings/a.csv: done")
        assert line.name == "warehouse.build"
        assert "6 rows read, 6 loaded, 0 quarantined" in line.message
        _wait_for_log(client, run_id, "now holds snapshots 2026-01-31")
        assert _wait_for_log(client, run_id, "discovered 1 export file").name == "sources.discover"
    # The wiring lasts as long as the flow: outside a run the libraries log as before.
    for name in ("sources", "warehouse"):
        logger = logging.getLogger(name)
        assert not any(isinstance(h, APILogHandler) for h in logger.handlers)
        assert logger.level == logging.NOTSET


def test_nightly_waits_while_another_run_holds_the_slot_then_publishes(
    prefect_harness, one_file, warehouse_file
):
    from prefect.client.orchestration import get_client
    from prefect.concurrency.sync import concurrency

    from flows.refresh import nightly_refresh
    from flows.runtime import WAREHOUSE_LIMIT, ensure_warehouse_limit

    name = f"slot-test-{uuid.uuid4().hex[:8]}"
    flow = nightly_refresh.with_options(flow_run_name=name)
    outcome = {}

    def run_nightly():
        outcome["state"] = flow(as_of=date(2026, 1, 31), source=str(one_file),
                                warehouse=str(warehouse_file), return_state=True)  # fmt: skip

    ensure_warehouse_limit()
    # The run's thread needs the test's Prefect settings (a context variable).
    nightly = threading.Thread(target=contextvars.copy_context().run, args=(run_nightly,))
    with get_client(sync_client=True) as client:
        with concurrency(WAREHOUSE_LIMIT, occupy=1, strict=True):  # a backfill, say
            nightly.start()
            run_id = _run_id_named(client, name)
            _wait_for_log(client, run_id, "waiting for the careers-warehouse concurrency slot")
            # Still held here: the nightly run cannot have started writing.
            assert not any("holding" in log.message for log in _logs(client, run_id))
            assert not warehouse_file.exists()
            assert client.read_flow_run(run_id).state.is_running()
            releasing_at = datetime.now(UTC)
        nightly.join(timeout=CEILING)
        assert not nightly.is_alive()
        state = outcome["state"]
        assert state.is_completed(), state.message
        holding = _wait_for_log(client, run_id, "holding the careers-warehouse concurrency slot")
        assert holding.timestamp > releasing_at  # took the slot once the holder let it go
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        runs = con.execute("SELECT flow, status FROM ops.runs").fetchall()
        (careers,) = con.execute("SELECT count(*) FROM career_summary").fetchone()
    assert runs == [("refresh", "published")]
    assert careers > 0
