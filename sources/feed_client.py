"""The export-feed client: lists the feed's export files, downloads them into a landing folder.

`FeedClient(base_url, client_id, client_secret).pull(landing, since)` lands every export file
newer than the watermark `since` under `landing/<kind>/<name>` (the layout of a source folder)
and returns the new watermark. The work is split by job:

- `sources.feed_session`: OAuth2 client credentials (token cached, renewed once on a 401), the
  client-side rate limit, timeouts, retries with backoff and Retry-After; the secret and the
  token are never logged, printed, or put in an exception, a result or a report.
- `sources.feed_listing`: the export listing (validated entries, paging) and the watermark.
- `sources.feed_download`: resumable downloads through `landing/.partial/`, verified (size and
  sha256) before they are renamed into place; a failing file is rejected, and the watermark
  does not advance past it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sources import feed_download, feed_listing
from sources.feed_download import PARTIAL_DIR, RejectedExport
from sources.feed_listing import ExportEntry, check_name
from sources.feed_session import RETRY_STATUSES, FeedSession

log = logging.getLogger(__name__)

SKILLS_PATH = "/skills/versions/latest/skills"


@dataclass
class PullResult:
    downloaded: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already landed with the same sha256
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    watermark: str | None = None
    requests: int = 0
    retries: int = 0
    bytes: int = 0  # body bytes received for downloads (including those of cut transfers)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "downloaded": [str(p) for p in self.downloaded],
            "skipped": list(self.skipped),
            "rejected": [list(r) for r in self.rejected],
            "watermark": self.watermark,
            "requests": self.requests,
            "retries": self.retries,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
        }


class FeedClient(FeedSession):
    """A client of the export feed (a `FeedSession` with the feed's API). Not thread-safe: use
    one per thread."""

    def list_exports(self, since: str | None = None) -> list[ExportEntry]:
        """Export files newer than `since`, in the feed's (created, name) order; entries with
        unsafe names or bad fields are logged and left out."""
        return feed_listing.listing(self, since)[0]

    def skills(self) -> list[dict]:
        """The skills taxonomy records (Skills-API shape), every page."""
        return [
            record
            for page in feed_listing.pages(self, "skills taxonomy", SKILLS_PATH)
            for record in page
            if isinstance(record, dict)
        ]

    def download(self, entry: ExportEntry, landing: Path) -> Path:
        """Land one export file at `landing/<kind>/<name>`, verified; returns its path.
        Raises RejectedExport when it fails verification or vanished from the feed."""
        return feed_download.download(self, entry, landing)

    def pull(self, landing: Path, since: str | None = None) -> PullResult:
        """Land every export newer than `since`; returns what happened and the new watermark:
        the latest `created` of the files landed (or already there), never at or past a file
        that failed verification. Refused names are reported but do not hold the watermark."""
        started = time.perf_counter()
        counters = (self.requests_made, self.retries, self.bytes_received)
        landing.mkdir(parents=True, exist_ok=True)
        entries, refused = feed_listing.listing(self, since)
        result = PullResult(rejected=list(refused))
        landed: list[ExportEntry] = []
        failed: list[ExportEntry] = []
        for entry in entries:
            target = entry.target(landing)
            if target.is_file() and feed_download.sha256(target) == entry.sha256:
                result.skipped.append(entry.name)
                landed.append(entry)
                continue
            try:
                result.downloaded.append(self.download(entry, landing))
                landed.append(entry)
            except RejectedExport as exc:
                log.warning("rejected %s/%s: %s", entry.kind, entry.name, exc.problem)
                result.rejected.append((entry.name, exc.problem))
                failed.append(entry)
        result.watermark = feed_listing.watermark(since, landed, failed)
        feed_download.sweep_partials(landing, entries)
        result.requests = self.requests_made - counters[0]
        result.retries = self.retries - counters[1]
        result.bytes = self.bytes_received - counters[2]
        result.seconds = time.perf_counter() - started
        return result


__all__ = [
    "PARTIAL_DIR",
    "RETRY_STATUSES",
    "ExportEntry",
    "FeedClient",
    "PullResult",
    "RejectedExport",
    "check_name",
]
