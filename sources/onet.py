"""Read O*NET's occupation data: the release's `Occupation Data.txt` (tab-separated, UTF-8) or
`Occupation Data.xlsx` (first sheet), both with the header `O*NET-SOC Code`, `Title`,
`Description`.

The whole file is checked before anything is kept: a file with other columns, a repeated
header, a row with another number of fields, a code that is not an O*NET-SOC code (`15-2051.01`)
or a code given twice, bytes that are not UTF-8 text (binary junk, Latin-1, UTF-16) or a
workbook that is not a real .xlsx is a CareersError naming the file and the problem (one line).
Cells are trimmed of white space like every export cell; an empty title or description is
NULL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from core.errors import CareersError

COLUMNS = ("O*NET-SOC Code", "Title", "Description")
CODE = re.compile(r"[0-9]{2}-[0-9]{4}\.[0-9]{2}")
# The contract's white space (the pipeline's `clean` macro trims the same six characters).
WHITESPACE = " \t\n\v\f\r"
# An .xlsx is a zip archive: anything else (an old .xls, a renamed CSV) is not one.
ZIP_MAGIC = b"PK\x03\x04"
# O*NET names its releases' downloads db_<major>_<minor>_text / db_<major>_<minor>_excel.
RELEASE_TAG = re.compile(r"db_([0-9]{1,2})_([0-9]{1,2})(?![0-9])", re.IGNORECASE)


@dataclass(frozen=True)
class Occupation:
    code: str
    title: str | None
    description: str | None


def release(file_name: str) -> str | None:
    """The O*NET release a file name carries (`db_30_0_text Occupation Data.txt` -> `30.0`),
    else None."""
    found = RELEASE_TAG.search(file_name)
    return f"{int(found.group(1))}.{int(found.group(2))}" if found else None


def source_text(file_name: str) -> str:
    """What `career_description.source` says of a file: the release when its name carries one,
    and the file name, e.g. `O*NET 30.0 Database (db_30_0 Occupation Data.txt)`; the page's
    attribution line names the source with it."""
    number = release(file_name)
    return f"O*NET {number} Database ({file_name})" if number else f"O*NET Database ({file_name})"


def _clean(cell: object) -> str | None:
    text = "" if cell is None else str(cell).strip(WHITESPACE)
    return text or None


def _header(cells: list[object], path: Path) -> list[int]:
    """The positions of COLUMNS in a header row; a CareersError unless it has exactly them."""
    names = [_clean(c) or "" for c in cells]
    while names and not names[-1]:  # a trailing empty cell (a workbook's used range) is no column
        names.pop()
    if sorted(names) != sorted(COLUMNS):
        found = ", ".join(repr(n) for n in names) or "nothing"
        raise CareersError(
            f"O*NET occupation data must have exactly the columns {', '.join(COLUMNS)}; "
            f"found {found}",
            path,
        )
    return [names.index(c) for c in COLUMNS]


def _rows(records: list[list[object]], path: Path, first_row: int) -> list[Occupation]:
    """Check and convert the records after the header (`first_row`: the file's line or sheet
    row number of the first)."""
    header, *data = records
    where = _header(header, path)
    seen: dict[str, int] = {}
    out = []
    for number, cells in enumerate(data, start=first_row + 1):
        values = [_clean(c) for c in cells]
        while len(values) > len(header) and values[-1] is None:
            values.pop()
        if len(values) != len(header) and any(values):
            raise CareersError(
                f"row {number} has {len(values)} fields, the header {len(header)}", path
            )
        if not any(values):
            continue  # a blank line is no record
        code, title, description = (values[i] if i < len(values) else None for i in where)
        if code in COLUMNS:
            raise CareersError(f"row {number} repeats the header", path)
        if code is None or not CODE.fullmatch(code):
            raise CareersError(
                f"row {number}: {code!r} is not an O*NET-SOC code like 15-2051.01", path
            )
        if code in seen:
            raise CareersError(f"row {number}: code {code} is also on row {seen[code]}", path)
        seen[code] = number
        out.append(Occupation(code, title, description))
    if not out:
        raise CareersError("O*NET occupation data has a header but no occupation", path)
    return out


def _text_records(path: Path) -> list[list[object]]:
    data = path.read_bytes()
    if b"\x00" in data:
        raise CareersError("not UTF-8 text: the file holds NUL bytes (binary?)", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text: undecodable byte at offset {exc.start}"
        raise CareersError(problem, path) from None
    # O*NET's text files are plain tab-separated lines, CRLF or LF: no quoting (a quote is
    # text). Only LF ends a line (str.splitlines would also split at U+2028 and the like).
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if lines and not lines[-1]:
        lines.pop()
    return [line.split("\t") for line in lines]


def _sheet_records(path: Path) -> list[list[object]]:
    from python_calamine import CalamineError, CalamineWorkbook

    with path.open("rb") as handle:
        if handle.read(4) != ZIP_MAGIC:
            raise CareersError("not an .xlsx workbook (not a zip archive)", path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        try:
            return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        finally:
            workbook.close()
    except (CalamineError, OSError, ValueError, IndexError) as exc:
        problem = " ".join(str(exc).split()) or type(exc).__name__
        raise CareersError(f"not a readable .xlsx workbook: {problem}", path) from None


def _sheet_cell(cell: object) -> object:
    """A workbook cell as text: a whole number without `.0` (a code typed as a number stays
    visibly wrong, `15` not `15.0`)."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return cell


def read_occupations(path: Path) -> list[Occupation]:
    """Every occupation of an O*NET `Occupation Data` file (.txt or .xlsx), checked whole."""
    path = Path(path)
    if path.name.lower().endswith(".xlsx"):
        records = [[_sheet_cell(c) for c in row] for row in _sheet_records(path)]
    else:
        records = _text_records(path)
    if not records:
        raise CareersError("O*NET occupation data file is empty", path)
    return _rows(records, path, 1)
