"""SIGKILL the refresh at named points; the publication survives and the next run recovers.

Each kill runs the real CLI in a subprocess with CAREERS_CRASH_AT set (core/faults.py).
"""

from __future__ import annotations

import shutil
import signal

import duckdb
import pytest
from conftest import careers_cli

pytestmark = pytest.mark.e2e

AS_OF = "2026-11-20"
FIRST, LAST = "LC_2025_base.csv", "lightcast_updates.csv"
POINTS = [
    "build:copied",
    f"ingest:{FIRST}:read",
    f"ingest:{FIRST}:merged",
    f"ingest:{FIRST}:before-commit",
    f"ingest:{FIRST}:committed",
    f"ingest:{LAST}:merged",
    "parts:computed",
    f"snapshot:{AS_OF}:career_summary",
    f"snapshot:{AS_OF}:career_skills",
    f"snapshot:{AS_OF}:career_employment",
    f"snapshot:{AS_OF}:before-commit",
    "publish:dictionary",
    "publish:checkpointed",
    "publish:closed",
    "publish:fsynced",
    "publish:chmod",
    "publish:replaced",
]


def _content(path) -> dict:
    """Order-independent checksums of every table but the run log (which has ids and times)."""
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.sql(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE NOT (schema_name = 'ops' AND table_name IN ('runs', 'batches')) ORDER BY ALL"
        ).fetchall()
        return {f"{s}.{t}": con.sql(
            f'SELECT count(*), bit_xor(hash(COLUMNS({_columns(t)}))) FROM "{s}"."{t}"'
        ).fetchall() for s, t in tables}  # fmt: skip


def _columns(table: str) -> str:
    # Batch ids depend on how many batches killed runs allocated: lineage, not content.
    volatile = {
        "postings": "_batch_id",
        "quarantine": "batch_id",
        "skill_taxonomy": "_batch_id",
        "employment_cells": "_batch_id",
        "oews_rows": "_batch_id",
        "months": "built_at, run_id",  # store.months: which run built a monthly part, and when
    }.get(table)
    return f"* EXCLUDE ({volatile})" if volatile else "*"


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """A base export (first refresh) and the full export (second refresh) of 1,500 postings."""
    from samples.generate import generate_export

    root = tmp_path_factory.mktemp("crash")
    full = root / "full"
    generate_export(full, postings=1_500, seed=11, end=__import__("datetime").date(2026, 11, 20))
    base = root / "base"
    (base / "postings").mkdir(parents=True)
    shutil.copy(full / "postings" / "lightcast_delta_lists.parquet", base / "postings")
    return base, full


def _refresh(source, warehouse, **env):
    return careers_cli(
        "refresh", "--source", str(source), "--warehouse", str(warehouse), "--as-of", AS_OF,
        "--max-quarantine-rate", "0.2", env=env,
    )  # fmt: skip


@pytest.fixture(scope="module")
def reference(sources, tmp_path_factory):
    """The uninterrupted result: base refresh, then full refresh."""
    base, full = sources
    published = tmp_path_factory.mktemp("reference") / "careers.duckdb"
    assert _refresh(base, published).returncode == 0
    first = published.read_bytes()
    assert _refresh(full, published).returncode == 0
    return first, _content(published)


@pytest.mark.parametrize("point", POINTS)
def test_kill_at_point_keeps_publication_and_next_run_recovers(point, sources, reference, tmp_path):
    base, full = sources
    first_bytes, expected = reference
    published = tmp_path / "careers.duckdb"
    published.write_bytes(first_bytes)

    killed = _refresh(full, published, CAREERS_CRASH_AT=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    if point == "publish:replaced":  # killed after the swap: the new file is whole
        assert _content(published) == expected
    else:
        assert published.read_bytes() == first_bytes
    with duckdb.connect(str(published), read_only=True) as con:  # opens and queries fine
        assert con.sql("SELECT count(*) FROM latest_career_summary").fetchall()[0][0] > 0

    recovered = _refresh(full, published)
    assert recovered.returncode == 0, recovered.stderr
    assert _content(published) == expected
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != "careers.duckdb")
    assert leftovers == [".careers.duckdb.lock"], leftovers
    with duckdb.connect(str(published), read_only=True) as con:
        statuses = [s for (s,) in con.sql("SELECT status FROM ops.runs ORDER BY started_at")
                    .fetchall()]  # fmt: skip
    if point == "publish:replaced":
        assert statuses == ["published", "published", "published"]
    else:
        assert statuses == ["published", "interrupted", "published"]
