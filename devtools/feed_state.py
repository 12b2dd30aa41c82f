"""The fake feed's state shared by its request threads: credentials and access tokens, fault
injection (random at `fault_rate`, or forced through `hooks`), the rate limit and the counters.
"""

from __future__ import annotations

import hmac
import random
import secrets
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import CareersError
from devtools.feed_catalogue import Catalogue

FAULTS = ("429", "503", "drop", "401")


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


class FeedState:
    """What the request handlers of one feed share; every method is thread-safe."""

    def __init__(
        self,
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
        self.catalogue = Catalogue(source)
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
        """The next forced fault (hooks), else one of `candidates` at `fault_rate`, else None."""
        with self._lock:
            if self.hooks.faults:
                return self.hooks.faults.popleft()
            if self.fault_rate and self._rng.random() < self.fault_rate:
                return self._rng.choice(candidates)
        return None

    def cut_point(self, length: int) -> int:
        """Where to cut a body of `length` bytes for a dropped connection."""
        with self._lock:
            return self._rng.randrange(length) if length > 0 else 0

    def over_rate_limit(self) -> bool:
        """Count one request; True when the current second is past `rate_limit` requests."""
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

    def count_request(self) -> None:
        with self.stats.lock:
            self.stats.requests += 1

    def count_transfer(self, transfer: Transfer) -> None:
        with self.stats.lock:
            self.stats.bytes_sent[transfer.name] += transfer.sent
            self.stats.transfers.append(transfer)
