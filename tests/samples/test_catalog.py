"""samples' catalog, columns and breakages: loaded from their data files and tied to the
contract (schemas.postings) and docs/ROW_RULES.md."""

from __future__ import annotations

import re
from pathlib import Path

from samples import catalog
from samples.breakages import BREAKAGES
from samples.columns import COL_KIND, HEADER, LIST_COLUMNS
from schemas.postings import KNOWN_COLUMNS, REASONS, RULES

ROOT = Path(__file__).resolve().parents[2]


def test_header_is_the_schemas_column_list() -> None:
    assert HEADER == KNOWN_COLUMNS
    assert set(COL_KIND) == set(HEADER)
    assert {c for c, kind in COL_KIND.items() if kind in ("lint", "lstr")} == LIST_COLUMNS


def test_reason_texts_are_the_rules_names_and_the_docs_table() -> None:
    """One source: the schema's checks are named by REASONS, in order, and docs/ROW_RULES.md
    lists each text in its reason table."""
    assert [check.name for check in RULES] == list(REASONS)
    docs = (ROOT / "docs" / "ROW_RULES.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `([^`]+)` \|", docs, re.MULTILINE)
    assert table == list(REASONS)
    assert {r for b in BREAKAGES for r in b.reasons} == set(REASONS)


def test_catalog_loads_typed_values() -> None:
    """JSON arrays and keys come back as the tuples and ints the generator indexes with."""
    assert len(catalog.CAREERS) == 18 and len(catalog.EMPLOYERS) == 400
    assert abs(sum(c.weight for c in catalog.CAREERS) - 1) < 1e-9
    career = catalog.CAREERS[0]
    assert isinstance(career.titles, tuple) and isinstance(career.titles[0], tuple)
    assert isinstance(career.education[0][0], tuple)
    assert all(type(k) is int for k in (*catalog.OCCUPATIONS, *catalog.EDUCATION_NAMES))
    assert all(type(v) is tuple for v in catalog.OCCUPATIONS.values())
    assert catalog.STATE_ROWS[catalog.STATE_INDEX["PR"]][0] == 72
    assert catalog.CITIES[0].name == "Birmingham, AL"
    assert catalog.CITIES[0].location == '{\n  "lat": 33.5186,\n  "lon": -86.8104\n}'
    names = [e.name for e in catalog.EMPLOYERS]
    assert len(set(names)) == len(names)


def test_hashed_code_is_stable() -> None:
    assert catalog.hashed_code("Python (Programming Language)", 6) == catalog.hashed_code(
        "Python (Programming Language)", 6
    )
    assert re.fullmatch(r"[0-9]{6}", catalog.hashed_code("x", 6, "0123456789"))
