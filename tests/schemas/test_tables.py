"""Every guard of the published tables (schemas/tables.py) refuses a table that breaks it.

The cases are enumerated from the schema objects, so a new guard gets a case (or, for a
frame-wide check, fails `test_every_frame_check_has_a_breaker` until it gets one). For each
table a small valid frame passes; each column check (a value just outside what it allows), each
non-nullable column (a NULL as DuckDB hands it over), each typed column (a value of another
type), each frame-wide check (`FRAME_BREAKERS`), an extra column (strict) and swapped columns
(ordered) are refused with a one-line error naming the table and the failed check. The last
test runs a refresh whose mart yields a broken table: nothing is published.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date

import pandas as pd
import pandera.pandas as pa
import pytest
from conftest import posting, write_csv

import schemas.tables
import warehouse.build
from core.errors import CareersError
from schemas.tables import SCHEMAS, validate_table

AS_OF = pd.Timestamp("2026-01-31")
OCC = "15-1252"
P = (60000.0, 70000.0, 80000.0, 90000.0, 100000.0)  # ordered percentiles p10..p90


def _frame(rows: list[tuple], columns: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split())


def _career(rows: list[tuple], columns: str) -> pd.DataFrame:
    """Rows of one career in the nation: `as_of, occupation_code, geo_code`, then `columns`."""
    return _frame(
        [(AS_OF, OCC, "US", *r) for r in rows], "as_of occupation_code geo_code " + columns
    )


def valid_frames() -> dict[str, pd.DataFrame]:
    """A small frame per published table that passes its guard (at least two rows each)."""
    levels = ["None", "High school", "Associate", "Bachelor's", "Graduate"]
    names = ("15-1250", "Software Developers and Programmers")
    return {
        "career_summary": _frame(
            [
                (AS_OF, OCC, "Software Developers", *names, "nation", "US", "United States",
                 pd.Timestamp("2025-02-01"), AS_OF, 10, 3, 6, 85000.0, *P),
                (AS_OF, OCC, "Software Developers", *names, "state", "CA", "California",
                 pd.Timestamp("2025-02-01"), AS_OF, 4, 2, 0, None, None, None, None, None, None),
            ],
            "as_of occupation_code occupation_name parent_code parent_name geo_level geo_code "
            "geo_name window_start window_end postings employers salary_postings salary_mean "
            "salary_p10 salary_p25 salary_p50 salary_p75 salary_p90",
        ),
        "career_education": _career(
            [(code, name, 5, 20.0) for code, name in enumerate(levels)],
            "level_code level_name postings share_pct",
        ),
        "career_experience": _career(
            [(b, i + 1, 5, 25.0) for i, b in enumerate(["0-2", "3-5", "6-8", "9+"])],
            "bucket bucket_order postings share_pct",
        ),
        "career_employers": _career(
            [(1, "Acme", False, 7), (2, "Temps Inc", True, 3)],
            "rank employer_name is_staffing postings",
        ),
        "career_titles": _career(
            [(1, "Software Engineer", 7), (2, "Developer", 3)], "rank title_name postings"
        ),
        "career_skills": _career(
            [("KS1", "Python", "Specialized Skill", True, 6, 60.0, 3.5),
             ("KS2", "Teamwork", None, None, 2, 20.0, 0.8)],
            "skill_id skill_name skill_type is_software postings share_pct lift",
        ),
        "career_skill_groups": _frame(
            [(AS_OF, OCC, "defining", 1, "KS1", "Python", 20.0, 3.0, None),
             (AS_OF, OCC, "defining", 2, "KS2", "SQL", 15.0, 2.5, None),
             (AS_OF, OCC, "salary_boosting", 1, "KS1", "Python", 5.0, 1.0, 1000.0)],
            "as_of occupation_code skill_group rank skill_id skill_name share_pct lift "
            "salary_premium",
        ),
        "career_similar": _frame(
            [(AS_OF, OCC, 1, "15-1253", "Software Testers", 0.9),
             (AS_OF, OCC, 2, "15-1211", "Systems Analysts", 0.7)],
            "as_of occupation_code rank similar_code similar_name similarity",
        ),
        "career_employment": _frame(
            [(AS_OF, OCC, "15-1250", "US", 2024, 1000, False),
             (AS_OF, OCC, "15-1250", "US", 2023, None, True)],
            "as_of occupation_code parent_code geo_code year jobs suppressed",
        ).astype({"jobs": "Int64"}),
        "career_description": _frame(
            [(AS_OF, OCC, "15-1252.00", "Software Developers", "Design software.", "O*NET 29"),
             (AS_OF, "15-1299", None, None, None, None)],
            "as_of occupation_code onet_code onet_title description source",
        ),
        "career_wages": _frame(
            [(AS_OF, OCC, "15-1252", "CA", 2024, 1000, False, 85000.0, *P, False),
             (AS_OF, OCC, "15-1252", "CA", 2023, None, True, 80000.0, *P[:4], None, True)],
            "as_of occupation_code soc_code geo_code year employment employment_suppressed "
            "wage_mean wage_p10 wage_p25 wage_p50 wage_p75 wage_p90 wage_topcoded",
        ).astype({"employment": "Int64"}),
        "occupations": _frame(
            [("15", "Computer and Mathematical", "career_area", None),
             (OCC, "Software Developers", "occupation", "15-1250")],
            "occupation_code occupation_name level parent_code",
        ),
        "skills": _frame(
            [("KS1", "Python", "Specialized Skill", True, False, "IT", "Software", True, 6),
             ("KS2", "Teamwork", None, None, None, None, None, False, 0)],
            "skill_id skill_name skill_type is_software is_language category subcategory "
            "in_taxonomy postings",
        ),
    }  # fmt: skip


def _set(frame: pd.DataFrame, row: int, column: str, value: object) -> None:
    frame[column] = frame[column].astype(object)
    frame.at[row, column] = value


def _second_column_first(frame: pd.DataFrame) -> None:
    name = frame.columns[1]
    frame.insert(0, name, frame.pop(name))


def _swap(frame: pd.DataFrame, row: int, a: str, b: str) -> None:
    frame.loc[row, [a, b]] = frame.loc[row, [b, a]].to_numpy()


Breaker = Callable[[pd.DataFrame], pd.DataFrame | None]  # edits in place or returns a frame

# Frame-wide checks with a name of their own: how to break each one alone.
FRAME_BREAKERS: dict[tuple[str, str], Breaker] = {
    ("career_summary", "p10 <= p25 <= p50 <= p75 <= p90"):
        lambda f: _swap(f, 0, "salary_p10", "salary_p90"),
    ("career_summary", "salary <= postings"): lambda f: _set(f, 0, "salary_postings", 11),
    ("career_summary", "salary stats exactly when >= 5 salaried postings"):
        lambda f: _set(f, 0, "salary_postings", 4),
    ("career_summary", "window ends on as_of"):
        lambda f: _set(f, 0, "window_end", pd.Timestamp("2026-01-30")),
    ("career_education", "all five levels per career and geography"):
        lambda f: f.iloc[:-1],
    ("career_experience", "all four buckets per career and geography"):
        lambda f: _set(f, 0, "share_pct", 50.0) or f.iloc[:-1],  # the shares still add up
    ("career_experience", "bucket shares add up to 100"): lambda f: _set(f, 0, "share_pct", 30.0),
    ("career_skill_groups", "members satisfy their group's rule"):
        lambda f: _set(f, 0, "lift", 1.0),  # defining needs a lift of at least 2
    ("career_similar", "not itself"): lambda f: _set(f, 0, "similar_code", OCC),
    ("career_employment", "jobs NULL exactly when suppressed"):
        lambda f: _set(f, 0, "suppressed", True),
    ("career_description", "a description only for a career with an O*NET code"):
        lambda f: _set(f, 1, "source", "O*NET 29"),
    ("career_description", "source named wherever a title or description is"):
        lambda f: _set(f, 0, "source", None),
    ("career_description", "never the unclassified code 99-9999.00"):
        lambda f: _set(f, 0, "onet_code", "99-9999.00"),
    ("career_wages", "employment NULL exactly when suppressed (**)"):
        lambda f: _set(f, 0, "employment_suppressed", True),
    ("career_wages", "published wage percentiles are ordered"):
        lambda f: _swap(f, 0, "wage_p10", "wage_p90"),
    ("career_wages", "a topcoded row has a NULL wage"): lambda f: _set(f, 0, "wage_topcoded", True),
}  # fmt: skip


def _frame_breaker(table: str, check: pa.Check) -> Breaker:
    """`unique (keys)` and the ranks check are broken the same way in every table."""
    if check.name.startswith("unique ("):
        keys = check.name.removeprefix("unique (").removesuffix(")").split(", ")
        return lambda f: f.loc.__setitem__((1, keys), f.loc[0, keys].to_numpy())
    if check.name == "ranks are 1..N per group":
        return lambda f: _set(f, 1, "rank", 3)  # rows 0 and 1 are ranks 1 and 2 of a group
    return FRAME_BREAKERS[(table, check.name)]


def _outside(check: pa.Check) -> object:
    """A value the built-in column `check` refuses (just outside what it allows)."""
    stats = check.statistics
    if check.name == "greater_than":
        return stats["min_value"]
    if check.name == "greater_than_or_equal_to":
        return stats["min_value"] - 1
    if check.name == "in_range":
        return stats["max_value"] + 1
    if check.name == "not_equal_to":
        return stats["value"]
    if check.name == "str_matches":
        return "?"
    if check.name == "isin":
        allowed = stats["allowed_values"]
        if all(isinstance(v, bool) for v in allowed):
            return "maybe"
        if all(isinstance(v, str) for v in allowed):
            return "not-" + allowed[0]
        return max(allowed) + 1
    raise KeyError(f"no value outside a {check.name!r} check: teach _outside one")


def _null(frame: pd.DataFrame, column: str) -> None:
    """A NULL in row 0 as DuckDB's `.df()` hands it over (a nullable BOOLEAN: pd.NA)."""
    if str(SCHEMAS_COLUMNS[column].dtype) == "bool":
        frame[column] = frame[column].astype("boolean")
        frame.at[0, column] = pd.NA
    else:
        _set(frame, 0, column, None)


SCHEMAS_COLUMNS: dict[str, pa.Column] = {}  # column name -> a column of that name (same dtype)


def cases() -> list:
    """(table, breaker, problem named in the error) for every guard of every table."""
    found = []
    for table, schema in SCHEMAS.items():
        for column, spec in schema.columns.items():
            SCHEMAS_COLUMNS.setdefault(column, spec)
            kind = str(spec.dtype)
            for check in spec.checks:
                value = _outside(check)
                found.append(pytest.param(
                    table, lambda f, c=column, v=value: _set(f, 0, c, v),
                    f"{column}: {check.error}", id=f"{table}-{column}-{check.name}",
                ))  # fmt: skip
            if not spec.nullable:
                problem = (
                    f"{column}: coerce_dtype('bool')"
                    if kind == "bool" and spec.coerce
                    else (f"{column}: not_nullable")
                )  # a coerced bool column refuses pd.NA while coercing, before the NULL check
                found.append(pytest.param(
                    table, lambda f, c=column: _null(f, c), problem, id=f"{table}-{column}-null"
                ))  # fmt: skip
            if kind.lower().startswith(("int", "float", "datetime")) or (
                kind == "bool" and not spec.coerce
            ):  # text and coerced bool columns take any value
                problem = f"{column}: {'coerce_dtype' if spec.coerce else 'dtype'}('{kind}')"
                found.append(pytest.param(
                    table, lambda f, c=column: _set(f, 0, c, "oops"), problem,
                    id=f"{table}-{column}-type",
                ))  # fmt: skip
        for check in schema.checks:
            found.append(
                pytest.param(
                    table, _frame_breaker(table, check), check.name, id=f"{table}-{check.name}"
                )
            )
        found.append(pytest.param(
            table, lambda f: f.insert(len(f.columns), "extra", 1), "column_in_schema",
            id=f"{table}-strict",
        ))  # fmt: skip
        found.append(pytest.param(
            table, _second_column_first, "column_ordered",
            id=f"{table}-ordered",
        ))  # fmt: skip
    return found


def _failures(error: CareersError) -> list[str]:
    """Every failure pandera found, `column: check` (or the check alone), sorted by name."""
    cases = error.__context__.failure_cases  # the SchemaErrors validate_table summed up
    return sorted(
        {
            f"{c}: {k}" if c else str(k)
            for c, k in zip(cases["column"].fillna(""), cases["check"], strict=True)
        }
    )


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_valid_frame_passes(table):
    validate_table(table, valid_frames()[table])


def test_every_table_has_a_valid_frame():
    assert sorted(valid_frames()) == sorted(SCHEMAS)


def test_every_frame_check_has_a_breaker():
    """A new frame-wide check needs an entry in FRAME_BREAKERS (unique/ranks are generic)."""
    for table, schema in SCHEMAS.items():
        for check in schema.checks:
            assert _frame_breaker(table, check), (table, check.name)
    named = {(t, c.name) for t, s in SCHEMAS.items() for c in s.checks}
    assert set(FRAME_BREAKERS) <= named, "FRAME_BREAKERS names a check that is gone"


@pytest.mark.parametrize(("table", "breaker", "problem"), cases())
def test_guard_refuses_a_table_breaking_it(table, breaker, problem):
    frame = valid_frames()[table]
    broken = breaker(frame)
    frame = frame if broken is None else broken
    with pytest.raises(CareersError) as refused:
        validate_table(table, frame)
    message = str(refused.value)
    assert "\n" not in message
    failures = _failures(refused.value)
    assert any(f == problem or f.endswith(f": {problem}") for f in failures), failures
    assert message == (
        f"table {table} failed validation, not publishing: {'; '.join(failures[:5])}"
    )  # the first five by name: a frame-wide check names every column of its failing rows


def test_refresh_with_a_broken_table_publishes_nothing(source, warehouse_file, monkeypatch):
    """A mart yielding a broken table: the run fails with one line naming it, and the
    published file stays byte for byte what the previous run published."""
    write_csv(source / "postings" / "a.csv", [posting(ID="a")])
    warehouse.build.execute(source, warehouse_file, [date(2026, 1, 31)])
    before = warehouse_file.read_bytes()
    write_csv(source / "postings" / "b.csv", [posting(ID="b")])

    real = schemas.tables.validate_table

    def sees_a_broken_summary(name: str, frame: pd.DataFrame) -> None:
        if name == "career_summary":
            frame = frame.assign(geo_level="planet")
        real(name, frame)

    callers = [
        module
        for name, module in list(sys.modules.items())
        if name.startswith("warehouse.") and getattr(module, "validate_table", None) is real
    ]
    assert callers, "no warehouse module calls schemas.tables.validate_table"
    for module in callers:
        monkeypatch.setattr(module, "validate_table", sees_a_broken_summary)
    with pytest.raises(CareersError) as failed:
        warehouse.build.execute(source, warehouse_file, [date(2026, 1, 31)])
    message = str(failed.value)
    assert "\n" not in message
    assert "table career_summary failed validation, not publishing" in message
    assert "geo_level: isin(['nation', 'state'])" in message
    assert warehouse_file.read_bytes() == before
