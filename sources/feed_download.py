"""Resumable, verified downloads of export files into a landing folder.

A download streams into `landing/.partial/<sha256>.part` (mode 0600, hidden, so discovery never
sees it), resumes with `Range`/`If-Range` after a dropped connection, is verified (size and
sha256) and only then renamed into place. A file failing verification, or gone from the feed,
is a `RejectedExport`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from pathlib import Path

import urllib3

from core.errors import CareersError
from sources.feed_listing import ExportEntry
from sources.feed_session import FeedSession, Transient

log = logging.getLogger(__name__)

PARTIAL_DIR = ".partial"


class RejectedExport(CareersError):
    """One export file could not be landed (verification failed, vanished): pull() records it
    and goes on; the watermark stays before it."""


def sha256(path: Path) -> str:
    """The hex sha256 of the file at `path`."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def download(session: FeedSession, entry: ExportEntry, landing: Path) -> Path:
    """Land one export file at `landing/<kind>/<name>`, verified; returns its path.
    Raises RejectedExport when it fails verification or vanished from the feed."""
    what = f"download {entry.kind}/{entry.name}"
    url = session.url(entry.path)
    partials = landing / PARTIAL_DIR
    partials.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = partials / f"{entry.sha256}.part"
    session.call(what, lambda: _fetch(session, what, url, entry, partial))
    size = partial.stat().st_size
    problem = None
    if size != entry.size:
        problem = f"size {size} differs from the listed {entry.size}"
    elif (sha := sha256(partial)) != entry.sha256:
        problem = f"sha256 {sha} differs from the listed {entry.sha256}"
    if problem:
        partial.unlink(missing_ok=True)
        raise RejectedExport(problem, f"{entry.kind}/{entry.name}")
    target = entry.target(landing)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(partial, target)
    _fsync_dir(target.parent)
    log.info("landed %s/%s (%d bytes)", entry.kind, entry.name, entry.size)
    return target


def _fetch(session: FeedSession, what: str, url: str, entry: ExportEntry, partial: Path) -> None:
    """One attempt: continue `partial` from where it stops (Range + If-Range on the
    sha256 ETag), or start over when the server sends the whole file."""
    have = partial.stat().st_size if partial.exists() else 0
    if have > entry.size:
        partial.unlink()
        have = 0
    if have == entry.size and have:
        return
    headers = {"Accept-Encoding": "identity"}  # the file's bytes, never re-encoded
    if have:
        headers |= {"Range": f"bytes={have}-", "If-Range": f'"{entry.sha256}"'}
    response = session.authorized(what, url, allow=(404, 410, 416), headers=headers, stream=True)
    with response:
        if response.status_code in (404, 410):
            raise RejectedExport(
                f"gone from the feed ({session.detail(response)})", f"{entry.kind}/{entry.name}"
            )
        if response.status_code == 416:  # the partial no longer fits the file
            partial.unlink(missing_ok=True)
            raise Transient("range not satisfiable: starting over", 0.0)
        if response.status_code == 206:
            start = response.headers.get("Content-Range", "").removeprefix("bytes ")
            if not start.startswith(f"{have}-"):
                partial.unlink(missing_ok=True)
                raise Transient("server answered another range: starting over", 0.0)
        else:
            have = 0  # a whole body: start over
        fd = os.open(partial, os.O_RDWR | os.O_CREAT, 0o600)
        with os.fdopen(fd, "r+b") as out:
            os.fchmod(fd, 0o600)
            out.seek(have)
            out.truncate()
            try:
                for chunk in response.raw.stream(session.chunk_size, decode_content=False):
                    out.write(chunk)
                    session.bytes_received += len(chunk)
            except urllib3.exceptions.HTTPError as exc:  # dropped, reset, read timeout
                cut = f"{type(exc).__name__}: transfer cut at byte {out.tell()}"
                raise Transient(cut) from None
            finally:
                out.flush()
                os.fsync(out.fileno())


def sweep_partials(landing: Path, entries: list[ExportEntry]) -> None:
    """Drop partial downloads of files the feed no longer offers after the watermark."""
    folder = landing / PARTIAL_DIR
    if not folder.is_dir():
        return
    wanted = {f"{e.sha256}.part" for e in entries}
    for path in folder.iterdir():
        if path.name not in wanted:
            path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # only when empty
        folder.rmdir()
