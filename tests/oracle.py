"""Independent reference implementation ("oracle") of the published career tables.

Recomputes, in plain Python, what the DuckDB pipeline must publish, following
shared/contract/career-tables.md and docs/ROW_RULES.md.  It deliberately shares no code
with the pipeline: no duckdb, no project imports but the reason texts (labels, from
schemas.postings).  pyarrow is used only to read Parquet,
numpy only for quantiles and pandas only to build the returned frames.

    state = load_postings([refresh_1, refresh_2])     # export folders, in ingestion order
    tables = career_tables(state, date(2026, 11, 20))  # dict of DataFrames
    quarantine_frame(state), batch_counts(state), skills_dimension(state)

Each refresh folder may hold `postings/`, `skills/` (taxonomy) and `employment/` files.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import itertools
import json
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pyarrow.types as pat

from schemas.postings import (  # the reason texts only: labels, not logic
    R_EDUCATION,
    R_EXPIRED,
    R_EXPIRED_BEFORE,
    R_ID,
    R_POSTED,
    R_SALARY,
    R_SKILLS,
    R_SKILLS_NAME,
    R_STATE,
    R_YEARS,
)

# --------------------------------------------------------------------------- constants

#: State FIPS code -> (USPS code, official name): 50 states, DC and five territories.
STATE_FIPS: dict[int, tuple[str, str]] = {
    1: ("AL", "Alabama"), 2: ("AK", "Alaska"), 4: ("AZ", "Arizona"),
    5: ("AR", "Arkansas"), 6: ("CA", "California"), 8: ("CO", "Colorado"),
    9: ("CT", "Connecticut"), 10: ("DE", "Delaware"), 11: ("DC", "District of Columbia"),
    12: ("FL", "Florida"), 13: ("GA", "Georgia"), 15: ("HI", "Hawaii"),
    16: ("ID", "Idaho"), 17: ("IL", "Illinois"), 18: ("IN", "Indiana"),
    19: ("IA", "Iowa"), 20: ("KS", "Kansas"), 21: ("KY", "Kentucky"),
    22: ("LA", "Louisiana"), 23: ("ME", "Maine"), 24: ("MD", "Maryland"),
    25: ("MA", "Massachusetts"), 26: ("MI", "Michigan"), 27: ("MN", "Minnesota"),
    28: ("MS", "Mississippi"), 29: ("MO", "Missouri"), 30: ("MT", "Montana"),
    31: ("NE", "Nebraska"), 32: ("NV", "Nevada"), 33: ("NH", "New Hampshire"),
    34: ("NJ", "New Jersey"), 35: ("NM", "New Mexico"), 36: ("NY", "New York"),
    37: ("NC", "North Carolina"), 38: ("ND", "North Dakota"), 39: ("OH", "Ohio"),
    40: ("OK", "Oklahoma"), 41: ("OR", "Oregon"), 42: ("PA", "Pennsylvania"),
    44: ("RI", "Rhode Island"), 45: ("SC", "South Carolina"), 46: ("SD", "South Dakota"),
    47: ("TN", "Tennessee"), 48: ("TX", "Texas"), 49: ("UT", "Utah"),
    50: ("VT", "Vermont"), 51: ("VA", "Virginia"), 53: ("WA", "Washington"),
    54: ("WV", "West Virginia"), 55: ("WI", "Wisconsin"), 56: ("WY", "Wyoming"),
    60: ("AS", "American Samoa"), 66: ("GU", "Guam"), 69: ("MP", "Northern Mariana Islands"),
    72: ("PR", "Puerto Rico"), 78: ("VI", "U.S. Virgin Islands"),
}

STATE_NAMES: dict[str, str] = dict(STATE_FIPS.values())

EDUCATION_LEVELS: dict[int, str] = {
    0: "High school or GED",
    1: "Associate degree",
    2: "Bachelor's degree",
    3: "Master's degree",
    4: "Ph.D. or professional degree",
}
EDUCATION_CODES = frozenset({0, 1, 2, 3, 4, 99})

#: (bucket, bucket_order, lowest years, highest years)
EXPERIENCE_BUCKETS = (("0-2", 1, 0, 2), ("3-5", 2, 3, 5), ("6-8", 3, 6, 8), ("9+", 4, 9, 60))

QUANTILES = (0.10, 0.25, 0.50, 0.75, 0.90)


SUMMARY_COLUMNS = [
    "as_of", "occupation_code", "occupation_name", "parent_code", "parent_name",
    "geo_level", "geo_code", "geo_name", "window_start", "window_end", "postings",
    "employers", "salary_postings", "salary_mean", "salary_p10", "salary_p25",
    "salary_p50", "salary_p75", "salary_p90",
]
SALARY_STAT_COLUMNS = SUMMARY_COLUMNS[-6:]
EDUCATION_COLUMNS = [
    "as_of", "occupation_code", "geo_code", "level_code", "level_name", "postings", "share_pct",
]
EXPERIENCE_COLUMNS = [
    "as_of", "occupation_code", "geo_code", "bucket", "bucket_order", "postings", "share_pct",
]
EMPLOYER_COLUMNS = [
    "as_of", "occupation_code", "geo_code", "rank", "employer_name", "is_staffing", "postings",
]
TITLE_COLUMNS = ["as_of", "occupation_code", "geo_code", "rank", "title_name", "postings"]
SKILL_COLUMNS = [
    "as_of", "occupation_code", "geo_code", "skill_id", "skill_name", "skill_type",
    "is_software", "postings", "share_pct", "lift",
]
SKILL_GROUP_COLUMNS = [
    "as_of", "occupation_code", "skill_group", "rank", "skill_id", "skill_name", "share_pct",
    "lift", "salary_premium",
]
SIMILAR_COLUMNS = [
    "as_of", "occupation_code", "rank", "similar_code", "similar_name", "similarity",
]
EMPLOYMENT_COLUMNS = [
    "as_of", "occupation_code", "parent_code", "geo_code", "year", "jobs", "suppressed",
]
SKILLS_DIMENSION_COLUMNS = [
    "skill_id", "skill_name", "skill_type", "is_software", "category", "subcategory",
]

SPECIALIZED, COMMON, CERTIFICATION = "Specialized Skill", "Common Skill", "Certification"
#: Posting list column -> the skill type it implies, in precedence order.
TYPED_SKILL_COLUMNS = (
    ("SPECIALIZED_SKILLS", SPECIALIZED), ("COMMON_SKILLS", COMMON),
    ("CERTIFICATIONS", CERTIFICATION),
)
#: career_skill_groups: (group, types, share_pct range [low, high), lift range, ranked by, top n)
SKILL_GROUPS = (
    ("baseline", {COMMON}, (1, math.inf), (-math.inf, math.inf), "share_pct", 10),
    ("defining", {SPECIALIZED, CERTIFICATION}, (10, math.inf), (2, math.inf), "share_pct", 25),
    ("necessary", {SPECIALIZED, CERTIFICATION}, (10, math.inf), (-math.inf, 2), "share_pct", 25),
    ("distinguishing", {SPECIALIZED, CERTIFICATION}, (1, 10), (4, math.inf), "lift", 15),
)
SALARY_BOOST_MIN = 20  # salaried postings with the skill, and without it
SALARY_BOOST_TOP = 10
SIMILAR_TOP = 5
#: Lightcast's "Unclassified Specialized Occupation": its postings count in no career (still in
#: the nation's and states' totals and in the geography shares lift divides by).
UNCLASSIFIED_CAREER = "99999999"

# ASCII white space only (the regexes below use [0-9], never the Unicode-aware \d).
WHITESPACE = " \t\r\n\f\v"
MDY_RE = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
ISO_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
TIMESTAMP_RE = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?$"
)
DIGITS_RE = re.compile(r"^[0-9]+$")
SALARY_RE = re.compile(r"^([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
YEAR_COLUMN_RE = re.compile(r"^([0-9]{4}) JOBS$", re.IGNORECASE)
JOBS_RE = re.compile(r"^([0-9]+|[0-9]{1,3}(,[0-9]{3})+)$")
SUPPRESSED = "<10"

FILE_KINDS = (".csv.gz", ".csv", ".parquet", ".jsonl", ".json")
#: sub-folder -> the file types read from it; within a refresh the folders go in this order.
FOLDER_KINDS = {
    "postings": FILE_KINDS,
    "skills": (".csv", ".json"),
    "employment": (".csv.gz", ".csv"),
}
NO_UPDATE_TIME: tuple = (0, datetime.min)  # "minus infinity"
#: BLS OEWS files in employment/ (national_M2024_dl.csv, ...): tests/oracle_bls.py reads them.
OEWS_NAME_RE = re.compile(r"^(national|state)_m[0-9]{4}(?![0-9])", re.IGNORECASE)


# --------------------------------------------------------------------------- state


@dataclass
class Quarantined:
    """One rejected row."""

    file: str
    row_number: int
    reasons: str
    raw: dict


@dataclass
class Batch:
    """Row counts of one ingested file."""

    file: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0


@dataclass
class OracleState:
    """Current posting versions (by ID), quarantined rows, per-file counts (postings files),
    the skills taxonomy (id -> record) and employment cells ((occupation, geo_code, year) ->
    (jobs, suppressed))."""

    postings_by_id: dict[str, dict] = field(default_factory=dict)
    quarantine: list[Quarantined] = field(default_factory=list)
    batches: list[Batch] = field(default_factory=list)
    taxonomy: dict[str, dict] = field(default_factory=dict)
    employment: dict[tuple[str, str, int], tuple[int | None, bool]] = field(
        default_factory=dict
    )

    @property
    def postings(self) -> list[dict]:
        """Current postings, sorted by ID."""
        return [self.postings_by_id[k] for k in sorted(self.postings_by_id, key=byte_key)]


def byte_key(text: str) -> bytes:
    """Sort key giving ascending byte order of the UTF-8 text."""
    return text.encode("utf-8", "surrogatepass")


# --------------------------------------------------------------------------- reading


def _clean(text: str) -> str | None:
    """Trim surrounding white space; empty -> None."""
    text = text.strip(WHITESPACE)
    return text or None


def _float_text(value: float) -> str | None:
    """Text of a float cell: integral floats lose their '.0'; NaN is NULL."""
    if value != value:  # NaN
        return None
    if value.is_integer():
        return str(int(value))
    return repr(value)


def _to_cell(value: Any) -> Any:
    """Convert a Parquet/JSON value to a cell: str, None, or a real list."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = _float_text(value)
    elif isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, bytes):
        text = value.decode("utf-8")
    elif isinstance(value, dict):
        text = json.dumps(value)
    else:
        text = str(value)
    return None if text is None else _clean(text)


def _open_text(path: Path):
    """Open a .csv or .csv.gz file as text (a BOM is dropped)."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    return opener(path, "rt", encoding="utf-8-sig", newline="")


def csv_header(path: Path) -> list[str]:
    """Upper-cased, trimmed column names of a CSV file ([] when it has no header)."""
    with _open_text(path) as handle:
        header = next(csv.reader(handle), None) or []
    return [name.strip(WHITESPACE).upper() for name in header]


def read_csv(path: Path) -> Iterator[dict]:
    """Rows of a .csv or .csv.gz file (blank lines are not records)."""
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        names = [name.strip(WHITESPACE).upper() for name in header]
        for record in reader:
            if record:
                yield {name: _clean(cell) for name, cell in zip(names, record, strict=False)}


def read_parquet(path: Path) -> Iterator[dict]:
    """Rows of a Parquet file; list-typed columns give lists (NULL -> [])."""
    table = pq.read_table(path)
    list_columns = {
        f.name for f in table.schema
        if pat.is_list(f.type) or pat.is_large_list(f.type) or pat.is_fixed_size_list(f.type)
    }
    for record in table.to_pylist():
        row = {}
        for name, value in record.items():
            cell = _to_cell(value)
            if name in list_columns and cell is None:
                cell = []
            row[name.strip(WHITESPACE).upper()] = cell
        yield row


def _json_row(record: dict) -> dict:
    """A JSON object as a row: keys upper-cased, values converted like Parquet values."""
    return {str(k).strip(WHITESPACE).upper(): _to_cell(v) for k, v in record.items()}


def read_json(path: Path) -> Iterator[dict]:
    """Rows of a .json file holding an array of objects."""
    with open(path, encoding="utf-8-sig") as handle:
        records = json.load(handle)
    for record in records:
        yield _json_row(record)


def read_jsonl(path: Path) -> Iterator[dict]:
    """Rows of a .jsonl file, one object per non-blank line."""
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            if line.strip(WHITESPACE):
                yield _json_row(json.loads(line))


def file_kind(name: str, kinds: tuple[str, ...] = FILE_KINDS) -> str | None:
    """The export file type by extension (case-insensitive), or None if not one of `kinds`."""
    lower = name.lower()
    return next((kind for kind in kinds if lower.endswith(kind)), None)


def read_rows(path: Path) -> Iterator[dict]:
    """Rows of any supported export file."""
    kind = file_kind(path.name)
    if kind in (".csv", ".csv.gz"):
        return read_csv(path)
    if kind == ".parquet":
        return read_parquet(path)
    if kind == ".json":
        return read_json(path)
    return read_jsonl(path)


def export_files(refresh: Path, folder_name: str = "postings") -> list[Path]:
    """Export files of one sub-folder of a refresh, in ingestion order (file-name byte order)."""
    folder = Path(refresh) / folder_name
    if not folder.is_dir():
        return []
    kinds = FOLDER_KINDS[folder_name]
    names = [
        p.name for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and file_kind(p.name, kinds)
    ]
    return [folder / name for name in sorted(names, key=byte_key)]


def posting_files(refresh: Path) -> list[Path]:
    """Export files of a refresh's postings/ folder, in ingestion order."""
    return export_files(refresh, "postings")


# --------------------------------------------------------------------------- parsing


def _text(row: dict, column: str) -> str | None:
    """A scalar cell as text (a stray list is seen as its JSON text)."""
    value = row.get(column)
    if isinstance(value, list):
        return json.dumps(value)
    return value


def parse_date(text: str | None) -> date | None:
    """M/D/YYYY or YYYY-MM-DD as a real calendar date, else None."""
    if text is None:
        return None
    match = MDY_RE.match(text)
    if match:
        month, day, year = (int(g) for g in match.groups())
    else:
        match = ISO_RE.match(text)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_timestamp(text: str | None) -> datetime | None:
    """YYYY-MM-DD HH:MM:SS[.fff] (or with 'T'), else None; fractions cut to microseconds."""
    if text is None:
        return None
    match = TIMESTAMP_RE.match(text)
    if not match:
        return None
    *parts, fraction = match.groups()
    micros = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        return datetime(*(int(p) for p in parts), micros)
    except ValueError:
        return None


def update_key(row: dict) -> tuple:
    """Update time as a comparable key; NO_UPDATE_TIME when neither column parses."""
    stamp = parse_timestamp(_text(row, "LAST_UPDATED_TIMESTAMP"))
    if stamp is None:
        day = parse_date(_text(row, "LAST_UPDATED_DATE"))
        if day is None:
            return NO_UPDATE_TIME
        stamp = datetime(day.year, day.month, day.day)
    return (1, stamp)


def small_int(text: str, limit: int) -> int | None:
    """Value of an ASCII digit string, or None if not digits; values above limit -> limit + 1."""
    if not DIGITS_RE.match(text):
        return None
    significant = text.lstrip("0")
    return int(significant or "0") if len(significant) <= 9 else limit + 1


def parse_state(text: str | None) -> tuple[bool, int | None]:
    """(valid, FIPS int)."""
    if text is None:
        return True, None
    code = small_int(text, 99)
    if code in STATE_FIPS:
        return True, code
    return False, None


def parse_salary(text: str | None) -> tuple[bool, float | None]:
    """(valid, salary)."""
    if text is None:
        return True, None
    if SALARY_RE.match(text) and 0 < float(text) < 5_000_000:
        return True, float(text)
    return False, None


def parse_years(text: str | None) -> tuple[bool, int | None]:
    """(valid, MIN_YEARS_EXPERIENCE)."""
    if text is None:
        return True, None
    years = small_int(text, 60)
    if years is not None and years <= 60:
        return True, years
    return False, None


def split_list(cell: Any) -> tuple[str, list | None]:
    """(dialect, items) of a list cell; items None when a JSON cell is not an array."""
    if cell is None:
        return "empty", []
    if isinstance(cell, list):
        return "real", cell
    if cell.startswith("["):
        try:
            items = json.loads(cell)
        except (ValueError, RecursionError):
            return "json", None
        return "json", items if isinstance(items, list) else None
    return "pipe", [part.strip(WHITESPACE) for part in cell.split("|")]


def _education_code(item: Any, dialect: str) -> int | None:
    """One EDUCATION_LEVELS element as a valid code, else None."""
    if dialect in ("json", "real") and isinstance(item, int) and not isinstance(item, bool):
        code = item
    elif dialect in ("pipe", "real") and isinstance(item, str):
        code = small_int(item, 99)
    else:
        return None
    return code if code in EDUCATION_CODES else None


def parse_education(cell: Any) -> tuple[bool, list[int]]:
    """(valid, codes) of an EDUCATION_LEVELS cell."""
    dialect, items = split_list(cell)
    if items is None:
        return False, []
    codes = [_education_code(item, dialect) for item in items]
    if any(code is None for code in codes):
        return False, []
    return True, codes


def parse_strings(cell: Any) -> tuple[bool, list[str]]:
    """(valid, strings) of a SKILLS-like cell."""
    _, items = split_list(cell)
    if items is None or not all(isinstance(item, str) for item in items):
        return False, []
    return True, items


def typed_skills(row: dict) -> dict[str, list[str]]:
    """The typed skill lists of a row (lower-case keys); an unparseable list is empty."""
    columns = [column for column, _ in TYPED_SKILL_COLUMNS] + ["SOFTWARE_SKILLS"]
    return {column.lower(): parse_strings(row.get(column))[1] for column in columns}


def check_row(row: dict) -> tuple[list[str], dict]:
    """Apply the row rules: (reasons in rule order, parsed posting fields)."""
    reasons: list[str] = []
    posting_id = _text(row, "ID")
    if posting_id is None:
        reasons.append(R_ID)
    posted = parse_date(_text(row, "POSTED"))
    if posted is None:
        reasons.append(R_POSTED)
    expired_text = _text(row, "EXPIRED")
    expired = parse_date(expired_text)
    if expired_text is not None and expired is None:
        reasons.append(R_EXPIRED)
    if posted is not None and expired is not None and expired < posted:
        reasons.append(R_EXPIRED_BEFORE)
    ok_state, state = parse_state(_text(row, "STATE"))
    if not ok_state:
        reasons.append(R_STATE)
    ok_salary, salary = parse_salary(_text(row, "SALARY"))
    if not ok_salary:
        reasons.append(R_SALARY)
    ok_years, years = parse_years(_text(row, "MIN_YEARS_EXPERIENCE"))
    if not ok_years:
        reasons.append(R_YEARS)
    ok_education, education = parse_education(row.get("EDUCATION_LEVELS"))
    if not ok_education:
        reasons.append(R_EDUCATION)
    ok_skills, skills = parse_strings(row.get("SKILLS"))
    ok_names, names = parse_strings(row.get("SKILLS_NAME"))
    if not ok_skills:
        reasons.append(R_SKILLS)
    elif not ok_names or len(names) != len(skills):
        reasons.append(R_SKILLS_NAME)
    staffing = _text(row, "COMPANY_IS_STAFFING")
    parsed = {
        "id": posting_id,
        "posted": posted,
        "expired": expired,
        "salary": salary,
        "state": state,
        "min_years": years,
        "education": education,
        "skills": skills,
        "skills_name": names,
        "occupation_code": _text(row, "LOT_SPECIALIZED_OCCUPATION"),
        "occupation_name": _text(row, "LOT_SPECIALIZED_OCCUPATION_NAME"),
        "parent_code": _text(row, "LOT_OCCUPATION"),
        "parent_name": _text(row, "LOT_OCCUPATION_NAME"),
        "company_name": _text(row, "COMPANY_NAME"),
        "company_is_staffing": staffing is not None and staffing.lower() == "true",
        "title_name": _text(row, "TITLE_NAME"),
        **typed_skills(row),
    }
    return reasons, parsed


# --------------------------------------------------------------------------- loading


def _file_hash(path: Path) -> str:
    """sha256 of the file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ingest_file(state: OracleState, path: Path, order: Iterator[int], best: dict) -> None:
    """Validate one file's rows into the quarantine or the per-ID best versions."""
    batch = Batch(file=path.name)
    state.batches.append(batch)
    for number, row in enumerate(read_rows(path), start=1):
        batch.rows_read += 1
        reasons, posting = check_row(row)
        if reasons:
            batch.rows_quarantined += 1
            state.quarantine.append(Quarantined(path.name, number, "; ".join(reasons), row))
            continue
        batch.rows_loaded += 1
        posting.update(file=path.name, row_number=number, raw=row)
        key = (update_key(row), next(order))
        current = best.get(posting["id"])
        if current is None or key > current[0]:
            best[posting["id"]] = (key, posting)


def _label(value: Any) -> str | None:
    """A taxonomy field as text: the `name` of a {"id", "name"} object, else the value."""
    if isinstance(value, dict):
        value = value.get("name")
    cell = _to_cell(value)
    return cell if isinstance(cell, str) else None


def _flag(value: Any) -> bool | None:
    """A taxonomy boolean: true/false (any case, or a JSON bool); anything else is None."""
    cell = _to_cell(value)
    if isinstance(cell, str) and cell.lower() in ("true", "false"):
        return cell.lower() == "true"
    return None


def skill_record(raw: dict) -> tuple[str | None, dict]:
    """(id, record) of one taxonomy record; keys matched ignoring case and underscores."""
    fields = {str(k).strip(WHITESPACE).lower().replace("_", ""): v for k, v in raw.items()}
    record = {
        "name": _label(fields.get("name")),
        "type": _label(fields.get("type")),
        "category": _label(fields.get("category")),
        "subcategory": _label(fields.get("subcategory")),
        "is_software": _flag(fields.get("issoftware")),
        "is_language": _flag(fields.get("islanguage")),
    }
    return _label(fields.get("id")), record


def read_skill_records(path: Path) -> Iterator[dict]:
    """Raw records of a taxonomy file: CSV rows, or JSON {"data": [...]} / a JSON array."""
    if file_kind(path.name, (".csv",)):
        yield from read_csv(path)
        return
    with open(path, encoding="utf-8-sig") as handle:
        document = json.load(handle)
    records = document.get("data") if isinstance(document, dict) else document
    yield from (r for r in records or [] if isinstance(r, dict))


def _ingest_skills(state: OracleState, path: Path) -> None:
    """Apply a taxonomy file: each record replaces the earlier record of its id whole."""
    for raw in read_skill_records(path):
        skill_id, record = skill_record(raw)
        if skill_id is not None:
            state.taxonomy[skill_id] = record


def employment_area(text: str | None) -> str | None:
    """geo_code of an AREA cell (`US` or a state FIPS code), None when unknown."""
    if text == "US":
        return "US"
    code = small_int(text or "", 99)
    return STATE_FIPS[code][0] if code in STATE_FIPS else None


def employment_cell(text: str | None) -> tuple[int | None, bool] | None:
    """(jobs, suppressed) of a year cell; None when empty; ValueError when malformed."""
    if text is None:
        return None
    if text == SUPPRESSED:
        return None, True
    if JOBS_RE.match(text):
        return int(text.replace(",", "")), False
    raise ValueError(f"bad jobs value {text!r}")


def read_employment(path: Path) -> dict[tuple[str, str, int], tuple[int | None, bool]]:
    """The cells of one employment file; ValueError naming the file on a fatal problem."""
    years = {
        name: int(m.group(1)) for name in csv_header(path) if (m := YEAR_COLUMN_RE.match(name))
    }
    if not years:
        raise ValueError(f"{path.name}: no '<YYYY> Jobs' column")
    cells = {}
    for number, row in enumerate(read_csv(path), start=1):
        geo = employment_area(row.get("AREA"))
        if geo is None:
            raise ValueError(f"{path.name}: row {number}: unknown AREA {row.get('AREA')!r}")
        occupation = row.get("LOT_OCCUPATION")
        for column, year in years.items():
            try:
                cell = employment_cell(row.get(column))
            except ValueError as error:
                raise ValueError(f"{path.name}: row {number}, {column}: {error}") from None
            if cell is not None and occupation is not None:
                cells[(occupation, geo, year)] = cell
    return cells


def skill_facts(posting: dict) -> dict[str, tuple[str, str | None, bool]]:
    """Distinct SKILLS ids of a posting -> (name at first position, type, is_software)."""
    typed = [(set(posting[column.lower()]), kind) for column, kind in TYPED_SKILL_COLUMNS]
    software = set(posting["software_skills"])
    facts: dict[str, tuple[str, str | None, bool]] = {}
    for skill_id, name in zip(posting["skills"], posting["skills_name"], strict=True):
        if skill_id not in facts:
            kind = next((kind for ids, kind in typed if skill_id in ids), None)
            facts[skill_id] = (name, kind, skill_id in software)
    return facts


def refresh_files(refresh: Path) -> list[tuple[str, Path]]:
    """(folder, path) of a refresh's export files: postings, then skills, then employment."""
    return [(folder, path) for folder in FOLDER_KINDS for path in export_files(refresh, folder)]


def load_postings(refreshes: Iterable[Path]) -> OracleState:
    """Ingest the postings/, skills/ and employment/ files of each refresh folder, in order,
    and dedupe postings by ID.

    A file whose content hash was already ingested (earlier refresh or earlier in the same
    refresh, any folder) is skipped entirely: no rows, no batch entry.  Only postings files
    get batch entries.  A fatal employment file raises ValueError.
    """
    state = OracleState()
    seen_hashes: set[str] = set()
    best: dict[str, tuple] = {}
    order = itertools.count()
    for refresh in refreshes:
        for folder, path in refresh_files(Path(refresh)):
            digest = _file_hash(path)
            if digest in seen_hashes:
                continue
            seen_hashes.add(digest)
            if folder == "postings":
                _ingest_file(state, path, order, best)
            elif folder == "skills":
                _ingest_skills(state, path)
            elif not OEWS_NAME_RE.match(path.name):
                state.employment.update(read_employment(path))
    state.postings_by_id = {pid: posting for pid, (_, posting) in best.items()}
    for posting in state.postings_by_id.values():
        posting["skill_facts"] = skill_facts(posting)
    return state


def build_frame(rows: list, columns: list[str]) -> pd.DataFrame:
    """DataFrame from row sequences; text columns and columns holding a NULL stay object dtype
    with None for NULL (cast float columns afterwards where NaN is wanted)."""
    data = {}
    by_column = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    for column, values in zip(columns, by_column, strict=True):
        textual = not values or any(isinstance(v, str) or v is None for v in values)
        data[column] = pd.Series(values, dtype=object if textual else None)
    return pd.DataFrame(data, columns=columns)


def quarantine_frame(state: OracleState) -> pd.DataFrame:
    """Rejected rows in ingestion order: file, row_number, reasons."""
    rows = [(q.file, q.row_number, q.reasons) for q in state.quarantine]
    return build_frame(rows, ["file", "row_number", "reasons"])


def batch_counts(state: OracleState) -> pd.DataFrame:
    """Per ingested file, in ingestion order: rows read, loaded (valid) and quarantined."""
    rows = [(b.file, b.rows_read, b.rows_loaded, b.rows_quarantined) for b in state.batches]
    return build_frame(rows, ["file", "rows_read", "rows_loaded", "rows_quarantined"])


# --------------------------------------------------------------------------- career tables


def one_year_before(day: date) -> date:
    """DuckDB's DATE - INTERVAL 1 YEAR: same month/day a year earlier, Feb 29 -> Feb 28."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def value_key(value: Any) -> Any:
    """Sort key of a value: byte order for text, natural order otherwise (False < True)."""
    return byte_key(value) if isinstance(value, str) else value


def most_frequent(values: Iterable[Any]) -> Any:
    """Most frequent non-None value; ties by value (byte order); None when there is none."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts.items(), key=lambda kv: (-kv[1], value_key(kv[0])))[0]


def career_of(posting: dict) -> str | None:
    """The posting's career: its (trimmed) LOT_SPECIALIZED_OCCUPATION, None when empty or
    UNCLASSIFIED_CAREER."""
    code = posting["occupation_code"]
    return None if code == UNCLASSIFIED_CAREER else code


def group_postings(postings: Iterable[dict]) -> dict[tuple[str, str, str], list[dict]]:
    """(occupation_code, geo_level, geo_code) -> postings, sorted by those keys. Postings with
    no career (career_of) are in no group."""
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for posting in postings:
        career = career_of(posting)
        if career is None:
            continue
        groups[(career, "nation", "US")].append(posting)
        if posting["state"] is not None:
            groups[(career, "state", STATE_FIPS[posting["state"]][0])].append(posting)
    order = sorted(groups, key=lambda k: (byte_key(k[0]), k[1], byte_key(k[2])))
    return {key: groups[key] for key in order}


def salary_stats(salaries: list[float]) -> list[float | None]:
    """[mean, p10, p25, p50, p75, p90]; all None when fewer than 5 salaries."""
    if len(salaries) < 5:
        return [None] * 6
    quantiles = np.quantile(np.array(salaries, dtype=float), QUANTILES)
    return [statistics.fmean(salaries), *(float(q) for q in quantiles)]


def summary_row(key: tuple, postings: list[dict], window: tuple[date, date, date]) -> dict:
    """One career_summary row."""
    as_of, start, end = window
    career, level, code = key
    geo_name = "United States" if level == "nation" else STATE_NAMES[code]
    salaries = [p["salary"] for p in postings if p["salary"] is not None]
    employers = {p["company_name"] for p in postings} - {None, "Unclassified"}
    stats = salary_stats(salaries)
    return dict(zip(SUMMARY_COLUMNS, [
        as_of, career,
        most_frequent(p["occupation_name"] for p in postings),
        most_frequent(p["parent_code"] for p in postings),
        most_frequent(p["parent_name"] for p in postings),
        level, code, geo_name, start, end,
        len(postings), len(employers), len(salaries), *stats,
    ], strict=True))


def education_rows(as_of: date, key: tuple, postings: list[dict]) -> list[dict]:
    """Five career_education rows, or none when no posting names a level 0-4."""
    level_sets = [set(p["education"]) & EDUCATION_LEVELS.keys() for p in postings]
    total = sum(1 for levels in level_sets if levels)
    if total == 0:
        return []
    rows = []
    for level, name in EDUCATION_LEVELS.items():
        count = sum(1 for levels in level_sets if level in levels)
        rows.append(dict(zip(EDUCATION_COLUMNS, [
            as_of, key[0], key[2], level, name, count, 100.0 * count / total,
        ], strict=True)))
    return rows


def experience_rows(as_of: date, key: tuple, postings: list[dict]) -> list[dict]:
    """Four career_experience rows, or none when no posting has MIN_YEARS_EXPERIENCE."""
    years = [p["min_years"] for p in postings if p["min_years"] is not None]
    if not years:
        return []
    rows = []
    for bucket, order, low, high in EXPERIENCE_BUCKETS:
        count = sum(1 for y in years if low <= y <= high)
        rows.append(dict(zip(EXPERIENCE_COLUMNS, [
            as_of, key[0], key[2], bucket, order, count, 100.0 * count / len(years),
        ], strict=True)))
    return rows


def top_ten(names: Iterable[str | None]) -> list[tuple[str, int]]:
    """Top 10 (name, postings), leaving out None and 'Unclassified'; ties by byte order."""
    counts = Counter(n for n in names if n is not None and n != "Unclassified")
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], byte_key(kv[0])))
    return ranked[:10]


def employer_rows(as_of: date, key: tuple, postings: list[dict]) -> list[dict]:
    """career_employers rows (rank 1-10)."""
    staffing = {p["company_name"] for p in postings if p["company_is_staffing"]}
    return [
        dict(zip(EMPLOYER_COLUMNS, [
            as_of, key[0], key[2], rank, name, name in staffing, count,
        ], strict=True))
        for rank, (name, count) in enumerate(top_ten(p["company_name"] for p in postings), 1)
    ]


def title_rows(as_of: date, key: tuple, postings: list[dict]) -> list[dict]:
    """career_titles rows (rank 1-10)."""
    return [
        dict(zip(TITLE_COLUMNS, [as_of, key[0], key[2], rank, name, count], strict=True))
        for rank, (name, count) in enumerate(top_ten(p["title_name"] for p in postings), 1)
    ]


def _frame(rows: list[dict], columns: list[str], sort_by: list[str]) -> pd.DataFrame:
    """DataFrame with exactly `columns`, sorted by `sort_by` (text in byte order)."""
    frame = build_frame(list(map(itemgetter(*columns), rows)), columns)
    if frame.empty:
        return frame

    def key(series: pd.Series) -> pd.Series:
        if series.dtype == object and isinstance(series.iloc[0], str):
            return series.map(byte_key)
        return series

    return frame.sort_values(sort_by, key=key, kind="stable").reset_index(drop=True)


def window_postings(state: OracleState, as_of: date) -> list[dict]:
    """Current postings with as_of - 1 year < POSTED <= as_of."""
    lower = one_year_before(as_of)
    return [p for p in state.postings_by_id.values() if lower < p["posted"] <= as_of]


def posting_tables(groups: dict, window: tuple[date, date, date]) -> dict[str, list[dict]]:
    """Rows of the posting-count tables (summary, education, experience, employers, titles)."""
    as_of = window[0]
    rows: dict[str, list[dict]] = defaultdict(list)
    for key, postings in groups.items():
        rows["summary"].append(summary_row(key, postings, window))
        rows["education"] += education_rows(as_of, key, postings)
        rows["experience"] += experience_rows(as_of, key, postings)
        rows["employers"] += employer_rows(as_of, key, postings)
        rows["titles"] += title_rows(as_of, key, postings)
    return rows


# --------------------------------------------------------------------------- skills


def published_skill(
    skill_id: str, facts: list[tuple], taxonomy: dict[str, dict]
) -> tuple[str | None, str | None, bool | None]:
    """(name, type, is_software): the taxonomy's when it has the id, else the most frequent
    non-NULL value among the postings' facts, ties by value."""
    record = taxonomy.get(skill_id)
    if record is not None:
        return record["name"], record["type"], record["is_software"]
    distinct = set(facts)
    if len(distinct) == 1:
        return next(iter(distinct))
    return tuple(most_frequent(f[i] for f in facts) for i in range(3))


def facts_by_skill(postings: Iterable[dict]) -> dict[str, list[tuple]]:
    """skill id -> the (name, type, is_software) facts of each posting mentioning it."""
    by_skill: dict[str, list[tuple]] = defaultdict(list)
    for posting in postings:
        for skill_id, fact in posting["skill_facts"].items():
            by_skill[skill_id].append(fact)
    return by_skill


def geo_skill_counts(postings: list[dict]) -> dict[str, tuple[int, Counter]]:
    """geo_code -> (window postings of the geography, postings mentioning each skill id),
    whatever their career."""
    totals: Counter = Counter()
    mentions: dict[str, Counter] = defaultdict(Counter)
    for posting in postings:
        geos = ["US"] if posting["state"] is None else ["US", STATE_FIPS[posting["state"]][0]]
        for geo in geos:
            totals[geo] += 1
            mentions[geo].update(posting["skill_facts"].keys())
    return {geo: (totals[geo], mentions[geo]) for geo in totals}


def skill_rows(
    as_of: date, key: tuple, postings: list[dict], geo: tuple[int, Counter], taxonomy: dict
) -> list[dict]:
    """career_skills rows of one career and geography."""
    geo_total, geo_mentions = geo
    rows = []
    for skill_id, facts in facts_by_skill(postings).items():
        share = 100.0 * len(facts) / len(postings)
        lift = share / (100.0 * geo_mentions[skill_id] / geo_total)
        rows.append(dict(zip(SKILL_COLUMNS, [
            as_of, key[0], key[2], skill_id, *published_skill(skill_id, facts, taxonomy),
            len(facts), share, lift,
        ], strict=True)))
    return rows


def rank_key(row: dict, metric: str) -> tuple:
    """Ranking: metric descending, then skill_name ascending (byte order, NULL last), id."""
    name = row["skill_name"]
    return (-row[metric], name is None, byte_key(name or ""), byte_key(row["skill_id"]))


def group_row(as_of: date, group: str, rank: int, row: dict) -> dict:
    """One career_skill_groups row from a nation career_skills row (+ salary_premium)."""
    return dict(zip(SKILL_GROUP_COLUMNS, [
        as_of, row["occupation_code"], group, rank, row["skill_id"], row["skill_name"],
        row["share_pct"], row["lift"], row.get("salary_premium"),
    ], strict=True))


def threshold_groups(as_of: date, nation_rows: list[dict]) -> list[dict]:
    """baseline, defining, necessary and distinguishing rows of one career."""
    out = []
    for group, types, (share_lo, share_hi), (lift_lo, lift_hi), metric, top in SKILL_GROUPS:
        chosen = [
            r for r in nation_rows
            if r["skill_type"] in types and share_lo <= r["share_pct"] < share_hi
            and lift_lo <= r["lift"] < lift_hi
        ]
        chosen.sort(key=lambda r, m=metric: rank_key(r, m))
        out += [group_row(as_of, group, rank, r) for rank, r in enumerate(chosen[:top], 1)]
    return out


def median(values: np.ndarray) -> float:
    """Linear-interpolation median."""
    return float(np.quantile(values, 0.5))


def salary_premiums(postings: list[dict]) -> dict[str, float]:
    """skill id -> median salary with - without, over the salaried postings, for skills with
    at least SALARY_BOOST_MIN salaried postings on each side."""
    salaried = [p for p in postings if p["salary"] is not None]
    if len(salaried) < 2 * SALARY_BOOST_MIN:
        return {}
    salaries = np.array([p["salary"] for p in salaried], dtype=float)
    positions: dict[str, list[int]] = defaultdict(list)
    for index, posting in enumerate(salaried):
        for skill_id in posting["skill_facts"]:
            positions[skill_id].append(index)
    premiums = {}
    for skill_id, index in positions.items():
        if not SALARY_BOOST_MIN <= len(index) <= len(salaried) - SALARY_BOOST_MIN:
            continue
        without = np.ones(len(salaried), dtype=bool)
        without[index] = False
        premiums[skill_id] = median(salaries[index]) - median(salaries[without])
    return premiums


def salary_boosting_groups(as_of: date, nation_rows: list[dict], postings: list[dict]) -> list:
    """salary_boosting rows of one career: premium > 0, top SALARY_BOOST_TOP by premium."""
    premiums = salary_premiums(postings)
    chosen = [
        {**r, "salary_premium": premiums[r["skill_id"]]}
        for r in nation_rows if premiums.get(r["skill_id"], 0) > 0
    ]
    chosen.sort(key=lambda r: rank_key(r, "salary_premium"))
    return [
        group_row(as_of, "salary_boosting", rank, r)
        for rank, r in enumerate(chosen[:SALARY_BOOST_TOP], 1)
    ]


# --------------------------------------------------------------------------- similarity


def count_dots(vectors: list[dict[str, int]]) -> np.ndarray:
    """Exact dot products of skill-count vectors (int64 matrix), summed skill by skill."""
    by_skill: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for skill_id, count in vector.items():
            by_skill[skill_id].append((index, count))
    dots = np.zeros((len(vectors), len(vectors)), dtype=np.int64)
    for entries in by_skill.values():
        index, counts = (np.array(column, dtype=np.int64) for column in zip(*entries, strict=True))
        dots[np.ix_(index, index)] += np.outer(counts, counts)
    return dots


def most_similar(a: int, dots: np.ndarray, codes: list[str]) -> list[tuple[int, float]]:
    """(index, similarity) of the SIMILAR_TOP careers most similar to career a, ties by code.

    Only a similarity above 0 counts: careers sharing no skill with a (exact integer dot
    product 0) are left out, and a career without skills has none, so there may be fewer than
    SIMILAR_TOP. Cosine of share vectors = cosine of count vectors (shares are counts scaled per
    career). Floats shortlist the candidates; exact integer ratios dot**2 / |b|**2 order them,
    so mathematically equal similarities tie exactly.
    """
    norms = dots.diagonal()
    if norms[a] == 0:
        return []
    with np.errstate(divide="ignore", invalid="ignore"):
        sims = np.where(norms > 0, dots[a] / np.sqrt(float(norms[a]) * norms), 0.0)
    others = [b for b in range(len(codes)) if b != a and dots[a, b] > 0]
    if len(others) > SIMILAR_TOP:
        cutoff = np.sort(sims[others])[-SIMILAR_TOP] - 1e-9
        others = [b for b in others if sims[b] >= cutoff]

    def exact(b: int) -> tuple:
        square = Fraction(int(dots[a, b]) ** 2, int(norms[b])) if sims[b] > 0 else Fraction(0)
        return (-square, byte_key(codes[b]))

    ranked = sorted(others, key=exact)[:SIMILAR_TOP]
    return [(b, float(sims[b])) for b in ranked]


def similar_rows(as_of: date, nation: dict[str, list[dict]], names: dict[str, Any]) -> list:
    """career_similar rows: per career the SIMILAR_TOP most similar other careers."""
    codes = sorted(nation, key=byte_key)
    dots = count_dots([{r["skill_id"]: r["postings"] for r in nation[c]} for c in codes])
    return [
        dict(zip(SIMILAR_COLUMNS, [
            as_of, code, rank, codes[b], names[codes[b]], similarity,
        ], strict=True))
        for a, code in enumerate(codes)
        for rank, (b, similarity) in enumerate(most_similar(a, dots, codes), 1)
    ]


# --------------------------------------------------------------------------- employment


def employment_rows(as_of: date, nation_summary: list[dict], cells: dict) -> list[dict]:
    """career_employment rows: every cell of each career's parent occupation."""
    by_occupation: dict[str, list] = defaultdict(list)
    for (occupation, geo, year), (jobs, suppressed) in cells.items():
        by_occupation[occupation].append((geo, year, jobs, suppressed))
    return [
        dict(zip(EMPLOYMENT_COLUMNS, [
            as_of, row["occupation_code"], row["parent_code"], geo, year, jobs, suppressed,
        ], strict=True))
        for row in nation_summary if row["parent_code"] is not None
        for geo, year, jobs, suppressed in by_occupation.get(row["parent_code"], [])
    ]


# --------------------------------------------------------------------------- the tables


def skill_tables(
    state: OracleState, as_of: date, window: list[dict], groups: dict, summary: list[dict]
) -> dict[str, list[dict]]:
    """Rows of career_skills, career_skill_groups, career_similar and career_employment."""
    geo = geo_skill_counts(window)
    skills, skill_groups = [], []
    nation: dict[str, list[dict]] = {}
    for key, postings in groups.items():
        rows = skill_rows(as_of, key, postings, geo[key[2]], state.taxonomy)
        skills += rows
        if key[1] == "nation":
            nation[key[0]] = rows
            skill_groups += threshold_groups(as_of, rows)
            skill_groups += salary_boosting_groups(as_of, rows, postings)
    nation_summary = [r for r in summary if r["geo_level"] == "nation"]
    names = {r["occupation_code"]: r["occupation_name"] for r in nation_summary}
    return {
        "skills": skills,
        "skill_groups": skill_groups,
        "similar": similar_rows(as_of, nation, names),
        "employment": employment_rows(as_of, nation_summary, state.employment),
    }


def career_tables(state: OracleState, as_of: date) -> dict[str, pd.DataFrame]:
    """The nine career tables for one snapshot, as DataFrames keyed by table name."""
    window = (as_of, one_year_before(as_of) + timedelta(days=1), as_of)
    postings = window_postings(state, as_of)
    groups = group_postings(postings)
    rows = posting_tables(groups, window)
    rows.update(skill_tables(state, as_of, postings, groups, rows["summary"]))
    summary_frame = _frame(
        rows["summary"], SUMMARY_COLUMNS, ["occupation_code", "geo_level", "geo_code"]
    )
    summary_frame[SALARY_STAT_COLUMNS] = summary_frame[SALARY_STAT_COLUMNS].astype(float)
    skill_groups = _frame(
        rows["skill_groups"], SKILL_GROUP_COLUMNS, ["occupation_code", "skill_group", "rank"]
    )
    skill_groups["salary_premium"] = skill_groups["salary_premium"].astype(float)
    return {
        "career_summary": summary_frame,
        "career_education": _frame(
            rows["education"], EDUCATION_COLUMNS, ["occupation_code", "geo_code", "level_code"]
        ),
        "career_experience": _frame(
            rows["experience"], EXPERIENCE_COLUMNS,
            ["occupation_code", "geo_code", "bucket_order"],
        ),
        "career_employers": _frame(
            rows["employers"], EMPLOYER_COLUMNS, ["occupation_code", "geo_code", "rank"]
        ),
        "career_titles": _frame(
            rows["titles"], TITLE_COLUMNS, ["occupation_code", "geo_code", "rank"]
        ),
        "career_skills": _frame(
            rows["skills"], SKILL_COLUMNS, ["occupation_code", "geo_code", "skill_id"]
        ),
        "career_skill_groups": skill_groups,
        "career_similar": _frame(rows["similar"], SIMILAR_COLUMNS, ["occupation_code", "rank"]),
        "career_employment": _frame(
            rows["employment"], EMPLOYMENT_COLUMNS, ["occupation_code", "geo_code", "year"]
        ),
    }


def skills_dimension(state: OracleState) -> pd.DataFrame:
    """The `skills` dimension: every taxonomy skill, plus every skill id of a current posting
    that the taxonomy lacks (name/type/is_software voted over all current postings)."""
    rows = [
        [skill_id, r["name"], r["type"], r["is_software"], r["category"], r["subcategory"]]
        for skill_id, r in state.taxonomy.items()
    ]
    for skill_id, facts in facts_by_skill(state.postings_by_id.values()).items():
        if skill_id not in state.taxonomy:
            rows.append([skill_id, *published_skill(skill_id, facts, {}), None, None])
    rows.sort(key=lambda r: byte_key(r[0]))
    return build_frame(rows, SKILLS_DIMENSION_COLUMNS)
