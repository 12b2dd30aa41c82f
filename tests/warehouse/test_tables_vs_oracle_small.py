"""Hand-sized exports through the real pipeline, compared with the independent oracle."""

from __future__ import annotations

import random
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
from compare import assert_table_matches
from conftest import posting, write_csv
from oracle import career_tables, load_postings

from warehouse.build import execute
from warehouse.marts import CAREER_TABLES


def _mixed_export(source):
    rows = []
    for i in range(40):
        rows.append(posting(
            ID=f"p{i:02d}", STATE=["37", "6", "06", "", "72", "11"][i % 6],
            SALARY="" if i % 3 == 0 else str(60000 + 1737 * i),
            POSTED=["9/1/2025", "2/28/2025", "3/1/2025", "1/31/2026", "2/1/2026"][i % 5],
            EDUCATION_LEVELS=["[\n  2\n]", "[2, 3]", "[]", "[\n  99\n]", "[0, 0]"][i % 5],
            MIN_YEARS_EXPERIENCE=["", "0", "2", "3", "5", "6", "8", "9", "15"][i % 9],
            COMPANY_NAME=["Acme", "Beta", "Unclassified", "", "acme", "Zeta", "Ünïcode"][i % 7],
            COMPANY_IS_STAFFING="true" if i == 5 else "false",
            TITLE_NAME=[f"T{j}" for j in range(12)][i % 12],
            LOT_SPECIALIZED_OCCUPATION=["23101011", "15203011", ""][i % 3],
            LOT_SPECIALIZED_OCCUPATION_NAME=["ML Engineer", "Data Analyst", ""][i % 3],
        ))  # fmt: skip
    rows.append(posting(ID="bad", STATE="99"))
    write_csv(source / "postings" / "LC_1.csv", rows)
    lower = [
        {
            k.lower(): v
            for k, v in posting(
                ID="p00",
                SALARY="123456",
                LAST_UPDATED_TIMESTAMP="2026-01-01 00:00:00",
                POSTED="2025-12-01",
                EDUCATION_LEVELS="1|2",
                SKILLS="KS9",
                SKILLS_NAME="Go",
            ).items()
        }
    ]
    write_csv(source / "postings" / "lc_2.csv", lower, bom=True)
    pq.write_table(pa.table({
        **{c: [v] for c, v in posting(ID="p01", SALARY="99999").items()
           if c not in ("EDUCATION_LEVELS", "SKILLS", "SKILLS_NAME")},
        "EDUCATION_LEVELS": pa.array([[3, 4]]), "SKILLS": pa.array([["KS1"]]),
        "SKILLS_NAME": pa.array([["Python"]]),
    }), source / "postings" / "lightcast_3.parquet")  # fmt: skip


def test_small_mixed_export_matches_oracle(source, warehouse_file):
    _mixed_export(source)
    dates = [date(2026, 2, 28), date(2026, 1, 31)]
    execute(source, warehouse_file, dates)
    state = load_postings([source])
    for as_of in dates:
        expected = career_tables(state, as_of)
        for table, frame in expected.items():
            assert_table_matches(warehouse_file, table, frame, as_of)


def test_comparison_is_not_vacuous(source, warehouse_file):
    _mixed_export(source)
    as_of = date(2026, 2, 28)
    execute(source, warehouse_file, [as_of])
    expected = career_tables(load_postings([source]), as_of)
    counts = {t: assert_table_matches(warehouse_file, t, f, as_of) for t, f in expected.items()}
    # no employment file here, and too few postings for skill groups: those may be empty
    # (career_wages is compared in tests/warehouse/test_oews.py)
    empty = ("career_skill_groups", "career_employment", "career_wages")
    spine = [t for t in CAREER_TABLES if t not in empty]
    assert all(counts[t] > 0 for t in spine), counts
    summary = expected["career_summary"]
    assert summary["salary_mean"].notna().any() and summary["salary_mean"].isna().any()


def _interleaved_export(source, repeat_every: int = 0) -> None:
    """120 salaried postings whose skills sit all over the career's salary order (salaries
    tie), 5 unsalaried; with `repeat_every`, every that-many-th posting lists its first skill
    twice in SKILLS (and SKILLS_NAME)."""
    rng = random.Random(7)
    skills = [f"KS{k}" for k in range(8)]
    share = {s: 0.15 + 0.1 * k for k, s in enumerate(skills)}  # 15% .. 85% of postings
    rows = []
    for i in range(120):
        ids = [s for s in skills if rng.random() < share[s]]
        paying = sum(int(s[2:]) % 2 == 0 for s in ids)  # even-numbered skills pay more
        salary = rng.choice([50000, 61000, 72500, 80000]) + 9000 * paying
        if repeat_every and ids and i % repeat_every == 0:
            ids = [*ids, ids[0]]
        rows.append(posting(
            ID=f"p{i:03d}", SALARY=str(salary),
            SKILLS="|".join(ids), SKILLS_NAME="|".join(f"Skill {s}" for s in ids),
        ))  # fmt: skip
    rows += [
        posting(ID=f"u{i}", SALARY="", SKILLS="KS0", SKILLS_NAME="Skill KS0") for i in range(5)
    ]
    write_csv(source / "postings" / "LC_1.csv", rows)


def test_salary_boosting_medians_match_oracle_when_members_interleave(source, warehouse_file):
    """The medians "without" a skill are found by position in the career's salary order; a
    skill's postings here sit all over that order (and salaries tie), unlike hand-made cases
    where they form one block, so an off-by-one in the positions changes a premium."""
    _interleaved_export(source)
    as_of = date(2026, 2, 28)
    execute(source, warehouse_file, [as_of])
    expected = career_tables(load_postings([source]), as_of)["career_skill_groups"]
    boosting = expected[expected["skill_group"] == "salary_boosting"]
    assert len(boosting) >= 3, boosting  # not vacuous: several premiums to compare
    assert_table_matches(warehouse_file, "career_skill_groups", expected, as_of)


def test_salary_boosting_counts_a_repeated_skill_id_once(source, warehouse_file):
    """A posting listing a skill id twice is one posting with that skill: counted twice, it
    would sit twice in the skill's salary order and shift both medians."""
    _interleaved_export(source, repeat_every=3)
    as_of = date(2026, 2, 28)
    execute(source, warehouse_file, [as_of])
    expected = career_tables(load_postings([source]), as_of)["career_skill_groups"]
    boosting = expected[expected["skill_group"] == "salary_boosting"]
    assert len(boosting) >= 3, boosting
    assert_table_matches(warehouse_file, "career_skill_groups", expected, as_of)
