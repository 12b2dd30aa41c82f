"""The export files a fake feed serves: a folder re-scanned on every listing."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sources.discover import KINDS, suffixes

CHUNK = 1 << 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Export:
    """One served file: its kind (folder), path, size, sha256 and `created` time (its mtime)."""

    kind: str
    path: Path
    size: int
    sha256: str
    created: datetime

    @property
    def name(self) -> str:
        return self.path.name


def iso(moment: datetime) -> str:
    """`moment` as ISO 8601 UTC with microseconds and a `Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Catalogue:
    """The export files of a folder, re-scanned on every listing; sha256 cached per version."""

    def __init__(self, source: Path):
        self.source = source
        self._hashes: dict[tuple[Path, int, int], str] = {}
        self._lock = threading.Lock()

    def _sha256(self, path: Path, stat: os.stat_result) -> str:
        key = (path, stat.st_size, stat.st_mtime_ns)
        with self._lock:
            known = self._hashes.get(key)
        if known is None:
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
            known = digest.hexdigest()
            with self._lock:
                self._hashes[key] = known
        return known

    def exports(self) -> list[Export]:
        """Visible files of known types under postings/, skills/, employment/, onet/ (anything
        else is ignored), ordered by (created, name)."""
        found = []
        for kind in KINDS:
            folder = self.source / kind
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.name.startswith(".") or not path.name.lower().endswith(suffixes(kind)):
                    continue
                with contextlib.suppress(OSError):  # vanished or unreadable: not offered
                    stat = path.stat()
                    if not path.is_file():
                        continue
                    created = _EPOCH + timedelta(microseconds=stat.st_mtime_ns // 1000)
                    sha = self._sha256(path, stat)
                    found.append(Export(kind, path, stat.st_size, sha, created))
        return sorted(found, key=lambda e: (e.created, e.name.encode(), e.kind))

    def skills(self) -> list[dict]:
        """Every record of skills/*.json in file-name order; a later record of an id wins."""
        records: dict[str, dict] = {}
        for export in self.exports():
            if export.kind == "skills" and export.name.lower().endswith(".json"):
                data = json.loads(export.path.read_bytes()).get("data", [])
                records.update((str(r.get("id")), r) for r in data if isinstance(r, dict))
        return list(records.values())
