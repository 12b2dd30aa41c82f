"""prefect.yaml is checked against Prefect's own deployment model and the flows it names."""

from __future__ import annotations

import inspect

import yaml
from conftest import ROOT
from prefect.cli.deploy._models import PrefectYamlModel, RawScheduleConfig
from prefect.flows import load_flow_from_entrypoint


def _deployments():
    model = PrefectYamlModel.model_validate(yaml.safe_load((ROOT / "prefect.yaml").read_text()))
    return {d.name: d for d in model.deployments}


def test_nightly_deployment_schedule_and_concurrency():
    nightly = _deployments()["nightly"]
    (schedule,) = nightly.schedules
    schedule = RawScheduleConfig.model_validate(
        schedule if isinstance(schedule, dict) else schedule.model_dump(exclude_none=True)
    )
    assert (schedule.cron, schedule.timezone) == ("0 6 * * *", "America/New_York")
    assert nightly.concurrency_limit == 1
    flow = load_flow_from_entrypoint(str(ROOT / nightly.entrypoint))
    assert flow.name == "nightly-refresh"


def test_backfill_deployment_parameters_fit_the_flow():
    backfill = _deployments()["backfill"]
    flow = load_flow_from_entrypoint(str(ROOT / backfill.entrypoint))
    params = inspect.signature(flow.fn).parameters
    assert set(backfill.parameters) <= set(params)
    assert {"start", "end", "every"} <= set(params)
    assert params["start"].default is inspect.Parameter.empty  # given per run
