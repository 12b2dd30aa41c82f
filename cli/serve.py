"""`careers serve`: the nightly schedule of prefect.yaml, run in this process."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rich.console import Console

from cli import progress
from cli.options import SourceOpt, WarehouseOpt, fail
from core.errors import CareersError
from core.settings import default_source, default_warehouse
from flows.deployment import NIGHTLY_DESCRIPTION

out = Console()

SERVE_HELP = (
    "Run the nightly schedule in this process.\n\n"
    f"The schedule of prefect.yaml ({NIGHTLY_DESCRIPTION}), one run at a time, on the Prefect "
    "server at PREFECT_API_URL, or on a local one started for the purpose."
)


@contextlib.contextmanager
def _started(server: contextlib.AbstractContextManager[str]) -> Iterator[str]:
    """Enter `server` (a Prefect server starting) under a status line: it takes a while."""
    with contextlib.ExitStack() as stack:
        with progress.status("starting the Prefect server"):
            api = stack.enter_context(server)
        yield api


def serve(
    source: SourceOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    from flows.local_server import local_prefect_server

    try:
        source = source or default_source()
        with _started(local_prefect_server()) as api:
            from flows.deployment import nightly_schedule
            from flows.refresh import nightly_refresh

            out.print(f"Prefect API: {api}", soft_wrap=True)
            nightly_refresh.serve(
                name="nightly",
                schedules=[nightly_schedule()],
                global_limit=1,
                parameters={
                    "source": source,
                    "warehouse": str(warehouse or default_warehouse()),
                },
            )
    except CareersError as exc:
        fail(exc)
