"""The quirks of a real Lightcast delivery, for samples.generate (FORMAT.md, "Observed in a real
349-posting US sample export"). Each function changes rows the generator built (typed cells, see
samples/rows.py `build_rows`) in place:

- `unclassify`: a share of postings under Lightcast's "Unclassified Specialized Occupation"
  (`99999999`, parent `999999`), which the contract counts in no career.
- `pad_names`: names with white space at an end (`Building and General Maintenance Technician `):
  every posting of some careers, and a few employer and title names.
- `as_real_sample`: the rows of the file written in the real sample's shape (`REAL_HEADER`: no
  `LAST_UPDATED_TIMESTAMP`, `ACTIVE_SOURCES_INFO` or `*_OUTGOING` / `*_INCOMING` columns, the
  extra `NAICS_2017_*` columns, `ID, CITY, CITY_NAME, COMPANY, ...` first): `[]` CIP lists, some
  `BODY` cells shaped like Python bytes literals (`b'...' b'...'`) and a `URL` list cut at
  32,767 characters (a spreadsheet's cell limit), so not valid JSON; the tables do not use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from samples.columns import HEADER, Raw

UNCLASSIFIED_CODE = 99999999
UNCLASSIFIED_NAME = "Unclassified Specialized Occupation"
#: the LOT levels of an unclassified posting: (column prefix, code, name). The parent is as
#: observed; the group and area codes follow the nesting of the codes (inferred).
UNCLASSIFIED_LEVELS = (
    ("SPECIALIZED_OCCUPATION", UNCLASSIFIED_CODE, UNCLASSIFIED_NAME),
    ("OCCUPATION", 999999, "Unclassified Occupation"),
    ("OCCUPATION_GROUP", 9999, "Unclassified Occupation Group"),
    ("CAREER_AREA", 99, "Unclassified Career Area"),
)
#: share of the postings that have a specialized occupation put under 99999999 (14 of 349 in
#: the real sample)
UNCLASSIFIED_SHARE = 0.04
#: share of careers whose name ends with a space in every posting, and of postings whose
#: employer or title name has white space at an end
PADDED_CAREERS = 0.2
PADDED_NAMES = 0.02
#: a spreadsheet's cell limit: longer cells arrive cut there
CELL_LIMIT = 32_767
BYTES_BODY_SHARE = 0.3

_CIP_COLUMNS = ("CIP6", "CIP6_NAME", "CIP4", "CIP4_NAME", "CIP2", "CIP2_NAME")
#: columns of the 131-column header the real sample lacks
REAL_DROPPED = (
    "LAST_UPDATED_TIMESTAMP", "ACTIVE_SOURCES_INFO", "COUNTY_OUTGOING", "COUNTY_NAME_OUTGOING",
    "COUNTY_INCOMING", "COUNTY_NAME_INCOMING", "MSA_OUTGOING", "MSA_NAME_OUTGOING",
    "MSA_INCOMING", "MSA_NAME_INCOMING",
)  # fmt: skip
#: columns the real sample has beyond the header -> the header column whose values they carry
#: (the generator's NAICS codes are of the 2017 edition)
REAL_EXTRA = {
    f"NAICS_2017_{level}{suffix}": f"NAICS{level}{suffix}"
    for level in range(2, 7)
    for suffix in ("", "_NAME")
}
_REAL_FIRST = ("ID", "CITY", "CITY_NAME", "COMPANY", "COMPANY_IS_STAFFING", "COMPANY_NAME")
#: The real sample's columns: its first ones as observed, the rest in name order (the real order
#: beyond its first columns is not recorded; any order other than the header's will do).
REAL_HEADER = [
    *_REAL_FIRST,
    *sorted(({*HEADER} - {*REAL_DROPPED} - {*_REAL_FIRST}) | {*REAL_EXTRA}),
]


def unclassify(rows: list[dict[str, Any]], rng: np.random.Generator,
               share: float = UNCLASSIFIED_SHARE) -> int:  # fmt: skip
    """Put `share` of the rows that have a specialized occupation under 99999999 (the LOT and
    LOT_V6 columns; ONET `99-9999.00`). Their other cells (skills, employer, salary) stay: those
    postings still count in the totals of their geography. Returns how many."""
    chosen = [r for r in rows if r.get("LOT_SPECIALIZED_OCCUPATION") is not None]
    picked = rng.random(len(chosen)) < share
    for row, pick in zip(chosen, picked, strict=True):
        if pick:
            for prefix in ("LOT_", "LOT_V6_"):
                for level, code, name in UNCLASSIFIED_LEVELS:
                    row[prefix + level], row[prefix + level + "_NAME"] = code, name
            row["ONET"] = row["ONET_2019"] = "99-9999.00"
            row["ONET_NAME"] = row["ONET_2019_NAME"] = "Unclassified"
    return int(picked.sum())


def pad_names(rows: list[dict[str, Any]], rng: np.random.Generator) -> set[int]:
    """Give every posting of about PADDED_CAREERS of the careers a trailing space in
    LOT_SPECIALIZED_OCCUPATION_NAME (as a real delivery does for a whole career), and about
    PADDED_NAMES of the postings white space at an end of COMPANY_NAME, TITLE_NAME or
    LOT_OCCUPATION_NAME. Returns the padded careers' codes (at least one when any)."""
    codes = sorted(
        {
            r["LOT_SPECIALIZED_OCCUPATION"]
            for r in rows
            if r.get("LOT_SPECIALIZED_OCCUPATION") not in (None, UNCLASSIFIED_CODE)
        }
    )
    padded = {c for c, roll in zip(codes, rng.random(len(codes)), strict=True)
              if roll < PADDED_CAREERS} or set(codes[:1])  # fmt: skip
    rolls = rng.random((len(rows), 2))
    for row, (roll, which) in zip(rows, rolls, strict=True):
        name = row.get("LOT_SPECIALIZED_OCCUPATION_NAME")
        if row.get("LOT_SPECIALIZED_OCCUPATION") in padded and isinstance(name, str):
            row["LOT_SPECIALIZED_OCCUPATION_NAME"] = name + " "
        if roll < PADDED_NAMES:
            column = ("COMPANY_NAME", "TITLE_NAME", "LOT_OCCUPATION_NAME")[int(which * 3)]
            if isinstance(row.get(column), str):
                row[column] = (" " if which > 0.8 else "") + row[column] + " "
    return padded


def _bytes_literal(text: str) -> str:
    """`text` the way a Python bytes repr shows it, one literal per line: b'...' b'...'."""
    return " ".join(repr(line.encode("utf-8")) for line in text.splitlines(keepends=True))


def _cut_url_list(row: dict[str, Any]) -> str:
    """The row's URL list grown past CELL_LIMIT characters as pretty-printed JSON, cut there."""
    urls = list(row.get("URL") or ["https://www.indeed.com/job/0"])
    grown, k = list(urls), 0
    while sum(len(u) + 6 for u in grown) <= CELL_LIMIT:
        grown.append(f"{urls[k % len(urls)]}?utm_source=feed&utm_campaign=sample-{k:05d}")
        k += 1
    text = "[\n  " + ",\n  ".join(f'"{u}"' for u in grown) + "\n]"
    return text[:CELL_LIMIT]


def as_real_sample(rows: list[dict[str, Any]], valid: Sequence[bool],
                   rng: np.random.Generator) -> None:  # fmt: skip
    """Make the rows of the real-sample file look like the real sample's: no update timestamp
    (so LAST_UPDATED_DATE alone is their update time), `[]` CIP lists, BYTES_BODY_SHARE of the
    BODY cells as bytes literals, and the URL list of its first valid posting cut at
    CELL_LIMIT characters."""
    rolls = rng.random(len(rows))
    cut = False
    for row, ok, roll in zip(rows, valid, rolls, strict=True):
        row["LAST_UPDATED_TIMESTAMP"] = None
        for column in _CIP_COLUMNS:
            if isinstance(row.get(column), list):
                row[column] = []
        if isinstance(row.get("BODY"), str) and roll < BYTES_BODY_SHARE:
            row["BODY"] = _bytes_literal(row["BODY"])
        if ok and not cut and isinstance(row.get("URL"), list):
            row["URL"] = Raw(_cut_url_list(row))
            cut = True


def real_sample_columns(values: dict[str, list]) -> list[tuple[str, str, list]]:
    """(column, header column whose encoding it shares, values) of each REAL_HEADER column,
    from the header columns' values."""
    return [(c, REAL_EXTRA.get(c, c), values[REAL_EXTRA.get(c, c)]) for c in REAL_HEADER]
