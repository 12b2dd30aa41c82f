"""Paths, limits and thresholds in one place: every `CAREERS_*` variable, typed and range-checked.

Each default (paths, the snapshot date of a refresh) is decided here once; the CLI and the flows
call these functions rather than restating them.

`settings()` reads the environment when called (a cached parse per set of `CAREERS_*` values), so
a test's `monkeypatch.setenv` takes effect at once. A bad value raises `SettingsError`, one line
naming the variable and the problem: `CAREERS_THREADS='abc': must be a whole number >= 0`.
The dataclasses `Limits`, `Gates` and `SkillGroupRules` take their defaults from it.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import CareersError

PREFIX = "CAREERS_"

# DuckDB's memory_limit: a number and a unit (1000^i or 1024^i), or a share of the RAM.
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB|%)\s*", re.IGNORECASE)


def _size(value: str) -> str:
    match = _SIZE.fullmatch(value)
    if not match or float(match[1]) <= 0 or (match[2] == "%" and float(match[1]) > 100):
        raise ValueError("size")
    return value.strip()


def _dask_address(value: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9+.-]*://\S+", value):
        raise ValueError("address")
    return value


# Each rule's text is what a bad value is told ("<variable>='v': must be <rule>").
Size = Annotated[str, AfterValidator(_size), Field(description="a size like 3GB, 512MB or 75%")]
Count = Annotated[int, Field(ge=0, description="a whole number >= 0")]
Positive = Annotated[int, Field(ge=1, description="a whole number >= 1")]
Rate = Annotated[float, Field(ge=0, le=1, description="a number from 0 to 1")]
Percent = Annotated[float, Field(ge=0, le=100, description="a number from 0 to 100 (percent)")]
Lift = Annotated[float, Field(ge=0, description="a number >= 0")]
Flag = Annotated[bool, Field(description="true or false (1/0, yes/no)")]
_DASK_RULE = "an address like tcp://HOST:8786"
DaskAddress = Annotated[str, AfterValidator(_dask_address), Field(description=_DASK_RULE)]
TaskRunner = Annotated[Literal["threads", "dask"], Field(description="'threads' or 'dask'")]


class Settings(BaseSettings):
    """Every `CAREERS_*` variable the project reads (unset: the default here)."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX, extra="ignore", frozen=True, validate_default=False
    )

    # Paths: relative to CAREERS_HOME, else to the working directory.
    home: Path | None = None
    warehouse: Path | None = None
    landing: Path | None = None
    source: str | None = None  # a folder or an http(s):// export feed
    exchange_dir: Path | None = None
    # Where a Prefect worker finds the checkout (prefect.yaml's build step, flows/deployment.py).
    project_dir: Path | None = None
    chromium: Path | None = None
    # The export feed's OAuth2 client credentials.
    client_id: str | None = None
    client_secret: SecretStr | None = None
    # Progress on stderr: auto (a spinner on a terminal, else one line per stage), lines, off.
    progress: Annotated[
        Literal["auto", "lines", "off"], Field(description="'auto', 'lines' or 'off'")
    ] = "auto"
    # How the flows run.
    prefect: Flag = False
    task_runner: TaskRunner = "threads"
    part_workers: Positive = 1
    dask_address: DaskAddress | None = Field(None, description=_DASK_RULE)
    dask_workers: Positive = 2
    # DuckDB limits (Limits).
    # 3 GB for DuckDB keeps the whole process under 4 GiB: a pandas validation chunk, Python and
    # Prefect need room beside DuckDB's buffer pool.
    memory_limit: Size = "3GB"
    threads: Count = 0
    part_memory_limit: Size = "1GB"
    part_threads: Count = 0
    part_batch_postings: Positive = 6_000_000
    vacuum_share: Rate = 0.2
    validate_chunk_rows: Positive = 250_000
    # Quality gates (Gates).
    max_quarantine_rate: Rate = 0.05
    max_national_drop: Rate = 0.30
    # career_skill_groups thresholds (SkillGroupRules; shares in percent).
    baseline_min_share: Percent = 1.0
    baseline_top: Positive = 10
    core_min_share: Percent = 10.0
    defining_min_lift: Lift = 2.0
    defining_top: Positive = 25
    necessary_top: Positive = 25
    distinguishing_min_share: Percent = 1.0
    distinguishing_min_lift: Lift = 4.0
    distinguishing_top: Positive = 15
    boost_min_with: Positive = 20
    boost_min_without: Positive = 20
    boost_top: Positive = 10
    # Fault injection for the crash tests (core/faults.py): fnmatch patterns of crash
    # points to kill the process at, or to hold it at until the file `hold_file` is deleted.
    crash_at: str | None = None
    hold_at: str | None = None
    hold_file: Path | None = None


class SettingsError(CareersError):
    """A `CAREERS_*` variable with a bad value."""


def variable(name: str) -> str:
    """The environment variable of the setting `name`."""
    return f"{PREFIX}{name.upper()}"


def _rule(name: str) -> str | None:
    for meta in Settings.model_fields[name].metadata:
        if getattr(meta, "description", None):
            return meta.description
    return Settings.model_fields[name].description


def _one_line(exc: ValidationError, raw: Mapping[str, str]) -> SettingsError:
    error = exc.errors()[0]
    name = str(error["loc"][0]) if error["loc"] else "?"
    value = raw.get(variable(name), error.get("input"))
    rule = _rule(name) if name in Settings.model_fields else None
    problem = f"must be {rule}" if rule else error["msg"]
    shown = "(hidden)" if name == "client_secret" else repr(value)
    return SettingsError(f"{variable(name)}={shown}: {problem}")


def _environment(env: Mapping[str, str]) -> dict[str, str]:
    """The `CAREERS_*` variables of `env`; an empty one counts as unset (a shell's `X=`)."""
    return {k.upper(): v for k, v in env.items() if k.upper().startswith(PREFIX) and v != ""}


@functools.lru_cache(maxsize=32)
def _parse(items: tuple[tuple[str, str], ...]) -> Settings:
    raw = dict(items)
    values = {name: raw[variable(name)] for name in Settings.model_fields if variable(name) in raw}
    try:
        # model_validate: exactly these values (the environment was read by the caller).
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise _one_line(exc, raw) from None


def settings(env: Mapping[str, str] | None = None) -> Settings:
    """The settings from `env` (default: the process environment, read now). Raises
    SettingsError, one line naming the variable, on the first bad value."""
    raw = _environment(os.environ if env is None else env)
    return _parse(tuple(sorted(raw.items())))


def home() -> Path:
    """`CAREERS_HOME`, else the working directory: the base of the default paths."""
    return settings().home or Path.cwd()


def default_warehouse() -> Path:
    """`CAREERS_WAREHOUSE`, else `warehouse/careers.duckdb` under the home."""
    return settings().warehouse or home() / "warehouse" / "careers.duckdb"


def default_landing() -> Path:
    """`CAREERS_LANDING`, else `warehouse/landing` under the home: where `careers run`
    generates a sample and a feed's files land."""
    return settings().landing or home() / "warehouse" / "landing"


def default_source() -> str:
    """`CAREERS_SOURCE`, else the landing folder."""
    return settings().source or str(default_landing())


def default_as_of() -> date:
    """Today in UTC: the snapshot date of a refresh given none (CLI and nightly flow)."""
    return datetime.now(UTC).date()


def _from_settings(name: str) -> Any:
    return field(default_factory=lambda: getattr(settings(), name))


@dataclass(frozen=True)
class Limits:
    """DuckDB resource limits: big aggregations spill to `temp_directory` instead of dying."""

    memory_limit: str = _from_settings("memory_limit")
    threads: int = _from_settings("threads")
    # Each month's parts are computed in a private DuckDB (a task, maybe on a Dask worker).
    part_memory_limit: str = _from_settings("part_memory_limit")
    part_threads: int = _from_settings("part_threads")
    # Building months here (one worker): at most this many postings per batch of months, one
    # pass over posting_skills each (a bound on the memory of one batch).
    part_batch_postings: int = _from_settings("part_batch_postings")
    # The checkpoint after a file lets DuckDB vacuum (rewrite row groups to drop deleted rows)
    # only past this share of deleted rows in `postings` or `posting_skills`: below it, a vacuum
    # cost seconds and reclaimed little (warehouse/storage.py).
    vacuum_share: float = _from_settings("vacuum_share")
    # Rows handed to pandera at once: validation never holds a whole export in pandas.
    validate_chunk_rows: int = _from_settings("validate_chunk_rows")


@dataclass(frozen=True)
class Gates:
    """Quality gates checked before publishing (on by default).

    max_quarantine_rate: a file with a larger share of rejected rows is refused whole.
    max_national_drop: a snapshot whose national posting count falls by more than this share
    below the previous snapshot is not published unless `force`.
    """

    max_quarantine_rate: float = _from_settings("max_quarantine_rate")
    max_national_drop: float = _from_settings("max_national_drop")
    force: bool = False

    @classmethod
    def from_options(cls, max_quarantine_rate: float | None, force: bool) -> Gates:
        """Gates from command-line/flow options; None keeps the environment's default."""
        if max_quarantine_rate is None:
            return cls(force=force)
        return cls(max_quarantine_rate=max_quarantine_rate, force=force)


@dataclass(frozen=True)
class SkillGroupRules:
    """Thresholds of career_skill_groups (shares in percent). Defaults are the contract's;
    each can be overridden by `CAREERS_<FIELD>` (e.g. CAREERS_BOOST_MIN_WITH=30)."""

    baseline_min_share: float = 1.0  # Common Skill, share >= 1%
    baseline_top: int = 10
    core_min_share: float = 10.0  # defining / necessary: share >= 10%
    defining_min_lift: float = 2.0  # defining: lift >= 2, necessary: lift < 2
    defining_top: int = 25
    necessary_top: int = 25
    distinguishing_min_share: float = 1.0  # 1% <= share < core_min_share
    distinguishing_min_lift: float = 4.0
    distinguishing_top: int = 15
    boost_min_with: int = 20  # salaried postings of the career mentioning the skill
    boost_min_without: int = 20  # ... and not mentioning it
    boost_top: int = 10

    @classmethod
    def from_env(cls) -> SkillGroupRules:
        current = settings()
        return cls(**{name: getattr(current, name) for name in cls.__dataclass_fields__})
