"""The export feed's HTTP session: OAuth2 client-credentials token, rate limit, retries.

- The token is cached until shortly before it expires and renewed once on a 401 (a freshly
  issued token refused at once is fatal). The secret and the token are never logged, printed,
  or put in an exception (`redact`).
- Every request goes through a client-side rate limit and has a timeout. 429/500/502/503/504
  and connection errors are `Transient`: retried by tenacity with exponential backoff and
  jitter, waiting Retry-After when the server sends it; any other 4xx fails at once with the
  server's `detail` in a one-line CareersError.
- Links must stay on the feed's own origin: a token is never sent to another host.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self, TypeVar
from urllib.parse import urljoin, urlsplit

import requests
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from core.errors import CareersError

log = logging.getLogger(__name__)

T = TypeVar("T")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class Transient(Exception):
    """A failure worth retrying; `retry_after` (seconds) when the server said how long."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.retry_after = retry_after


class RateLimiter:
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


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class FeedSession:
    """An authenticated, rate-limited, retrying session on the export feed. Not thread-safe:
    use one per thread."""

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
        self._limiter = RateLimiter(rate_limit)
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
        return f"{type(self).__name__}({self.base_url!r})"

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def redact(self, text: str) -> str:
        """`text` on one line, at most 300 characters, with the secret and tokens masked."""
        for secret in self._hidden:
            if secret:
                text = text.replace(secret, "***")
        return " ".join(text.split())[:300]

    def url(self, path: str) -> str:
        """`path` on the feed's own origin; anything pointing elsewhere is refused (a token must
        never be sent to another host)."""
        url = urljoin(self.base_url + "/", path)
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != self._origin:
            raise CareersError(f"feed sent a link off its own origin: {self.redact(path)!r}")
        return url

    def detail(self, response: requests.Response) -> str:
        """The status and the server's error `detail`s of `response`, redacted."""
        try:
            errors = response.json().get("errors") or []
            detail = "; ".join(str(e.get("detail") or e.get("title") or "") for e in errors)
        except (ValueError, AttributeError):
            detail = ""
        return self.redact(f"{response.status_code} {detail or response.reason or ''}".strip())

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One HTTP request: rate-limited, with a timeout; network failures are transient."""
        self._limiter.acquire()
        self.requests_made += 1
        try:
            return self._session.request(method, url, timeout=self.timeout, **kwargs)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise Transient(f"{type(exc).__name__} on {urlsplit(url).path}") from None
        except requests.exceptions.ChunkedEncodingError:
            raise Transient(f"connection dropped mid-body on {urlsplit(url).path}") from None

    def _check(self, response: requests.Response, what: str, allow: tuple[int, ...] = ()) -> None:
        status = response.status_code
        if status < 400 or status in allow:
            return
        detail = self.detail(response)
        response.close()
        if status in RETRY_STATUSES:
            wait = retry_after(response.headers.get("Retry-After"))
            if wait is not None and wait > self.max_retry_after:
                raise CareersError(f"{what}: feed asked to retry after {wait:.0f} s ({detail})")
            raise Transient(detail, wait)
        raise CareersError(f"{what}: feed answered {detail}")

    def _bearer(self) -> str:
        if self._token and time.monotonic() < self._token_expires:
            return self._token
        what = "token request"
        response = self._send(
            "POST",
            self.url("/connect/token"),
            data={
                "client_id": self._client_id,
                "client_secret": self._secret,
                "grant_type": "client_credentials",
                "scope": self.scope,
            },
        )
        if response.status_code in (400, 401):
            detail = self.detail(response)
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

    def authorized(
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
            detail = self.detail(response)
            response.close()
            if fresh:
                raise CareersError(f"{what}: the feed refused a new access token ({detail})")
            self._token = None
            raise Transient(f"access token refused ({detail}): renewing it", 0.0)
        self._check(response, what, allow)
        return response

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, Transient) and exc.retry_after is not None:
            return exc.retry_after
        return self._backoff(state)

    def _on_retry(self, state: RetryCallState) -> None:
        self.retries += 1
        exc = state.outcome.exception() if state.outcome else None
        sleep = state.next_action.sleep if state.next_action else 0.0
        log.info("retry %d in %.2f s: %s", state.attempt_number, sleep, exc)

    def call(self, what: str, attempt: Callable[[], T]) -> T:
        """Run `attempt` with retries on `Transient` failures (tenacity)."""
        retrying = Retrying(
            stop=stop_after_attempt(self.max_retries + 1),
            wait=self._wait,
            retry=retry_if_exception_type(Transient),
            before_sleep=self._on_retry,
            reraise=True,
        )
        try:
            return retrying(attempt)
        except Transient as exc:
            raise CareersError(
                f"{what}: gave up after {self.max_retries} retries ({self.redact(str(exc))})"
            ) from None
