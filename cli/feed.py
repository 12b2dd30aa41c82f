"""`careers export-server`: serve an export folder over the feed API (see devtools.feed_server)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.options import fail
from core.errors import CareersError
from sources.exports import CLIENT_ID_ENV, CLIENT_SECRET_ENV

_LOOPBACK = ("127.0.0.1", "::1", "localhost")


def export_server(
    source: Annotated[
        Path,
        typer.Option("--source", help="Export folder with postings/, skills/, employment/."),
    ],
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")],
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    fault_rate: Annotated[
        float,
        typer.Option(
            "--fault-rate",
            min=0.0,
            max=1.0,
            help="Fraction of requests failing at random: 429, 503, dropped body, expired token.",
        ),
    ] = 0.0,
    latency_ms: Annotated[
        int, typer.Option("--latency-ms", min=0, help="Delay added to every request.")
    ] = 0,
    rate_limit: Annotated[
        float | None,
        typer.Option("--rate-limit", min=0.1, help="Requests per second before answering 429."),
    ] = None,
    token_ttl: Annotated[
        int, typer.Option("--token-ttl", min=1, help="Access-token lifetime in seconds.")
    ] = 3600,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Random seed of the fault injection.")
    ] = None,
    client_id: Annotated[
        str | None,
        typer.Option("--client-id", envvar=CLIENT_ID_ENV, help="Accepted client id."),
    ] = None,
    client_secret: Annotated[
        str | None,
        typer.Option(
            "--client-secret",
            envvar=CLIENT_SECRET_ENV,
            help="Accepted client secret (prefer the environment variable).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve an export folder over the feed HTTP API.

    The export-feed API with OAuth2 client credentials, for tests and demos."""
    from devtools.feed_server import FeedServer, serve

    def announce(server: FeedServer) -> None:
        if host not in _LOOPBACK:
            print(f"careers: warning: serving plain http on {host}, not loopback", file=sys.stderr)
        print(
            f"Serving {source} at {server.base_url} (fault rate {fault_rate}, latency "
            f"{latency_ms} ms, rate limit {rate_limit or 'none'}); Ctrl-C stops.",
            flush=True,
        )

    try:
        if not client_id or not client_secret:
            raise CareersError(
                f"the export server needs credentials: set {CLIENT_ID_ENV} and "
                f"{CLIENT_SECRET_ENV} (or --client-id / --client-secret)"
            )
        serve(
            source, host, port, client_id, client_secret, fault_rate=fault_rate,
            latency_ms=latency_ms, rate_limit=rate_limit, token_ttl=token_ttl, seed=seed,
            announce=announce,
        )  # fmt: skip
    except (CareersError, OSError) as exc:
        fail(exc)
