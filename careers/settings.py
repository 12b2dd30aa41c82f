"""Paths, limits and thresholds in one place; every value can be overridden by environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def careers_home() -> Path:
    """The base of default user data: `CAREERS_HOME`, else the current working directory (never
    the installed package's folder, which may be a read-only site-packages)."""
    return Path(os.environ.get("CAREERS_HOME") or os.getcwd())


def default_warehouse() -> Path:
    """`CAREERS_WAREHOUSE`, else `warehouse/careers.duckdb` under `careers_home()`."""
    return Path(
        os.environ.get("CAREERS_WAREHOUSE") or careers_home() / "warehouse" / "careers.duckdb"
    )


def default_landing() -> Path:
    """`CAREERS_LANDING`, else `warehouse/landing` under `careers_home()`: where `make run`
    generates (and the HTTP client lands) export files."""
    return Path(os.environ.get("CAREERS_LANDING") or careers_home() / "warehouse" / "landing")


@dataclass(frozen=True)
class Limits:
    """DuckDB resource limits: big aggregations spill to `temp_directory` instead of dying."""

    # 3 GB for DuckDB keeps the whole process under 4 GiB: a pandas validation chunk, Python and
    # Prefect take about 0.5 GiB beside DuckDB's buffer pool (measured: peak RSS 4.5 GiB at 5M
    # postings with a 4 GB limit).
    memory_limit: str = field(default_factory=lambda: os.environ.get("CAREERS_MEMORY_LIMIT", "3GB"))
    threads: int = field(default_factory=lambda: int(os.environ.get("CAREERS_THREADS", "0")))
    # Each month's parts are computed in a private DuckDB (a task, maybe on a Dask worker).
    part_memory_limit: str = field(
        default_factory=lambda: os.environ.get("CAREERS_PART_MEMORY_LIMIT", "1GB")
    )
    part_threads: int = field(
        default_factory=lambda: int(os.environ.get("CAREERS_PART_THREADS", "0"))
    )
    # Building months here (one worker): at most this many postings per batch of months, one
    # pass over posting_skills each (5M postings: all 11 months in one batch, peak RSS 2.9 GiB).
    part_batch_postings: int = field(
        default_factory=lambda: int(os.environ.get("CAREERS_PART_BATCH_POSTINGS", "6000000"))
    )
    # The checkpoint after a file lets DuckDB vacuum (rewrite row groups to drop deleted rows)
    # only past this share of deleted rows in `postings` or `posting_skills`: below it, a vacuum
    # cost seconds and reclaimed little (warehouse/storage.py).
    vacuum_share: float = field(
        default_factory=lambda: float(os.environ.get("CAREERS_VACUUM_SHARE", "0.2"))
    )
    # Rows handed to pandera at once: validation never holds a whole export in pandas.
    validate_chunk_rows: int = field(
        default_factory=lambda: int(os.environ.get("CAREERS_VALIDATE_CHUNK_ROWS", "250000"))
    )


@dataclass(frozen=True)
class Gates:
    """Quality gates checked before publishing (on by default).

    max_quarantine_rate: a file with a larger share of rejected rows is refused whole.
    max_national_drop: a snapshot whose national posting count falls by more than this share
    below the previous snapshot is not published unless `force`.
    """

    max_quarantine_rate: float = field(
        default_factory=lambda: float(os.environ.get("CAREERS_MAX_QUARANTINE_RATE", "0.05"))
    )
    max_national_drop: float = field(
        default_factory=lambda: float(os.environ.get("CAREERS_MAX_NATIONAL_DROP", "0.30"))
    )
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
        values = {}
        for name, f in cls.__dataclass_fields__.items():
            raw = os.environ.get(f"CAREERS_{name.upper()}")
            if raw is not None:
                values[name] = (int if f.type == "int" else float)(raw)
        return cls(**values)
