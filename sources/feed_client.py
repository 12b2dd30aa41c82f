"""The export-feed client: lists the feed's export files, downloads them into a landing folder.

`FeedClient(base_url, client_id, client_secret).pull(landing, since)` lands every export file
newer than the watermark `since` under `landing/<kind>/<name>` (the layout of a source folder)
and returns the new watermark.

- Auth: OAuth2 client credentials; the token is cached until shortly before it expires and
  renewed once on a 401 (a freshly issued token refused at once is fatal). The secret and the
  token are never logged, printed, or put in an exception, a result or a report.
- Every request goes through a client-side rate limit (default 10/s) and has a timeout.
  429/500/502/503/504 and connection errors are retried by tenacity with exponential backoff
  and jitter, waiting Retry-After when the server sends it; any other 4xx fails at once with the
  server's `detail` in a one-line CareersError.
- A download streams into `landing/.partial/<sha256>.part` (mode 0600, hidden, so discovery never
  sees it), resumes with `Range`/`If-Range` after a dropped connection, is verified (size and
  sha256) and only then renamed into place. A file failing verification is rejected, and the
  watermark does not advance past it.
- Names from the server are checked: one path component, no hidden files, a known file type
  and kind; download links must stay on the feed's own origin.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode, urljoin, urlsplit

import requests
import urllib3
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from core.errors import CareersError
from sources.discover import KINDS, suffixes

log = logging.getLogger(__name__)

T = TypeVar("T")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
PARTIAL_DIR = ".partial"
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _when(text: str) -> datetime:
    """An ISO 8601 time as an aware datetime (naive means UTC)."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
                _when(self.created)
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
        return _when(self.created)

    def target(self, landing: Path) -> Path:
        return landing / self.kind / self.name


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


class RejectedExport(CareersError):
    """One export file could not be landed (verification failed, vanished): pull() records it
    and goes on; the watermark stays before it."""


class _Transient(Exception):
    """A failure worth retrying; `retry_after` (seconds) when the server said how long."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.retry_after = retry_after


class _RateLimiter:
    """Token bucket: at most `rate` requests per second on average, bursts of `rate`."""

    def __init__(self, rate: float | None):
        self.rate = rate
        self._tokens = float(rate or 0)
        self._at = time.monotonic()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        if not self.rate:
            return
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.rate, self._tokens + (now - self._at) * self.rate)
            self._at = now
            self._tokens -= 1
            delay = -self._tokens / self.rate if self._tokens < 0 else 0.0
        if delay:
            time.sleep(delay)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _sha256(path: Path) -> str:
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


class FeedClient:
    """A client of the export feed. Not thread-safe: use one per thread."""

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str = "exports",
        rate_limit: float | None = 10.0,
        timeout: float = 30.0,
        max_retries: int = 8,
        backoff: float = 0.5,
        backoff_max: float = 30.0,
        max_retry_after: float = 300.0,
        chunk_size: int = 1 << 20,
        allow_insecure: bool = False,
    ):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CareersError(f"export feed URL must be http(s)://host[:port], got {base_url!r}")
        if parts.username or parts.password:
            raise CareersError("put the feed credentials in CAREERS_CLIENT_ID/SECRET, not the URL")
        if parts.scheme == "http" and not allow_insecure and not _loopback(parts.hostname):
            raise CareersError(
                f"refusing to send credentials over plain http to {parts.hostname}: use https"
            )
        if not client_id or not client_secret:
            raise CareersError("the export feed needs a client id and a client secret")
        self.base_url = base_url.rstrip("/")
        self._origin = (parts.scheme, parts.netloc)
        self._client_id = client_id
        self._secret = client_secret
        self.scope = scope
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after
        self.chunk_size = chunk_size
        self._backoff = wait_exponential(multiplier=backoff, max=backoff_max) + wait_random(
            0, backoff
        )  # exponential backoff plus jitter
        self._limiter = _RateLimiter(rate_limit)
        self._session = requests.Session()
        self._session.headers["User-Agent"] = "careers-feed-client/1"
        self._token: str | None = None
        self._token_expires = 0.0
        self._token_sends = 0  # requests sent with the current token
        self._hidden: set[str] = {client_secret}
        self.requests_made = 0
        self.retries = 0
        self.bytes_received = 0

    def __repr__(self) -> str:
        return f"FeedClient({self.base_url!r})"

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> FeedClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -----------------------------------------------------------------------------

    def _redact(self, text: str) -> str:
        for secret in self._hidden:
            if secret:
                text = text.replace(secret, "***")
        return " ".join(text.split())[:300]

    def _url(self, path: str) -> str:
        """`path` on the feed's own origin; anything pointing elsewhere is refused (a token must
        never be sent to another host)."""
        url = urljoin(self.base_url + "/", path)
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != self._origin:
            raise CareersError(f"feed sent a link off its own origin: {self._redact(path)!r}")
        return url

    def _detail(self, response: requests.Response) -> str:
        try:
            errors = response.json().get("errors") or []
            detail = "; ".join(str(e.get("detail") or e.get("title") or "") for e in errors)
        except (ValueError, AttributeError):
            detail = ""
        return self._redact(f"{response.status_code} {detail or response.reason or ''}".strip())

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One HTTP request: rate-limited, with a timeout; network failures are transient."""
        self._limiter.acquire()
        self.requests_made += 1
        try:
            return self._session.request(method, url, timeout=self.timeout, **kwargs)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise _Transient(f"{type(exc).__name__} on {urlsplit(url).path}") from None
        except requests.exceptions.ChunkedEncodingError:
            raise _Transient(f"connection dropped mid-body on {urlsplit(url).path}") from None

    def _check(self, response: requests.Response, what: str, allow: tuple[int, ...] = ()) -> None:
        status = response.status_code
        if status < 400 or status in allow:
            return
        detail = self._detail(response)
        response.close()
        if status in RETRY_STATUSES:
            wait = _retry_after(response.headers.get("Retry-After"))
            if wait is not None and wait > self.max_retry_after:
                raise CareersError(f"{what}: feed asked to retry after {wait:.0f} s ({detail})")
            raise _Transient(detail, wait)
        raise CareersError(f"{what}: feed answered {detail}")

    def _bearer(self) -> str:
        if self._token and time.monotonic() < self._token_expires:
            return self._token
        what = "token request"
        response = self._send(
            "POST",
            self._url("/connect/token"),
            data={
                "client_id": self._client_id,
                "client_secret": self._secret,
                "grant_type": "client_credentials",
                "scope": self.scope,
            },
        )
        if response.status_code in (400, 401):
            detail = self._detail(response)
            raise CareersError(f"the export feed refused the client credentials ({detail})")
        self._check(response, what)
        try:
            body = response.json()
            token, ttl = str(body["access_token"]), float(body.get("expires_in", 3600))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise CareersError(f"{what}: feed answered no usable access token") from None
        self._hidden.add(token)
        self._token, self._token_sends = token, 0
        self._token_expires = time.monotonic() + ttl - min(60.0, 0.1 * ttl)
        log.debug("access token obtained, valid %.0f s", ttl)
        return token

    def _authorized(
        self, what: str, url: str, allow: tuple[int, ...] = (), **kwargs: Any
    ) -> requests.Response:
        """An authenticated GET: a 401 on a token already used once drops the token (the next
        attempt fetches a new one); a 401 on a brand-new token is fatal."""
        token = self._bearer()
        headers = {**kwargs.pop("headers", {}), "Authorization": f"Bearer {token}"}
        self._token_sends += 1
        fresh = self._token_sends == 1
        response = self._send("GET", url, headers=headers, **kwargs)
        if response.status_code == 401:
            detail = self._detail(response)
            response.close()
            if fresh:
                raise CareersError(f"{what}: the feed refused a new access token ({detail})")
            self._token = None
            raise _Transient(f"access token refused ({detail}): renewing it", 0.0)
        self._check(response, what, allow)
        return response

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return exc.retry_after
        return self._backoff(state)

    def _on_retry(self, state: RetryCallState) -> None:
        self.retries += 1
        exc = state.outcome.exception() if state.outcome else None
        sleep = state.next_action.sleep if state.next_action else 0.0
        log.info("retry %d in %.2f s: %s", state.attempt_number, sleep, exc)

    def _call(self, what: str, attempt: Callable[[], T]) -> T:
        """Run `attempt` with retries on transient failures (tenacity)."""
        retrying = Retrying(
            stop=stop_after_attempt(self.max_retries + 1),
            wait=self._wait,
            retry=retry_if_exception_type(_Transient),
            before_sleep=self._on_retry,
            reraise=True,
        )
        try:
            return retrying(attempt)
        except _Transient as exc:
            raise CareersError(
                f"{what}: gave up after {self.max_retries} retries ({self._redact(str(exc))})"
            ) from None

    def _get_json(self, what: str, path: str) -> dict:
        url = self._url(path)

        def attempt() -> dict:
            response = self._authorized(what, url)
            try:
                body = response.json()
            except ValueError:
                raise CareersError(f"{what}: feed answered invalid JSON") from None
            if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                raise CareersError(f"{what}: feed answer has no 'data' list")
            return body

        return self._call(what, attempt)

    def _pages(self, what: str, path: str) -> Iterator[list]:
        seen: set[str] = set()
        while path:
            if path in seen:
                raise CareersError(f"{what}: feed paging loops back to {self._redact(path)!r}")
            seen.add(path)
            body = self._get_json(what, path)
            yield body["data"]
            path = body.get("next") or ""

    # -- API ----------------------------------------------------------------------------------

    def _listing(self, since: str | None) -> tuple[list[ExportEntry], list[tuple[str, str]]]:
        path = "/exports"
        if since:
            path += "?" + urlencode({"since": since})
        entries, refused = [], []
        for page in self._pages("export listing", path):
            for raw in page:
                try:
                    entries.append(ExportEntry.from_json(raw))
                except (ValueError, TypeError) as exc:
                    name = raw.get("name") if isinstance(raw, dict) else None
                    shown = self._redact(str(name))[:200]
                    log.warning("refused export %r: %s", shown, exc)
                    refused.append((shown, str(exc)))
        return entries, refused

    def list_exports(self, since: str | None = None) -> list[ExportEntry]:
        """Export files newer than `since`, in the feed's (created, name) order; entries with
        unsafe names or bad fields are logged and left out."""
        return self._listing(since)[0]

    def skills(self) -> list[dict]:
        """The skills taxonomy records (Skills-API shape), every page."""
        return [
            record
            for page in self._pages("skills taxonomy", "/skills/versions/latest/skills")
            for record in page
            if isinstance(record, dict)
        ]

    def download(self, entry: ExportEntry, landing: Path) -> Path:
        """Land one export file at `landing/<kind>/<name>`, verified; returns its path.
        Raises RejectedExport when it fails verification or vanished from the feed."""
        what = f"download {entry.kind}/{entry.name}"
        url = self._url(entry.path)
        partials = landing / PARTIAL_DIR
        partials.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = partials / f"{entry.sha256}.part"
        self._call(what, lambda: self._fetch(what, url, entry, partial))
        size = partial.stat().st_size
        problem = None
        if size != entry.size:
            problem = f"size {size} differs from the listed {entry.size}"
        elif (sha := _sha256(partial)) != entry.sha256:
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

    def _fetch(self, what: str, url: str, entry: ExportEntry, partial: Path) -> None:
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
        response = self._authorized(what, url, allow=(404, 410, 416), headers=headers, stream=True)
        with response:
            if response.status_code in (404, 410):
                raise RejectedExport(
                    f"gone from the feed ({self._detail(response)})", f"{entry.kind}/{entry.name}"
                )
            if response.status_code == 416:  # the partial no longer fits the file
                partial.unlink(missing_ok=True)
                raise _Transient("range not satisfiable: starting over", 0.0)
            if response.status_code == 206:
                start = response.headers.get("Content-Range", "").removeprefix("bytes ")
                if not start.startswith(f"{have}-"):
                    partial.unlink(missing_ok=True)
                    raise _Transient("server answered another range: starting over", 0.0)
            else:
                have = 0  # a whole body: start over
            fd = os.open(partial, os.O_RDWR | os.O_CREAT, 0o600)
            with os.fdopen(fd, "r+b") as out:
                os.fchmod(fd, 0o600)
                out.seek(have)
                out.truncate()
                try:
                    for chunk in response.raw.stream(self.chunk_size, decode_content=False):
                        out.write(chunk)
                        self.bytes_received += len(chunk)
                except urllib3.exceptions.HTTPError as exc:  # dropped, reset, read timeout
                    raise _Transient(
                        f"{type(exc).__name__}: transfer cut at byte {out.tell()}"
                    ) from None
                finally:
                    out.flush()
                    os.fsync(out.fileno())

    def pull(self, landing: Path, since: str | None = None) -> PullResult:
        """Land every export newer than `since`; returns what happened and the new watermark:
        the latest `created` of the files landed (or already there), never at or past a file
        that failed verification. Refused names are reported but do not hold the watermark."""
        started = time.perf_counter()
        counters = (self.requests_made, self.retries, self.bytes_received)
        landing.mkdir(parents=True, exist_ok=True)
        entries, refused = self._listing(since)
        result = PullResult(rejected=list(refused))
        landed: list[ExportEntry] = []
        failed: list[ExportEntry] = []
        for entry in entries:
            target = entry.target(landing)
            if target.is_file() and _sha256(target) == entry.sha256:
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
        result.watermark = _watermark(since, landed, failed)
        self._sweep_partials(landing, entries)
        result.requests = self.requests_made - counters[0]
        result.retries = self.retries - counters[1]
        result.bytes = self.bytes_received - counters[2]
        result.seconds = time.perf_counter() - started
        return result

    @staticmethod
    def _sweep_partials(landing: Path, entries: list[ExportEntry]) -> None:
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


def _watermark(
    since: str | None, landed: list[ExportEntry], failed: list[ExportEntry]
) -> str | None:
    limit = min((e.created_at for e in failed), default=None)
    best = max(
        (e for e in landed if limit is None or e.created_at < limit),
        key=lambda e: e.created_at,
        default=None,
    )
    if best is None or (since is not None and _when(since) >= best.created_at):
        return since
    return best.created
