"""Writing the files of an export: the postings files in their dialects (CSV, gzip CSV,
lower-case pipe-list CSV with a BOM, Parquet with JSON-string or real lists, the real-sample
CSV), the skills taxonomy (JSON and an extra CSV) and the employment CSV. Every file is
written to a temporary name and moved into place; the bytes depend only on the rows and rng.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import operator
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from samples import quirks
from samples.catalog import (
    CATEGORY_IDS,
    OCCUPATIONS,
    SKILLS,
    STATE_ROWS,
    SUBCATEGORY_IDS,
    TYPES,
    hashed_code,
)
from samples.columns import (
    COL_KIND,
    DROPPED_IN_LOWER,
    EMPLOYMENT_FILE,
    EPOCH_ORD,
    EXTRA_IN_LOWER,
    FIRST_EMPLOYMENT_YEAR,
    HEADER,
    MS_DAY,
    SKILLS_FILES,
    Raw,
)


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _mdy(ordinal: int) -> str:
    d = date.fromordinal(ordinal)
    return f"{d.month}/{d.day}/{d.year}"


class Quoted(dict):
    """JSON text of list elements, memoized (skill ids and names repeat a lot)."""

    def __missing__(self, key: Any) -> str:
        value = json.dumps(key, ensure_ascii=False)
        if type(key) in (str, int):
            self[key] = value
        return value


class _DateText(dict):
    """Date ordinal -> text in one dialect's format."""

    def __init__(self, iso: bool) -> None:
        super().__init__()
        self.iso = iso

    def __missing__(self, key: int) -> str:
        value = self[key] = _iso(key) if self.iso else _mdy(key)
        return value


_GETTER = operator.itemgetter(*HEADER)
_BOOL_TEXT = {True: "true", False: "false"}


def _columns(rows: list[dict]) -> dict[str, list]:
    """Column name -> values, in HEADER order."""
    if not rows:
        return {col: [] for col in HEADER}
    return dict(zip(HEADER, map(list, zip(*map(_GETTER, rows), strict=True)), strict=True))


def _ts_text(ms: int, sep: str) -> str:
    days, rest = divmod(ms, MS_DAY)
    hours, rest = divmod(rest, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return (f"{_iso(days + EPOCH_ORD)}{sep}{hours:02d}:{minutes:02d}:{seconds:02d}."
            f"{millis:03d}")  # fmt: skip


def _render(values: list, col: str, dialect: str, quoted: Quoted, dates: _DateText) -> list:
    """Cells of one column as the dialect writes them (None = empty; ints left to csv)."""
    kind = COL_KIND[col]
    if kind in ("str", "int"):
        if dialect in ("csv", "pipe"):
            return values  # the csv module writes None as empty and ints as digits
        return [None if v is None else str(v) for v in values]
    if kind == "bool":
        return [_BOOL_TEXT[v] if type(v) is bool else v for v in values]
    if kind == "date":
        return [dates[v] if type(v) is int else v for v in values]
    if kind == "ts":
        sep = "T" if dialect == "pq_json" else " "
        return [_ts_text(v, sep) if type(v) is int else v for v in values]
    q = quoted.__getitem__
    if dialect == "csv":  # pretty-printed JSON arrays
        return [(("[\n  " + ",\n  ".join(map(q, v)) + "\n]") if v else "[]")
                if type(v) is list else v for v in values]  # fmt: skip
    if dialect == "pipe":  # '|'-joined; an empty list is an empty cell
        return ["|".join(map(str, v)) if type(v) is list else v for v in values]
    return ["[" + ", ".join(map(q, v)) + "]" if type(v) is list else v for v in values]


def _pay_period_lower(row: dict) -> str | None:
    pay = row.get("_PAY")
    if row.get("ORIGINAL_PAY_PERIOD") is None or pay is None:
        return None
    return {"year": "annual", "hour": "hourly", "month": "monthly"}[pay]


def _tmp(path: Path) -> Path:
    return path.with_name("." + path.name + ".tmp")


def write_atomic(path: Path, data: bytes) -> None:
    tmp = _tmp(path)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_csv(path: Path, header: list[str], columns: list[list], newline: str,
               bom: bool = False) -> None:  # fmt: skip
    """RFC 4180 CSV (minimal quoting), gzip-compressed when the name ends with .gz."""
    tmp = _tmp(path)
    with open(tmp, "wb") as raw:
        gz = None
        if path.name.endswith(".gz"):  # fixed header (name, mtime 0): identical bytes per run
            gz = gzip.GzipFile(filename=path.name[:-3], mode="wb", fileobj=raw, mtime=0,
                               compresslevel=6)  # fmt: skip
        text = io.TextIOWrapper(gz or raw, encoding="utf-8-sig" if bom else "utf-8",
                                newline="")  # fmt: skip
        writer = csv.writer(text, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(zip(*columns, strict=True))
        text.flush()
        text.detach()
        if gz is not None:
            gz.close()
    os.replace(tmp, path)


def _write_parquet(path: Path, table: pa.Table, compression: str) -> None:
    tmp = _tmp(path)
    pq.write_table(table, tmp, compression=compression)
    os.replace(tmp, path)


def write_postings_file(path: Path, dialect: str, rows: list[dict], rng: np.random.Generator,
                        quoted: Quoted) -> None:  # fmt: skip
    values = _columns(rows)
    dates = _DateText(iso=dialect in ("pipe", "pq_list"))
    if dialect == "csv":
        columns = [_render(values[col], col, dialect, quoted, dates) for col in HEADER]
        _write_csv(path, HEADER, columns, "\r\n" if path.name.endswith(".gz") else "\n")
    elif dialect == "pipe":
        cols = [c for c in HEADER if c not in DROPPED_IN_LOWER]
        order = [cols[i] for i in rng.permutation(len(cols))]
        rendered = {col: _render(values[col], col, dialect, quoted, dates) for col in order}
        rendered["ORIGINAL_PAY_PERIOD"] = [
            cell if isinstance(cell, Raw) else _pay_period_lower(r)
            for r, cell in zip(rows, rendered["ORIGINAL_PAY_PERIOD"], strict=True)
        ]
        header = [c.lower() for c in order]
        columns = [rendered[c] for c in order]
        # two unknown columns: the ISO week the posting was scraped in, and a language code
        weeks = [date.fromordinal(p).isocalendar() if type(p) is int else None
                 for p in values["POSTED"]]  # fmt: skip
        batch = [f"{w[0]}-W{w[1]:02d}" if w else None for w in weeks]
        language = ["es" if (d or 0) % 17 == 5 else "en" for d in values["DUPLICATES"]]
        header[3:3] = [EXTRA_IN_LOWER[0]]
        columns[3:3] = [batch]
        header.append(EXTRA_IN_LOWER[1])
        columns.append(language)
        _write_csv(path, header, columns, "\r\n", bom=True)
    elif dialect == "real":
        columns = [_render(col_values, like, "csv", quoted, dates)
                   for _, like, col_values in quirks.real_sample_columns(values)]  # fmt: skip
        _write_csv(path, quirks.REAL_HEADER, columns, "\n")
    elif dialect == "pq_json":
        arrays = [pa.array(_render(values[col], col, dialect, quoted, dates), type=pa.string())
                  for col in HEADER]  # fmt: skip
        _write_parquet(path, pa.Table.from_arrays(arrays, names=HEADER), "zstd")
    else:  # pq_list: typed columns, real lists
        arrays = []
        for col in HEADER:
            kind = COL_KIND[col]
            if kind in ("int", "bool", "lint", "lstr"):
                if any(isinstance(v, Raw) for v in values[col]):
                    raise AssertionError(f"raw text in typed Parquet column {col}")
                typ = {"int": pa.int64(), "bool": pa.bool_(), "lint": pa.list_(pa.int64()),
                       "lstr": pa.list_(pa.string())}[kind]  # fmt: skip
                arrays.append(pa.array(values[col], type=typ))
            else:
                arrays.append(pa.array(_render(values[col], col, dialect, quoted, dates),
                                       type=pa.string()))  # fmt: skip
        _write_parquet(path, pa.Table.from_arrays(arrays, names=HEADER), "snappy")


# ============================================================================ skills & employment


def write_skills(folder: Path) -> tuple[list[Path], int]:
    records = []
    for s in SKILLS:
        if not s.in_taxonomy:
            continue
        type_id, type_name = TYPES[s.type]
        slug = re.sub(r"[^a-z0-9]+", "-", s.name.lower()).strip("-")
        records.append({
            "id": s.id, "name": s.name, "type": {"id": type_id, "name": type_name},
            "category": {"id": CATEGORY_IDS[s.category], "name": s.category},
            "subcategory": {"id": SUBCATEGORY_IDS[s.subcategory], "name": s.subcategory},
            "isSoftware": s.software, "isLanguage": s.language,
            "infoUrl": f"https://lightcast.io/open-skills/skills/{s.id}/{slug}",
        })  # fmt: skip
    json_path = folder / SKILLS_FILES[0]
    body = json.dumps({"data": records, "attributions": [], "meta": {"version": "9.14"}},
                      ensure_ascii=False, indent=1)  # fmt: skip
    write_atomic(json_path, (body + "\n").encode("utf-8"))

    by_name = {s.name: s for s in SKILLS}
    renamed = {
        "PyTorch (Machine Learning Library)": "PyTorch (Deep Learning Framework)",
        "Communication": "Communications",
        "Registered Nurse (RN)": "Registered Nurse (RN) License",
    }
    extra_rows = [["id", "name", "type", "category", "subcategory", "is_software", "is_language"]]
    for old, new in renamed.items():
        s = by_name[old]
        extra_rows.append([s.id, new, TYPES[s.type][1], s.category, s.subcategory,
                           str(s.software).lower(), str(s.language).lower()])  # fmt: skip
    for name, kind, category, sub, software in (
        ("Quantum Computing", "S", "Information Technology", "Computer Science", False),
        ("dbt (Data Build Tool)", "S", "Information Technology", "Data Management", True),
    ):
        extra_rows.append(["KS1" + hashed_code(name, 17), name, TYPES[kind][1], category, sub,
                           str(software).lower(), "false"])  # fmt: skip
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(extra_rows)
    csv_path = folder / SKILLS_FILES[1]
    write_atomic(csv_path, buffer.getvalue().encode("utf-8"))
    return [json_path, csv_path], len(records)


def write_employment(folder: Path, rng: np.random.Generator, end: date) -> tuple[Path, int, int]:
    years = list(range(FIRST_EMPLOYMENT_YEAR, end.year + 1))
    pop = np.array([r[5] for r in STATE_ROWS if r[0] < 60])
    tech_idx = np.array([r[4] for r in STATE_ROWS if r[0] < 60])
    states = [r for r in STATE_ROWS if r[0] < 60]
    header = ["LOT_OCCUPATION", "LOT_OCCUPATION_NAME", "AREA", "AREA_NAME",
              *[f"{y} Jobs" for y in years]]  # fmt: skip
    rows: list[list[str]] = [header]
    suppressed = 0
    shocks = {2020: -0.035, 2021: 0.01}
    for occ, (name, base, growth, tech) in OCCUPATIONS.items():
        level = [base * (1 + rng.normal(0, 0.01))]
        for y in years[1:]:
            step = growth + shocks.get(y, 0.0) + rng.normal(0, 0.006)
            if occ == 311010 and y == 2020:
                step += 0.03  # nurses grew through the pandemic
            level.append(level[-1] * (1 + step))
        national = np.array(level)
        share = pop * (tech_idx**1.6 if tech else np.ones_like(pop))
        share = share / share.sum() * np.exp(rng.normal(0, 0.08, size=len(share)))
        drift = rng.normal(0, 0.01, size=(len(share), len(years))).cumsum(axis=1)
        by_state = national[None, :] * share[:, None] * np.exp(drift)
        table = [("US", "United States", national)] + [
            (str(st[0]), st[2], by_state[k]) for k, st in enumerate(states)
        ]
        for area, area_name, values in table:
            cells = []
            for value in values:
                jobs = int(round(float(value)))
                if jobs < 10:
                    cells.append("<10")
                    suppressed += 1
                else:
                    cells.append(f"{jobs:,}")
            rows.append([str(occ), name, area, area_name, *cells])
    # a few empty cells (not yet published / withheld)
    for _ in range(max(3, len(rows) // 60)):
        r = 2 + int(rng.integers(len(rows) - 2))
        c = 4 + int(rng.integers(len(years)))
        if rows[r][c] == "<10":
            suppressed -= 1
        rows[r][c] = ""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = folder / EMPLOYMENT_FILE
    write_atomic(path, buffer.getvalue().encode("utf-8"))
    return path, len(rows) - 1, suppressed


# ============================================================================ main
