"""Compare published tables with the oracle's frames: same rows, same order, floats to 1e-9."""

from __future__ import annotations

import math
from datetime import date

import duckdb
import pandas as pd

KEYS = {
    "career_summary": ["occupation_code", "geo_level", "geo_code"],
    "career_education": ["occupation_code", "geo_code", "level_code"],
    "career_experience": ["occupation_code", "geo_code", "bucket_order"],
    "career_employers": ["occupation_code", "geo_code", "rank"],
    "career_titles": ["occupation_code", "geo_code", "rank"],
    "career_skills": ["occupation_code", "geo_code", "skill_id"],
    "career_skill_groups": ["occupation_code", "skill_group", "rank"],
    "career_similar": ["occupation_code", "rank"],
    "career_employment": ["occupation_code", "geo_code", "year"],
    "career_description": ["occupation_code"],
    "career_wages": ["occupation_code", "geo_code", "year"],
}


def _norm(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def published(path, table: str, as_of: date) -> list[dict]:
    order = ", ".join(KEYS[table])
    with duckdb.connect(str(path), read_only=True) as con:
        rel = con.execute(f"SELECT * FROM {table} WHERE as_of = ? ORDER BY {order}", [as_of])
        columns = [d[0] for d in rel.description]
        return [dict(zip(columns, row, strict=True)) for row in rel.fetchall()]


def assert_table_matches(path, table: str, expected: pd.DataFrame, as_of: date) -> int:
    """Assert the published snapshot equals the oracle frame; returns the row count."""
    got = published(path, table, as_of)
    exp = expected.sort_values(
        KEYS[table], key=lambda s: s.map(lambda v: v.encode() if isinstance(v, str) else v)
    ).to_dict("records")
    assert [list(r) for r in got[:1]] == [list(expected.columns)][: len(got[:1])], table
    assert len(got) == len(exp), f"{table}: {len(got)} rows published, oracle has {len(exp)}"
    for mine, theirs in zip(got, exp, strict=True):
        for column, value in theirs.items():
            a, b = _norm(mine[column]), _norm(value)
            if isinstance(a, float) or isinstance(b, float):
                assert (a is None and b is None) or (
                    a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9)
                ), f"{table}.{column} {mine} != {theirs}"
            else:
                assert a == b, f"{table}.{column}: published {a!r}, oracle {b!r} in {theirs}"
    return len(got)
