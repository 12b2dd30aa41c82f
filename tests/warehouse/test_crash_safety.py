"""SIGKILL the refresh at named points; the publication survives and the next run recovers.

Each kill runs the real CLI in a subprocess with CAREERS_CRASH_AT set (core/faults.py).
"""

from __future__ import annotations

import shutil
import signal

import duckdb
import pytest
from conftest import careers_cli

from warehouse.store import store_db, store_dir

pytestmark = pytest.mark.e2e

AS_OF = "2026-11-20"
FIRST, LAST = "LC_2025_base.csv", "lightcast_updates.csv"
POINTS = [
    "build:store-open",
    f"ingest:{FIRST}:read",
    f"ingest:{FIRST}:parquet-written",
    f"ingest:{FIRST}:placed",
    f"ingest:{FIRST}:merged",
    f"ingest:{FIRST}:before-commit",
    f"ingest:{FIRST}:committed",
    f"ingest:{LAST}:merged",
    "parts:computed",
    f"snapshot:{AS_OF}:career_summary",
    f"snapshot:{AS_OF}:career_skills",
    f"snapshot:{AS_OF}:career_employment",
    f"snapshot:{AS_OF}:before-commit",
    "publish:store-closed",
    "publish:copied",
    "publish:dictionary",
    "publish:checkpointed",
    "publish:closed",
    "publish:fsynced",
    "publish:chmod",
    "publish:replaced",
    "publish:runs-synced",
]
# Killed after the swap: the new publication is whole.
AFTER_SWAP = ("publish:replaced", "publish:runs-synced")


def _content(path) -> dict:
    """Order-independent checksums of every table and view of the publication but the run log
    (which has ids and times) and the Parquet file list (names hold batch ids and times: the
    `postings` view over the files is compared instead), and of the store's monthly parts."""
    found = {}
    for db, schemas in ((path, "NOT IN ('store')"), (store_db(path), "IN ('store')")):
        with duckdb.connect(str(db), read_only=True) as con:
            relations = con.sql(
                "SELECT schema_name, table_name FROM duckdb_tables() "
                f"WHERE schema_name {schemas} AND NOT (schema_name = 'ops' AND table_name IN "
                "('runs', 'batches', 'parquet_files', 'postings_view_files', 'masked_versions')) "
                "UNION ALL SELECT schema_name, view_name FROM duckdb_views() "
                f"WHERE NOT internal AND schema_name {schemas} ORDER BY ALL"
            ).fetchall()
            found |= {f"{s}.{t}": con.sql(
                f'SELECT count(*), bit_xor(hash(COLUMNS({_columns(t)}))) FROM "{s}"."{t}"'
            ).fetchall() for s, t in relations}  # fmt: skip
    return found


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
    """The uninterrupted result: base refresh (its warehouse folder kept whole: the published
    file and the store), then full refresh."""
    base, full = sources
    published = tmp_path_factory.mktemp("reference") / "careers.duckdb"
    assert _refresh(base, published).returncode == 0
    first = tmp_path_factory.mktemp("first") / "warehouse"
    shutil.copytree(published.parent, first)
    assert _refresh(full, published).returncode == 0
    return first, _content(published)


def _orphans(published) -> list[str]:
    """Parquet files in the store no registry row names (the schema file aside)."""
    root = store_dir(published) / "postings"
    with duckdb.connect(str(store_db(published)), read_only=True) as con:
        known = {str(root / p) for (p,) in con.sql("SELECT path FROM ops.parquet_files").fetchall()}
    return sorted(str(p) for p in root.glob("*/*") if str(p) not in known)


@pytest.mark.parametrize("point", POINTS)
def test_kill_at_point_keeps_publication_and_next_run_recovers(point, sources, reference, tmp_path):
    base, full = sources
    first, expected = reference
    shutil.copytree(first, tmp_path, dirs_exist_ok=True)
    published = tmp_path / "careers.duckdb"
    first_bytes = published.read_bytes()

    killed = _refresh(full, published, CAREERS_CRASH_AT=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    if point in AFTER_SWAP:  # killed after the swap: the new file is whole
        assert _content(published) == expected
    else:
        assert published.read_bytes() == first_bytes
    with duckdb.connect(str(published), read_only=True) as con:  # opens and queries fine
        assert con.sql("SELECT count(*) FROM latest_career_summary").fetchall()[0][0] > 0

    recovered = _refresh(full, published)
    assert recovered.returncode == 0, recovered.stderr
    assert _content(published) == expected
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != "careers.duckdb")
    assert leftovers == [".careers.duckdb.lock", "careers.store"], leftovers
    assert sorted(p.name for p in store_dir(published).iterdir()) == ["postings", "state.duckdb"]
    assert _orphans(published) == []
    with duckdb.connect(str(published), read_only=True) as con:
        statuses = [s for (s,) in con.sql("SELECT status FROM ops.runs ORDER BY started_at")
                    .fetchall()]  # fmt: skip
    if point in AFTER_SWAP:
        assert statuses == ["published", "published", "published"]
    else:
        assert statuses == ["published", "interrupted", "published"]
