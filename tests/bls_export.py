"""A small generated export (with its BLS OEWS files) whose Lightcast employment table lacks one
parent occupation, so that the careers under it take their employment from BLS OEWS."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from samples.generate import EMPLOYMENT_FILE, generate_export

AS_OF = date(2026, 11, 20)
NO_LIGHTCAST_PARENT = "141010"  # Accountants and auditors: their careers fall back to BLS


def make_export(folder: Path, postings: int = 1500) -> Path:
    """Generate the export into `folder` and drop NO_LIGHTCAST_PARENT from its employment
    table; returns `folder`."""
    generate_export(folder, postings=postings, seed=5, end=AS_OF)
    path = folder / "employment" / EMPLOYMENT_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    kept = [rows[0], *(r for r in rows[1:] if r[0] != NO_LIGHTCAST_PARENT)]
    assert len(kept) < len(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)
    return folder
