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
`(base_url, server, stats)`; `server.hooks` schedules deterministic faults. The parts:
`devtools.feed_catalogue` (the served files), `devtools.feed_state` (tokens, faults, limits,
counters), `devtools.feed_handler` (the HTTP endpoints).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

from core.errors import CareersError
from devtools.feed_handler import FeedHandler
from devtools.feed_state import FAULTS, FeedHooks, FeedState, FeedStats, Transfer


class FeedServer(FeedState, ThreadingHTTPServer):
    """The fake feed: a threading HTTP server whose handlers share this `FeedState`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], source: Path, client_id: str, client_secret: str, **options
    ):
        FeedState.__init__(self, source, client_id, client_secret, **options)  # checks first
        ThreadingHTTPServer.__init__(self, address, FeedHandler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


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
