"""pandera schemas of the published career tables: checked before every publish.

A failure stops the publish (the previous publication stays) with a one-line error naming the
table and the failed checks.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from core.errors import CareersError

GEO_LEVELS = ["nation", "state"]


def _count(nullable: bool = False) -> pa.Column:
    return pa.Column("int64", pa.Check.ge(0), nullable=nullable, coerce=True)


def _share() -> pa.Column:
    return pa.Column("float64", pa.Check.in_range(0, 100), coerce=True)


def _text(nullable: bool = False, **kw) -> pa.Column:
    return pa.Column(str, nullable=nullable, coerce=True, **kw)


def _flag_or_null() -> pa.Column:
    # A nullable BOOLEAN arrives as object dtype: check the values, not the dtype.
    return pa.Column(None, pa.Check.isin([True, False]), nullable=True)


def _date() -> pa.Column:
    return pa.Column("datetime64[us]", coerce=True)


def _ranks_contiguous(keys: list[str]) -> pa.Check:
    """Within each group, ranks are exactly 1..N."""

    def check(df: pd.DataFrame) -> bool:
        if df.empty:
            return True
        grouped = df.groupby(keys, sort=False)["rank"]
        return bool(
            (grouped.min() == 1).all()
            and (grouped.max() == grouped.count()).all()
            and not df.duplicated([*keys, "rank"]).any()
        )

    return pa.Check(check, name="ranks are 1..N per group")


def _unique(keys: list[str]) -> pa.Check:
    return pa.Check(lambda df: not df.duplicated(keys).any(), name=f"unique ({', '.join(keys)})")


def _percentiles_ordered(df: pd.DataFrame) -> pd.Series:
    cols = ["salary_p10", "salary_p25", "salary_p50", "salary_p75", "salary_p90"]
    q = df[cols]
    ordered = q.diff(axis=1).iloc[:, 1:] >= -1e-9 * q.abs().max(axis=1).to_numpy()[:, None]
    all_null = q.isna().all(axis=1)
    return all_null | (q.notna().all(axis=1) & ordered.all(axis=1))


CAREER_KEY = ["as_of", "occupation_code", "geo_code"]

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "career_summary": pa.DataFrameSchema(
        {
            "as_of": _date(),
            "occupation_code": _text(),
            "occupation_name": _text(nullable=True),
            "parent_code": _text(nullable=True),
            "parent_name": _text(nullable=True),
            "geo_level": _text(checks=pa.Check.isin(GEO_LEVELS)),
            "geo_code": _text(),
            "geo_name": _text(),
            "window_start": _date(),
            "window_end": _date(),
            "postings": pa.Column("int64", pa.Check.gt(0), coerce=True),
            "employers": _count(),
            "salary_postings": _count(),
            "salary_mean": pa.Column("float64", pa.Check.gt(0), nullable=True, coerce=True),
            **{
                f"salary_p{p}": pa.Column("float64", pa.Check.gt(0), nullable=True, coerce=True)
                for p in (10, 25, 50, 75, 90)
            },
        },
        checks=[
            _unique(CAREER_KEY),
            pa.Check(_percentiles_ordered, name="p10 <= p25 <= p50 <= p75 <= p90"),
            pa.Check(lambda d: d["salary_postings"] <= d["postings"], name="salary <= postings"),
            pa.Check(
                lambda d: d["salary_mean"].isna() == (d["salary_postings"] < 5),
                name="salary stats exactly when >= 5 salaried postings",
            ),
            pa.Check(lambda d: d["window_end"] == d["as_of"], name="window ends on as_of"),
        ],
        strict=True,
        ordered=True,
    ),
    "career_education": pa.DataFrameSchema(
        {
            "as_of": _date(),
            "occupation_code": _text(),
            "geo_code": _text(),
            "level_code": pa.Column("int64", pa.Check.isin([0, 1, 2, 3, 4]), coerce=True),
            "level_name": _text(),
            "postings": _count(),
            "share_pct": _share(),
        },
        checks=[
            _unique([*CAREER_KEY, "level_code"]),
            pa.Check(
                lambda d: d.groupby(CAREER_KEY)["level_code"].count().eq(5).all(),
                name="all five levels per career and geography",
            ),
        ],
        strict=True,
        ordered=True,
    ),
    "career_experience": pa.DataFrameSchema(
        {
            "as_of": _date(),
            "occupation_code": _text(),
            "geo_code": _text(),
            "bucket": _text(checks=pa.Check.isin(["0-2", "3-5", "6-8", "9+"])),
            "bucket_order": pa.Column("int64", pa.Check.isin([1, 2, 3, 4]), coerce=True),
            "postings": _count(),
            "share_pct": _share(),
        },
        checks=[
            _unique([*CAREER_KEY, "bucket"]),
            pa.Check(
                lambda d: d.groupby(CAREER_KEY)["bucket"].count().eq(4).all(),
                name="all four buckets per career and geography",
            ),
            pa.Check(
                lambda d: (
                    d.empty
                    or (d.groupby(CAREER_KEY)["share_pct"].sum().sub(100).abs() < 1e-6).all()
                ),
                name="bucket shares add up to 100",
            ),
        ],
        strict=True,
        ordered=True,
    ),
    "career_employers": pa.DataFrameSchema(
        {
            "as_of": _date(),
            "occupation_code": _text(),
            "geo_code": _text(),
            "rank": pa.Column("int64", pa.Check.in_range(1, 10), coerce=True),
            "employer_name": _text(checks=pa.Check.ne("Unclassified")),
            "is_staffing": pa.Column(bool, coerce=True),
            "postings": pa.Column("int64", pa.Check.gt(0), coerce=True),
        },
        checks=[_unique([*CAREER_KEY, "employer_name"]), _ranks_contiguous(CAREER_KEY)],
        strict=True,
        ordered=True,
    ),
    "career_titles": pa.DataFrameSchema(
        {
            "as_of": _date(),
            "occupation_code": _text(),
            "geo_code": _text(),
            "rank": pa.Column("int64", pa.Check.in_range(1, 10), coerce=True),
            "title_name": _text(checks=pa.Check.ne("Unclassified")),
            "postings": pa.Column("int64", pa.Check.gt(0), coerce=True),
        },
        checks=[_unique([*CAREER_KEY, "title_name"]), _ranks_contiguous(CAREER_KEY)],
        strict=True,
        ordered=True,
    ),
}


SKILL_TYPES = ["Specialized Skill", "Common Skill", "Certification"]
SKILL_GROUPS = ["baseline", "defining", "necessary", "distinguishing", "salary_boosting"]
GROUP_KEY = ["as_of", "occupation_code", "skill_group"]


def _group_rule(d: pd.DataFrame) -> pd.Series:
    """Each member satisfies its group's share/lift/premium rule (default thresholds)."""
    g, share, lift = d["skill_group"], d["share_pct"], d["lift"]
    ok = pd.Series(True, index=d.index)
    ok &= ~(g == "baseline") | (share >= 1 - 1e-9)
    ok &= ~(g == "defining") | ((share >= 10 - 1e-9) & (lift >= 2 - 1e-9))
    ok &= ~(g == "necessary") | ((share >= 10 - 1e-9) & (lift < 2 + 1e-9))
    ok &= ~(g == "distinguishing") | (
        (share >= 1 - 1e-9) & (share < 10 + 1e-9) & (lift >= 4 - 1e-9)
    )
    ok &= ~(g == "salary_boosting") | (d["salary_premium"] > 0)
    ok &= (g == "salary_boosting") | d["salary_premium"].isna()
    return ok


WAGE_COLUMNS = ["wage_mean", "wage_p10", "wage_p25", "wage_p50", "wage_p75", "wage_p90"]


def _wages_ordered(d: pd.DataFrame) -> pd.Series:
    """p10 <= p25 <= p50 <= p75 <= p90 among the percentiles a row has (`*` and `#` are NULL:
    each published one is at least the published ones before it)."""
    q = d[WAGE_COLUMNS[1:]]
    before = q.ffill(axis=1).shift(1, axis=1)
    return (q.isna() | before.isna() | (q >= before)).all(axis=1)


SCHEMAS.update(
    {
        "career_skills": pa.DataFrameSchema(
            {
                "as_of": _date(),
                "occupation_code": _text(),
                "geo_code": _text(),
                "skill_id": _text(),
                "skill_name": _text(nullable=True),
                "skill_type": _text(nullable=True, checks=pa.Check.isin(SKILL_TYPES)),
                "is_software": _flag_or_null(),
                "postings": pa.Column("int64", pa.Check.gt(0), coerce=True),
                "share_pct": pa.Column(
                    "float64", pa.Check.in_range(0, 100, include_min=False), coerce=True
                ),
                "lift": pa.Column("float64", pa.Check.gt(0), coerce=True),
            },
            checks=[_unique([*CAREER_KEY, "skill_id"])],
            strict=True,
            ordered=True,
        ),
        "career_skill_groups": pa.DataFrameSchema(
            {
                "as_of": _date(),
                "occupation_code": _text(),
                "skill_group": _text(checks=pa.Check.isin(SKILL_GROUPS)),
                "rank": pa.Column("int64", pa.Check.in_range(1, 25), coerce=True),
                "skill_id": _text(),
                "skill_name": _text(nullable=True),
                "share_pct": _share(),
                "lift": pa.Column("float64", pa.Check.gt(0), coerce=True),
                "salary_premium": pa.Column("float64", nullable=True, coerce=True),
            },
            checks=[
                _unique([*GROUP_KEY, "skill_id"]),
                _ranks_contiguous(GROUP_KEY),
                pa.Check(_group_rule, name="members satisfy their group's rule"),
            ],
            strict=True,
            ordered=True,
        ),
        "career_similar": pa.DataFrameSchema(
            {
                "as_of": _date(),
                "occupation_code": _text(),
                "rank": pa.Column("int64", pa.Check.in_range(1, 5), coerce=True),
                "similar_code": _text(),
                "similar_name": _text(nullable=True),
                "similarity": pa.Column("float64", pa.Check.in_range(0, 1), coerce=True),
            },
            checks=[
                _unique(["as_of", "occupation_code", "similar_code"]),
                _ranks_contiguous(["as_of", "occupation_code"]),
                pa.Check(lambda d: d["occupation_code"] != d["similar_code"], name="not itself"),
            ],
            strict=True,
            ordered=True,
        ),
        "career_employment": pa.DataFrameSchema(
            {
                "as_of": _date(),
                "occupation_code": _text(),
                "parent_code": _text(),
                "geo_code": _text(),
                "year": pa.Column("int64", pa.Check.in_range(1900, 2100), coerce=True),
                "jobs": pa.Column("Int64", pa.Check.ge(0), nullable=True, coerce=True),
                "suppressed": pa.Column(bool, coerce=True),
            },
            checks=[
                _unique([*CAREER_KEY, "year"]),
                pa.Check(
                    lambda d: d["jobs"].isna() == d["suppressed"],
                    name="jobs NULL exactly when suppressed",
                ),
            ],
            strict=True,
            ordered=True,
        ),
        "career_description": pa.DataFrameSchema(
            {
                "as_of": _date(),
                "occupation_code": _text(),
                "onet_code": _text(nullable=True),
                "onet_title": _text(nullable=True),
                "description": _text(nullable=True),
                "source": _text(nullable=True),
            },
            checks=[
                _unique(["as_of", "occupation_code"]),
                pa.Check(
                    lambda d: d["source"].notna() <= d["onet_code"].notna(),
                    name="a description only for a career with an O*NET code",
                ),
                pa.Check(
                    lambda d: (
                        (d["onet_title"].notna() | d["description"].notna()) <= d["source"].notna()
                    ),
                    name="source named wherever a title or description is",
                ),
                pa.Check(
                    lambda d: d["onet_code"].isna() | d["onet_code"].astype(str).ne("99-9999.00"),
                    name="never the unclassified code 99-9999.00",
                ),
            ],
            strict=True,
            ordered=True,
        ),
        "career_wages": pa.DataFrameSchema(
            {
                "as_of": _date(),
                "occupation_code": _text(),
                "soc_code": _text(checks=pa.Check.str_matches(r"^[0-9]{2}-[0-9X]{4}$")),
                "geo_code": _text(checks=pa.Check.str_matches(r"^[A-Z]{2}$")),
                "year": pa.Column("int64", pa.Check.in_range(1990, 2100), coerce=True),
                "employment": pa.Column("Int64", pa.Check.ge(0), nullable=True, coerce=True),
                "employment_suppressed": pa.Column(bool, coerce=True),
                **{
                    column: pa.Column("float64", pa.Check.gt(0), nullable=True, coerce=True)
                    for column in WAGE_COLUMNS
                },
                "wage_topcoded": pa.Column(bool, coerce=True),
            },
            checks=[
                _unique([*CAREER_KEY, "year"]),
                pa.Check(
                    lambda d: d["employment"].isna() == d["employment_suppressed"],
                    name="employment NULL exactly when suppressed (**)",
                ),
                pa.Check(_wages_ordered, name="published wage percentiles are ordered"),
                pa.Check(
                    lambda d: ~d["wage_topcoded"] | d[list(WAGE_COLUMNS)].isna().any(axis=1),
                    name="a topcoded row has a NULL wage",
                ),
            ],
            strict=True,
            ordered=True,
        ),
        "occupations": pa.DataFrameSchema(
            {
                "occupation_code": _text(),
                "occupation_name": _text(nullable=True),
                "level": _text(
                    checks=pa.Check.isin(
                        ["career_area", "occupation_group", "occupation", "specialized_occupation"]
                    )
                ),
                "parent_code": _text(nullable=True),
            },
            checks=[_unique(["level", "occupation_code"])],
            strict=True,
            ordered=True,
        ),
        "skills": pa.DataFrameSchema(
            {
                "skill_id": _text(),
                "skill_name": _text(nullable=True),
                "skill_type": _text(nullable=True, checks=pa.Check.isin(SKILL_TYPES)),
                "is_software": _flag_or_null(),
                "is_language": _flag_or_null(),
                "category": _text(nullable=True),
                "subcategory": _text(nullable=True),
                "in_taxonomy": pa.Column(bool),
                "postings": _count(),
            },
            checks=[_unique(["skill_id"])],
            strict=True,
            ordered=True,
        ),
    }
)


def validate_table(name: str, frame: pd.DataFrame) -> None:
    """Validate one snapshot of a published table; raise CareersError (one line) on failure."""
    try:
        SCHEMAS[name].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
        failed = sorted(
            {
                f"{c}: {k}" if c else str(k)
                for c, k in zip(cases["column"].fillna(""), cases["check"], strict=True)
            }
        )
        raise CareersError(
            f"table {name} failed validation, not publishing: {'; '.join(failed[:5])}"
        ) from None
