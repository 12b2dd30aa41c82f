"""BLS OEWS yearly files in employment/: every layout and special value loads, career_wages
matches the independent computation (tests/oracle_bls.py), a newer delivery replaces its year,
and a bad name, an unknown layout or a repeated column is a one-line error with nothing
published."""

from __future__ import annotations

import csv
import hashlib
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from bls_export import AS_OF, make_export
from compare import assert_table_matches
from conftest import GENERATED_AS_OF, careers_cli, copy_warehouse, posting, write_csv
from oracle import career_tables, load_postings
from oracle_bls import career_wages, load_oews, read_table

from core.errors import CareersError
from core.settings import Gates
from samples.bls import OEWS_FILES
from warehouse.build import execute

GATES = Gates(max_quarantine_rate=0.5)  # small generated files reject more than 5% by chance
WAGES = ["A_MEAN", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("oews")
    export = make_export(root / "export")
    warehouse = root / "wh" / "careers.duckdb"
    execute(export, warehouse, [AS_OF], gates=GATES)
    state = load_postings([export])
    summary = career_tables(state, AS_OF)["career_summary"]
    careers = set(summary.loc[summary["geo_level"] == "nation", "occupation_code"])
    return export, warehouse, state, careers


def _query(path: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_career_wages_match_the_oracle(world):
    export, warehouse, state, careers = world
    expected = career_wages(state, load_oews([export]), AS_OF, careers)
    assert assert_table_matches(warehouse, "career_wages", expected, AS_OF) > 1000
    # not vacuous: every special value and both file levels reach the table
    assert expected["employment_suppressed"].any() and expected["wage_topcoded"].any()
    assert expected["wage_p50"].isna().any() and expected["wage_p50"].notna().any()
    assert {"US", "NC", "GU"} <= set(expected["geo_code"])
    assert set(expected["year"]) == {y for y, *_ in OEWS_FILES}
    # codes changed over the years: software developers (15-1252) only from SOC 2018's files
    first = expected.groupby("soc_code")["year"].min()
    assert first["15-1252"] == 2022 and first["13-2011"] == 2017 and first["15-1221"] == 2019
    assert set(expected["occupation_code"]) <= careers


def test_career_wages_match_the_oracle_on_the_shared_generated_export(
    generated_export, generated_oracle, generated_warehouse
):
    """The session's 20k-posting export (every other table is compared on it too)."""
    state, tables = generated_oracle
    summary = tables["career_summary"]
    careers = set(summary.loc[summary["geo_level"] == "nation", "occupation_code"])
    expected = career_wages(state, load_oews([generated_export]), GENERATED_AS_OF, careers)
    published = assert_table_matches(generated_warehouse, "career_wages", expected, GENERATED_AS_OF)
    assert published > 1000 and expected["occupation_code"].nunique() >= 10


def test_files_counted_and_rejected_like_the_oracle(world):
    export, warehouse, *_ = world
    oews = load_oews([export])
    batches = _query(
        warehouse,
        "SELECT file_name, rows_read, rows_loaded, rows_quarantined FROM ops.batches "
        "WHERE kind = 'employment' AND file_name <> 'occupation_employment.csv'",
    )
    assert {b[0]: b[1:] for b in batches} == oews.counts
    rejected = _query(
        warehouse,
        "SELECT file_name, row_number, reasons FROM ops.quarantine "
        "WHERE file_name IN (SELECT file_name FROM ops.batches WHERE kind = 'employment')",
    )
    assert rejected == [(f, n, r) for f, rows in oews.reasons.items() for n, r in rows]
    assert len(rejected) == 1 and "OCC_CODE is not a SOC code" in rejected[0][2]


def test_generated_files_cover_every_layout_and_special_value(world):
    export, *_ = world
    files = sorted((export / "employment").glob("*_M*_dl.*"))
    assert {p.suffix for p in files if p.name.startswith("national")} == {".xlsx", ".csv"}
    assert {p.suffix for p in files if p.name.startswith("state")} == {".xlsx", ".csv"}
    tables = {p.name: read_table(p) for p in files}
    n2017 = tables["national_M2017_dl.xlsx"][0]
    assert "OCC_GROUP" in n2017 and "AREA" not in n2017 and "O_GROUP" not in n2017
    s2017 = tables["state_M2017_dl.xlsx"][0]
    assert "ST" in s2017 and "PRIM_STATE" not in s2017
    s2019 = tables["state_M2019_dl.csv"][0]
    assert "AREA" in s2019 and not {"ST", "PRIM_STATE"} & set(s2019)
    assert "PRIM_STATE" in tables["state_M2022_dl.xlsx"][0]
    raw_2019 = (export / "employment" / "state_M2019_dl.csv").read_text().splitlines()[0]
    assert raw_2019 == raw_2019.lower() and "occ_code" in raw_2019  # lower-case headers
    cells = {c for _, rows in tables.values() for r in rows for c in r if c is not None}
    assert {"*", "#", "**", "~"} <= cells
    grouped = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")
    xlsx_text = {c for n, (_, rows) in tables.items() if n.endswith(".xlsx") for r in rows
                 for c in r if c is not None}  # fmt: skip
    assert any(grouped.match(c) for c in xlsx_text)  # text cells with separators in a workbook


def _workbook(path: Path, header: list[str], rows: list[list], first_sheet: str = "data"):
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    if first_sheet != "data":
        book.add_worksheet(first_sheet).write_row(0, 0, ["Field", "Field Description"])
    sheet = book.add_worksheet("data")
    for r, row in enumerate([header, *rows]):
        sheet.write_row(r, 0, row)
    book.close()
    return path


def test_a_newer_delivery_replaces_its_level_and_year(world, tmp_path):
    export, warehouse, state, careers = world
    copy = tmp_path / "careers.duckdb"
    copy_warehouse(warehouse, copy)
    later = tmp_path / "later"
    header = ["occ_code", "occ_title", "o_group", "tot_emp", *(w.lower() for w in WAGES)]
    _workbook(later / "employment" / "national_M2024_dl (1).xlsx", header, [
        ["15-1221", "Computer and Information Research Scientists", "detailed", "40,120",
         150000, 90000, "110,000", 140000, 180000, "#"],
        ["29-1141", "Registered Nurses", "detailed", "**", "*", "*", "*", "*", "*", "*"],
    ])  # fmt: skip
    execute(later, copy, [AS_OF], gates=GATES)
    expected = career_wages(state, load_oews([export, later]), AS_OF, careers)
    assert assert_table_matches(copy, "career_wages", expected, AS_OF) > 0
    us_2024 = _query(
        copy,
        "SELECT DISTINCT soc_code, employment, wage_p25, wage_p90, wage_topcoded FROM "
        "career_wages WHERE year = 2024 AND geo_code = 'US' ORDER BY 1",
    )
    assert us_2024 == [("15-1221", 40120, 110000.0, None, True), ("29-1141", None, None, None,
                                                                   False)]  # fmt: skip
    states = _query(
        copy, "SELECT count(*) FROM career_wages WHERE year = 2024 AND geo_code <> 'US'"
    )
    assert states[0][0] > 0  # the state file of 2024 stands


def _csv(path: Path, header: list[str], rows: list[list]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


GOOD = ["15-1221", "Scientists", "detailed", "1,000", 1, 2, 3, 4, 5, 6]
HEADER = ["OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", *WAGES]


def _repeated_xlsx(folder):
    return _workbook(folder / "national_M2023_dl.xlsx", [*HEADER, "tot_emp"], [[*GOOD, 7]])


def _repeated_csv(folder):
    return _csv(folder / "state_M2023_dl.csv", ["PRIM_STATE", *HEADER, " occ_code"],
                [["NC", *GOOD, "x"]])  # fmt: skip


def _missing_wage(folder):
    return _csv(folder / "national_M2023_dl.csv", HEADER[:-1], [GOOD[:-1]])


def _state_without_area(folder):
    return _workbook(folder / "state_M2023_dl.xlsx", HEADER, [GOOD])


def _notes_sheet_first(folder):
    return _workbook(folder / "national_M2023_dl.xlsx", HEADER, [GOOD], first_sheet="Notes")


def _unnamed_column(folder):
    return _workbook(folder / "national_M2023_dl.xlsx", HEADER, [[*GOOD, "stray"]])


def _no_year_in_name(folder):
    return _workbook(folder / "oews_national.xlsx", HEADER, [GOOD])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_repeated_xlsx, "column TOT_EMP appears twice"),
        (_repeated_csv, "column OCC_CODE appears twice"),
        (_missing_wage, "unknown OEWS layout: no column A_PCT90"),
        (_state_without_area, "needs column PRIM_STATE, ST or AREA"),
        (_notes_sheet_first, "unknown OEWS layout: no column OCC_CODE"),
        (_unnamed_column, "column K has cells but no name"),
        (_no_year_in_name, "must give its level and year"),
    ],
)
def test_bad_files_are_one_line_errors_and_publish_nothing(world, tmp_path, make, message):
    _, warehouse, *_ = world
    copy = tmp_path / "careers.duckdb"
    copy_warehouse(warehouse, copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    bad = make(tmp_path / "bad" / "employment")
    with pytest.raises(CareersError) as raised:
        execute(tmp_path / "bad", copy, [AS_OF], gates=GATES)
    text = str(raised.value)
    assert text == f"{bad}: {text.split(': ', 1)[1]}" and message in text and "\n" not in text
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before


def test_the_command_line_says_it_in_one_line(world, tmp_path):
    _, warehouse, *_ = world
    copy = tmp_path / "careers.duckdb"
    copy_warehouse(warehouse, copy)
    bad = _repeated_xlsx(tmp_path / "bad" / "employment")
    done = careers_cli("refresh", "--source", str(tmp_path / "bad"), "--warehouse", str(copy),
                       "--as-of", AS_OF.isoformat())  # fmt: skip
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "TOT_EMP appears twice" in lines[0]


def test_soc_code_is_the_most_frequent_in_the_window_ties_by_code(source, warehouse_file):
    as_of = date(2026, 1, 31)
    rows = [
        posting(ID="a1", SOC_2021_5="15-1252"), posting(ID="a2", SOC_2021_5=" 15-1252 "),
        posting(ID="a3", SOC_2021_5="15-1221"), posting(ID="a4", SOC_2021_5="15-1221"),
        posting(ID="a5", SOC_2021_5="15-1252", POSTED="1/1/2025"),  # before the window
        posting(ID="a6", SOC_2021_5=""),
        posting(ID="b1", LOT_SPECIALIZED_OCCUPATION="15203011",
                LOT_SPECIALIZED_OCCUPATION_NAME="Data Analyst"),  # no SOC code at all
    ]  # fmt: skip
    write_csv(source / "postings" / "LC_1.csv", rows)
    header = ["AREA", "AREA_TITLE", "PRIM_STATE", *HEADER]
    _csv(source / "employment" / "state_M2024_dl.csv", header, [
        ["37", "North Carolina", "NC", "15-1221", "Scientists", "detailed", "1,230", "95,000",
         "60,000", "70,000", "90,000", "110,000", "#"],
        ["6", "California", "CA", "15-1252", "Developers", "detailed", "**", *["*"] * 6],
        ["6", "California", "XX", "15-1221", "Scientists", "detailed", "10", *["1"] * 6],
    ])  # fmt: skip
    execute(source, warehouse_file, [as_of], gates=GATES)
    got = _query(warehouse_file, "SELECT occupation_code, soc_code, geo_code, employment, "
                 "wage_p90, wage_topcoded FROM career_wages ORDER BY ALL")  # fmt: skip
    assert got == [("23101011", "15-1221", "NC", 1230, None, True)]
    state = load_postings([source])
    expected = career_wages(state, load_oews([source]), as_of, {"23101011", "15203011"})
    assert assert_table_matches(warehouse_file, "career_wages", expected, as_of) == 1
    reasons = _query(warehouse_file, "SELECT reasons FROM ops.quarantine")
    assert reasons == [("PRIM_STATE is not a state's postal code",)]
