"""Pins the behaviour of tests/oracle.py on tiny hand-made exports with hand-computed answers."""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
from datetime import date, datetime
from pathlib import Path

import oracle as o
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

CAREER = "23101011"
OTHER_CAREER = "23101012"
AS_OF = date(2024, 12, 31)

HEADER = [
    "ID", "LAST_UPDATED_DATE", "LAST_UPDATED_TIMESTAMP", "POSTED", "EXPIRED", "STATE",
    "SALARY", "MIN_YEARS_EXPERIENCE", "EDUCATION_LEVELS", "SKILLS", "SKILLS_NAME",
    "LOT_SPECIALIZED_OCCUPATION", "LOT_SPECIALIZED_OCCUPATION_NAME", "LOT_OCCUPATION",
    "LOT_OCCUPATION_NAME", "COMPANY_NAME", "COMPANY_IS_STAFFING", "TITLE_NAME",
]


def row(posting_id: str = "p1", **cells: str) -> dict:
    """A valid posting row; keyword arguments override cells (upper-cased column names)."""
    base = {
        "ID": posting_id,
        "POSTED": "2024-06-02",
        "LOT_SPECIALIZED_OCCUPATION": CAREER,
        "LOT_SPECIALIZED_OCCUPATION_NAME": "Data Analyst",
        "LOT_OCCUPATION": "231010",
        "LOT_OCCUPATION_NAME": "Data Analysts",
    }
    base.update({key.upper(): value for key, value in cells.items()})
    return base


def write_csv(folder: Path, name: str, rows: list[dict], header: list[str] | None = None) -> Path:
    """Write rows as a CSV export file (gzip when the name ends with .gz)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=header or HEADER, restval="")
    writer.writeheader()
    writer.writerows(rows)
    path = folder / "postings" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def load_rows(tmp_path: Path, rows: list[dict], **kw) -> o.OracleState:
    """Load one refresh holding one CSV file with these rows."""
    write_csv(tmp_path / "r1", "a.csv", rows, **kw)
    return o.load_postings([tmp_path / "r1"])


def reasons_of(tmp_path: Path, **cells: str) -> str | None:
    """Quarantine reasons of a single row, or None when it loads."""
    state = load_rows(tmp_path, [row(**cells)])
    quarantine = o.quarantine_frame(state)
    return None if quarantine.empty else quarantine.loc[0, "reasons"]


def tables(state: o.OracleState, as_of: date = AS_OF) -> dict:
    """career_tables() for as_of."""
    return o.career_tables(state, as_of)


# --------------------------------------------------------------------------- rejections


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"id": ""}, o.R_ID),
        ({"id": "   "}, o.R_ID),
        ({"posted": ""}, o.R_POSTED),
        ({"posted": "2024-13-01"}, o.R_POSTED),
        ({"posted": "2/30/2024"}, o.R_POSTED),
        ({"posted": "2024-6-2"}, o.R_POSTED),
        ({"posted": "6/2/24"}, o.R_POSTED),
        ({"posted": "2024-06-02 10:00:00"}, o.R_POSTED),
        ({"expired": "soon"}, o.R_EXPIRED),
        ({"expired": "2024-06-01"}, o.R_EXPIRED_BEFORE),
        ({"state": "3"}, o.R_STATE),
        ({"state": "99"}, o.R_STATE),
        ({"state": "CA"}, o.R_STATE),
        ({"state": "6.5"}, o.R_STATE),
        ({"state": "-6"}, o.R_STATE),
        ({"salary": "0"}, o.R_SALARY),
        ({"salary": "-5"}, o.R_SALARY),
        ({"salary": "+5"}, o.R_SALARY),
        ({"salary": "1,000"}, o.R_SALARY),
        ({"salary": "1e5"}, o.R_SALARY),
        ({"salary": "5000000"}, o.R_SALARY),
        ({"salary": "."}, o.R_SALARY),
        ({"min_years_experience": "61"}, o.R_YEARS),
        ({"min_years_experience": "2.0"}, o.R_YEARS),
        ({"min_years_experience": "-1"}, o.R_YEARS),
        ({"education_levels": "[5]"}, o.R_EDUCATION),
        ({"education_levels": '["2"]'}, o.R_EDUCATION),
        ({"education_levels": "[2.0]"}, o.R_EDUCATION),
        ({"education_levels": "[true]"}, o.R_EDUCATION),
        ({"education_levels": "[2"}, o.R_EDUCATION),
        ({"education_levels": "2|x"}, o.R_EDUCATION),
        ({"education_levels": "2|5"}, o.R_EDUCATION),
        ({"skills": "[1]"}, o.R_SKILLS),
        ({"skills": '["KS1", null]', "skills_name": '["a", "b"]'}, o.R_SKILLS),
        ({"skills": "[1.5]"}, o.R_SKILLS),
        # Not starting with "[": the pipe dialect, one string; SKILLS_NAME is empty.
        ({"skills": '{"a": 1}'}, o.R_SKILLS_NAME),
        ({"skills": '["KS1", "KS2"]', "skills_name": '["only one"]'}, o.R_SKILLS_NAME),
        ({"skills": '["KS1"]', "skills_name": "[1]"}, o.R_SKILLS_NAME),
        ({"skills": "KS1|KS2", "skills_name": "a"}, o.R_SKILLS_NAME),
        ({"skills": "KS1"}, o.R_SKILLS_NAME),
        # SKILLS_NAME is only checked when SKILLS itself is valid.
        ({"skills": "[1, 2]", "skills_name": "[]"}, o.R_SKILLS),
    ],
)
def test_each_rule_rejects(tmp_path, cells, reason):
    assert reasons_of(tmp_path, **cells) == reason


@pytest.mark.parametrize(
    "cells",
    [
        {"state": "06"},
        {"state": "11"},
        {"state": "78"},
        {"salary": "4999999.99"},
        {"salary": ".5"},
        {"salary": "5."},
        {"salary": " 85000 "},
        {"min_years_experience": "060"},
        {"min_years_experience": "0"},
        {"expired": "6/2/2024"},
        {"education_levels": "[99, 0, 4]"},
        {"education_levels": "[]"},
        {"education_levels": "2 | 99"},
        {"skills": "[]", "skills_name": ""},
        {"skills": "", "skills_name": "[]"},
        {"last_updated_timestamp": "garbage", "last_updated_date": "also garbage"},
        {"company_name": "Unclassified", "posted": "2000-01-01"},
    ],
)
def test_valid_cells_load(tmp_path, cells):
    assert reasons_of(tmp_path, **cells) is None


def test_multi_reason_row_lists_all_reasons_in_rule_order(tmp_path):
    bad = {
        "ID": "", "POSTED": "2024-02-30", "EXPIRED": "never", "STATE": "3",
        "SALARY": "-1", "MIN_YEARS_EXPERIENCE": "99", "EDUCATION_LEVELS": "[7]",
        "SKILLS": "[1]", "SKILLS_NAME": "[]",
    }
    state = load_rows(tmp_path, [row(), bad, row("p3", expired="1/1/2024", salary="1e3")])
    quarantine = o.quarantine_frame(state)
    assert list(quarantine.columns) == ["file", "row_number", "reasons"]
    assert quarantine.values.tolist() == [
        ["a.csv", 2, "; ".join([
            o.R_ID, o.R_POSTED, o.R_EXPIRED, o.R_STATE, o.R_SALARY, o.R_YEARS,
            o.R_EDUCATION, o.R_SKILLS,
        ])],
        ["a.csv", 3, f"{o.R_EXPIRED_BEFORE}; {o.R_SALARY}"],
    ]
    assert o.batch_counts(state).values.tolist() == [["a.csv", 3, 1, 2]]
    assert [p["id"] for p in state.postings] == ["p1"]


def test_blank_row_is_one_quarantined_row(tmp_path):
    state = load_rows(tmp_path, [{}])
    assert o.quarantine_frame(state).values.tolist() == [
        ["a.csv", 1, f"{o.R_ID}; {o.R_POSTED}"]
    ]


# --------------------------------------------------------------------------- parsing


def test_both_date_formats_and_parsed_fields(tmp_path):
    state = load_rows(tmp_path, [
        row("iso", posted="2024-06-02", state="06", salary="85000.50",
            min_years_experience="03", company_is_staffing="TRUE", company_name="Acme"),
        row("mdy", posted="6/2/2024", expired="06/30/2024"),
    ])
    iso, mdy = state.postings
    assert iso["posted"] == mdy["posted"] == date(2024, 6, 2)
    assert mdy["expired"] == date(2024, 6, 30)
    assert (iso["state"], iso["salary"], iso["min_years"]) == (6, 85000.5, 3)
    assert iso["company_is_staffing"] is True and mdy["company_is_staffing"] is False
    assert mdy["state"] is None and mdy["salary"] is None and mdy["min_years"] is None


def test_pipe_json_and_empty_lists(tmp_path):
    pretty = json.dumps(["KS1", "ES2"], indent=2)  # spans lines inside one quoted cell
    state = load_rows(tmp_path, [
        row("json", skills=pretty, skills_name='["Python", "SQL"]',
            education_levels=json.dumps([2, 99], indent=2)),
        row("pipe", skills="KS1 | BGS3", skills_name="Python|Excel", education_levels="1|2"),
        row("empty", skills="", skills_name="", education_levels=""),
        row("brackets", skills="[]", skills_name="[]", education_levels="[]"),
    ])
    assert o.batch_counts(state).values.tolist() == [["a.csv", 4, 4, 0]]
    by_id = state.postings_by_id
    assert by_id["json"]["skills"] == ["KS1", "ES2"]
    assert by_id["json"]["education"] == [2, 99]
    assert by_id["pipe"]["skills"] == ["KS1", "BGS3"]
    assert by_id["pipe"]["skills_name"] == ["Python", "Excel"]
    assert by_id["pipe"]["education"] == [1, 2]
    for key in ("empty", "brackets"):
        assert (by_id[key]["skills"], by_id[key]["education"]) == ([], [])


def test_multiline_cell_is_one_row_number(tmp_path):
    pretty = json.dumps(["KS1", "KS2"], indent=2)
    rows = [row("a", skills=pretty, skills_name="x|y"), row("b", state="7")]
    quarantine = o.quarantine_frame(load_rows(tmp_path, rows))
    assert quarantine.values.tolist() == [["a.csv", 2, o.R_STATE]]


def test_lower_case_header_bom_and_gzip(tmp_path):
    folder = tmp_path / "r1" / "postings"
    folder.mkdir(parents=True)
    text = "\ufeffid,posted,state,lot_specialized_occupation\r\nx1, 2024-06-02 ,6,23101011\r\n"
    (folder / "a.csv").write_bytes(text.encode("utf-8"))
    write_csv(tmp_path / "r1", "b.csv.gz", [row("x2", posted="7/4/2024")])
    state = o.load_postings([tmp_path / "r1"])
    assert [(p["id"], p["posted"], p["state"]) for p in state.postings] == [
        ("x1", date(2024, 6, 2), 6), ("x2", date(2024, 7, 4), None),
    ]
    assert o.batch_counts(state)["file"].tolist() == ["a.csv", "b.csv.gz"]


def test_parquet_values_become_text_and_real_lists_stay(tmp_path):
    folder = tmp_path / "r1" / "postings"
    folder.mkdir(parents=True)
    table = pa.table({
        "id": ["q1", "q2", "q3"],
        "posted": [date(2024, 6, 2), date(2024, 6, 3), date(2024, 6, 4)],
        "last_updated_timestamp": [datetime(2024, 9, 6, 16, 32, 57, 352000), None, None],
        "state": [6, 72, None],
        "salary": [90000.0, 1234.5, None],
        "lot_specialized_occupation": [23101011.0, None, 23101011.0],
        "company_is_staffing": [True, False, None],
        "education_levels": [[2, 99], None, [5]],
        "skills": [["KS1"], [], None],
        "skills_name": [["Python"], [], None],
    })
    pq.write_table(table, folder / "p.parquet")
    state = o.load_postings([tmp_path / "r1"])
    assert o.quarantine_frame(state).values.tolist() == [["p.parquet", 3, o.R_EDUCATION]]
    q1, q2 = state.postings
    assert (q1["state"], q1["salary"], q1["occupation_code"]) == (6, 90000.0, CAREER)
    assert q1["company_is_staffing"] is True
    assert (q1["education"], q1["skills"], q1["skills_name"]) == ([2, 99], ["KS1"], ["Python"])
    assert q1["raw"]["LAST_UPDATED_TIMESTAMP"] == "2024-09-06 16:32:57.352000"
    assert (q2["state"], q2["salary"], q2["education"]) == (72, 1234.5, [])
    assert q2["occupation_code"] is None


def test_json_and_jsonl_files(tmp_path):
    folder = tmp_path / "r1" / "postings"
    folder.mkdir(parents=True)
    records = [{"id": "j1", "posted": "2024-06-02", "state": 6, "skills": ["KS1"],
                "skills_name": ["Python"], "education_levels": [2]}]
    (folder / "a.json").write_text(json.dumps(records))
    lines = [{"ID": "j2", "POSTED": "6/3/2024", "SALARY": 50000},
             {"ID": "j3", "POSTED": "x"}]
    (folder / "b.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n\n")
    state = o.load_postings([tmp_path / "r1"])
    assert o.batch_counts(state).values.tolist() == [["a.json", 1, 1, 0], ["b.jsonl", 2, 1, 1]]
    j1, j2 = state.postings
    assert (j1["state"], j1["skills"], j1["education"]) == (6, ["KS1"], [2])
    assert j2["salary"] == 50000.0
    assert o.quarantine_frame(state).values.tolist() == [["b.jsonl", 2, o.R_POSTED]]


# --------------------------------------------------------------------------- files and dedupe


def test_file_order_hidden_files_and_content_hash(tmp_path):
    r1, r2 = tmp_path / "r1", tmp_path / "r2"
    for name in ("lightcast_x.csv", "lc_x.csv", "LC_x.csv"):
        write_csv(r1, name, [row("same", company_name=name)])
    write_csv(r1, ".hidden.csv", [row("same", company_name="hidden")])
    (r1 / "postings" / "notes.txt").write_text("not an export")
    write_csv(r2, "renamed.csv", [row("same", company_name="lc_x.csv")])  # same bytes as lc_x
    state = o.load_postings([r1, r2])
    assert o.batch_counts(state)["file"].tolist() == ["LC_x.csv", "lc_x.csv", "lightcast_x.csv"]
    assert state.postings_by_id["same"]["company_name"] == "lightcast_x.csv"


def test_dedupe_by_update_time(tmp_path):
    r1, r2 = tmp_path / "r1", tmp_path / "r2"
    write_csv(r1, "a.csv", [
        row("newer_first", last_updated_timestamp="2024-09-06 16:32:57.352", title_name="A"),
        row("tie", last_updated_date="9/6/2024", title_name="A"),
        row("in_file", last_updated_date="9/6/2024", title_name="A"),
        row("in_file", last_updated_date="2024-09-06", title_name="B"),
        row("no_time", title_name="A"),
        row("rejected", last_updated_date="9/6/2024", title_name="A"),
    ])
    write_csv(r2, "a.csv", [
        row("newer_first", last_updated_timestamp="2024-09-06 16:32:57.351", title_name="B"),
        row("tie", last_updated_timestamp="2024-09-06T00:00:00", title_name="B"),
        row("no_time", title_name="B"),
        row("rejected", last_updated_date="9/7/2024", title_name="B", state="3"),
    ])
    state = o.load_postings([r1, r2])
    titles = {p["id"]: p["title_name"] for p in state.postings}
    assert titles == {
        "newer_first": "A",  # older version ingested later loses
        "tie": "B",  # equal time (timestamp vs date at midnight): later refresh wins
        "in_file": "B",  # later row of the same file wins a tie
        "no_time": "B",  # both "minus infinity": later wins
        "rejected": "A",  # a rejected row never replaces a valid version
    }
    # "loaded" counts valid rows read, even those that lose the dedupe.
    assert o.batch_counts(state).values.tolist() == [["a.csv", 6, 6, 0], ["a.csv", 4, 3, 1]]


def test_greater_update_time_wins_over_later_file(tmp_path):
    r1 = tmp_path / "r1"
    write_csv(r1, "a.csv", [row("x", last_updated_date="1/2/2025", title_name="A")])
    write_csv(r1, "b.csv", [
        row("x", last_updated_date="1/1/2025", last_updated_timestamp="2025-01-01 23:59:59",
            title_name="B"),
        row("x", last_updated_timestamp="bad", last_updated_date="2025-01-01", title_name="C"),
    ])
    state = o.load_postings([r1])
    assert state.postings_by_id["x"]["title_name"] == "A"


# --------------------------------------------------------------------------- career tables


def test_window_on_february_29(tmp_path):
    as_of = date(2028, 2, 29)
    posted = ["2027-02-28", "2027-03-01", "2028-02-29", "2028-03-01", "2/28/2028"]
    state = load_rows(tmp_path, [row(f"p{i}", posted=d) for i, d in enumerate(posted)])
    summary = tables(state, as_of)["career_summary"]
    assert summary.values.tolist()[0][:11] == [
        as_of, CAREER, "Data Analyst", "231010", "Data Analysts", "nation", "US",
        "United States", date(2027, 3, 1), as_of, 3,
    ]
    assert o.one_year_before(date(2026, 11, 20)) == date(2025, 11, 20)


def test_summary_geographies_and_names(tmp_path):
    rows = [
        row("a", state="06", company_name="Acme", lot_specialized_occupation_name="Name B"),
        row("b", state="6", company_name="Unclassified", lot_specialized_occupation_name="Name A"),
        row("c", state="72", company_name="Acme", lot_specialized_occupation_name="Name C"),
        row("d", state="11", company_name="Beta", lot_occupation_name=""),
        row("e", company_name="", lot_specialized_occupation_name="Name C"),
        row("f", lot_specialized_occupation="", state="06"),  # no career
        row("g", lot_specialized_occupation=OTHER_CAREER, state="78", posted="2023-12-31"),
    ]
    summary = tables(load_rows(tmp_path, rows))["career_summary"]
    assert list(summary.columns) == o.SUMMARY_COLUMNS
    got = summary[["occupation_code", "occupation_name", "geo_level", "geo_code", "geo_name",
                   "postings", "employers", "salary_postings"]].values.tolist()
    assert got == [
        [CAREER, "Name C", "nation", "US", "United States", 5, 2, 0],
        [CAREER, "Name A", "state", "CA", "California", 2, 1, 0],
        [CAREER, "Data Analyst", "state", "DC", "District of Columbia", 1, 1, 0],
        [CAREER, "Name C", "state", "PR", "Puerto Rico", 1, 1, 0],
    ]
    assert summary["window_start"].tolist() == [date(2024, 1, 1)] * 4
    assert summary["parent_name"].tolist()[2] is None
    assert summary["salary_mean"].isna().all()


def test_names_are_trimmed_before_they_are_voted_on_and_published(tmp_path):
    name = "Building and General Maintenance Technician"
    rows = [
        row("a", lot_specialized_occupation_name=name + " ", lot_occupation_name=" Parent\t",
            company_name="Acme ", title_name=" Technicians", state="37"),
        row("b", lot_specialized_occupation_name=name + " ", company_name="Acme",
            lot_occupation_name="Parent ",
            title_name="Technicians ", state="37"),
        row("c", lot_specialized_occupation_name="Other", company_name="Unclassified ",
            title_name="Technicians", lot_specialized_occupation=f" {CAREER} "),
    ]
    got = tables(load_rows(tmp_path, rows))
    summary = got["career_summary"]
    # trimmed, the two spellings are one vote of 2 against "Other" (1)
    assert summary[["occupation_code", "occupation_name", "parent_name", "postings",
                    "employers"]].values.tolist() == [
        [CAREER, name, "Parent", 3, 1], [CAREER, name, "Parent", 2, 1],
    ]  # fmt: skip
    assert got["career_employers"][["geo_code", "employer_name", "postings"]].values.tolist() == [
        ["NC", "Acme", 2], ["US", "Acme", 2],
    ]
    assert got["career_titles"][["geo_code", "title_name", "postings"]].values.tolist() == [
        ["NC", "Technicians", 2], ["US", "Technicians", 3],
    ]


def test_territory_names():
    assert o.STATE_FIPS[78] == ("VI", "U.S. Virgin Islands")
    assert o.STATE_FIPS[69] == ("MP", "Northern Mariana Islands")
    assert o.STATE_FIPS[60] == ("AS", "American Samoa")
    assert o.STATE_FIPS[66] == ("GU", "Guam")
    assert len(o.STATE_FIPS) == 56


def test_salary_stats_need_five_salaries(tmp_path):
    salaries = ["100", "200", "400", "800", "1600"]
    rows = [row(f"n{i}", salary=s, state="37") for i, s in enumerate(salaries)]
    rows[4]["STATE"] = "01"  # North Carolina keeps four salaries
    rows.append(row("none", state="37"))
    summary = tables(load_rows(tmp_path, rows))["career_summary"].set_index("geo_code")
    nation = summary.loc["US"]
    assert (nation["postings"], nation["salary_postings"]) == (6, 5)
    stats = [nation[c] for c in o.SALARY_STAT_COLUMNS]
    # mean 3100/5; linear positions 0.4, 1, 2, 3, 3.6 over the sorted values
    assert stats == pytest.approx([620.0, 140.0, 200.0, 400.0, 800.0, 1280.0])
    nc = summary.loc["NC"]
    assert nc["salary_postings"] == 4
    assert all(math.isnan(nc[c]) for c in o.SALARY_STAT_COLUMNS)


def test_education_all_five_levels(tmp_path):
    lists = ["[0]", "1|2", "[2]", "[99]", "", "[4, 4]", "[3,2]"]
    rows = [row(f"e{i}", education_levels=v) for i, v in enumerate(lists)]
    rows.append(row("only99", education_levels="99", lot_specialized_occupation=OTHER_CAREER))
    education = tables(load_rows(tmp_path, rows))["career_education"]
    assert list(education.columns) == o.EDUCATION_COLUMNS
    assert education.drop(columns="as_of").values.tolist() == [
        [CAREER, "US", 0, "High school or GED", 1, 20.0],
        [CAREER, "US", 1, "Associate degree", 1, 20.0],
        [CAREER, "US", 2, "Bachelor's degree", 3, 60.0],
        [CAREER, "US", 3, "Master's degree", 1, 20.0],
        [CAREER, "US", 4, "Ph.D. or professional degree", 1, 20.0],
    ]


def test_experience_buckets(tmp_path):
    years = ["0", "2", "3", "5", "6", "8", "9", "60", ""]
    rows = [row(f"x{i}", min_years_experience=y, state="48") for i, y in enumerate(years)]
    rows.append(row("y", min_years_experience="4", state="49"))
    rows.append(row("z", state="50"))  # no experience: no rows for VT
    experience = tables(load_rows(tmp_path, rows))["career_experience"]
    assert list(experience.columns) == o.EXPERIENCE_COLUMNS
    got = experience[["geo_code", "bucket", "bucket_order", "postings", "share_pct"]]
    assert got.values.tolist() == [
        ["TX", "0-2", 1, 2, 25.0], ["TX", "3-5", 2, 2, 25.0],
        ["TX", "6-8", 3, 2, 25.0], ["TX", "9+", 4, 2, 25.0],
        ["US", "0-2", 1, 2, pytest.approx(200 / 9)], ["US", "3-5", 2, 3, pytest.approx(300 / 9)],
        ["US", "6-8", 3, 2, pytest.approx(200 / 9)], ["US", "9+", 4, 2, pytest.approx(200 / 9)],
        ["UT", "0-2", 1, 0, 0.0], ["UT", "3-5", 2, 1, 100.0],
        ["UT", "6-8", 3, 0, 0.0], ["UT", "9+", 4, 0, 0.0],
    ]


def test_top_ten_employers_and_titles_ties_by_byte_order(tmp_path):
    counts = {"Unclassified": 9, "Big": 5, "alpha": 3, "Zeta": 3, "Émile": 3, "beta": 2}
    counts.update({f"Co{i:02d}": 1 for i in range(8)})
    rows = []
    for name, n in counts.items():
        for k in range(n):
            staffing = "True" if (name, k) == ("Zeta", 2) else "false"
            rows.append(row(f"{name}-{k}", company_name=name, title_name=name,
                            company_is_staffing=staffing))
    result = tables(load_rows(tmp_path, rows))
    employers = result["career_employers"]
    assert list(employers.columns) == o.EMPLOYER_COLUMNS
    assert employers[["rank", "employer_name", "is_staffing", "postings"]].values.tolist() == [
        [1, "Big", False, 5], [2, "Zeta", True, 3], [3, "alpha", False, 3],
        [4, "Émile", False, 3], [5, "beta", False, 2], [6, "Co00", False, 1],
        [7, "Co01", False, 1], [8, "Co02", False, 1], [9, "Co03", False, 1],
        [10, "Co04", False, 1],
    ]
    titles = result["career_titles"]
    assert list(titles.columns) == o.TITLE_COLUMNS
    assert titles["title_name"].tolist() == employers["employer_name"].tolist()
    assert (titles["as_of"] == AS_OF).all()
    assert result["career_summary"].loc[0, "employers"] == 13


def test_empty_state_gives_empty_frames_with_columns(tmp_path):
    result = tables(o.load_postings([tmp_path / "missing"]))
    assert set(result) == {"career_summary", "career_education", "career_experience",
                           "career_employers", "career_titles", "career_skills",
                           "career_skill_groups", "career_similar", "career_employment"}
    assert all(frame.empty for frame in result.values())
    assert list(result["career_titles"].columns) == o.TITLE_COLUMNS
    assert list(result["career_skills"].columns) == o.SKILL_COLUMNS
    assert list(result["career_skill_groups"].columns) == o.SKILL_GROUP_COLUMNS
    assert list(result["career_similar"].columns) == o.SIMILAR_COLUMNS
    assert list(result["career_employment"].columns) == o.EMPLOYMENT_COLUMNS
