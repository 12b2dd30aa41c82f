"""The quality gates a run checks before it publishes: a file with too many rejected rows is
refused whole; a snapshot whose national postings fall too far below the previous snapshot's is
not published unless forced (`core.settings.Gates` holds the limits)."""

from __future__ import annotations

import duckdb

from core.errors import CareersError
from core.periods import Window
from core.settings import Gates
from sources.discover import ExportFile
from transforms.runner import rows
from warehouse.batches import BatchResult


def check_quarantine_rate(gates: Gates, export: ExportFile, result: BatchResult) -> None:
    """Refuse a file whose share of rejected rows exceeds the limit (whole file)."""
    if not result.rows_read or result.skipped:
        return
    rate = result.rows_quarantined / result.rows_read
    if rate > gates.max_quarantine_rate:
        top = ", ".join(f"{reason} ({n:,})" for reason, n in result.top_reasons.items())
        raise CareersError(
            f"{rate:.1%} of {result.rows_read:,} rows rejected, above the "
            f"{gates.max_quarantine_rate:.0%} limit (--max-quarantine-rate); file "
            f"refused whole; top reasons: {top or 'see ops.quarantine'}",
            export.path,
        )


def check_national_drop(con: duckdb.DuckDBPyConnection, gates: Gates, window: Window) -> None:
    """Refuse the snapshot of `window` (built in `con`) whose national postings fall more than
    the limit below the previous snapshot's, unless `gates.force`."""
    as_of = window.as_of
    ((now, previous, prev_as_of),) = rows(
        con, "ops/gates#national_postings", {"as_of": as_of.isoformat()}
    )
    if previous and not gates.force:
        now = now or 0
        drop = 1 - now / previous
        if drop > gates.max_national_drop:
            raise CareersError(
                f"snapshot {as_of}: {now:,} national postings, {drop:.0%} below the "
                f"{previous:,} of {prev_as_of}; more than the "
                f"{gates.max_national_drop:.0%} allowed: not publishing (use --force)"
            )
