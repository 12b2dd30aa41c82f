"""The feed's export listing: validated entries, paging, and the watermark they advance.

Names from the server are checked (`check_name`): one path component, no hidden files, a known
file type and kind. A download path must be an absolute path on the feed's own origin.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from core.errors import CareersError
from sources.discover import KINDS, suffixes
from sources.feed_session import FeedSession

log = logging.getLogger(__name__)

_SHA256 = re.compile(r"[0-9a-f]{64}")


def when(text: str) -> datetime:
    """An ISO 8601 time as an aware datetime (naive means UTC)."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_name(name: object, kind: object) -> str | None:
    """Why a server-supplied (name, kind) cannot be landed, or None when it is safe."""
    if kind not in KINDS:
        return f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}"
    if not isinstance(name, str) or not name:
        return "missing file name"
    if len(name.encode()) > 255 or any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "file name too long or has control characters"
    if "/" in name or "\\" in name or name in (".", ".."):
        return "file name is a path, not a plain name"
    if name.startswith("."):
        return "hidden file name"
    if not name.lower().endswith(suffixes(kind)):
        return f"unknown file type: expected {', '.join(suffixes(kind))}"
    return None


@dataclass(frozen=True)
class ExportEntry:
    """One export file offered by the feed; constructing it validates every field."""

    name: str
    kind: str
    size: int
    sha256: str
    created: str  # ISO 8601, kept as the server wrote it (the watermark round-trips exactly)
    path: str  # download path on the feed's origin

    def __post_init__(self) -> None:
        problem = check_name(self.name, self.kind)
        if problem is None and (type(self.size) is not int or self.size < 0):
            problem = "size is not a non-negative integer"
        if problem is None and not (
            isinstance(self.sha256, str) and _SHA256.fullmatch(self.sha256)
        ):
            problem = "sha256 is not 64 lower-case hex digits"
        if problem is None:
            try:
                when(self.created)
            except (TypeError, ValueError):
                problem = "created is not an ISO 8601 time"
        if problem is None and not (
            isinstance(self.path, str)
            and self.path.startswith("/")
            and not self.path.startswith("//")  # "//host/..." would leave the feed's origin
            and "\\" not in self.path
        ):
            problem = "download path is not an absolute path on the feed"
        if problem:
            raise ValueError(problem)

    @classmethod
    def from_json(cls, raw: object) -> ExportEntry:
        if not isinstance(raw, dict):
            raise ValueError("listing entry is not an object")
        fields = ("name", "kind", "size", "sha256", "created", "path")
        return cls(**{f: raw.get(f) for f in fields})

    @property
    def created_at(self) -> datetime:
        return when(self.created)

    def target(self, landing: Path) -> Path:
        return landing / self.kind / self.name


def _get_json(session: FeedSession, what: str, path: str) -> dict:
    url = session.url(path)

    def attempt() -> dict:
        response = session.authorized(what, url)
        try:
            body = response.json()
        except ValueError:
            raise CareersError(f"{what}: feed answered invalid JSON") from None
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise CareersError(f"{what}: feed answer has no 'data' list")
        return body

    return session.call(what, attempt)


def pages(session: FeedSession, what: str, path: str) -> Iterator[list]:
    """The `data` list of every page from `path` on, following `next` links (a loop fails)."""
    seen: set[str] = set()
    while path:
        if path in seen:
            raise CareersError(f"{what}: feed paging loops back to {session.redact(path)!r}")
        seen.add(path)
        body = _get_json(session, what, path)
        yield body["data"]
        path = body.get("next") or ""


def listing(
    session: FeedSession, since: str | None
) -> tuple[list[ExportEntry], list[tuple[str, str]]]:
    """The valid entries newer than `since` in the feed's order, and (name, reason) of each
    entry refused (logged, name redacted)."""
    path = "/exports"
    if since:
        path += "?" + urlencode({"since": since})
    entries, refused = [], []
    for page in pages(session, "export listing", path):
        for raw in page:
            try:
                entries.append(ExportEntry.from_json(raw))
            except (ValueError, TypeError) as exc:
                name = raw.get("name") if isinstance(raw, dict) else None
                shown = session.redact(str(name))[:200]
                log.warning("refused export %r: %s", shown, exc)
                refused.append((shown, str(exc)))
    return entries, refused


def watermark(
    since: str | None, landed: list[ExportEntry], failed: list[ExportEntry]
) -> str | None:
    """The latest `created` of `landed` before the first failure, never before `since`."""
    limit = min((e.created_at for e in failed), default=None)
    best = max(
        (e for e in landed if limit is None or e.created_at < limit),
        key=lambda e: e.created_at,
        default=None,
    )
    if best is None or (since is not None and when(since) >= best.created_at):
        return since
    return best.created
