"""Incremental refresh: monthly parts are reused, the months a delta touches are updated in place
(or dropped and rebuilt), and the published tables equal a full rebuild's."""

from __future__ import annotations

import json
import shutil
from datetime import date

import duckdb
import pandas as pd
import pytest
from conftest import posting, write_csv

from core.periods import Window
from core.settings import Gates
from warehouse import months as stored_months
from warehouse.build import execute
from warehouse.parts import PARTS
from warehouse.snapshot import CAREER_TABLES
from warehouse.store import store_db
from warehouse.windows import plan_window

BASE_AS_OF = date(2026, 11, 20)
NIGHT = date(2026, 11, 21)
GATES = Gates(max_quarantine_rate=0.2)


def _tables(published, as_of) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(published), read_only=True) as con:
        return {
            t: con.execute(f"SELECT * FROM {t} WHERE as_of = ? ORDER BY ALL", [as_of]).df()
            for t in CAREER_TABLES
        }


def _stored(published) -> dict[date, str]:
    with duckdb.connect(str(store_db(published)), read_only=True) as con:
        return dict(con.execute("SELECT part, run_id FROM store.months").fetchall())


def _skill_record(skill_id: str, name: str) -> dict:
    return {"id": skill_id, "name": name, "type": {"id": "ST1", "name": "Specialized Skill"},
            "category": {"id": 6, "name": "Information Technology"},
            "subcategory": {"id": 412, "name": "Programming Languages"},
            "isSoftware": False, "isLanguage": False}  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A generated export plus a few May postings mentioning a skill the taxonomy lacks, and
    the only two April postings of a career in California, one of them salaried."""
    from samples.generate import generate_export

    root = tmp_path_factory.mktemp("incremental") / "base"
    generate_export(root, postings=1500, seed=11, end=BASE_AS_OF)
    write_csv(root / "postings" / "zz_untyped.csv", [
        posting(ID=f"u{i}", POSTED=f"5/1{i}/2026", LAST_UPDATED_DATE="5/20/2026",
                LAST_UPDATED_TIMESTAMP="2026-05-20 10:00:00", SKILLS='["KSZZ"]',
                SKILLS_NAME='["Old name"]', STATE="6")
        for i in range(4)
    ])  # fmt: skip
    write_csv(root / "postings" / "zz_alone.csv", [
        posting(ID=f"s{i}", POSTED="4/2/2026", LAST_UPDATED_DATE="4/3/2026",
                LAST_UPDATED_TIMESTAMP="2026-04-03 10:00:00", SALARY=salary, STATE="6",
                LOT_SPECIALIZED_OCCUPATION="99999901", LOT_SPECIALIZED_OCCUPATION_NAME="Alone")
        for i, salary in enumerate(["80000", ""])
    ])  # fmt: skip
    return root


def _delta(folder, base_warehouse) -> tuple[set[date], set[date]]:
    """A night's delta: new postings (today and a late one in March), re-versions (one moving
    from its month to another), a rejected row, and a taxonomy file naming KSZZ. Returns the
    stored months the postings file changes, and those the taxonomy file changes."""
    with duckdb.connect(str(base_warehouse), read_only=True) as con:
        old = con.execute(
            'SELECT "ID", "POSTED" FROM postings WHERE "POSTED" BETWEEN ? AND ? '
            'AND "ID" NOT LIKE \'u%\' ORDER BY "ID" LIMIT 3',
            [date(2026, 1, 1), date(2026, 1, 31)],
        ).fetchall()
    stamp = dict(LAST_UPDATED_DATE="11/21/2026", LAST_UPDATED_TIMESTAMP="2026-11-21 04:00:00")
    (a, _), (b, _), (c, _) = old
    rows = [
        posting(ID="new-today", POSTED="11/21/2026", **stamp),
        posting(ID="new-late", POSTED="3/14/2026", SALARY="123456.78", **stamp),
        posting(ID=a, POSTED="1/5/2026", SALARY="250000", COMPANY_IS_STAFFING="true", **stamp),
        posting(ID=b, POSTED="8/7/2026", **stamp),  # moves from January to August
        posting(ID=c, POSTED="1/9/2026", SALARY="-5", **stamp),  # rejected: stays as it was
        # April's only salaried posting of its career loses its salary: the career's April
        # salary sum is then over no posting (NULL, as a rebuild makes it, not 0)
        posting(
            ID="s0",
            POSTED="4/2/2026",
            SALARY="",
            STATE="6",
            **stamp,
            LOT_SPECIALIZED_OCCUPATION="99999901",
            LOT_SPECIALIZED_OCCUPATION_NAME="Alone",
        ),
    ]
    write_csv(folder / "postings" / "zz_night_2026-11-21.csv", rows)
    (folder / "skills").mkdir(parents=True, exist_ok=True)
    (folder / "skills" / "zz_taxonomy.json").write_text(
        json.dumps({"data": [_skill_record("KSZZ", "New name")]}), encoding="utf-8"
    )
    # January (a; b moved out), March (late), April (s0), August (b moved in); May (KSZZ's
    # votes). November is a slice of both windows, never stored.
    months = {date(2026, 1, 1), date(2026, 3, 1), date(2026, 4, 1), date(2026, 8, 1)}
    return months, {date(2026, 5, 1)}


def _full_rebuild(base, night, tmp_path):
    full_source = tmp_path / "all"
    shutil.copytree(base, full_source)
    shutil.copytree(night, full_source, dirs_exist_ok=True)
    full = tmp_path / "full" / "careers.duckdb"
    full_report = execute(full_source, full, [NIGHT], gates=GATES)
    assert full_report.parts[NIGHT.isoformat()]["months_reused"] == 0
    return full


def _store(published) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(store_db(published)), read_only=True) as con:
        return {
            name: con.execute(f"SELECT * FROM store.part_{name} ORDER BY ALL").df()
            for name in PARTS
        } | {"months": con.execute("SELECT part, postings FROM store.months ORDER BY 1").df()}


def _assert_same(got: dict, want: dict) -> None:
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_exact=True, obj=name)


def test_nightly_refresh_updates_touched_months_and_equals_a_full_rebuild(base, tmp_path):
    incremental = tmp_path / "incremental" / "careers.duckdb"
    first = execute(base, incremental, [BASE_AS_OF], gates=GATES)
    assert len(first.parts[BASE_AS_OF.isoformat()]["months_built"]) == 11
    before = _stored(incremental)

    night = tmp_path / "night"
    updated, revoted = _delta(night, incremental)
    report = execute(night, incremental, [NIGHT], gates=GATES)
    (postings_file,) = [b for b in report.batches if b.kind == "postings"]
    assert {date.fromisoformat(m) for m in postings_file.months_updated} == updated
    parts = report.parts[NIGHT.isoformat()]
    assert {date.fromisoformat(m) for m in parts["months_built"]} == revoted  # taxonomy: rebuilt
    assert parts["months_reused"] == 11 - len(revoted)
    assert parts["slices"] == [["2025-11-22", "2025-11-30"], ["2026-11-01", "2026-11-21"]]
    after = _stored(incremental)
    assert all(after[m] == before[m] for m in set(before) - revoted)  # kept (maybe updated)
    assert all(after[m] == report.run_id for m in revoted)

    full = _full_rebuild(base, night, tmp_path)
    got, want = _tables(incremental, NIGHT), _tables(full, NIGHT)
    _assert_same(got, want)
    # The stored parts themselves are what rebuilding the months stores, row for row.
    _assert_same(_store(incremental), _store(full))
    skills = got["career_skills"]
    assert set(skills.loc[skills.skill_id == "KSZZ", "skill_name"]) == {"New name"}
    assert (got["career_summary"].postings.sum() > 0) and not got["career_summary"].empty
    employers = got["career_employers"]
    assert employers.is_staffing.any() and not employers.is_staffing.all()


def test_a_large_delta_drops_the_months_it_changes_and_equals_a_full_rebuild(
    base, tmp_path, monkeypatch
):
    """Above UPDATE_SHARE of the touched months' postings the file drops them instead; the
    next snapshot rebuilds them, to the same tables."""
    monkeypatch.setattr(stored_months, "UPDATE_SHARE", 0.0)
    incremental = tmp_path / "incremental" / "careers.duckdb"
    execute(base, incremental, [BASE_AS_OF], gates=GATES)
    night = tmp_path / "night"
    updated, revoted = _delta(night, incremental)
    report = execute(night, incremental, [NIGHT], gates=GATES)
    (postings_file,) = [b for b in report.batches if b.kind == "postings"]
    assert postings_file.months_updated == []
    built = {date.fromisoformat(m) for m in report.parts[NIGHT.isoformat()]["months_built"]}
    assert built == updated | revoted

    full = _full_rebuild(base, night, tmp_path)
    _assert_same(_tables(incremental, NIGHT), _tables(full, NIGHT))
    _assert_same(_store(incremental), _store(full))


def test_a_refresh_without_new_files_rebuilds_nothing(base, tmp_path):
    published = tmp_path / "careers.duckdb"
    execute(base, published, [BASE_AS_OF], gates=GATES)
    again = execute(base, published, [BASE_AS_OF, date(2026, 10, 31)], gates=GATES)
    assert again.parts[BASE_AS_OF.isoformat()]["months_built"] == []
    # October 31: whole months Nov 2025 - Oct 2026, no slices; only Nov 2025 is new.
    month_end = again.parts["2026-10-31"]
    assert month_end["months_built"] == ["2025-11-01"] and month_end["slices"] == []


@pytest.mark.parametrize(
    ("as_of", "start", "months", "slices"),
    [
        (date(2026, 11, 20), date(2025, 11, 21), 11, [(date(2025, 11, 21), date(2025, 11, 30)),
                                                      (date(2026, 11, 1), date(2026, 11, 20))]),
        (date(2026, 10, 31), date(2025, 11, 1), 12, []),
        (date(2028, 2, 29), date(2027, 3, 1), 12, []),  # DuckDB: 2028-02-29 - 1 year = 02-28
        (date(2027, 2, 28), date(2026, 3, 1), 12, []),
        (date(2026, 3, 1), date(2025, 3, 2), 11, [(date(2025, 3, 2), date(2025, 3, 31)),
                                                  (date(2026, 3, 1), date(2026, 3, 1))]),
    ],
)  # fmt: skip
def test_window_plan_covers_the_window_exactly_once(as_of, start, months, slices):
    plan = plan_window(Window.ending(as_of))
    with duckdb.connect() as con:  # the contract's arithmetic, as DuckDB does it
        ((duck,),) = con.execute("SELECT (?::DATE - INTERVAL 1 YEAR)::DATE + 1", [as_of]).fetchall()
    assert plan.start == start == duck
    assert len(plan.months) == months
    assert [(lo, hi) for _, lo, hi in plan.slices] == slices
    days = set()
    for month in plan.months:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        days |= {date.fromordinal(d) for d in range(month.toordinal(), following.toordinal())}
    for _, lo, hi in plan.slices:
        days |= {date.fromordinal(d) for d in range(lo.toordinal(), hi.toordinal() + 1)}
    assert days == {date.fromordinal(d) for d in range(start.toordinal(), as_of.toordinal() + 1)}


def test_a_snapshot_built_outside_a_run_builds_the_months_it_lacks(base, tmp_path):
    from warehouse.months import invalidate_months
    from warehouse.snapshot import build_snapshot, prepare_snapshot
    from warehouse.windows import drop_window

    published = tmp_path / "careers.duckdb"
    execute(base, published, [BASE_AS_OF], gates=GATES)
    want = _tables(published, BASE_AS_OF)
    with duckdb.connect(str(store_db(published))) as con:
        con.execute(
            "CREATE TEMP VIEW stale_days AS "
            "SELECT DATE '2026-02-14' AS day UNION ALL SELECT DATE '2026-06-01'"
        )
        assert invalidate_months(con, "stale_days")
        assert sorted(m.month for m in _stored_in(con)) == [1, 3, 4, 5, 7, 8, 9, 10, 12]
        parts = prepare_snapshot(con, Window.ending(BASE_AS_OF), run_id="by-hand")
        build_snapshot(con, Window.ending(BASE_AS_OF))
        drop_window(con)
        assert parts["months_built"] == ["2026-02-01", "2026-06-01"]
    got = _tables(store_db(published), BASE_AS_OF)
    for table in CAREER_TABLES:
        pd.testing.assert_frame_equal(got[table], want[table], check_exact=True, obj=table)


def _stored_in(con) -> list[date]:
    return [r[0] for r in con.execute("SELECT part FROM store.months").fetchall()]
