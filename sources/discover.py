"""Find the export files of a source folder, in the order the contract ingests them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from core.errors import CareersError

KINDS = ("postings", "skills", "employment", "onet")
SUFFIXES = (".csv.gz", ".csv", ".parquet", ".jsonl", ".json")
# File types only some sub-folders take: BLS OEWS workbooks in employment/; O*NET's occupation
# data as its release's own files (tab-separated text or a workbook) in onet/, and nothing else.
KIND_SUFFIXES = {"employment": SUFFIXES + (".xlsx",), "onet": (".txt", ".xlsx")}

log = logging.getLogger(__name__)


def suffixes(kind: str) -> tuple[str, ...]:
    """The file name endings a sub-folder of `kind` accepts (discovery, and the export feed's
    both ends)."""
    return KIND_SUFFIXES.get(kind, SUFFIXES)


@dataclass(frozen=True)
class ExportFile:
    kind: str  # postings | skills | employment | onet
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def format(self) -> str:
        """`csv`, `parquet`, `json`, `jsonl`, `xlsx` or `txt` (gzip is transparent to the CSV
        reader)."""
        for suffix in suffixes(self.kind):
            if self.name.lower().endswith(suffix):
                return suffix.lstrip(".").removesuffix(".gz")
        raise AssertionError(self.name)


def _visible(path: Path) -> bool:
    return not path.name.startswith(".")


def discover(source: Path) -> list[ExportFile]:
    """Every export file under `source`, grouped by kind, each kind in ascending byte order of
    file names (the contract's tie-break order). Absent or empty sub-folders are fine; anything
    unexpected (unknown sub-folder, stray file, unknown file type) is a fatal error."""
    if source.exists() and not source.is_dir():
        raise CareersError("is not a folder (give the export folder)", source)
    if not source.is_dir():
        raise CareersError("source folder does not exist", source)
    found: list[ExportFile] = []
    for entry in sorted(filter(_visible, source.iterdir()), key=lambda p: p.name.encode()):
        if not entry.is_dir() or entry.name not in KINDS:
            what = "sub-folder" if entry.is_dir() else "file"
            raise CareersError(
                f"unexpected {what} in the source: expected only sub-folders {', '.join(KINDS)}",
                entry,
            )
    for kind in KINDS:
        folder = source / kind
        if not folder.is_dir():
            continue
        allowed = suffixes(kind)
        for path in sorted(filter(_visible, folder.iterdir()), key=lambda p: p.name.encode()):
            if path.is_dir() or not path.name.lower().endswith(allowed):
                raise CareersError(
                    f"unknown file type in {kind}/: expected {', '.join(allowed)}", path
                )
            found.append(ExportFile(kind, path))
    log.info("discovered %d export file(s) in %s", len(found), source)
    return found
