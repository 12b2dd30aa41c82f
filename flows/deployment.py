"""What the Prefect deployments share with `careers serve`: the nightly schedule, and the build
step `prefect deploy` runs to resolve the project directory and the flow runs' environment.

prefect.yaml cannot import Python, so the schedule is written there too;
tests/flows/test_deployments.py fails when the two disagree.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.settings import settings

# The one nightly schedule: `careers serve` uses these, prefect.yaml must say the same.
NIGHTLY_CRON = "0 6 * * *"
NIGHTLY_TIMEZONE = "America/New_York"
_minute, _hour = NIGHTLY_CRON.split()[:2]
NIGHTLY_DESCRIPTION = f"daily {int(_hour):02d}:{int(_minute):02d} {NIGHTLY_TIMEZONE}"

PROJECT_DIR_ENV = "CAREERS_PROJECT_DIR"


def nightly_schedule():
    """The nightly schedule as a Prefect `Cron`."""
    from prefect.schedules import Cron

    return Cron(NIGHTLY_CRON, timezone=NIGHTLY_TIMEZONE)


def deployment_settings(env: list[str] | None = None) -> dict:
    """Build step of prefect.yaml, run where `prefect deploy` runs. Returns

    - `project_dir`: where the worker finds this checkout (the pull step changes into it):
      `CAREERS_PROJECT_DIR` (absolute), else the directory `prefect deploy` runs in;
    - `env`: the variables of `env` that are set (non-empty) here, for `job_variables.env`.
      An unset one is left out, so the worker's own environment (or the default) applies.
    """
    project = str(settings().project_dir or os.getcwd())
    if not Path(project).is_absolute():
        raise ValueError(
            f"{PROJECT_DIR_ENV}={project!r} must be an absolute path: the checkout as the "
            "worker sees it (unset: the directory `prefect deploy` runs in)"
        )
    values = {name: os.environ[name] for name in env or [] if os.environ.get(name)}
    return {"project_dir": project, "env": values}
