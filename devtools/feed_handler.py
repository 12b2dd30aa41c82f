"""The fake feed's HTTP request handler: routing, bearer-token checks, the faults it injects
(see `FeedState`), and the endpoints (token, listing, download with ranges, skills).

Errors are `{"errors": [{"status", "title", "detail"}]}`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import time
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from devtools.feed_catalogue import CHUNK, Export, iso
from devtools.feed_state import FAULTS, FeedState, Transfer

log = logging.getLogger(__name__)

MAX_FORM_BYTES = 16 * 1024
DEFAULT_PAGE = 100
MAX_PAGE = 1000


class _ApiError(Exception):
    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


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


class FeedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FeedState
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
        server.count_request()
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
                "created": iso(e.created),
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
        self.server.count_transfer(Transfer(name, start, sent, status, cut is not None))
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

    def _stream(self, export: Export, start: int, count: int) -> int:
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
