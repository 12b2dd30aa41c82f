"""prefect.yaml is checked against Prefect's own deployment model, the flows it names, the one
nightly schedule (flows/deployment.py) and docs/DEPLOY.md."""

from __future__ import annotations

import inspect
import re

import pytest
import yaml
from conftest import ROOT
from prefect.cli.deploy._models import PrefectYamlModel, RawScheduleConfig
from prefect.flows import load_flow_from_entrypoint
from typer.testing import CliRunner

from flows.deployment import (
    NIGHTLY_CRON,
    NIGHTLY_DESCRIPTION,
    NIGHTLY_TIMEZONE,
    deployment_settings,
)


def _raw() -> dict:
    return yaml.safe_load((ROOT / "prefect.yaml").read_text())


def _deployments():
    model = PrefectYamlModel.model_validate(_raw())
    return {d.name: d for d in model.deployments}


def _build_step() -> dict:
    (step,) = _raw()["build"]
    return step["flows.deployment.deployment_settings"]


def test_nightly_deployment_has_the_one_schedule_and_concurrency():
    nightly = _deployments()["nightly"]
    (schedule,) = nightly.schedules
    schedule = RawScheduleConfig.model_validate(
        schedule if isinstance(schedule, dict) else schedule.model_dump(exclude_none=True)
    )
    assert (schedule.cron, schedule.timezone) == (NIGHTLY_CRON, NIGHTLY_TIMEZONE)
    assert NIGHTLY_DESCRIPTION == "daily 06:00 America/New_York"
    assert nightly.concurrency_limit == 1
    flow = load_flow_from_entrypoint(str(ROOT / nightly.entrypoint))
    assert flow.name == "nightly-refresh"


def test_serve_schedules_the_same_cron(monkeypatch, tmp_path):
    """`careers serve` registers flows.deployment's schedule (serving itself is stubbed)."""
    from cli.main import app
    from flows.refresh import nightly_refresh

    served = {}
    monkeypatch.setattr(nightly_refresh, "serve", lambda **kwargs: served.update(kwargs))
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")  # no server is started
    result = CliRunner().invoke(app, ["serve", "--source", str(tmp_path),
                                      "--warehouse", str(tmp_path / "c.duckdb")])  # fmt: skip
    assert result.exit_code == 0, result.output
    (schedule,) = served["schedules"]
    assert (schedule.cron, schedule.timezone) == (NIGHTLY_CRON, NIGHTLY_TIMEZONE)
    assert served["global_limit"] == 1


def test_backfill_deployment_parameters_fit_the_flow():
    backfill = _deployments()["backfill"]
    flow = load_flow_from_entrypoint(str(ROOT / backfill.entrypoint))
    params = inspect.signature(flow.fn).parameters
    assert set(backfill.parameters) <= set(params)
    assert {"start", "end", "every"} <= set(params)
    assert params["start"].default is inspect.Parameter.empty  # given per run


def test_deployments_take_directory_and_env_from_the_build_step():
    raw = _raw()
    step = _build_step()
    assert step["id"] == "careers"
    ((name, pull),) = raw["pull"][0].items()
    assert (name, pull) == (
        "prefect.deployments.steps.set_working_directory",
        {"directory": "{{ careers.project_dir }}"},
    )
    for deployment in raw["deployments"]:
        assert deployment["work_pool"]["name"] == "careers"
        assert deployment["work_pool"]["job_variables"] == {"env": "{{ careers.env }}"}


def test_build_step_defaults_to_the_deploy_directory_and_keeps_only_set_variables(
    monkeypatch, tmp_path
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CAREERS_PROJECT_DIR", raising=False)
    monkeypatch.setenv("CAREERS_SOURCE", "/data/export")
    monkeypatch.setenv("CAREERS_WAREHOUSE", "")  # empty: as if unset
    monkeypatch.delenv("CAREERS_LANDING", raising=False)
    names = ["CAREERS_SOURCE", "CAREERS_WAREHOUSE", "CAREERS_LANDING"]
    assert deployment_settings(names) == {
        "project_dir": str(tmp_path),
        "env": {"CAREERS_SOURCE": "/data/export"},
    }
    monkeypatch.setenv("CAREERS_PROJECT_DIR", "/srv/careers")
    assert deployment_settings(names)["project_dir"] == "/srv/careers"


def test_build_step_refuses_a_relative_project_dir(monkeypatch):
    monkeypatch.setenv("CAREERS_PROJECT_DIR", "careers")
    with pytest.raises(ValueError, match="CAREERS_PROJECT_DIR='careers' must be an absolute"):
        deployment_settings([])


def test_deploy_doc_names_every_variable_of_the_deployment():
    doc = (ROOT / "docs" / "DEPLOY.md").read_text()
    documented = set(re.findall(r"`((?:CAREERS|PREFECT)_[A-Z_]+)`", doc))
    needed = {*_build_step()["env"], "CAREERS_PROJECT_DIR", "PREFECT_API_URL", "PREFECT_HOME"}
    assert needed <= documented, needed - documented
    assert "careers-warehouse" in doc
