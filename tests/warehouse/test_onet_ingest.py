"""Bad O*NET files (onet/): one line naming the file and the problem, and the published file
left byte for byte as it was; through `careers refresh`, one line on stderr."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from conftest import AS_OF, careers_cli, copy_warehouse, posting, write_csv

from core.errors import CareersError
from warehouse.build import execute

GOOD = "O*NET-SOC Code\tTitle\tDescription\n15-1221.00\tResearch Scientists\tDo research.\n"


def _xlsx(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    book.close()
    return buffer.getvalue()


def _not_a_workbook_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "a zip, but no workbook in it")
    return buffer.getvalue()


HEADER = "O*NET-SOC Code\tTitle\tDescription"
ROW = "15-2051.01\tBusiness Intelligence Analysts\tProduce intelligence."
# name -> (file name, bytes, words the one-line error must hold)
CASES: dict[str, tuple[str, bytes, str]] = {
    "other_columns": (
        "Occupation Data.txt",
        f"O*NET-SOC Code\tTitle\tDescription\tDate\n{ROW}\t07/2025\n".encode(),
        "must have exactly the columns",
    ),
    "missing_column": (
        "Occupation Data.txt",
        b"O*NET-SOC Code\tTitle\n15-2051.01\tAnalysts\n",
        "must have exactly the columns",
    ),
    "comma_separated": (
        "Occupation Data.txt",
        b"O*NET-SOC Code,Title,Description\n15-2051.01,Analysts,Produce.\n",
        "must have exactly the columns",
    ),
    "repeated_header": (
        "Occupation Data.txt",
        f"{HEADER}\n{ROW}\n{HEADER}\n15-1252.00\tSoftware Developers\tDevelop.\n".encode(),
        "row 3 repeats the header",
    ),
    "ragged_row": (
        "Occupation Data.txt",
        f"{HEADER}\n{ROW}\n15-1252.00\tSoftware Developers\n".encode(),
        "row 3 has 2 fields, the header 3",
    ),
    "not_a_code": (
        "Occupation Data.txt",
        f"{HEADER}\nData Scientists\t15-2051.00\tDevelop.\n".encode(),
        "is not an O*NET-SOC code",
    ),
    "code_twice": (
        "Occupation Data.txt",
        f"{HEADER}\n{ROW}\n{ROW}\n".encode(),
        "row 3: code 15-2051.01 is also on row 2",
    ),
    "header_only": ("Occupation Data.txt", f"{HEADER}\n".encode(), "no occupation"),
    "empty": ("Occupation Data.txt", b"", "file is empty"),
    "binary": ("Occupation Data.txt", gzip.compress(GOOD.encode()), "not UTF-8 text"),
    "nul_bytes": ("Occupation Data.txt", GOOD.encode().replace(b"Do", b"D\x00o"), "NUL bytes"),
    "latin1": (
        "Occupation Data.txt",
        f"{HEADER}\n15-2051.01\tAnalysts\tCafé work.\n".encode("latin-1"),
        "not UTF-8 text",
    ),
    "utf16": ("Occupation Data.txt", GOOD.encode("utf-16"), "not UTF-8 text"),
    "text_named_xlsx": (
        "Occupation Data.xlsx",
        f"{HEADER}\n{ROW}\n".encode(),
        "not an .xlsx workbook",
    ),
    "zip_without_workbook": (
        "Occupation Data.xlsx",
        _not_a_workbook_zip(),
        "not a readable .xlsx workbook",
    ),
    "xlsx_other_columns": (
        "Occupation Data.xlsx",
        _xlsx([["Code", "Title", "Description"], ["15-2051.01", "Analysts", "Produce."]]),
        "must have exactly the columns",
    ),
    "xlsx_repeated_header": (
        "Occupation Data.xlsx",
        _xlsx([HEADER.split("\t"), ROW.split("\t"), HEADER.split("\t")]),
        "row 3 repeats the header",
    ),
    "xlsx_code_as_number": (
        "Occupation Data.xlsx",
        _xlsx([HEADER.split("\t"), [15.2051, "Analysts", "Produce."]]),
        "'15.2051' is not an O*NET-SOC code",
    ),
}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """A publication with a good O*NET delivery: the state every bad file must leave alone."""
    root = tmp_path_factory.mktemp("onet-baseline")
    source = root / "export"
    write_csv(
        source / "postings" / "base.csv",
        [posting(ID=f"b{i}", ONET="15-1221.00") for i in range(5)],
    )
    (source / "onet").mkdir()
    (source / "onet" / "Occupation Data.txt").write_text(GOOD, encoding="utf-8")
    published = root / "wh" / "careers.duckdb"
    execute(source, published, [AS_OF])
    return published


def _world(tmp_path: Path, baseline: Path, case: str) -> tuple[Path, Path, Path]:
    name, data, _ = CASES[case]
    published = tmp_path / "wh" / "careers.duckdb"
    copy_warehouse(baseline, published)
    bad = tmp_path / "src" / "onet" / name
    bad.parent.mkdir(parents=True)
    bad.write_bytes(data)
    return tmp_path / "src", published, bad


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_file_is_one_line_and_publishes_nothing(tmp_path, baseline, case):
    source, published, bad = _world(tmp_path, baseline, case)
    with pytest.raises(CareersError) as raised:
        execute(source, published, [AS_OF])
    message = str(raised.value)
    assert "\n" not in message and message.startswith(f"{bad}: "), message
    assert CASES[case][2] in message, message
    assert published.read_bytes() == baseline.read_bytes()
    assert sorted(p.name for p in published.parent.iterdir() if not p.name.startswith(".")) == [
        "careers.duckdb",
        "careers.store",
    ]


def test_the_command_line_says_it_in_one_line(tmp_path, baseline):
    source, published, bad = _world(tmp_path, baseline, "other_columns")
    done = careers_cli(
        "refresh", "--source", str(source), "--warehouse", str(published), "--as-of",
        AS_OF.isoformat(), "--no-prefect",
    )  # fmt: skip
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert str(bad) in lines[0] and "must have exactly the columns" in lines[0]
    assert published.read_bytes() == baseline.read_bytes()


def test_other_file_types_in_onet_are_refused(tmp_path, baseline):
    source, published, _ = _world(tmp_path, baseline, "other_columns")
    (source / "onet" / "Occupation Data.txt").unlink()
    stray = source / "onet" / "Occupation Data.csv"
    stray.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CareersError, match=r"unknown file type in onet/: expected \.txt, \.xlsx"):
        execute(source, published, [AS_OF])
    assert published.read_bytes() == baseline.read_bytes()
