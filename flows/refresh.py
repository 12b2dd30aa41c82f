"""The nightly refresh and the backfill as Prefect flows.

Both run `warehouse.build.execute` holding the one slot of the `careers-warehouse` global
concurrency limit (so one waits for the other), with the `sources` and `warehouse` loggers in
the flow-run log; each stage becomes a Prefect task (file I/O stages retry
on OSError only: a bad export is not transient), and the run report is published as a
markdown artifact. With more than one worker configured, building monthly parts fans out, one
task per month, on the flow's task runner: by configuration only (`task_runner_from_env`), a
thread pool here or a Dask cluster; with one, the months are built in the writer's connection.
"""

# No `from __future__ import annotations` here: Prefect validates flow parameters from the
# real annotations, and string annotations break that for served deployments.
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from core.errors import CareersError
from core.periods import Every, period_ends
from core.settings import Gates, default_as_of, default_source, default_warehouse, settings
from flows.runtime import library_logs, warehouse_slot
from warehouse.build import RunReport, execute

IO_RETRIES = 2


def _retry_on_io_error(task_, task_run, state) -> bool:
    try:
        state.result()
    except OSError:
        return True
    except BaseException:
        return False
    return False


def prefect_stage(name: str, fn: Callable, *args: Any) -> Any:
    """Run one stage as a Prefect task in the current flow run."""
    get_run_logger().info("stage: %s", name)
    as_task = task(
        fn,
        name=name,
        retries=IO_RETRIES if name.startswith(("prepare", "discover", "ingest")) else 0,
        retry_delay_seconds=1,
        retry_condition_fn=_retry_on_io_error,
        cache_policy=NO_CACHE,
        persist_result=False,
    )
    return as_task(*args)


def prefect_map(name: str, fn: Callable, items: list) -> list:
    """Run one task per item on the flow's task runner (threads, or Dask workers) and wait."""
    get_run_logger().info("stage: %s x %d", name, len(items))
    as_task = task(fn, name=name, cache_policy=NO_CACHE, persist_result=False)
    return as_task.map(items).result()


def task_runner_from_env(env: dict | None = None) -> TaskRunner:
    """The task runner the monthly-part tasks fan out on, from configuration:

    - `CAREERS_TASK_RUNNER=threads` (default): a thread pool of `CAREERS_PART_WORKERS` (1).
    - `CAREERS_TASK_RUNNER=dask`: prefect-dask's DaskTaskRunner on the cluster at
      `CAREERS_DASK_ADDRESS` (e.g. tcp://scheduler:8786), else on a temporary local cluster of
      `CAREERS_DASK_WORKERS` (2) single-threaded worker processes. Workers must see
      `CAREERS_EXCHANGE_DIR` (shared storage) and have this project installed.
    """
    current = settings(env)
    if current.task_runner == "threads":
        return ThreadPoolTaskRunner(max_workers=current.part_workers)
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise CareersError(
            "CAREERS_TASK_RUNNER=dask needs the optional extra: pip install 'careers[dask]'"
        ) from None

    if current.dask_address:
        return DaskTaskRunner(address=current.dask_address)
    return DaskTaskRunner(
        cluster_kwargs={"n_workers": current.dask_workers, "threads_per_worker": 1,
                        "processes": True, "dashboard_address": None}
    )  # fmt: skip


def map_stage_from_env(env: dict | None = None) -> Callable | None:
    """How the flows build monthly parts: fanned out, one task per month (`prefect_map`), when
    the configuration gives more than one worker (`CAREERS_TASK_RUNNER=dask`, or
    `CAREERS_PART_WORKERS` > 1); else None: here, in the writer's connection, which skips
    exporting each month's inputs (faster than one worker's fan-out)."""
    current = settings(env)
    if current.task_runner == "dask" or current.part_workers > 1:
        return prefect_map
    return None


def configured(flow_):
    """`flow_` with the task runner the environment asks for (read now, not at import)."""
    return flow_.with_options(task_runner=task_runner_from_env())


def _paths(source: str | None, warehouse: str | None) -> tuple[str, Path]:
    """The source spec (a folder or a feed URL; default CAREERS_SOURCE, else the landing
    folder) and the published file."""
    src = source or default_source()
    return src, Path(warehouse) if warehouse else default_warehouse()


def _publish_report(report: RunReport) -> dict:
    create_markdown_artifact(
        report.markdown(), key="careers-run-report", description="Careers run report"
    )
    t = report.totals()
    get_run_logger().info(
        "published %s: %d files ingested, rows read %d / loaded %d / quarantined %d",
        report.warehouse,
        t["files_ingested"],
        t["rows_read"],
        t["rows_loaded"],
        t["rows_quarantined"],
    )
    return report.as_dict()


@flow(name="nightly-refresh", log_prints=True, task_runner=task_runner_from_env())
def nightly_refresh(
    as_of: date | None = None,
    source: str | None = None,
    warehouse: str | None = None,
    landing: str | None = None,
    max_quarantine_rate: float | None = None,
    force: bool = False,
) -> dict:
    """Pull (from a feed) and ingest new export files, publish the snapshot for `as_of`
    (default: today, UTC). `source` defaults to CAREERS_SOURCE."""
    src, published = _paths(source, warehouse)
    day = as_of or default_as_of()
    gates = Gates.from_options(max_quarantine_rate, force)
    with library_logs(), warehouse_slot():
        report = execute(
            src, published, [day], "refresh", prefect_stage, gates=gates,
            landing=Path(landing) if landing else None, map_stage=map_stage_from_env(),
        )  # fmt: skip
    return _publish_report(report)


@flow(name="backfill", log_prints=True, task_runner=task_runner_from_env())
def backfill(
    start: date,
    end: date,
    every: Every = Every.month,
    source: str | None = None,
    warehouse: str | None = None,
    landing: str | None = None,
    max_quarantine_rate: float | None = None,
    force: bool = False,
) -> dict:
    """Ingest new export files and publish one snapshot per period end from start to end. From
    a feed, re-pulls the files created since `start`."""
    src, published = _paths(source, warehouse)
    dates = period_ends(start, end, every)
    gates = Gates.from_options(max_quarantine_rate, force)
    with library_logs(), warehouse_slot():
        report = execute(
            src, published, dates, "backfill", prefect_stage, gates=gates,
            landing=Path(landing) if landing else None,
            since=start, map_stage=map_stage_from_env(),
        )  # fmt: skip
    return _publish_report(report)
