"""The deliberately bad rows and the valid-but-unusual cells of a generated export.

Each breakage breaks a row in place so it fails the row rules of docs/ROW_RULES.md for exactly
the reasons it names (schemas.postings), in the dialects where its cell can be written. Each
edge changes a valid row's cell to an unusual but legal form; it says False where it cannot
apply to the row or dialect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from samples.columns import Raw
from schemas.postings import (
    R_EDUCATION,
    R_EXPIRED,
    R_EXPIRED_BEFORE,
    R_ID,
    R_POSTED,
    R_SALARY,
    R_SKILLS,
    R_SKILLS_NAME,
    R_STATE,
    R_YEARS,
)


def _skills_name_shorter(row: dict, dialect: str) -> None:
    names = list(row["SKILLS_NAME"])
    if names:
        row["SKILLS_NAME"] = names[:-1]
    else:
        row["SKILLS_NAME"] = ["Communication"]


def _skills_name_longer(row: dict, dialect: str) -> None:
    row["SKILLS_NAME"] = [*row["SKILLS_NAME"], "Communication"]


def _set(**cells: Any) -> Callable[[dict, str], None]:
    def apply(row: dict, dialect: str) -> None:
        for col, value in cells.items():
            row[col] = value(row, dialect) if callable(value) else value

    return apply


def _by_dialect(**values: Any) -> Callable[[dict, str], Any]:
    return lambda row, dialect: values[dialect] if dialect in values else values["other"]


def _expired_before(row: dict, dialect: str) -> None:
    row["EXPIRED"] = row["POSTED"] - 1 - (row["POSTED"] % 29)
    row["DURATION"] = None


_ALL = ("csv", "pipe", "pq_json", "pq_list", "real")
_TEXT = ("csv", "pipe", "pq_json", "real")  # dialects where any text can be written


@dataclass(frozen=True)
class Breakage:
    """A way to break a row: `apply(row, dialect)` makes it fail for `reasons`; `keeps_id`:
    the row keeps its (valid) ID, so it can reuse one."""

    name: str
    reasons: tuple[str, ...]
    dialects: tuple[str, ...]
    apply: Callable[[dict, str], None]
    keeps_id: bool = True


def _combine(*parts: Callable[[dict, str], None]) -> Callable[[dict, str], None]:
    def apply(row: dict, dialect: str) -> None:
        for part in parts:
            part(row, dialect)

    return apply


_JSON_SKILLS_NUMBERS = Raw("[\n  1,\n  2\n]")
BREAKAGES: tuple[Breakage, ...] = (
    Breakage("id_empty", (R_ID,), _ALL, _set(ID=None), keeps_id=False),
    Breakage("id_blank", (R_ID,), _TEXT, _set(ID=Raw("   ")), keeps_id=False),
    Breakage("posted_month_13_iso", (R_POSTED,), _ALL, _set(POSTED=Raw("2024-13-45"))),
    Breakage("posted_month_13_mdy", (R_POSTED,), _ALL, _set(POSTED=Raw("13/45/2024"))),
    Breakage("posted_word", (R_POSTED,), _ALL, _set(POSTED=Raw("yesterday"))),
    Breakage("posted_empty", (R_POSTED,), _ALL, _set(POSTED=None)),
    Breakage(
        "posted_feb_29",
        (R_POSTED,),
        _ALL,
        _set(
            POSTED=_by_dialect(
                pipe=Raw("2023-02-29"), pq_list=Raw("2023-02-29"), other=Raw("2/29/2023")
            )
        ),
    ),
    Breakage("expired_word", (R_EXPIRED,), _ALL, _set(EXPIRED=Raw("soon"))),
    Breakage("expired_slashes_iso", (R_EXPIRED,), _ALL, _set(EXPIRED=Raw("2024/06/31"))),
    Breakage("expired_dashes_mdy", (R_EXPIRED,), _ALL, _set(EXPIRED=Raw("6-15-2024"))),
    Breakage("expired_before_posted", (R_EXPIRED_BEFORE,), _ALL, _expired_before),
    Breakage("state_3", (R_STATE,), _ALL, _set(STATE=_by_dialect(pq_list=3, other=Raw("3")))),
    Breakage("state_99", (R_STATE,), _ALL, _set(STATE=_by_dialect(pq_list=99, other=Raw("99")))),
    Breakage("state_14", (R_STATE,), _ALL, _set(STATE=_by_dialect(pq_list=14, other=Raw("14")))),
    Breakage("state_letters", (R_STATE,), _TEXT, _set(STATE=Raw("CA"))),
    Breakage(
        "salary_negative", (R_SALARY,), _ALL, _set(SALARY=_by_dialect(pq_list=-5, other=Raw("-5")))
    ),
    Breakage("salary_exponent", (R_SALARY,), _TEXT, _set(SALARY=Raw("1e5"))),
    Breakage("salary_separator", (R_SALARY,), _TEXT, _set(SALARY=Raw("12,000"))),
    Breakage("salary_zero", (R_SALARY,), _ALL, _set(SALARY=_by_dialect(pq_list=0, other=Raw("0")))),
    Breakage(
        "salary_5m",
        (R_SALARY,),
        _ALL,
        _set(SALARY=_by_dialect(pq_list=5_000_000, other=Raw("5000000"))),
    ),
    Breakage("salary_dollar", (R_SALARY,), _TEXT, _set(SALARY=Raw("$85000"))),
    Breakage("years_decimal", (R_YEARS,), _TEXT, _set(MIN_YEARS_EXPERIENCE=Raw("2.5"))),
    Breakage(
        "years_61",
        (R_YEARS,),
        _ALL,
        _set(MIN_YEARS_EXPERIENCE=_by_dialect(pq_list=61, other=Raw("61"))),
    ),
    Breakage(
        "years_negative",
        (R_YEARS,),
        _ALL,
        _set(MIN_YEARS_EXPERIENCE=_by_dialect(pq_list=-1, other=Raw("-1"))),
    ),
    Breakage("years_plus", (R_YEARS,), _TEXT, _set(MIN_YEARS_EXPERIENCE=Raw("3+"))),
    Breakage("education_7", (R_EDUCATION,), _ALL, _set(EDUCATION_LEVELS=[2, 7])),
    Breakage(
        "education_string",
        (R_EDUCATION,),
        _TEXT,
        _set(EDUCATION_LEVELS=_by_dialect(pipe=Raw("2|Bachelor's degree"), other=["2"])),
    ),
    Breakage(
        "education_float",
        (R_EDUCATION,),
        ("csv", "pq_json"),
        _set(EDUCATION_LEVELS=_by_dialect(csv=Raw("[\n  2.0\n]"), other=Raw("[2.0]"))),
    ),
    Breakage(
        "education_text", (R_EDUCATION,), _TEXT, _set(EDUCATION_LEVELS=Raw("Bachelor's degree"))
    ),
    Breakage("skills_broken_json", (R_SKILLS,), _TEXT, _set(SKILLS=Raw("[oops"))),
    Breakage(
        "skills_numbers",
        (R_SKILLS,),
        _TEXT,
        _set(SKILLS=_by_dialect(csv=_JSON_SKILLS_NUMBERS, other=Raw("[1, 2]"))),
    ),
    Breakage(
        "skills_null",
        (R_SKILLS,),
        _TEXT,
        _set(
            SKILLS=_by_dialect(
                csv=Raw('[\n  "KS1200364C9C1LK3V5Q1",\n  null\n]'),
                other=Raw('["KS1200364C9C1LK3V5Q1", null]'),
            )
        ),
    ),
    Breakage("skills_name_shorter", (R_SKILLS_NAME,), _ALL, _skills_name_shorter),
    Breakage("skills_name_longer", (R_SKILLS_NAME,), _ALL, _skills_name_longer),
    Breakage(
        "skills_name_broken_json",
        (R_SKILLS_NAME,),
        _TEXT,
        _set(SKILLS_NAME=Raw('["Python (Programming Language)"')),
    ),
    # several problems at once
    Breakage(
        "multi_id_posted_state",
        (R_ID, R_POSTED, R_STATE),
        _TEXT,
        _set(ID=None, POSTED=Raw("yesterday"), STATE=Raw("CA")),
        keeps_id=False,
    ),
    Breakage(
        "multi_salary_years_education",
        (R_SALARY, R_YEARS, R_EDUCATION),
        _TEXT,
        _set(SALARY=Raw("12,000"), MIN_YEARS_EXPERIENCE=Raw("2.5"), EDUCATION_LEVELS=[7]),
    ),
    Breakage(
        "multi_expired_skills",
        (R_EXPIRED, R_SKILLS),
        _TEXT,
        _set(EXPIRED=Raw("soon"), SKILLS=Raw("[oops")),
    ),
    Breakage(
        "multi_posted_salary_names",
        (R_POSTED, R_SALARY, R_SKILLS_NAME),
        _ALL,
        _combine(
            _set(POSTED=Raw("13/45/2024"), SALARY=_by_dialect(pq_list=0, other=Raw("0"))),
            _skills_name_shorter,
        ),
    ),
    Breakage(
        "multi_typed",
        (R_ID, R_STATE, R_YEARS, R_EDUCATION),
        _ALL,
        _set(
            ID=None,
            STATE=_by_dialect(pq_list=99, other=Raw("99")),
            MIN_YEARS_EXPERIENCE=_by_dialect(pq_list=61, other=Raw("61")),
            EDUCATION_LEVELS=[2, 7],
        ),
        keeps_id=False,
    ),
    Breakage(
        "multi_before_salary_state",
        (R_EXPIRED_BEFORE, R_SALARY, R_STATE),
        _ALL,
        _combine(
            _expired_before,
            _set(
                SALARY=_by_dialect(pq_list=5_000_000, other=Raw("5000000")),
                STATE=_by_dialect(pq_list=3, other=Raw("3")),
            ),
        ),
    ),
)


def _edge_state_pad(row: dict, dialect: str) -> bool:
    if dialect == "pq_list" or row.get("STATE") is None or row["STATE"] >= 10:
        return False
    row["STATE"] = Raw(f"{row['STATE']:02d}")
    return True


def _edge_state_space(row: dict, dialect: str) -> bool:
    if dialect == "pq_list" or row.get("STATE") is None:
        return False
    row["STATE"] = Raw(f" {row['STATE']} ")
    return True


def _edge_salary_decimal(row: dict, dialect: str) -> bool:
    if dialect == "pq_list" or row.get("SALARY") is None:
        return False
    row["SALARY"] = Raw(f"{row['SALARY']}.50")
    return True


def _edge_years_pad(row: dict, dialect: str) -> bool:
    if dialect == "pq_list" or row.get("MIN_YEARS_EXPERIENCE") is None:
        return False
    row["MIN_YEARS_EXPERIENCE"] = Raw(f"{row['MIN_YEARS_EXPERIENCE']:02d}")
    return True


def _edge_posted_pad(row: dict, dialect: str) -> bool:
    if dialect in ("pipe", "pq_list"):
        return False
    d = date.fromordinal(row["POSTED"])
    row["POSTED"] = Raw(f"{d.month:02d}/{d.day:02d}/{d.year}")
    return True


def _edge_expired_same_day(row: dict, dialect: str) -> bool:
    row["EXPIRED"], row["DURATION"] = row["POSTED"], 0
    row["ACTIVE_URLS"], row["ACTIVE_SOURCES_INFO"] = [], []
    return True


def _edge_education_pipe_spaces(row: dict, dialect: str) -> bool:
    if dialect != "pipe" or len(row["EDUCATION_LEVELS"]) < 2:
        return False
    row["EDUCATION_LEVELS"] = Raw(" | ".join(str(e) for e in row["EDUCATION_LEVELS"]))
    return True


EDGES = (_edge_state_pad, _edge_state_space, _edge_salary_decimal, _edge_years_pad,
          _edge_posted_pad, _edge_expired_same_day, _edge_education_pipe_spaces)  # fmt: skip
