"""The contract's row rules for postings, as a pandera schema over the parsed cells.

`transforms/staging/posting_checks.sql` parses (a cell that does not parse becomes NULL next to
its raw text); the checks here decide. Each check's name is the reason text stored in
`ops.quarantine`, and RULES keeps them in the order reasons are listed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.compute as pc

from schemas.rules import rule

HEADER_FILE = Path(__file__).with_name("postings-header.csv")
# The 131 columns of a real postings export, in delivery order.
KNOWN_COLUMNS: list[str] = next(csv.reader(HEADER_FILE.open(encoding="utf-8")))

# A file without these cannot be read meaningfully: fatal, not quarantine.
REQUIRED_COLUMNS = [
    "ID", "POSTED", "SALARY", "STATE", "MIN_YEARS_EXPERIENCE", "EDUCATION_LEVELS", "SKILLS",
    "SKILLS_NAME", "LOT_SPECIALIZED_OCCUPATION", "LOT_SPECIALIZED_OCCUPATION_NAME",
    "LOT_OCCUPATION", "LOT_OCCUPATION_NAME", "COMPANY_NAME", "TITLE_NAME",
]  # fmt: skip
# At least one of these must be present (the update time falls back from one to the other).
UPDATE_TIME_COLUMNS = ["LAST_UPDATED_TIMESTAMP", "LAST_UPDATED_DATE"]

# The reason texts of the row rules (docs/ROW_RULES.md), in the order reasons are listed: the
# one source for the rules below, the sample generators and the test oracle.
R_ID = "ID is empty"
R_POSTED = "POSTED is not a date"
R_EXPIRED = "EXPIRED is not a date"
R_EXPIRED_BEFORE = "EXPIRED is before POSTED"
R_STATE = "STATE is not a state FIPS code"
R_SALARY = "SALARY is not a plain number above 0 and below 5,000,000"
R_YEARS = "MIN_YEARS_EXPERIENCE is not a whole number from 0 to 60"
R_EDUCATION = "EDUCATION_LEVELS is not a list of codes 0-4 or 99"
R_SKILLS = "SKILLS is not a list of strings"
R_SKILLS_NAME = "SKILLS_NAME is not a list of the same length as SKILLS"
REASONS = (R_ID, R_POSTED, R_EXPIRED, R_EXPIRED_BEFORE, R_STATE, R_SALARY, R_YEARS,
           R_EDUCATION, R_SKILLS, R_SKILLS_NAME)  # fmt: skip

# State FIPS codes: 50 states, DC, and the territories AS, GU, MP, PR, VI.
STATE_FIPS = frozenset(
    {1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
     28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 44, 45, 46, 47, 48, 49, 50,
     51, 53, 54, 55, 56, 60, 66, 69, 72, 78}
)  # fmt: skip
EDUCATION_CODES = (0, 1, 2, 3, 4, 99)
SALARY_MAX = 5_000_000
YEARS_MAX = 60


def _arrow(series: pd.Series) -> pa_arrow.Array:
    return (
        pa_arrow.array(series.array)
        if not hasattr(series.array, "_pa_array")
        else (series.array._pa_array.combine_chunks())
    )


def _list_all_in(series: pd.Series, allowed: tuple) -> pd.Series:
    """True where the list is not NULL and every element is in `allowed` (vectorized)."""
    arr = _arrow(series)
    ok = np.asarray(arr.is_valid())
    flat = pc.list_flatten(arr)
    if len(flat):
        bad = np.asarray(pc.fill_null(pc.invert(pc.is_in(flat, pa_arrow.array(allowed))), True))
        parents = np.asarray(pc.list_parent_indices(arr))
        ok[np.unique(parents[bad])] = False
    return pd.Series(ok, index=series.index)


def _absent(raw: pd.Series) -> pd.Series:
    return raw.isna().to_numpy(dtype=bool)


RULES: list[pa.Check] = [
    rule(R_ID, lambda d: d["id"].notna()),
    rule(R_POSTED, lambda d: d["posted"].notna()),
    rule(R_EXPIRED, lambda d: _absent(d["expired_raw"]) | d["expired"].notna()),
    rule(
        R_EXPIRED_BEFORE,
        lambda d: ~(d["expired"] < d["posted"]).fillna(False).to_numpy(dtype=bool),
    ),
    rule(
        R_STATE,
        lambda d: _absent(d["state_raw"]) | d["state"].isin(STATE_FIPS).fillna(False),
    ),
    rule(
        R_SALARY,
        lambda d: (
            _absent(d["salary_raw"])
            | ((d["salary"] > 0) & (d["salary"] < SALARY_MAX)).fillna(False)
        ),
    ),
    rule(
        R_YEARS,
        lambda d: (
            _absent(d["min_years_raw"])
            | ((d["min_years"] >= 0) & (d["min_years"] <= YEARS_MAX)).fillna(False)
        ),
    ),
    rule(
        R_EDUCATION,
        lambda d: _list_all_in(d["education_levels"], EDUCATION_CODES),
    ),
    # A skill list arrives as its length: NULL when the cell is not a list of strings.
    rule(R_SKILLS, lambda d: d["skills_length"].notna()),
    rule(
        R_SKILLS_NAME,
        lambda d: (
            d["skills_length"].isna().to_numpy(dtype=bool)
            | (d["skills_name_length"] == d["skills_length"]).fillna(False).to_numpy(dtype=bool)
        ),
    ),
]

_COLUMNS = [
    "_row", "id", "posted_raw", "posted", "expired_raw", "expired", "state_raw", "state",
    "salary_raw", "salary", "min_years_raw", "min_years", "education_levels", "skills_length",
    "skills_name_length",
]  # fmt: skip

PostingRules = pa.DataFrameSchema(
    {name: pa.Column(nullable=True, required=True) for name in _COLUMNS},
    checks=RULES,
    name="posting row rules",
    description="The contract's row rules; a row failing any check is quarantined.",
)
