"""What a flow run holds around the warehouse work: the shared Prefect concurrency slot, and
the library loggers wired into the flow-run log."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

from prefect import get_run_logger
from prefect.concurrency.sync import concurrency

# One slot shared by the nightly and the backfill deployments (and `careers serve`), so a run
# waits for the other instead of failing on the warehouse's file lock, which stays as the last
# guard (for CLI runs without Prefect, or a lease that expired).
WAREHOUSE_LIMIT = "careers-warehouse"
LIBRARY_LOGGERS = ("sources", "warehouse")


def ensure_warehouse_limit() -> None:
    """Create the global concurrency limit `careers-warehouse` (1 slot) unless it exists; an
    existing one is used as it is."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(WAREHOUSE_LIMIT)
        except ObjectNotFound:
            # Another run may create it in between: then theirs is the one.
            with contextlib.suppress(ObjectAlreadyExists):
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=WAREHOUSE_LIMIT, limit=1)
                )


@contextlib.contextmanager
def warehouse_slot() -> Iterator[None]:
    """Hold the slot of `careers-warehouse` (created on first use), waiting as long as another
    run holds it."""
    logger = get_run_logger()
    ensure_warehouse_limit()
    logger.info("waiting for the %s concurrency slot", WAREHOUSE_LIMIT)
    # strict: a limit that cannot be acquired is an error, not a silent skip. A failed lease
    # renewal does not stop a long build: the file lock still keeps a second writer out.
    with concurrency(WAREHOUSE_LIMIT, occupy=1, strict=True, raise_on_lease_renewal_failure=False):
        logger.info("holding the %s concurrency slot", WAREHOUSE_LIMIT)
        try:
            yield
        finally:  # logged before the release, so it precedes the next holder's "holding"
            logger.info("releasing the %s concurrency slot", WAREHOUSE_LIMIT)


_wiring = threading.Lock()
_users = 0
_undo: list[tuple[logging.Logger, logging.Handler | None, bool]] = []


@contextlib.contextmanager
def library_logs() -> Iterator[None]:
    """Send INFO and above of the `sources` and `warehouse` loggers to the current flow run's
    log (Prefect's API handler) while the block runs. A logger already wired (e.g. by
    PREFECT_LOGGING_EXTRA_LOGGERS) keeps its handler, one with a level set keeps its level.
    Counted, so that flows running at once in one process share the wiring."""
    global _users
    from prefect.logging.handlers import APILogHandler

    with _wiring:
        if _users == 0:
            for name in LIBRARY_LOGGERS:
                logger = logging.getLogger(name)
                handler = None
                if not any(isinstance(h, APILogHandler) for h in logger.handlers):
                    handler = APILogHandler()
                    logger.addHandler(handler)
                leveled = logger.level == logging.NOTSET
                if leveled:
                    logger.setLevel(logging.INFO)
                _undo.append((logger, handler, leveled))
        _users += 1
    try:
        yield
    finally:
        with _wiring:
            _users -= 1
            if _users == 0:
                for logger, handler, leveled in _undo:
                    if handler is not None:
                        logger.removeHandler(handler)
                    if leveled:
                        logger.setLevel(logging.NOTSET)
                _undo.clear()
