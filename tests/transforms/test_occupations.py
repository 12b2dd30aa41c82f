"""The `occupations` dimension (transforms/marts/occupations.sql) through the real pipeline, against
a plain-Python vote: per level and code, the most frequent non-empty name and parent code,
ties to the smallest value."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import duckdb
from conftest import posting, write_csv
from oracle import _clean

from warehouse.build import execute

LEVELS = [  # level, code column, name column, parent column
    ("career_area", "LOT_CAREER_AREA", "LOT_CAREER_AREA_NAME", None),
    ("occupation_group", "LOT_OCCUPATION_GROUP", "LOT_OCCUPATION_GROUP_NAME", "LOT_CAREER_AREA"),
    ("occupation", "LOT_OCCUPATION", "LOT_OCCUPATION_NAME", "LOT_OCCUPATION_GROUP"),
    ("specialized_occupation", "LOT_SPECIALIZED_OCCUPATION", "LOT_SPECIALIZED_OCCUPATION_NAME",
     "LOT_OCCUPATION"),
]  # fmt: skip


def _vote(values: list[str | None]) -> str | None:
    counts = Counter(v for v in values if v is not None)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def expected_occupations(rows: list[dict]) -> set[tuple]:
    mentions: dict[tuple, list[tuple]] = {}
    for row in rows:
        for level, code, name, parent in LEVELS:
            if (key := _clean(row[code])) is not None:
                mentions.setdefault((level, key), []).append(
                    (_clean(row[name]), _clean(row[parent]) if parent else None)
                )
    return {
        (code, _vote([n for n, _ in seen]), level, _vote([p for _, p in seen]))
        for (level, code), seen in mentions.items()
    }


def test_names_and_parents_by_vote(source, warehouse_file):
    rng = random.Random(3)
    rows = []
    for i in range(60):
        cells = {}
        for _level, code, name, _parent in LEVELS:
            cells[code] = rng.choice(["11", "12", " 13 ", ""])
            # few distinct names per code, so votes tie; blanks never win
            cells[name] = rng.choice(["Alpha", "Beta", "beta", " Alpha ", "", "Gamma"])
        rows.append(posting(ID=f"p{i:02d}", **cells))
    write_csv(source / "postings" / "LC_1.csv", rows)
    execute(source, warehouse_file, [date(2026, 1, 31)])
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        got = con.execute(
            "SELECT occupation_code, occupation_name, level, parent_code FROM occupations"
        ).fetchall()
    assert len(got) == len(set(got))
    assert set(got) == expected_occupations(rows)
    assert any(name == "Alpha" for _, name, _, _ in got)  # votes were counted, not vacuous
