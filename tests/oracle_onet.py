"""Independent reference implementation of `career_description` (O*NET descriptions).

Plain Python on the raw files, following shared/contract/career-tables.md ("What a professional
in the career does"). Postings come from tests/oracle.py (itself free of pipeline code); the
O*NET files are read here directly: the text file by splitting lines and tabs, the workbook with
zipfile and ElementTree (not the pipeline's python-calamine). No duckdb, no project imports.

    state = oracle.load_postings([refresh_1, refresh_2])
    onet = load_onet([refresh_1, refresh_2])
    frame = career_description(state, onet, date(2026, 11, 20))
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
from oracle import byte_key, career_of, one_year_before

COLUMNS = ["as_of", "occupation_code", "onet_code", "onet_title", "description", "source"]
HEADER = ["O*NET-SOC Code", "Title", "Description"]
UNCLASSIFIED = "99-9999.00"
SPACE = " \t\n\v\f\r"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class Onet:
    """The O*NET rows in force (code -> (title, description)) and the file they came from."""

    rows: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    file_name: str | None = None


def _cell(text: str | None) -> str | None:
    text = (text or "").strip(SPACE)
    return text or None


def _column(ref: str) -> int:
    """0-based column of a cell reference like `C12`."""
    letters = re.match(r"[A-Z]+", ref).group(0)
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def _xml_text(node) -> str:
    return "".join(t.text or "" for t in node.iter(f"{MAIN}t"))


def read_workbook(path: Path) -> list[list[str | None]]:
    """The first sheet's rows (cells as text) of an .xlsx file."""
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        first = book.find(f"{MAIN}sheets")[0].get(f"{RELS}id")
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels.iter(f"{PACKAGE_RELS}Relationship")
                      if r.get("Id") == first)  # fmt: skip
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            strings = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = [_xml_text(si) for si in strings.iter(f"{MAIN}si")]
        sheet = ElementTree.fromstring(archive.read(target))
    rows = []
    for row in sheet.iter(f"{MAIN}row"):
        cells: dict[int, str] = {}
        for c in row.iter(f"{MAIN}c"):
            kind, value = c.get("t"), c.find(f"{MAIN}v")
            if kind == "s":
                cells[_column(c.get("r"))] = shared[int(value.text)]
            elif kind == "inlineStr":
                cells[_column(c.get("r"))] = _xml_text(c.find(f"{MAIN}is"))
            elif value is not None:
                cells[_column(c.get("r"))] = value.text
        rows.append([cells.get(i) for i in range(max(cells, default=-1) + 1)])
    return rows


def read_text(path: Path) -> list[list[str | None]]:
    """The rows of a tab-separated O*NET text file (UTF-8, CRLF or LF line ends)."""
    text = path.read_bytes().decode("utf-8-sig")
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]


def read_onet_file(path: Path) -> dict[str, tuple[str | None, str | None]]:
    """code -> (title, description) of one O*NET Occupation Data file (a good one)."""
    records = read_workbook(path) if path.name.lower().endswith(".xlsx") else read_text(path)
    header = [_cell(c) for c in records[0]]
    where = [header.index(name) for name in HEADER]
    rows = {}
    for record in records[1:]:
        cells = [_cell(c) for c in record]
        if not any(cells):
            continue
        code, title, description = (cells[i] if i < len(cells) else None for i in where)
        rows[code] = (title, description)
    return rows


def load_onet(refreshes: list[Path]) -> Onet:
    """The O*NET rows in force after ingesting each refresh folder's `onet/` files in order
    (file names in byte order): the last delivery replaces everything before it. A file whose
    bytes were seen before (here; postings and the rest do not share content) is skipped."""
    onet, seen = Onet(), set()
    for refresh in refreshes:
        folder = Path(refresh) / "onet"
        if not folder.is_dir():
            continue
        names = [p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
        for name in sorted(names, key=byte_key):
            path = folder / name
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            onet = Onet(read_onet_file(path), name)
    return onet


def source_of(file_name: str) -> str:
    """The contract's `source`: the file, with the release its name carries (`db_30_0_...`)."""
    found = re.search(r"db_(\d+)_(\d+)(?!\d)", file_name, re.IGNORECASE)
    if found:
        return f"O*NET {int(found.group(1))}.{int(found.group(2))} Database ({file_name})"
    return f"O*NET Database ({file_name})"


def career_onet_codes(state, as_of: date) -> dict[str, str | None]:
    """Career (with postings in the window) -> its O*NET code: the most frequent ONET among its
    window postings, ties by code in byte order, 99-9999.00 and empty left out; None if none."""
    lower = one_year_before(as_of)
    votes: dict[str, Counter] = {}
    for posting in state.postings_by_id.values():
        career = career_of(posting)  # 99999999 is in no career
        if career is None or not lower < posting["posted"] <= as_of:
            continue
        counter = votes.setdefault(career, Counter())
        code = _cell(posting["raw"].get("ONET"))
        if code is not None and code != UNCLASSIFIED:
            counter[code] += 1
    return {
        career: min(counter, key=lambda c: (-counter[c], byte_key(c))) if counter else None
        for career, counter in votes.items()
    }


def career_description(state, onet: Onet, as_of: date) -> pd.DataFrame:
    """The contract's career_description for `as_of`, sorted by career code."""
    rows = []
    for career, code in sorted(career_onet_codes(state, as_of).items()):
        found = None
        if code is not None:
            found = onet.rows.get(code) or onet.rows.get(code.split(".")[0] + ".00")
        title, description = found or (None, None)
        source = source_of(onet.file_name) if found else None
        rows.append([as_of, career, code, title, description, source])
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)
