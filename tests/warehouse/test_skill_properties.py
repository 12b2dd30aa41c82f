"""Properties of the skill tables on the generated export (beyond equality with the oracle)."""

from __future__ import annotations

import duckdb
import pytest
from conftest import GENERATED_AS_OF

from core.settings import SkillGroupRules


@pytest.fixture(scope="module")
def con(generated_warehouse):
    with duckdb.connect(str(generated_warehouse), read_only=True) as connection:
        connection.execute("SET VARIABLE as_of = ?::DATE", [GENERATED_AS_OF.isoformat()])
        yield connection


def rows(con, sql):
    return con.execute(sql).fetchall()


def test_shares_are_percentages(con):
    outside = "SELECT count(*) FROM career_skills WHERE share_pct <= 0 OR share_pct > 100"
    assert rows(con, outside) == [(0,)]


def test_lift_times_geography_share_is_the_career_share(con):
    # geography share recomputed from postings x posting_skills, independently of the model
    bad = rows(con, """
        WITH w AS (
            SELECT p."ID", p."STATE" FROM postings p
            WHERE p."POSTED" > getvariable('as_of') - INTERVAL 1 YEAR
              AND p."POSTED" <= getvariable('as_of')),
        nation AS (SELECT count(*) AS n FROM w),
        mentions AS (SELECT skill_id, count(*) AS m
                     FROM w JOIN posting_skills ON posting_id = w."ID" GROUP BY skill_id)
        SELECT count(*) FROM career_skills c JOIN mentions USING (skill_id), nation
        WHERE c.geo_code = 'US' AND c.as_of = getvariable('as_of')
          AND abs(c.lift * 100.0 * m / n - c.share_pct) > 1e-9 * c.share_pct
    """)  # fmt: skip
    assert bad == [(0,)]


def test_similarity_is_symmetric_and_bounded(con):
    outside = "SELECT count(*) FROM career_similar WHERE similarity < 0 OR similarity > 1"
    assert rows(con, outside) == [(0,)]
    asymmetric = rows(
        con,
        """
        SELECT count(*) FROM career_similar a JOIN career_similar b
          ON a.as_of = b.as_of AND a.occupation_code = b.similar_code
         AND a.similar_code = b.occupation_code
        WHERE abs(a.similarity - b.similarity) > 1e-12
    """,
    )
    assert asymmetric == [(0,)]
    itself = "SELECT count(*) FROM career_similar WHERE occupation_code = similar_code"
    assert rows(con, itself) == [(0,)]


_OTHER = "skill_type IN ('Specialized Skill', 'Certification')"
GROUP_RULES = {
    "baseline": (
        "skill_type = 'Common Skill' AND share_pct >= {baseline_min_share}",
        "share_pct",
        "{baseline_top}",
    ),
    "defining": (
        f"{_OTHER} AND share_pct >= {{core_min_share}} AND lift >= {{defining_min_lift}}",
        "share_pct",
        "{defining_top}",
    ),
    "necessary": (
        f"{_OTHER} AND share_pct >= {{core_min_share}} AND lift < {{defining_min_lift}}",
        "share_pct",
        "{necessary_top}",
    ),
    "distinguishing": (
        f"{_OTHER} AND share_pct >= {{distinguishing_min_share}} "
        "AND share_pct < {core_min_share} AND lift >= {distinguishing_min_lift}",
        "lift",
        "{distinguishing_top}",
    ),
}


@pytest.mark.parametrize("group", sorted(GROUP_RULES))
def test_group_members_follow_the_rule_and_nobody_better_is_left_out(con, group):
    rule, score, top = (part.format(**SkillGroupRules().__dict__) for part in GROUP_RULES[group])
    members = rows(
        con,
        f"""
        SELECT occupation_code, skill_id FROM career_skill_groups
        WHERE skill_group = '{group}' AND as_of = getvariable('as_of')""",
    )
    assert members, f"{group} is empty on the generated export"
    violating = rows(
        con,
        f"""
        SELECT count(*) FROM career_skills s
        WHERE s.geo_code = 'US' AND s.as_of = getvariable('as_of') AND NOT ({rule})
          AND EXISTS (SELECT 1 FROM career_skill_groups g WHERE g.skill_group = '{group}'
                      AND g.as_of = s.as_of AND g.occupation_code = s.occupation_code
                      AND g.skill_id = s.skill_id)""",
    )
    assert violating == [(0,)]
    # Every eligible skill outside the group scores no better than the group's last member,
    # and the group is full whenever more skills are eligible.
    left_out = rows(
        con,
        f"""
        WITH eligible AS (
            SELECT occupation_code, skill_id, skill_name, {score} AS score FROM career_skills
            WHERE geo_code = 'US' AND as_of = getvariable('as_of') AND {rule}),
        last AS (
            SELECT g.occupation_code, min(e.score) AS cut, count(*) AS n
            FROM career_skill_groups g JOIN eligible e USING (occupation_code, skill_id)
            WHERE g.skill_group = '{group}' AND g.as_of = getvariable('as_of')
            GROUP BY g.occupation_code)
        SELECT count(*) FROM eligible e LEFT JOIN last USING (occupation_code)
        WHERE NOT EXISTS (SELECT 1 FROM career_skill_groups g WHERE g.skill_group = '{group}'
                          AND g.as_of = getvariable('as_of')
                          AND g.occupation_code = e.occupation_code AND g.skill_id = e.skill_id)
          AND (last.cut IS NULL OR e.score > last.cut OR last.n < {top})""",
    )
    assert left_out == [(0,)]


def test_salary_boosting_premiums_are_positive_and_descending(con):
    bad = rows(
        con,
        """
        SELECT count(*) FROM (
            SELECT salary_premium, lag(salary_premium) OVER (
                PARTITION BY occupation_code ORDER BY rank) AS previous
            FROM career_skill_groups WHERE skill_group = 'salary_boosting')
        WHERE salary_premium <= 0 OR salary_premium > previous""",
    )
    assert bad == [(0,)]
    boosting = "SELECT count(*) FROM career_skill_groups WHERE skill_group = 'salary_boosting'"
    assert rows(con, boosting)[0][0] > 0


def test_employment_keeps_suppressed_cells_as_null_never_zero(con):
    both = "SELECT count(*) FROM career_employment WHERE suppressed AND jobs IS NOT NULL"
    assert rows(con, both) == [(0,)]
    assert rows(con, "SELECT count(*) FROM career_employment WHERE suppressed")[0][0] > 0
