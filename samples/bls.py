"""BLS OEWS-shaped yearly files for the generated careers' SOC codes (contract: "Wages and
employment from public BLS OEWS files"), written beside the Lightcast-style employment table.

`write_oews(folder, seed, end)` writes a national and a state file for each year of OEWS_FILES
before `end`'s year, as `.xlsx` (first sheet, header on row 1) or `.csv`, in the layout of its
year:

- 2017-2018: national files without area columns, `OCC_GROUP`; state files with `AREA`
  (FIPS), `ST` and `STATE`;
- 2019: lower-case headers, state files with only the FIPS code in `area`;
- 2020: upper case again, `PRIM_STATE`; 2021 onward: also `PCT_RPT`.

Every special value appears: `**` (employment not published), `*` (wage not available), `#`
(wage at or above the year's top of the published range), `~` (share below 0.5%, in the share
columns), and numbers as text with thousands separators (always in CSV, in some .xlsx cells).
SOC codes are those of the year: SOC 2010 codes until 2018 and hybrid codes in 2019-2020 for
the careers whose code changed, so those careers have BLS rows only from 2021. One file holds a
footnote row (no OCC_CODE): a row the pipeline rejects. Deterministic for (seed, end).
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date, datetime
from pathlib import Path

import numpy as np
import xlsxwriter

from samples.catalog import CAREERS, SOC_NAMES, STATE_ROWS

# (year, national file format, state file format): both layouts of each era in both formats.
OEWS_FILES = (
    (2017, "xlsx", "xlsx"),
    (2018, "csv", "csv"),
    (2019, "xlsx", "csv"),
    (2020, "csv", "xlsx"),
    (2022, "xlsx", "xlsx"),
    (2024, "csv", "xlsx"),
)
# SOC 2018 code -> (SOC 2010 code used until 2018, hybrid code used in 2019-2020), with titles.
OLD_CODES = {
    "15-1252": (("15-1132", "Software Developers, Applications"),
                ("15-1256", "Software Developers and Software Quality Assurance Analysts and "
                            "Testers")),
    "15-1254": (("15-1134", "Web Developers"),
                ("15-1257", "Web Developers and Digital Interface Designers")),
    "15-1299": (("15-1199", "Computer Occupations, All Other"),
                ("15-1299", "Computer Occupations, All Other")),
    "15-2051": (("15-2099", "Mathematical Science Occupations, All Other"),
                ("15-2098", "Data Scientists and Mathematical Science Occupations, All Other")),
    "15-1221": (("15-1111", "Computer and Information Research Scientists"),
                ("15-1221", "Computer and Information Research Scientists")),
}  # fmt: skip
# National employment of each SOC code in 2017 (the generated careers' codes).
BASE_EMPLOYMENT = {
    "13-2011": 1_280_000, "15-1221": 31_000, "15-1252": 1_250_000, "15-1254": 160_000,
    "15-1299": 390_000, "15-2051": 150_000, "29-1141": 2_900_000, "47-2111": 650_000,
    "47-3013": 80_000, "49-2094": 28_000,
}  # fmt: skip
WAGE_SHAPE = (0.60, 0.77, 0.95, 1.20, 1.48)  # p10..p90 relative to the mean


def top_wage(year: int) -> int:
    """The annual wage at and above which BLS prints `#` (the top of the published range)."""
    return 208_000 if year < 2022 else 239_200


_WAGES = [
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
    "ANNUAL",
    "HOURLY",
]
_OCC = ["OCC_CODE", "OCC_TITLE"]
_NEW_AREA = ["AREA", "AREA_TITLE", "AREA_TYPE"]
_INDUSTRY = ["NAICS", "NAICS_TITLE", "I_GROUP", "OWN_CODE"]


def layout(year: int, level: str) -> list[str]:
    """The column names of the year's national or state file, as delivered."""
    if year <= 2018:
        if level == "national":
            return [*_OCC, "OCC_GROUP", "TOT_EMP", "EMP_PRSE", *_WAGES]
        return ["AREA", "ST", "STATE", *_OCC, "OCC_GROUP", "TOT_EMP", "EMP_PRSE", "JOBS_1000",
                "LOC_QUOTIENT", *_WAGES]  # fmt: skip
    area = _NEW_AREA if year == 2019 else [*_NEW_AREA, "PRIM_STATE"]
    shares = ["PCT_TOTAL"] if year <= 2020 else ["PCT_TOTAL", "PCT_RPT"]
    columns = [*area, *_INDUSTRY, *_OCC, "O_GROUP", "TOT_EMP", "EMP_PRSE", "JOBS_1000",
               "LOC_QUOTIENT", *shares, *_WAGES]  # fmt: skip
    return [c.lower() for c in columns] if year == 2019 else columns


def code_of(soc: str, year: int) -> tuple[str, str]:
    """(OCC_CODE, OCC_TITLE) the year's files use for a SOC 2018 code."""
    old = OLD_CODES.get(soc)
    if old is not None and year <= 2018:
        return old[0]
    if old is not None and year <= 2020:
        return old[1]
    return soc, SOC_NAMES[soc]


def _mean_wages() -> dict[str, float]:
    """A national mean wage per SOC code: the mean target salary of its careers, a bit lower
    (postings advertise above what the whole occupation is paid)."""
    by_soc: dict[str, list[float]] = {}
    for career in CAREERS:
        by_soc.setdefault(career.soc, []).append(career.salary)
    return {soc: 0.93 * sum(v) / len(v) for soc, v in by_soc.items()}


def _number(value: float, grouped: bool, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"


def _row_cells(
    rng: np.random.Generator, year: int, employment: float, mean: float, as_text: bool
) -> dict[str, object]:
    """TOT_EMP and the wage columns of one row, special values included. Text cells when
    `as_text` (CSV, or a text cell of a workbook): thousands separators on most of them."""
    grouped = as_text and rng.random() < 0.8
    jobs = int(round(employment, -1))
    cells: dict[str, object] = {
        "TOT_EMP": "**" if jobs < 40 else (_number(jobs, grouped) if as_text else jobs),
        "EMP_PRSE": round(float(rng.uniform(0.5, 9.0)), 1),
    }
    top = top_wage(year)
    annual = [mean, *(mean * s * float(np.exp(rng.normal(0, 0.02))) for s in WAGE_SHAPE)]
    annual[1:] = sorted(annual[1:])
    unavailable = rng.random() < 0.03  # BLS publishes no wage for the row
    for column, value in zip(
        ("A_MEAN", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"), annual, strict=True
    ):
        hourly = "H_" + column[2:] if column != "A_MEDIAN" else "H_MEDIAN"
        if unavailable:
            cells[column] = cells[hourly] = "*"
        elif round(value, -1) >= top:
            cells[column], cells[hourly] = "#", "#"
        else:
            a = int(round(value, -1))
            cells[column] = _number(a, grouped) if as_text else a
            h = round(a / 2080, 2)
            cells[hourly] = _number(h, False, 2) if as_text else h
    cells["MEAN_PRSE"] = "*" if unavailable else round(float(rng.uniform(0.3, 4.0)), 1)
    return cells


def _records(rng: np.random.Generator, year: int, level: str, fmt: str) -> list[list[object]]:
    """The data rows of one file, in its layout's column order."""
    columns = layout(year, level)
    upper = [c.upper() for c in columns]
    growth = (1.02 + 0.01 * rng.standard_normal(len(BASE_EMPLOYMENT))) ** (year - 2017)
    national = {
        soc: base * g for (soc, base), g in zip(BASE_EMPLOYMENT.items(), growth, strict=True)
    }
    means = {soc: m * 1.03 ** (year - 2017) for soc, m in _mean_wages().items()}
    if level == "national":
        areas = [(99, "US", "U.S.", 1, 1.0, 1.0)]
    else:
        weights = np.array([row[5] for row in STATE_ROWS])
        shares = weights / weights.sum()
        areas = [(r[0], r[1], r[2], 2, float(s), r[3]) for r, s in zip(STATE_ROWS, shares,
                                                                         strict=True)]  # fmt: skip
    rows = []
    for fips, postal, name, area_type, share, wage_level in areas:
        groups = [("00-0000", "All Occupations", "total", None)]
        groups += [(soc[:3] + "0000", SOC_NAMES.get(soc[:3] + "0000", "Occupations"), "major",
                    None) for soc in sorted({s[:3] for s in BASE_EMPLOYMENT})]  # fmt: skip
        groups += [(*code_of(soc, year), "detailed", soc) for soc in sorted(BASE_EMPLOYMENT)]
        for occ_code, title, group, soc in groups:
            if soc is None:
                employment = sum(national.values()) * share * (3 if group == "total" else 1)
                mean = 61_000 * wage_level
            else:
                noise = 1.0
                if level == "state":  # a state's share of a code persists from year to year
                    lasting = np.random.default_rng([fips, int(soc.replace("-", ""))]).normal()
                    noise = float(np.exp(0.25 * lasting + rng.normal(0, 0.04)))
                employment = national[soc] * share * noise
                mean = means[soc] * (wage_level if level == "state" else 1.0)
            as_text = fmt == "csv" or rng.random() < 0.15
            cells = _row_cells(rng, year, employment, mean, as_text)
            cells.update(
                AREA=str(fips) if fmt == "csv" or area_type == 2 else fips, ST=postal,
                STATE=name, PRIM_STATE=postal, AREA_TITLE=name, AREA_TYPE=area_type,
                NAICS="000000", NAICS_TITLE="Cross-industry", I_GROUP="cross-industry",
                OWN_CODE=1235, OCC_CODE=occ_code, OCC_TITLE=title, OCC_GROUP=group,
                O_GROUP=group, JOBS_1000=round(float(rng.uniform(0.1, 30)), 3),
                LOC_QUOTIENT=round(float(rng.uniform(0.3, 2.5)), 2),
                PCT_TOTAL="~" if rng.random() < 0.3 else round(float(rng.uniform(0.5, 9)), 2),
                PCT_RPT="~" if rng.random() < 0.3 else int(rng.integers(1, 60)),
            )  # fmt: skip
            rows.append([cells.get(c) for c in upper])
    # every special value at least once per file, whatever the draws
    index = {c: i for i, c in enumerate(upper)}
    last = rows[-1]
    last[index["TOT_EMP"]] = "**"
    for column in ("A_PCT90", "H_PCT90"):
        rows[-2][index[column]] = "#"
    for column in ("A_MEAN", "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"):
        rows[-3][index[column]] = "*"
    if year == 2018 and level == "state":  # a footnote line, as old files carried
        footnote = [None] * len(upper)
        footnote[index["OCC_TITLE"]] = "Footnote: * = indicates that a wage is not available"
        rows.append(footnote)
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_text(v) for v in row] for row in rows])
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(buffer.getvalue().encode("utf-8"))
    os.replace(tmp, path)


def _write_xlsx(path: Path, header: list[str], rows: list[list[object]], year: int) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    workbook = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False})
    workbook.set_properties({"created": datetime(year + 1, 3, 31)})  # same bytes every run
    sheet = workbook.add_worksheet(f"{'national' if 'AREA' not in header else 'All'} May {year}")
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    notes = workbook.add_worksheet("Field Descriptions")  # BLS puts notes on a second sheet
    notes.write_row(0, 0, ["Field", "Field Description"])
    notes.write_row(1, 0, ["tot_emp", "Estimated total employment rounded to the nearest 10"])
    workbook.close()
    os.replace(tmp, path)


def oews_file_name(level: str, year: int, fmt: str) -> str:
    return f"{level}_M{year}_dl.{fmt}"


def write_oews(folder: Path, seed: int, end: date) -> dict[Path, int]:
    """Write the OEWS files of the years before `end`'s year into `folder`; path -> data
    rows."""
    rng = np.random.default_rng([seed, 6_151])
    written: dict[Path, int] = {}
    for year, national_fmt, state_fmt in OEWS_FILES:
        if year >= end.year:
            continue
        for level, fmt in (("national", national_fmt), ("state", state_fmt)):
            path = Path(folder) / oews_file_name(level, year, fmt)
            rows = _records(rng, year, level, fmt)
            header = layout(year, level)
            if fmt == "csv":
                _write_csv(path, header, rows)
            else:
                _write_xlsx(path, header, rows, year)
            written[path] = len(rows)
    return written
