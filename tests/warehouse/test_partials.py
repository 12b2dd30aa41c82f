"""Monthly parts built here (the default, one worker) and fanned out (one task per month) are
the same SQL: same parts, same tables; batches of months change nothing."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from core.settings import Gates, Limits
from warehouse.build import execute
from warehouse.fanout import direct_map
from warehouse.months import month_batches
from warehouse.parts import PARTS
from warehouse.snapshot import CAREER_TABLES
from warehouse.store import store_db

DATES = [date(2026, 9, 30), date(2026, 10, 31)]
GATES = Gates(max_quarantine_rate=0.2)


def _content(published) -> dict[str, pd.DataFrame]:
    names = [*CAREER_TABLES, *(f"store.part_{p}" for p in PARTS)]
    with duckdb.connect(str(store_db(published)), read_only=True) as con:
        out = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").df() for t in names}
        out["store.months"] = con.execute("SELECT part, postings FROM store.months ORDER BY 1").df()
    return out


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    from samples.generate import generate_export

    root = tmp_path_factory.mktemp("partials") / "export"
    generate_export(root, postings=1500, seed=5, end=DATES[-1])
    return root


@pytest.fixture(scope="module")
def here(export, tmp_path_factory):
    import warehouse.build as build

    def no_tasks(spec):
        raise AssertionError(f"a month task ran: {spec}")

    published = tmp_path_factory.mktemp("here") / "careers.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "compute_month", no_tasks)
        execute(export, published, DATES, "backfill", gates=GATES)
    return published


def test_fanned_out_months_equal_months_built_here(export, here, tmp_path):
    published = tmp_path / "fanned" / "careers.duckdb"
    tasks = []

    def counting_map(name, fn, items):
        tasks.extend(item["month"] for item in items if "month" in item)
        return direct_map(name, fn, items)

    execute(export, published, DATES, "backfill", gates=GATES, map_stage=counting_map)
    assert len(tasks) == 13  # Oct 2025 - Oct 2026, one task each
    got, want = _content(published), _content(here)
    assert len(want["store.months"]) == 13
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_exact=True, obj=name)


def test_one_month_per_batch_equals_one_batch(export, here, tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERS_PART_BATCH_POSTINGS", "1")
    assert Limits().part_batch_postings == 1
    published = tmp_path / "batched" / "careers.duckdb"
    execute(export, published, DATES, "backfill", gates=GATES, limits=Limits())
    got, want = _content(published), _content(here)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_exact=True, obj=name)


def test_month_batches_cut_by_postings(here):
    with duckdb.connect(str(here), read_only=True) as con:
        counts = dict(
            con.execute(
                "SELECT date_trunc('month', \"POSTED\")::DATE, count(*) FROM postings GROUP BY 1"
            ).fetchall()
        )
        months = sorted(m for m in counts if m >= date(2026, 1, 1))
        assert month_batches(con, months, 10**9) == [months]
        assert month_batches(con, months, 1) == [[m] for m in months]
        cap = max(counts[m] for m in months) * 2
        batches = month_batches(con, months, cap)
        assert [m for b in batches for m in b] == months
        for batch in batches:  # full unless the next month would overflow it
            assert len(batch) == 1 or sum(counts[m] for m in batch) <= cap
        for a, b in zip(batches, batches[1:], strict=False):
            assert sum(counts[m] for m in a) + counts[b[0]] > cap
        assert month_batches(con, [date(1999, 1, 1)], 5) == [[date(1999, 1, 1)]]
