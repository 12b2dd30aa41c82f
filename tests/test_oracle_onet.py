"""career_description against the independent computation of tests/oracle_onet.py: on the
generated export (which exercises every rule), and on small hand-made exports whose answers are
written out by hand."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import xlsxwriter
from compare import assert_table_matches
from conftest import AS_OF, GENERATED_AS_OF, posting, write_csv
from oracle import career_of, load_postings, window_postings
from oracle_onet import career_description, load_onet, read_onet_file

from core.errors import CareersError
from schemas.tables import validate_table
from warehouse.build import execute

HEADER = "O*NET-SOC Code\tTitle\tDescription"
ONET_TEXT = "\r\n".join(
    [
        HEADER,
        "15-1221.00\tComputer and Information Research Scientists\tConduct research, "
        'in "fundamental" computer science — théorie included.',
        "15-1221.01\tDetailed Research Scientists\tA detailed occupation.",
        "15-1252.00\tSoftware Developers\tDevelop software.",
        "15-1254.00\tWeb Developers\tDevelop websites.",
        "15-1299.00\t  Computer Occupations, All Other  \tAll computer occupations.  ",
        "",
    ]
)


def _career(code: str, name: str) -> dict[str, str]:
    return {"LOT_SPECIALIZED_OCCUPATION": code, "LOT_SPECIALIZED_OCCUPATION_NAME": name}


def _rows() -> list[dict]:
    """Postings whose ONET values pin each rule (answers in test_rules_by_hand)."""
    a, b = _career("23101011", "Career A"), _career("23101012", "Career B")
    c, d = _career("23101013", "Career C"), _career("23102011", "Career D")
    e = {**_career("23102012", "Career E"), "LOT_OCCUPATION": "231020"}
    f = {**_career("23111011", "Career F"), "LOT_OCCUPATION": "231110"}
    onets = [
        # A: 99-9999.00 is the most frequent but does not count, nor do empty cells; .00 and
        # .01 tie at two postings each: the lower code wins.
        (a, "99-9999.00"), (a, "99-9999.00"), (a, "99-9999.00"), (a, ""), (a, "   "),
        (a, "15-1221.01"), (a, "15-1221.01"), (a, "15-1221.00"), (a, "\t15-1221.00\r"),
        # B: a detailed code O*NET lacks, written with spaces: the SOC code's .00 row.
        (b, " 15-1299.09 "),
        # C: a code O*NET lacks with no .00 row either: no description.
        (c, "47-3013.00"),
        # D: no O*NET code at all.
        (d, "99-9999.00"), (d, ""),
        # E: one posting in the window; two outside it do not count.
        (e, "15-1252.00"),
        # F: a detailed code O*NET has: its own row, not the .00 row.
        (f, "15-1221.01"),
    ]  # fmt: skip
    rows = [posting(ID=f"p{i}", ONET=onet, **career) for i, (career, onet) in enumerate(onets)]
    rows += [posting(ID=f"old{i}", ONET="15-1254.00", POSTED="1/1/2024", **e) for i in range(2)]
    # No career: its ONET counts for none.
    rows.append(posting(ID="nocareer", ONET="15-1254.00", LOT_SPECIALIZED_OCCUPATION=""))
    return rows


def _refresh(source: Path, published: Path, as_of: date = AS_OF, status: str = "published") -> None:
    report = execute(source, published, [as_of])
    assert report.status == status


def _published(published: Path, as_of: date = AS_OF) -> list[tuple]:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute(
            "SELECT occupation_code, onet_code, onet_title, description, source "
            "FROM career_description WHERE as_of = ? ORDER BY occupation_code",
            [as_of],
        ).fetchall()


def _expected(sources: list[Path], as_of: date = AS_OF):
    return career_description(load_postings(sources), load_onet(sources), as_of)


def test_rules_by_hand(tmp_path):
    source = tmp_path / "export"
    write_csv(source / "postings" / "postings.csv", _rows())
    (source / "onet").mkdir()
    (source / "onet" / "db_30_0_text Occupation Data.txt").write_text(ONET_TEXT, encoding="utf-8")
    published = tmp_path / "careers.duckdb"
    _refresh(source, published)
    release = "O*NET 30.0 Database (db_30_0_text Occupation Data.txt)"
    assert _published(published) == [
        (
            "23101011",
            "15-1221.00",
            "Computer and Information Research Scientists",
            'Conduct research, in "fundamental" computer science — théorie included.',
            release,
        ),
        ("23101012", "15-1299.09", "Computer Occupations, All Other",
         "All computer occupations.", release),
        ("23101013", "47-3013.00", None, None, None),
        ("23102011", None, None, None, None),
        ("23102012", "15-1252.00", "Software Developers", "Develop software.", release),
        ("23111011", "15-1221.01", "Detailed Research Scientists", "A detailed occupation.",
         release),
    ]  # fmt: skip
    assert_table_matches(published, "career_description", _expected([source]), AS_OF)
    with duckdb.connect(str(published), read_only=True) as con:
        latest = con.execute(
            "SELECT occupation_code, onet_code, onet_title, description, source "
            "FROM latest_career_description ORDER BY occupation_code"
        ).fetchall()
        comments = con.execute(
            "SELECT column_name, comment FROM duckdb_columns() "
            "WHERE table_name = 'latest_career_description'"
        ).fetchall()
    assert latest == _published(published)
    assert len(comments) == 6 and all(text and text[0].isupper() for _, text in comments)
    assert "99-9999.00" in dict(comments)["onet_code"]


@pytest.mark.parametrize(
    ("change", "check"),
    [
        ({"onet_code": "99-9999.00"}, "never the unclassified code"),
        ({"onet_code": None}, "only for a career with an O*NET code"),
        ({"source": None}, "source named wherever"),
        ({"occupation_code": "23101011"}, "unique"),
    ],
)
def test_the_guard_refuses_what_the_contract_rules_out(change, check):
    frame = pd.DataFrame(
        {
            "as_of": [pd.Timestamp(AS_OF)] * 2,
            "occupation_code": ["23101011", "23101012"],
            "onet_code": ["15-1221.00", "15-1221.01"],
            "onet_title": ["Research Scientists", None],
            "description": ["Do research.", None],
            "source": ["O*NET Database (Occupation Data.txt)", None],
        }
    )
    validate_table("career_description", frame)  # as published
    for column, value in change.items():
        frame.loc[1 if column == "occupation_code" else 0, column] = value
    with pytest.raises(CareersError, match=re.escape(check)):
        validate_table("career_description", frame)


def _workbook(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("Occupation Data")
    sheet.write_row(0, 0, ("O*NET-SOC Code", "Title", "Description"))
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    book.close()
    return path


def test_newer_delivery_replaces_the_older_across_refreshes(tmp_path):
    """A workbook, then a text file of a later release without one of its codes: the career
    of that code loses its description; every file is one ops.batches row, read once."""
    first, second = tmp_path / "night1", tmp_path / "night2"
    write_csv(first / "postings" / "postings.csv", _rows())
    _workbook(
        first / "onet" / "Occupation Data.xlsx",
        [("15-1221.00", "Research Scientists", "Old wording, with “quotes”."),
         ("47-3013.00", "Helpers--Electricians", "Help electricians.")],
    )  # fmt: skip
    (second / "onet").mkdir(parents=True)
    (second / "onet" / "db_30_0_text Occupation Data.txt").write_text(ONET_TEXT, encoding="utf-8")
    published = tmp_path / "careers.duckdb"

    _refresh(first, published)
    rows = {r[0]: r for r in _published(published)}
    assert rows["23101011"][2:] == (
        "Research Scientists",
        "Old wording, with “quotes”.",
        "O*NET Database (Occupation Data.xlsx)",
    )
    assert rows["23101013"][2:4] == ("Helpers--Electricians", "Help electricians.")
    assert rows["23101012"][2:] == (None, None, None)  # no 15-1299.00 in this release
    assert_table_matches(published, "career_description", _expected([first]), AS_OF)

    _refresh(second, published)
    rows = {r[0]: r for r in _published(published)}
    assert rows["23101013"][1:] == ("47-3013.00", None, None, None)
    assert rows["23101011"][4] == "O*NET 30.0 Database (db_30_0_text Occupation Data.txt)"
    assert_table_matches(published, "career_description", _expected([first, second]), AS_OF)

    _refresh(second, published, status="nothing new")  # the same file again: skipped
    with duckdb.connect(str(published), read_only=True) as con:
        batches = con.execute(
            "SELECT file_name, file_format, rows_read, rows_loaded, rows_quarantined "
            "FROM ops.batches WHERE kind = 'onet' ORDER BY batch_id"
        ).fetchall()
        stored = con.execute("SELECT count(*) FROM ops.onet_occupations").fetchall()[0][0]
    assert batches == [
        ("Occupation Data.xlsx", "xlsx", 2, 2, 0),
        ("db_30_0_text Occupation Data.txt", "txt", 5, 5, 0),
    ]
    assert stored == 5


def test_the_workbook_reader_of_the_oracle(tmp_path):
    """The oracle reads workbooks with zipfile and ElementTree: pinned on a file written here."""
    path = _workbook(tmp_path / "o.xlsx", [("15-1221.00", " T ", "D, “é”")])
    assert read_onet_file(path) == {"15-1221.00": ("T", "D, “é”")}


@pytest.fixture(scope="module")
def generated_onet(generated_export):
    return load_onet([generated_export])


def test_generated_export_matches_the_oracle(
    generated_export, generated_oracle, generated_warehouse, generated_onet
):
    state, _ = generated_oracle
    expected = career_description(state, generated_onet, GENERATED_AS_OF)
    rows = assert_table_matches(
        generated_warehouse, "career_description", expected, GENERATED_AS_OF
    )
    assert rows == len(expected) >= 15

    # The generated export exercises every rule (see samples/onet.py).
    newest = generated_onet.rows
    described = expected[expected["description"].notna()]
    assert (~described["onet_code"].isin(list(newest))).sum() >= 2, ".00 fallback"
    assert described["onet_code"].str.endswith(".01").any()
    no_description = expected[expected["onet_code"].notna() & expected["description"].isna()]
    assert len(no_description) >= 1, "a code O*NET's newest delivery lacks"
    assert expected["onet_code"].isna().sum() >= 1, "a career without any O*NET code"
    older = read_onet_file(next((generated_export / "onet").glob("*.xlsx")))
    assert no_description["onet_code"].isin(list(older)).any(), "the older delivery had it"
    text = " ".join(described["description"])
    assert {",", '"', "“", "é", "—"} <= set(text) and "\t" not in text

    # 99-9999.00 is some career's most frequent ONET, and does not count.
    raw: dict[str, Counter] = {}
    for p in window_postings(state, GENERATED_AS_OF):
        if career_of(p) is not None:  # 99999999 postings are in no career
            raw.setdefault(career_of(p), Counter())[p["raw"].get("ONET")] += 1
    unclassified_first = [
        code for code, counts in raw.items() if counts.most_common(1)[0][0] == "99-9999.00"
    ]
    chosen = expected.set_index("occupation_code")["onet_code"]
    assert any(chosen[code] is not None for code in unclassified_first)
