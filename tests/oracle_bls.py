"""Independent reference for `career_wages` and the page's employment and wage sections
(contract: "Wages and employment from public BLS OEWS files").

Reads the BLS OEWS files of each refresh's `employment/` folder itself, in plain Python: the
csv module, and python-calamine for the first sheet of an .xlsx (a reader library, not the
pipeline's code). Careers and their postings come from tests/oracle.py, which shares no code
with the pipeline either.

    oews = load_oews([refresh_1, refresh_2])          # OewsState: rows, per-file counts
    wages = career_wages(state, oews, as_of, careers)  # DataFrame, the table's columns
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from oracle import STATE_FIPS, byte_key, window_postings

WAGE_COLUMNS = [
    "as_of", "occupation_code", "soc_code", "geo_code", "year", "employment",
    "employment_suppressed", "wage_mean", "wage_p10", "wage_p25", "wage_p50", "wage_p75",
    "wage_p90", "wage_topcoded",
]  # fmt: skip
# File column -> career_wages column, in this order.
WAGE_FIELDS = {
    "A_MEAN": "wage_mean", "A_PCT10": "wage_p10", "A_PCT25": "wage_p25",
    "A_MEDIAN": "wage_p50", "A_PCT75": "wage_p75", "A_PCT90": "wage_p90",
}  # fmt: skip
NAME_RE = re.compile(r"^(national|state)_m([0-9]{4})(?![0-9])", re.IGNORECASE)
SOC_RE = re.compile(r"^[0-9]{2}-[0-9X]{4}$")
NUMBER_RE = re.compile(r"^([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$")
POSTAL = {code: code for code, _ in STATE_FIPS.values()}
WHITESPACE = " \t\n\v\f\r"


class OewsFatal(ValueError):
    """A file the contract refuses whole (bad name, unknown layout, repeated column)."""


@dataclass
class OewsState:
    """(level, year) -> (geo_code, OCC_CODE) -> parsed row, and each file's row counts."""

    tables: dict[tuple[str, int], dict[tuple[str, str], dict]] = field(default_factory=dict)
    counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # read, loaded, bad
    reasons: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


def is_oews(path: Path) -> bool:
    """An .xlsx file, or a file whose name gives an OEWS level and year."""
    return path.name.lower().endswith(".xlsx") or NAME_RE.match(path.name) is not None


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str) and not value.strip(WHITESPACE):
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip(WHITESPACE)


def read_table(path: Path) -> tuple[list[str], list[list[str | None]]]:
    """(upper-case header, data rows as text) of the file's first sheet or CSV; blank rows
    are not rows."""
    if path.name.lower().endswith(".xlsx"):
        from python_calamine import CalamineWorkbook

        grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    else:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
            grid = list(csv.reader(handle))
    header = [(_text(c) or "").upper() for c in grid[0]]
    rows = [[_text(c) for c in row] for row in grid[1:]]
    return header, [r for r in rows if any(c is not None for c in r)]


def _wage(text: str | None) -> tuple[bool, float | None]:
    if text in ("*", "#"):
        return True, None
    if text is None or not NUMBER_RE.match(text):
        return False, None
    value = float(text.replace(",", ""))
    return value > 0, value


def parse_file(path: Path) -> tuple[str, int, list[tuple[int, list[str], dict]]]:
    """(level, year, [(row number, reasons, parsed row)]); OewsFatal for a refused file."""
    found = NAME_RE.match(path.name)
    if found is None:
        raise OewsFatal(f"{path.name}: no level and year in the name")
    level, year = found.group(1).lower(), int(found.group(2))
    header, rows = read_table(path)
    named = [h for h in header if h]
    for name in named:
        if named.count(name) > 1:
            raise OewsFatal(f"{path.name}: column {name} appears twice")
    for needed in ("OCC_CODE", "TOT_EMP", *WAGE_FIELDS):
        if needed not in header:
            raise OewsFatal(f"{path.name}: no column {needed}")
    if "O_GROUP" not in header and "OCC_GROUP" not in header:
        raise OewsFatal(f"{path.name}: no column O_GROUP")
    state_by = next((c for c in ("PRIM_STATE", "ST", "AREA") if c in header), None)
    if level == "state" and state_by is None:
        raise OewsFatal(f"{path.name}: no column PRIM_STATE, ST or AREA")
    parsed_rows = []
    for number, cells in enumerate(rows, start=1):
        row = dict(zip(header, cells + [None] * (len(header) - len(cells)), strict=True))
        reasons: list[str] = []
        occ = row["OCC_CODE"]
        if occ is None or not SOC_RE.match(occ):
            reasons.append("OCC_CODE is not a SOC code like 15-1252")
        if level == "national":
            geo = "US"
        elif state_by == "AREA":
            area = row["AREA"]
            fips = int(area) if area is not None and area.isdigit() else None
            geo = STATE_FIPS[fips][0] if fips in STATE_FIPS else None
        else:
            geo = POSTAL.get((row[state_by] or "").upper())
        if geo is None:
            reasons.append(
                "AREA is not a state FIPS code"
                if state_by == "AREA"
                else f"{state_by} is not a state's postal code"
            )
        tot = row["TOT_EMP"]
        employment = None
        if tot != "**":
            number_ok = tot is not None and NUMBER_RE.match(tot)
            value = float(tot.replace(",", "")) if number_ok else None
            if value is None or not value.is_integer():
                reasons.append("TOT_EMP is not a whole number or **")
            else:
                employment = int(value)
        wages = {}
        for column, name in WAGE_FIELDS.items():
            ok, value = _wage(row[column])
            if not ok:
                reasons.append(f"{column} is not a number, * or #")
            wages[name] = value
        parsed = {
            "geo_code": geo, "occ_code": occ, "employment": employment,
            "employment_suppressed": tot == "**", **wages,
            "wage_topcoded": any(row[c] == "#" for c in WAGE_FIELDS),
        }  # fmt: skip
        parsed_rows.append((number, reasons, parsed))
    return level, year, parsed_rows


def load_oews(refreshes) -> OewsState:
    """Ingest the OEWS files of each refresh's employment/ folder, in order (file names in
    byte order within a refresh); a file whose bytes were seen before is skipped. A newer file
    of a level and year replaces the older one's rows; within a file the later row of a
    geography and code wins."""
    state = OewsState()
    seen: set[str] = set()
    for refresh in refreshes:
        folder = Path(refresh) / "employment"
        if not folder.is_dir():
            continue
        paths = sorted((p for p in folder.iterdir() if is_oews(p)), key=lambda p: byte_key(p.name))
        for path in paths:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            level, year, rows = parse_file(path)
            table: dict[tuple[str, str], dict] = {}
            bad = [(n, "; ".join(r)) for n, r, _ in rows if r]
            for _, reasons, parsed in rows:
                if not reasons:
                    table[(parsed["geo_code"], parsed["occ_code"])] = parsed
            state.tables[(level, year)] = table
            state.counts[path.name] = (len(rows), len(rows) - len(bad), len(bad))
            state.reasons[path.name] = bad
    return state


def career_socs(postings_state, as_of: date, careers: set[str]) -> dict[str, str]:
    """Career -> the most frequent SOC_2021_5 among its postings in the window (any state),
    ties by code ascending; careers whose postings name none are left out."""
    votes: dict[str, Counter] = {}
    for posting in window_postings(postings_state, as_of):
        career = posting["occupation_code"]
        soc = posting["raw"].get("SOC_2021_5")
        if career in careers and isinstance(soc, str) and soc.strip(WHITESPACE):
            votes.setdefault(career, Counter())[soc.strip(WHITESPACE)] += 1
    return {
        career: min(counter.items(), key=lambda kv: (-kv[1], byte_key(kv[0])))[0]
        for career, counter in votes.items()
    }


def career_wages(postings_state, oews: OewsState, as_of: date, careers: set[str]) -> pd.DataFrame:
    """The career_wages rows of the snapshot, sorted by career, geography and year."""
    socs = career_socs(postings_state, as_of, careers)
    rows = []
    for career, soc in socs.items():
        for (_, year), table in oews.tables.items():
            for (geo, occ), parsed in table.items():
                if occ == soc:
                    rows.append({
                        "as_of": as_of, "occupation_code": career, "soc_code": soc,
                        "geo_code": geo, "year": year,
                        **{k: parsed[k] for k in WAGE_COLUMNS[5:]},
                    })  # fmt: skip
    rows.sort(key=lambda r: (byte_key(r["occupation_code"]), byte_key(r["geo_code"]), r["year"]))
    return pd.DataFrame(rows, columns=WAGE_COLUMNS)


def page_employment(
    lightcast: pd.DataFrame, wages: pd.DataFrame, career: str, geo: str, since: int
) -> tuple[str | None, list[tuple[int, int | None, bool]]]:
    """The page's employment section for one career and geography: (source table, [(year,
    jobs, not published)]) since `since`; career_employment when the career has any row
    there, else career_wages; (None, []) when neither has one."""
    mine = lightcast[lightcast["occupation_code"] == career]
    if len(mine):
        rows = mine[(mine["geo_code"] == geo) & (mine["year"] >= since)]
        return "career_employment", [
            (int(r.year), None if pd.isna(r.jobs) else int(r.jobs), bool(r.suppressed))
            for r in rows.sort_values("year").itertuples()
        ]
    theirs = wages[wages["occupation_code"] == career]
    if len(theirs):
        rows = theirs[(theirs["geo_code"] == geo) & (theirs["year"] >= since)]
        return "career_wages", [
            (int(r.year), None if pd.isna(r.employment) else int(r.employment),
             bool(r.employment_suppressed))
            for r in rows.sort_values("year").itertuples()
        ]  # fmt: skip
    return None, []


def newest_wages(wages: pd.DataFrame, career: str, geo: str) -> dict | None:
    """The newest year's career_wages row of the career and geography, or None."""
    rows = wages[(wages["occupation_code"] == career) & (wages["geo_code"] == geo)]
    if rows.empty:
        return None
    return rows.sort_values("year").iloc[-1].to_dict()
