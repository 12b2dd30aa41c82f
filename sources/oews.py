"""Read the Bureau of Labor Statistics' yearly OEWS files (`national_M2024_dl.xlsx`,
`state_M2024_dl.csv`, ...) that may sit in `employment/` beside the Lightcast-style wide table.

What a file is comes from its name: the level (`national_` or `state_`) and the survey year
(`M` + 4 digits). Its table is the first sheet (or the CSV), header on the first row; every cell
is read as text, as delivered (an .xlsx number as its shortest decimal text), so the staging
model (transforms/staging/oews_rows.sql) parses `.xlsx` and `.csv` deliveries alike.

Layouts differ by year (contract, "Wages and employment from public BLS OEWS files"):
2017-2018 national files have no area columns and `OCC_GROUP` (later `O_GROUP`), 2019 headers
are lower case, `PRIM_STATE` exists from 2020 (older state files carry `ST`, or only the state
FIPS code in `AREA`). Column names are matched case-insensitively; a layout without a column
the tables need is refused with a one-line error naming the file and the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from core.errors import CareersError
from sources.discover import ExportFile
from sources.readers import (
    RESERVED_COLUMNS,
    RawTable,
    add_text_columns,
    describe_raw,
    drop_temp,
    number_rows,
    read_raw,
)
from transforms.runner import run

# national_M2024_dl.xlsx, state_M2019_dl.csv, national_M2024_dl (1).xlsx: level and year lead.
NAME = re.compile(r"^(national|state)_M([0-9]{4})(?![0-9])", re.IGNORECASE)
# The annual wage columns, in percentile order, and the career_wages column each feeds.
WAGE_COLUMNS = {
    "A_MEAN": "wage_mean",
    "A_PCT10": "wage_p10",
    "A_PCT25": "wage_p25",
    "A_MEDIAN": "wage_p50",
    "A_PCT75": "wage_p75",
    "A_PCT90": "wage_p90",
}
REQUIRED_COLUMNS = ("OCC_CODE", "TOT_EMP", *WAGE_COLUMNS)
GROUP_COLUMNS = ("O_GROUP", "OCC_GROUP")  # every known layout has one of them
# How a state file names the state of a row, most explicit first: the first one the file has
# decides (PRIM_STATE from 2020, ST before that, else the FIPS code in AREA).
STATE_COLUMNS = ("PRIM_STATE", "ST", "AREA")
# Columns the staging model reads that a layout may lack (added as NULL text).
OPTIONAL_COLUMNS = ("OCC_TITLE", *STATE_COLUMNS)


@dataclass(frozen=True)
class OewsFile:
    """What an OEWS file's name says: `national` or `state`, and the survey year."""

    level: str
    year: int


def oews_name(export: ExportFile) -> OewsFile | None:
    """The level and year in the file's name, or None when it names neither."""
    found = NAME.match(export.name)
    if found is None:
        return None
    return OewsFile(found.group(1).lower(), int(found.group(2)))


def is_oews(con: duckdb.DuckDBPyConnection, export: ExportFile) -> bool:
    """Whether an `employment/` file is an OEWS file rather than the Lightcast wide table: an
    .xlsx file, a file named like one, or a CSV with an `OCC_CODE` column (so a misnamed OEWS
    CSV gets the name error, not a Lightcast one)."""
    if export.format == "xlsx" or oews_name(export) is not None:
        return True
    if export.format != "csv":
        return False
    try:
        return "OCC_CODE" in describe_raw(con, export).columns
    except CareersError:
        return False  # the Lightcast reader reports the problem


def _cell_text(value: object) -> str | None:
    """An .xlsx cell as the text a CSV of the same table would hold: integral numbers without
    `.0`, other numbers in their shortest decimal form, booleans as TRUE/FALSE."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _letters(position: int) -> str:
    """A spreadsheet column's letters: 0 -> A, 26 -> AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _header(cells: list[object], export: ExportFile) -> dict[str, int]:
    """Upper-case column name -> position; a repeated name is a one-line error."""
    positions: dict[str, int] = {}
    for position, cell in enumerate(cells):
        name = (_cell_text(cell) or "").strip().lstrip("\ufeff").upper()
        if not name:
            continue
        if name in positions:
            raise CareersError(f"column {name} appears twice", export.path)
        if name in RESERVED_COLUMNS:
            raise CareersError(f"column {name} is a name the pipeline reserves", export.path)
        positions[name] = position
    return positions


def _read_xlsx(con: duckdb.DuckDBPyConnection, export: ExportFile, table: str) -> RawTable:
    """The first sheet of an .xlsx file as temp table `table` (see `read_oews`)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(export.path))
        rows = workbook.get_sheet_by_index(0).to_python()
    except Exception as exc:  # calamine raises its own error types for a broken workbook
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise CareersError(f"not a readable xlsx file ({first})", export.path) from None
    if not rows:
        raise CareersError("the first sheet is empty (no header row)", export.path)
    positions = _header(rows[0], export)
    unnamed = {p for p in range(len(rows[0])) if p not in positions.values()}
    records = []
    for row in rows[1:]:
        texts = [_cell_text(cell) for cell in row]
        if all(t is None or not t.strip() for t in texts):
            continue  # a blank row is not a record
        if blank := [p for p in sorted(unnamed) if p < len(texts) and texts[p] is not None]:
            raise CareersError(
                f"column {_letters(blank[0])} has cells but no name in the header row",
                export.path,
            )
        records.append(texts)
    columns = {
        name: pa.array([r[p] if p < len(r) else None for r in records], pa.string())
        for name, p in positions.items()
    }
    drop_temp(con, table)
    con.register("oews_sheet", pa.table(columns))
    try:
        run(con, "sources/oews#load_sheet", cells=f"{table}_cells", sheet="oews_sheet")
    finally:
        con.unregister("oews_sheet")
    delivered = {name: str(rows[0][p]).strip() for name, p in positions.items()}
    return number_rows(con, RawTable(table, list(positions), delivered, 0))


def read_oews(
    con: duckdb.DuckDBPyConnection, export: ExportFile, table: str
) -> tuple[OewsFile, RawTable]:
    """Load an OEWS file into temp table `table` (text cells, upper-case names, `_row`), with
    every column the staging model reads (absent optional ones NULL), after checking its name
    and layout. Raises CareersError (one line, naming the file) on a fatal problem."""
    oews = oews_name(export)
    if oews is None:
        raise CareersError(
            "an OEWS file's name must give its level and year, like national_M2024_dl.xlsx "
            "or state_M2024_dl.csv",
            export.path,
        )
    if export.format == "xlsx":
        raw = _read_xlsx(con, export, table)
    elif export.format == "csv":
        raw = read_raw(con, export, table)
    else:
        raise CareersError("an OEWS file must be .xlsx or .csv", export.path)
    check_layout(oews, raw.columns, export)
    add_text_columns(con, raw, [c for c in OPTIONAL_COLUMNS if c not in raw.columns])
    return oews, raw


def check_layout(oews: OewsFile, columns: list[str], export: ExportFile) -> None:
    """Refuse a layout that lacks a column the tables need, naming the first missing one."""
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            raise CareersError(f"unknown OEWS layout: no column {column}", export.path)
    if not any(c in columns for c in GROUP_COLUMNS):
        raise CareersError("unknown OEWS layout: no column O_GROUP (or OCC_GROUP)", export.path)
    if oews.level == "state" and not any(c in columns for c in STATE_COLUMNS):
        raise CareersError(
            "unknown OEWS layout: a state file needs column PRIM_STATE, ST or AREA", export.path
        )


def state_column(columns: list[str]) -> str | None:
    """The column that gives a state file's rows their state (see STATE_COLUMNS)."""
    return next((c for c in STATE_COLUMNS if c in columns), None)
