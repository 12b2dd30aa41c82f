"""Scale-out by configuration: the backfill flow with CAREERS_TASK_RUNNER=dask fans out its
postings files (read, check, write Parquet: one task per file) and its monthly parts to a local
Dask cluster of 2 worker processes, and publishes the tables the default runner publishes."""

from __future__ import annotations

import sys
from datetime import date

import duckdb
import pandas as pd
import pytest

from core.settings import Gates
from warehouse.build import execute
from warehouse.parts import PARTS
from warehouse.snapshot import CAREER_TABLES
from warehouse.store import store_db

pytestmark = pytest.mark.e2e

START, END = date(2026, 9, 1), date(2026, 10, 31)
DATES = [date(2026, 9, 30), date(2026, 10, 31)]


def _content(published) -> dict[str, pd.DataFrame]:
    """The career tables, the posting views (batch ids aside: the fanned-out run numbers the
    postings files before the other kinds) and the store's monthly parts."""
    names = [*CAREER_TABLES, "postings", "posting_skills"]
    found = {}
    with duckdb.connect(str(published), read_only=True) as con:
        for t in names:
            found[t] = con.execute(
                f"SELECT * EXCLUDE (_batch_id) FROM {t} ORDER BY ALL"
                if t == "postings"
                else f"SELECT * FROM {t} ORDER BY ALL"
            ).df()
    with duckdb.connect(str(store_db(published)), read_only=True) as con:
        for t in (f"store.part_{p}" for p in PARTS):
            found[t] = con.execute(f"SELECT * FROM {t} ORDER BY ALL").df()
    return found


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    from samples.generate import generate_export

    root = tmp_path_factory.mktemp("dask") / "export"
    generate_export(root, postings=1500, seed=5, end=END)
    return root


def test_backfill_on_a_two_worker_dask_cluster_equals_the_default_runner(
    prefect_harness, export, tmp_path, monkeypatch
):
    from distributed import Client, LocalCluster, get_task_stream

    from flows.refresh import backfill, configured

    reference = tmp_path / "default" / "careers.duckdb"
    execute(export, reference, DATES, "backfill", gates=Gates(max_quarantine_rate=0.2))

    published = tmp_path / "dask" / "careers.duckdb"
    exchange = tmp_path / "shared-exchange"
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                     dashboard_address=None) as cluster,
        Client(cluster) as client,
        get_task_stream(client) as stream,
    ):  # fmt: skip
        monkeypatch.setenv("CAREERS_TASK_RUNNER", "dask")
        monkeypatch.setenv("CAREERS_DASK_ADDRESS", cluster.scheduler_address)
        monkeypatch.setenv("CAREERS_EXCHANGE_DIR", str(exchange))
        report = configured(backfill)(
            start=START, end=END, source=str(export), warehouse=str(published),
            max_quarantine_rate=0.2,
        )  # fmt: skip
    assert report["status"] == "published"
    months = (
        report["parts"]["2026-09-30"]["months_built"]
        + report["parts"]["2026-10-31"]["months_built"]
    )
    assert len(set(months)) == 13  # Oct 2025 - Oct 2026, each built once
    ran = [t for t in stream.data if t.get("key", "").startswith("compute_month")]
    assert len(ran) == 13, [t.get("key") for t in stream.data]
    assert len({t["worker"] for t in ran}) == 2  # both workers took months
    assert not any(exchange.iterdir())  # the run's exchange folder is gone
    files = report["files_ingested"] + report["files_skipped"]
    postings = [b for b in report["files"] if b["kind"] == "postings" and not b["skipped"]]
    prepared = [t for t in stream.data if t.get("key", "").startswith("prepare_postings")]
    assert len(prepared) == len(postings) > 1 and files > len(postings), [
        t.get("key") for t in stream.data
    ]

    got, want = _content(published), _content(reference)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_exact=True, obj=name)


def test_an_unknown_task_runner_is_one_clear_error():
    from core.errors import CareersError
    from flows.refresh import task_runner_from_env

    with pytest.raises(CareersError, match="CAREERS_TASK_RUNNER='ray'"):
        task_runner_from_env({"CAREERS_TASK_RUNNER": "ray"})
    assert type(task_runner_from_env({})).__name__ == "ThreadPoolTaskRunner"


def test_dask_without_the_extra_is_one_line_naming_it(monkeypatch):
    from core.errors import CareersError
    from flows.refresh import task_runner_from_env

    monkeypatch.setitem(sys.modules, "prefect_dask", None)  # as if `[dask]` were not installed
    with pytest.raises(CareersError) as caught:
        task_runner_from_env({"CAREERS_TASK_RUNNER": "dask"})
    assert str(caught.value) == (
        "CAREERS_TASK_RUNNER=dask needs the optional extra: pip install 'careers[dask]'"
    )


def test_months_fan_out_only_with_more_than_one_worker():
    from flows.refresh import map_stage_from_env, prefect_map

    assert map_stage_from_env({}) is None
    assert map_stage_from_env({"CAREERS_PART_WORKERS": "1"}) is None
    assert map_stage_from_env({"CAREERS_PART_WORKERS": "2"}) is prefect_map
    assert map_stage_from_env({"CAREERS_TASK_RUNNER": "dask"}) is prefect_map
