"""Hand-sized exports through the real pipeline, compared with the independent oracle."""

from __future__ import annotations

import json
import random
from datetime import date

import duckdb
import oracle_onet
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from compare import assert_table_matches
from conftest import posting, write_csv
from oracle import career_tables, load_postings

from warehouse.build import execute
from warehouse.snapshot import CAREER_TABLES


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
    # career_description: one row per career even without an O*NET delivery (tests/oracle_onet.py)
    description = oracle_onet.career_description(
        load_postings([source]), oracle_onet.load_onet([source]), as_of
    )
    counts["career_description"] = assert_table_matches(
        warehouse_file, "career_description", description, as_of
    )
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


UNCLASSIFIED = dict(
    LOT_SPECIALIZED_OCCUPATION="99999999",
    LOT_SPECIALIZED_OCCUPATION_NAME="Unclassified Specialized Occupation",
    LOT_OCCUPATION="999999", LOT_OCCUPATION_NAME="Unclassified Occupation",
)  # fmt: skip


def _quirks_export(source) -> None:
    """What a real sample export showed: postings under Lightcast's unclassified occupation,
    names with a trailing space, careers sharing no skill, a career with no skill at all."""

    def career(code, name, skills, **cells):
        ids = [s for s in skills.split("|") if s]
        return dict(
            LOT_SPECIALIZED_OCCUPATION=code, LOT_SPECIALIZED_OCCUPATION_NAME=name,
            SKILLS=json.dumps(ids), SKILLS_NAME=json.dumps([f"Skill {s}" for s in ids]), **cells,
        )  # fmt: skip

    rows = [
        posting(ID=f"a{i}", SALARY=str(90000 + 1000 * i), STATE=["37", "6"][i % 2],
                COMPANY_NAME="Acme ", TITLE_NAME="ML Engineers ",
                **career("23101011", "Machine Learning Engineer ", "KS1|KS2"))
        for i in range(12)
    ] + [
        posting(ID=f"u{i}", SALARY=str(50000 + 1000 * i), STATE=["37", "6", ""][i % 3],
                COMPANY_NAME="Zed", TITLE_NAME="Zeds", **{**UNCLASSIFIED, **career(
                    " 99999999" if i == 0 else "99999999",
                    "Unclassified Specialized Occupation", "KS1|KS2|KS3" if i % 2 else "KS9")})
        for i in range(8)
    ] + [
        posting(ID=f"b{i}", **career("15203011", "Data Analyst", "KS9")) for i in range(3)
    ] + [
        posting(ID=f"c{i}", **career("15203012", " Data Clerk", "")) for i in range(2)
    ] + [
        posting(ID="d0", **career("15203013", "Data Engineer", "KS2|KS4")),
    ]  # fmt: skip
    write_csv(source / "postings" / "LC_1.csv", rows)
    (source / "employment" / "employment.csv").write_text(
        "LOT_OCCUPATION,LOT_OCCUPATION_NAME,AREA,AREA_NAME,2024 Jobs,2025 Jobs\n"
        "231010,AI Engineer,US,United States,100,110\n"
        "999999,Unclassified Occupation,US,United States,5000,5100\n",
        encoding="utf-8",
    )


def test_unclassified_occupation_trailing_spaces_and_unshared_skills(source, warehouse_file):
    """The contract's amendments for issue 22, on the published tables: `99999999` postings
    are in no career table (but in the geography totals lift divides by), names are published
    trimmed, and only careers sharing a skill are similar."""
    _quirks_export(source)
    as_of = date(2026, 2, 28)
    execute(source, warehouse_file, [as_of])
    expected = career_tables(load_postings([source]), as_of)
    for table, frame in expected.items():
        assert_table_matches(warehouse_file, table, frame, as_of)
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        for table in CAREER_TABLES:
            columns = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
            codes = [c for c in ("occupation_code", "parent_code", "similar_code") if c in columns]
            unclassified = " OR ".join(f"{c} IN ('99999999', '999999')" for c in codes)
            found = con.execute(f"SELECT count(*) FROM {table} WHERE {unclassified}").fetchall()
            assert found == [(0,)], table
        similar = con.execute(
            "SELECT occupation_code, rank, similar_code, similar_name FROM career_similar "
            "ORDER BY ALL"
        ).fetchall()
        assert similar == [
            ("15203013", 1, "23101011", "Machine Learning Engineer"),
            ("23101011", 1, "15203013", "Data Engineer"),
        ]
        names = con.execute(
            "SELECT DISTINCT occupation_code, occupation_name FROM career_summary ORDER BY 1"
        ).fetchall()
        assert names == [
            ("15203011", "Data Analyst"), ("15203012", "Data Clerk"),
            ("15203013", "Data Engineer"), ("23101011", "Machine Learning Engineer"),
        ]  # fmt: skip
        # 12 + 8 + 3 + 2 + 1 = 26 postings in the nation; KS1 in 12 + 4 of them
        lift = con.execute(
            "SELECT share_pct, lift FROM career_skills WHERE occupation_code = '23101011' "
            "AND geo_code = 'US' AND skill_id = 'KS1'"
        ).fetchall()
        assert lift == [(100.0, pytest.approx(100 / (100 * 16 / 26)))]
        # the occupations dimension keeps the taxonomy's code, trimmed and named
        dimension = con.execute(
            "SELECT occupation_code, occupation_name, parent_code FROM occupations "
            "WHERE occupation_code IN ('99999999', '23101011') ORDER BY 1"
        ).fetchall()
        assert dimension == [
            ("23101011", "Machine Learning Engineer", "231010"),
            ("99999999", "Unclassified Specialized Occupation", "999999"),
        ]
        employment = con.execute("SELECT DISTINCT parent_code FROM career_employment").fetchall()
        assert employment == [("231010",)]


def test_similar_careers_that_tie_exactly_rank_by_code(source, warehouse_file):
    """cosine((1,1,1), b) is 1/sqrt(3) for b = (1,2,0,1,1,1,1) (dot 3, |b|^2 9) and for
    b = (0,1,1,0,...,1,1) (dot 2, |b|^2 4); computed as dot / (|a| |b|) in floating point the
    two differ in the last bit. Ties break by code, so 15203012 ranks first."""

    def rows(code, skill_lists):
        return [
            posting(ID=f"{code}-{i}", LOT_SPECIALIZED_OCCUPATION=code,
                    LOT_SPECIALIZED_OCCUPATION_NAME=f"Career {code}", SKILLS=json.dumps(skills),
                    SKILLS_NAME=json.dumps(skills))
            for i, skills in enumerate(skill_lists)
        ]  # fmt: skip

    write_csv(source / "postings" / "LC_1.csv", [
        *rows("23101011", [["K1", "K2", "K3"]]),
        *rows("15203012", [["K1", "K2", "K4"], ["K2", "K5", "K6", "K7"]]),
        *rows("15203019", [["K2", "K3", "K8", "K9"]]),
    ])  # fmt: skip
    as_of = date(2026, 2, 28)
    execute(source, warehouse_file, [as_of])
    expected = career_tables(load_postings([source]), as_of)["career_similar"]
    assert_table_matches(warehouse_file, "career_similar", expected, as_of)
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        got = con.execute(
            "SELECT rank, similar_code, similarity FROM career_similar "
            "WHERE occupation_code = '23101011' ORDER BY rank"
        ).fetchall()
    assert [r[:2] for r in got] == [(1, "15203012"), (2, "15203019")]
    assert got[0][2] == got[1][2] == pytest.approx(3**-0.5)
