"""Each row rule of the contract, one case at a time: rejected with exactly its reason."""

from __future__ import annotations

import duckdb
import pytest
from conftest import posting, write_csv

from schemas.postings import KNOWN_COLUMNS, RULES
from sources.discover import ExportFile
from sources.readers import describe_raw, open_raw
from transforms import install_macros
from warehouse.prepare_postings import KEY_COLUMNS, find_rejects, read_checks

R = [check.name for check in RULES]
ID, POSTED, EXP_DATE, EXP_BEFORE, STATE, SALARY, YEARS, EDU, SKILLS, NAMES = R


def reasons_for(tmp_path, rows, header=None) -> dict[int, str]:
    """The pipeline's first read of the file (`read_checks`) and its pandera pass."""
    path = write_csv(tmp_path / "p.csv", rows, header)
    export = ExportFile("postings", path)
    con = duckdb.connect()
    install_macros(con)
    raw = describe_raw(con, export)
    absent = [c for c in KNOWN_COLUMNS if c not in raw.columns]
    open_raw(con, export, raw, "raw_file", absent, KEY_COLUMNS)
    read_checks(con, export)
    found = find_rejects(con, chunk_rows=1000)
    return dict(zip(found["_row"], found["reasons"], strict=True))


CASES = [
    ({"ID": ""}, ID),
    ({"ID": "   "}, ID),
    ({"POSTED": ""}, POSTED),
    ({"POSTED": "13/45/2024"}, POSTED),
    ({"POSTED": "2024-02-30"}, POSTED),
    ({"POSTED": "yesterday"}, POSTED),
    ({"POSTED": "2024/01/01"}, POSTED),
    ({"EXPIRED": "soon"}, EXP_DATE),
    ({"EXPIRED": "8/31/2025"}, EXP_BEFORE),
    ({"STATE": "3"}, STATE),
    ({"STATE": "99"}, STATE),
    ({"STATE": "CA"}, STATE),
    ({"STATE": "6.0"}, STATE),
    ({"SALARY": "-5"}, SALARY),
    ({"SALARY": "0"}, SALARY),
    ({"SALARY": "1e5"}, SALARY),
    ({"SALARY": "12,000"}, SALARY),
    ({"SALARY": "5000000"}, SALARY),
    ({"SALARY": "$100"}, SALARY),
    ({"MIN_YEARS_EXPERIENCE": "2.5"}, YEARS),
    ({"MIN_YEARS_EXPERIENCE": "61"}, YEARS),
    ({"MIN_YEARS_EXPERIENCE": "-1"}, YEARS),
    ({"EDUCATION_LEVELS": "[\n  7\n]"}, EDU),
    ({"EDUCATION_LEVELS": '[\n  "2"\n]'}, EDU),
    ({"EDUCATION_LEVELS": "[2.0]"}, EDU),
    ({"EDUCATION_LEVELS": "2|x"}, EDU),
    ({"EDUCATION_LEVELS": "[2,"}, EDU),
    ({"SKILLS": "[oops"}, SKILLS),
    ({"SKILLS": "[1, 2]"}, SKILLS),
    ({"SKILLS": "[null]"}, SKILLS),
    ({"SKILLS_NAME": '["Python"]'}, NAMES),
    ({"SKILLS_NAME": "[oops"}, NAMES),
]


@pytest.mark.parametrize(("cells", "reason"), CASES, ids=[f"{c}" for c, _ in CASES])
def test_each_rule_rejects_with_its_reason(tmp_path, cells, reason):
    got = reasons_for(tmp_path, [posting(ID="ok"), posting(**{"ID": "bad", **cells})])
    assert got == {2: reason}


VALID = [
    {"POSTED": "2025-09-01"},
    {"POSTED": "09/01/2025", "EXPIRED": "9/1/2025"},
    {"STATE": "06"},
    {"STATE": ""},
    {"STATE": "72"},
    {"SALARY": ""},
    {"SALARY": "4999999.99"},
    {"SALARY": ".5"},
    {"MIN_YEARS_EXPERIENCE": "60"},
    {"MIN_YEARS_EXPERIENCE": "0"},
    {"EDUCATION_LEVELS": "[]"},
    {"EDUCATION_LEVELS": ""},
    {"EDUCATION_LEVELS": "2|99"},
    {"SKILLS": "[]", "SKILLS_NAME": "[]"},
    {"SKILLS": "", "SKILLS_NAME": ""},
    {"SKILLS": "KS1|ES2|BGS3", "SKILLS_NAME": "A|B|C"},
    {"LAST_UPDATED_TIMESTAMP": "garbage"},
    {"EMPLOYMENT_TYPE_NAME": "Part-time (â‰¤ 32 hours)"},
]


@pytest.mark.parametrize("cells", VALID, ids=[f"{c}" for c in VALID])
def test_valid_variants_are_not_rejected(tmp_path, cells):
    assert reasons_for(tmp_path, [posting(**cells)]) == {}


def test_several_problems_are_one_row_with_all_reasons_in_order(tmp_path):
    bad = posting(ID="", POSTED="x", STATE="99", SALARY="-1", SKILLS="[oops")
    got = reasons_for(tmp_path, [bad])
    assert got == {1: "; ".join([ID, POSTED, STATE, SALARY, SKILLS])}
