"""A local export feed: serves an export folder over the Lightcast-style HTTP API.

Endpoints (every one except `POST /connect/token` needs a valid, unexpired Bearer token):

- `POST /connect/token`: OAuth2 client credentials (form fields `client_id`, `client_secret`,
  `grant_type=client_credentials`, `scope`) -> `{"access_token", "expires_in", "token_type"}`.
- `GET /exports?since=WATERMARK&offset=&limit=`: the export files whose `created` time (the
  file's mtime, ISO 8601 UTC) is strictly later than `since`, ordered by (created, name):
  `{"data": [{"name", "kind", "size", "sha256", "created", "path"}], "total", "next"}`.
- `GET /exports/{name}?kind=KIND`: the file's bytes; `Range: bytes=N-[M]` (with `If-Range`
  on the ETag, which is the quoted sha256) answers 206.
- `GET /skills/versions/latest/skills?offset=&limit=`: the records of `skills/*.json`
  (`{"data": [...]}` shape) paged the same way.

Errors are `{"errors": [{"status", "title", "detail"}]}`. With `fault_rate`, that fraction of
requests fails at random: 429 with Retry-After, 503, a connection dropped mid-body, or 401 for
an "expired" token (only for a token that has already been used once, as a real expiry would).

`serve(...)` blocks; `running_server(...)` runs it in a background thread for tests and yields
`(base_url, server, stats)`; `server.hooks` schedules deterministic faults.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import random
import secrets
import socket
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from core.errors import CareersError
from sources.discover import KINDS, suffixes

log = logging.getLogger(__name__)

FAULTS = ("429", "503", "drop", "401")
MAX_FORM_BYTES = 16 * 1024
DEFAULT_PAGE = 100
MAX_PAGE = 1000
CHUNK = 1 << 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Transfer:
    """One response of `GET /exports/{name}`: the first byte offset and the bytes written."""

    name: str
    start: int
    sent: int
    status: int
    dropped: bool


@dataclass
class FeedStats:
    """Counters for tests and benchmarks (thread-safe through `lock`)."""

    requests: int = 0
    tokens_issued: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    bytes_sent: Counter[str] = field(default_factory=Counter)  # body bytes per export name
    transfers: list[Transfer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


@dataclass
class FeedHooks:
    """Deterministic test hooks. `faults`: fault names (see FAULTS) forced on the next requests,
    None for "no fault" (a forced 401 on a token's first use is served normally);
    `drop_after`: export name -> cut its next transfer after that many body bytes; `corrupt`:
    export names served with one byte flipped (the listing keeps the true sha256);
    `extra_entries`: raw listing entries appended to every `GET /exports` answer;
    `issued_tokens`: every access token issued (so tests can check that none leaks)."""

    faults: deque[str | None] = field(default_factory=deque)
    drop_after: dict[str, int] = field(default_factory=dict)
    corrupt: set[str] = field(default_factory=set)
    extra_entries: list[dict] = field(default_factory=list)
    issued_tokens: list[str] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class _Export:
    kind: str
    path: Path
    size: int
    sha256: str
    created: datetime

    @property
    def name(self) -> str:
        return self.path.name


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _Catalogue:
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

    def exports(self) -> list[_Export]:
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
                    found.append(_Export(kind, path, stat.st_size, sha, created))
        return sorted(found, key=lambda e: (e.created, e.name.encode(), e.kind))

    def skills(self) -> list[dict]:
        """Every record of skills/*.json in file-name order; a later record of an id wins."""
        records: dict[str, dict] = {}
        for export in self.exports():
            if export.kind == "skills" and export.name.lower().endswith(".json"):
                data = json.loads(export.path.read_bytes()).get("data", [])
                records.update((str(r.get("id")), r) for r in data if isinstance(r, dict))
        return list(records.values())


class _ApiError(Exception):
    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        source: Path,
        client_id: str,
        client_secret: str,
        *,
        fault_rate: float = 0.0,
        latency_ms: int = 0,
        rate_limit: float | None = None,
        token_ttl: int = 3600,
        retry_after: int = 1,
        seed: int | None = None,
    ):
        if not source.is_dir():
            raise CareersError("export folder does not exist", source)
        if not client_id or not client_secret:
            raise CareersError("the export server needs a client id and a client secret")
        if not 0.0 <= fault_rate <= 1.0:
            raise CareersError(f"--fault-rate must be between 0 and 1, got {fault_rate}")
        super().__init__(address, _Handler)
        self.catalogue = _Catalogue(source)
        self._client_id = client_id
        self._client_secret = client_secret
        self.fault_rate = fault_rate
        self.latency = latency_ms / 1000
        self.rate_limit = rate_limit
        self.token_ttl = token_ttl
        self.retry_after = retry_after
        self.stats = FeedStats()
        self.hooks = FeedHooks()
        self._rng = random.Random(seed)
        self._tokens: dict[str, list] = {}  # token -> [expires_at (monotonic), times used]
        self._window = [0.0, 0]  # rate limit: start of the current second, requests in it
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    # -- credentials and tokens ---------------------------------------------------------------

    def check_client(self, client_id: str, client_secret: str) -> bool:
        ok_id = hmac.compare_digest(client_id.encode(), self._client_id.encode())
        ok_secret = hmac.compare_digest(client_secret.encode(), self._client_secret.encode())
        return ok_id and ok_secret

    def issue_token(self) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            now = time.monotonic()
            self._tokens = {t: v for t, v in self._tokens.items() if v[0] > now}
            self._tokens[token] = [now + self.token_ttl, 0]
            self.hooks.issued_tokens.append(token)
        with self.stats.lock:
            self.stats.tokens_issued += 1
        return token

    def use_token(self, token: str) -> int:
        """Times the token was used before (-1: unknown or expired)."""
        with self._lock:
            entry = self._tokens.get(token)
            if entry is None or entry[0] <= time.monotonic():
                return -1
            entry[1] += 1
            return entry[1] - 1

    def expire_token(self, token: str) -> None:
        with self._lock:
            self._tokens.pop(token, None)

    # -- faults and limits --------------------------------------------------------------------

    def draw_fault(self, candidates: tuple[str, ...]) -> str | None:
        with self._lock:
            if self.hooks.faults:
                return self.hooks.faults.popleft()
            if self.fault_rate and self._rng.random() < self.fault_rate:
                return self._rng.choice(candidates)
        return None

    def cut_point(self, length: int) -> int:
        with self._lock:
            return self._rng.randrange(length) if length > 0 else 0

    def over_rate_limit(self) -> bool:
        if not self.rate_limit:
            return False
        with self._lock:
            now = time.monotonic()
            if now - self._window[0] >= 1.0:
                self._window = [now, 0]
            self._window[1] += 1
            return self._window[1] > self.rate_limit

    def count_fault(self, fault: str) -> None:
        with self.stats.lock:
            self.stats.faults[fault] += 1


def _error_body(status: int, detail: str) -> bytes:
    title = HTTPStatus(status).phrase
    return json.dumps({"errors": [{"status": status, "title": title, "detail": detail}]}).encode()


def _page(query: dict[str, list[str]]) -> tuple[int, int]:
    try:
        offset = int(query.get("offset", ["0"])[0])
        limit = int(query.get("limit", [str(DEFAULT_PAGE)])[0])
    except ValueError:
        raise _ApiError(400, "offset and limit must be integers") from None
    if offset < 0 or not 1 <= limit <= MAX_PAGE:
        raise _ApiError(400, f"offset must be >= 0 and limit between 1 and {MAX_PAGE}")
    return offset, limit


def _paged(path: str, params: dict[str, str], items: list, offset: int, limit: int) -> dict:
    page = items[offset : offset + limit]
    nxt = None
    if offset + limit < len(items):
        nxt = f"{path}?{urlencode({**params, 'offset': offset + limit, 'limit': limit})}"
    return {"data": page, "total": len(items), "offset": offset, "next": nxt}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FeedServer
    server_version = "careers-feed/1"

    def log_message(self, format: str, *args) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    # -- plumbing -----------------------------------------------------------------------------

    def _send(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json",
        drop: bool = False,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if drop:
            self.server.count_fault("drop")
            self.wfile.write(body[: self.server.cut_point(len(body))])
            self._hang_up()
        else:
            self.wfile.write(body)

    def _hang_up(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)

    def _json(self, payload: dict, drop: bool = False) -> None:
        self._send(200, json.dumps(payload).encode(), drop=drop)

    def _fail(self, exc: _ApiError) -> None:
        self._send(exc.status, _error_body(exc.status, exc.detail), exc.headers)

    def _dispatch(self, method: str) -> None:
        server = self.server
        with server.stats.lock:
            server.stats.requests += 1
        if server.latency:
            time.sleep(server.latency)
        self._responded = False
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        try:
            length = self._body_length()
            body = self.rfile.read(length) if length else b""
            if server.over_rate_limit():
                server.count_fault("rate_limited")
                raise _ApiError(429, "rate limit exceeded", {"Retry-After": "1"})
            if url.path == "/connect/token":
                if method != "POST":
                    raise _ApiError(405, "use POST", {"Allow": "POST"})
                fault = self._maybe_fault(token_endpoint=True)
                self._token(body, drop=fault == "drop")
                return
            if method != "GET":
                raise _ApiError(405, "use GET", {"Allow": "GET"})
            self._authorize()
            if url.path == "/exports":
                fault = self._maybe_fault()
                self._list(query, drop=fault == "drop")
            elif url.path.startswith("/exports/"):
                fault = self._maybe_fault()
                self._download(unquote(url.path[len("/exports/") :]), query, fault == "drop")
            elif url.path == "/skills/versions/latest/skills":
                fault = self._maybe_fault()
                offset, limit = _page(query)
                items = server.catalogue.skills()
                self._json(_paged(url.path, {}, items, offset, limit), drop=fault == "drop")
            else:
                raise _ApiError(404, f"no such endpoint: {url.path}")
        except _ApiError as exc:
            self._fail(exc)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception:  # a bug or an unreadable file: a 500 (or a cut body once started)
            log.exception("feed server error on %s %s", method, url.path)
            self.close_connection = True
            if not self._responded:
                self._fail(_ApiError(500, "internal error"))
            else:
                self._hang_up()

    def _body_length(self) -> int:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.close_connection = True
            raise _ApiError(400, "bad Content-Length") from None
        if not 0 <= length <= MAX_FORM_BYTES:
            self.close_connection = True  # an unread body cannot be skipped
            raise _ApiError(413, "request body too large")
        return length

    def end_headers(self) -> None:
        self._responded = True
        super().end_headers()

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    # -- auth and faults ----------------------------------------------------------------------

    def _authorize(self) -> None:
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        challenge = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        if scheme.lower() != "bearer" or not token:
            raise _ApiError(401, "missing bearer token", {"WWW-Authenticate": "Bearer"})
        used = self.server.use_token(token.strip())
        if used < 0:
            raise _ApiError(401, "access token is invalid or expired", challenge)
        self._token_used_before = used > 0
        self._bearer = token.strip()

    def _maybe_fault(self, token_endpoint: bool = False) -> str | None:
        fault = self.server.draw_fault(FAULTS[:3] if token_endpoint else FAULTS)
        if fault == "401" and (token_endpoint or not self._token_used_before):
            fault = None  # no token to expire, or a token on its very first use
        self._fault(fault)
        return fault

    def _fault(self, fault: str | None) -> None:
        server = self.server
        if fault is None or fault == "drop":
            return
        server.count_fault(fault)
        if fault == "429":
            raise _ApiError(429, "too many requests", {"Retry-After": str(server.retry_after)})
        if fault == "503":
            raise _ApiError(503, "service temporarily unavailable")
        if fault == "401":
            server.expire_token(self._bearer)
            raise _ApiError(
                401, "access token expired", {"WWW-Authenticate": 'Bearer error="invalid_token"'}
            )
        raise AssertionError(fault)

    # -- endpoints ----------------------------------------------------------------------------

    def _token(self, body: bytes, drop: bool) -> None:
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            raise _ApiError(415, "send the token request as application/x-www-form-urlencoded")
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        if form.get("grant_type") != "client_credentials":
            raise _ApiError(400, "grant_type must be client_credentials")
        if not self.server.check_client(form.get("client_id", ""), form.get("client_secret", "")):
            raise _ApiError(401, "invalid client credentials")
        token = self.server.issue_token()
        payload = {
            "access_token": token,
            "expires_in": self.server.token_ttl,
            "token_type": "Bearer",
            "scope": form.get("scope", ""),
        }
        self._json(payload, drop=drop)

    def _list(self, query: dict[str, list[str]], drop: bool) -> None:
        since_text = query.get("since", [""])[0]
        since = None
        if since_text:
            try:
                since = datetime.fromisoformat(since_text)
            except ValueError:
                raise _ApiError(
                    400, f"since must be an ISO 8601 time, got {since_text!r}"
                ) from None
            if since.tzinfo is None:
                since = since.replace(tzinfo=UTC)
        offset, limit = _page(query)
        entries = [
            {
                "name": e.name,
                "kind": e.kind,
                "size": e.size,
                "sha256": e.sha256,
                "created": _iso(e.created),
                "path": f"/exports/{quote(e.name)}?kind={e.kind}",
            }
            for e in self.server.catalogue.exports()
            if since is None or e.created > since
        ]
        entries += self.server.hooks.extra_entries
        params = {"since": since_text} if since_text else {}
        self._json(_paged("/exports", params, entries, offset, limit), drop=drop)

    def _download(self, name: str, query: dict[str, list[str]], drop: bool) -> None:
        kind = query.get("kind", [None])[0]
        matches = [
            e
            for e in self.server.catalogue.exports()
            if e.name == name and (kind is None or e.kind == kind)
        ]
        if not matches:
            raise _ApiError(404, f"no export named {name!r}")
        if len(matches) > 1:
            raise _ApiError(409, f"{name!r} exists in several kinds: add ?kind=")
        export = matches[0]
        etag = f'"{export.sha256}"'
        start, end = 0, export.size - 1
        status = 200
        headers = {"Accept-Ranges": "bytes", "ETag": etag}
        wanted = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if wanted and (if_range is None or if_range == etag):
            start, end = self._range(wanted, export.size)
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end}/{export.size}"
        length = end - start + 1
        cut = self.server.hooks.drop_after.pop(name, None)
        if drop:
            cut = self.server.cut_point(length)
        if cut is not None:
            self.server.count_fault("drop")
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(length))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        sent = self._stream(export, start, length if cut is None else min(cut, length))
        with self.server.stats.lock:
            self.server.stats.bytes_sent[name] += sent
            self.server.stats.transfers.append(Transfer(name, start, sent, status, cut is not None))
        if cut is not None:
            self._hang_up()

    @staticmethod
    def _range(header: str, size: int) -> tuple[int, int]:
        unit, _, spec = header.partition("=")
        first, dash, last = spec.strip().partition("-")
        unsatisfiable = _ApiError(
            416, "range not satisfiable", {"Content-Range": f"bytes */{size}"}
        )
        if unit.strip() != "bytes" or not dash or "," in spec:
            raise _ApiError(400, "only one 'bytes=N-[M]' range is supported")
        try:
            if first:
                start, end = int(first), int(last) if last else size - 1
            else:  # suffix range: the last N bytes
                start, end = max(size - int(last), 0), size - 1
        except ValueError:
            raise _ApiError(400, f"bad Range header {header!r}") from None
        if start >= size or start > end:
            raise unsatisfiable
        return start, min(end, size - 1)

    def _stream(self, export: _Export, start: int, count: int) -> int:
        """Write `count` bytes of the file from `start`; returns the bytes written."""
        flip = export.size // 2 if export.name in self.server.hooks.corrupt else -1
        sent = 0
        with export.path.open("rb") as fh:
            fh.seek(start)
            while sent < count:
                chunk = fh.read(min(CHUNK, count - sent))
                if not chunk:
                    break
                offset = start + sent
                if offset <= flip < offset + len(chunk):
                    at = flip - offset
                    chunk = chunk[:at] + bytes([chunk[at] ^ 0xFF]) + chunk[at + 1 :]
                self.wfile.write(chunk)
                sent += len(chunk)
        return sent


def make_server(
    source: Path,
    host: str = "127.0.0.1",
    port: int = 0,
    client_id: str = "",
    client_secret: str = "",
    **options,
) -> FeedServer:
    """A bound, not yet serving, export server (port 0: a free port)."""
    try:
        return FeedServer((host, port), Path(source), client_id, client_secret, **options)
    except OSError as exc:
        raise CareersError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def serve(
    source: Path,
    host: str = "127.0.0.1",
    port: int = 8080,
    client_id: str = "",
    client_secret: str = "",
    fault_rate: float = 0.0,
    latency_ms: int = 0,
    rate_limit: float | None = None,
    token_ttl: int = 3600,
    seed: int | None = None,
    retry_after: int = 1,
    announce: Callable[[FeedServer], None] | None = None,
) -> None:
    """Serve `source` until interrupted (Ctrl-C); `announce(server)` runs once it listens."""
    server = make_server(
        source, host, port, client_id, client_secret, fault_rate=fault_rate,
        latency_ms=latency_ms, rate_limit=rate_limit, token_ttl=token_ttl, seed=seed,
        retry_after=retry_after,
    )  # fmt: skip
    with server, contextlib.suppress(KeyboardInterrupt):
        if announce:
            announce(server)
        server.serve_forever()


@contextlib.contextmanager
def running_server(
    source: Path,
    client_id: str = "test-client",
    client_secret: str = "test-secret",
    host: str = "127.0.0.1",
    port: int = 0,
    **options,
) -> Iterator[tuple[str, FeedServer, FeedStats]]:
    """Run the server in a background thread: yields (base_url, server, stats)."""
    server = make_server(source, host, port, client_id, client_secret, **options)
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name="feed-server", daemon=True
    )
    thread.start()
    try:
        yield server.base_url, server, server.stats
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


__all__ = [
    "FAULTS",
    "FeedHooks",
    "FeedServer",
    "FeedStats",
    "Transfer",
    "make_server",
    "running_server",
    "serve",
]
