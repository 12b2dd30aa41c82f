"""The stored months: each whole month's parts in `store.part_<name>`, listed in `store.months`
(see warehouse/parts.py).

- Built here (`build_months_here`): in the warehouse's own connection, straight from
  `postings`, a batch of months at a time. What a single worker does: nothing is copied
  (warehouse/fanout.py builds them fanned out instead).
- An ingested postings file changes the months of its new versions' POSTED and of the versions
  they replace (a posting can move out of a month). Every part column is a count or an exact
  sum, so the file updates those months in place (`months_to_update`, `count_versions`,
  `apply_delta`): the replaced versions' parts counted out, the new versions' counted in, rows
  that reach zero postings removed: exactly the rows rebuilding the month would store. When
  its versions outnumber UPDATE_SHARE of those months' postings, rebuilding is cheaper:
  `invalidate_months` drops them and the next snapshot rebuilds them. A new skills taxonomy
  drops the months that voted on the skills it names.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb

from transforms.runner import rows, run
from warehouse.parts import PARTS, compute_parts, drop_computed_parts, whole_months

# An ingest counts its versions into the stored months it changes when they are at most this
# share of those months' postings; above that, dropping and rebuilding the months costs less.
UPDATE_SHARE = 0.5
# Each part's count columns decide how its delta is signed and merged (its other columns are
# the key; every part has `postings`, the postings its row counts): the statements
# `ops/months#count_<kind>` and `ops/months#merge_<kind>`.
_COUNT_KIND = {"careers": "careers", "employers": "employers"}


def _kind(name: str) -> str:
    return _COUNT_KIND.get(name, "postings")


def record_months(con: duckdb.DuckDBPyConnection, months: list, run_id: str) -> None:
    """List `months` (their parts just stored; dates or ISO strings) in store.months, with
    their postings (0 for an empty month)."""
    at = datetime.now(UTC).replace(tzinfo=None)
    run(con, "ops/months#record_months", {"at": at, "run_id": run_id, "months": months})


def month_batches(
    con: duckdb.DuckDBPyConnection, months: list[date], batch_postings: int
) -> list[list[date]]:
    """`months` in order, cut into runs of at most `batch_postings` postings (posting versions
    in `postings`; a month larger than that is a batch of its own)."""
    counts = dict(
        rows(con, "ops/months#month_versions", {"months": [m.isoformat() for m in months]})
    )
    batches: list[list[date]] = []
    size = 0
    for month in sorted(months):
        n = counts.get(month, 0)
        if not batches or size + n > batch_postings:
            batches.append([])
            size = 0
        batches[-1].append(month)
        size += n
    return batches


def build_months_here(
    con: duckdb.DuckDBPyConnection,
    months: list[date],
    run_id: str,
    batch_postings: int = 6_000_000,
) -> None:
    """Compute and store the parts of `months` (which must have none) in this connection, from
    `postings` and `posting_skills` directly, a batch of months at a time (`month_batches`:
    one pass over the link table per batch, memory bounded by the batch). Appends; the caller
    owns the transaction. What the fanned-out tasks compute, without exporting their inputs,
    which makes it faster for one worker (benchmarks/RESULTS.md has the measurements)."""
    for batch in month_batches(con, months, batch_postings):
        compute_parts(con, whole_months(batch))
        for name in PARTS:
            run(con, "ops/relations#append", target=f"store.part_{name}", source=f"slice_{name}")
        record_months(con, batch, run_id)
    drop_computed_parts(con)


def months_to_update(con: duckdb.DuckDBPyConnection, days: str, versions: int) -> list[date]:
    """The stored months of the days in relation `days` (a DATE column `day`), when an ingest
    changing `versions` posting versions (counted in or out) is cheaper to count into them than
    rebuilding them: at most UPDATE_SHARE of their postings. Otherwise drops them
    (`invalidate_months`) and returns none."""
    ((months, postings),) = rows(con, "ops/months#months_of_days", days=days)
    if not months:
        return []
    if versions <= UPDATE_SHARE * postings:
        return months
    invalidate_months(con, days)
    return []


def count_versions(
    con: duckdb.DuckDBPyConnection, months: list[date], versions: str, links: str, sign: int
) -> None:
    """Compute the parts of the relation `versions` (with the relation `links`; see
    `compute_parts`) posted in the stored `months`, and add them to the temp tables
    `delta_<name>` with `sign` (-1: versions being replaced, counted out; +1: their successors,
    counted in). Call `apply_delta` after."""
    compute_parts(con, whole_months(months), versions, links)
    for name in PARTS:
        delta, piece = f"delta_{name}", f"slice_{name}"
        run(con, "ops/months#delta_table", delta=delta, slice=piece)
        run(con, f"ops/months#count_{_kind(name)}", {"sign": sign}, delta=delta, slice=piece)
    drop_computed_parts(con)


def apply_delta(con: duckdb.DuckDBPyConnection, months: list[date]) -> None:
    """Add the counts of `delta_<name>` (see `count_versions`) to the stored parts of `months`
    and drop the temp tables. A row whose postings sum to zero goes, as a rebuild would never
    make it; a salary sum over no salaried posting is NULL, as a rebuild makes it. Replaces the
    months' rows, so their parts are exactly what rebuilding them would store; their
    `store.months.postings` follows."""
    iso = [m.isoformat() for m in months]
    run(con, "ops/months#delta_months", {"months": iso})
    for name in PARTS:
        store, merged, delta = f"store.part_{name}", f"merged_{name}", f"delta_{name}"
        run(con, f"ops/months#merge_{_kind(name)}", merged=merged, store=store, delta=delta)
        run(con, "ops/months#delete_months", store=store, months="delta_months")
        run(con, "ops/relations#append", target=store, source=merged)
        run(con, "ops/relations#drop_table", table=merged)
        run(con, "ops/relations#drop_table", table=delta)
    run(con, "ops/months#update_postings", {"months": iso})
    run(con, "ops/relations#drop_table", table="delta_months")


def invalidate_months(con: duckdb.DuckDBPyConnection, days: str) -> int:
    """Drop the stored parts of the months of the days in relation `days` (a DATE column `day`,
    any day of the month; NULLs ignored). Returns how many built months were dropped."""
    run(con, "ops/months#stale_months", days=days)
    ((dropped,),) = rows(con, "ops/months#count_stale")
    if dropped:
        for name in PARTS:
            run(con, "ops/months#delete_months", store=f"store.part_{name}", months="stale_months")
        run(con, "ops/months#delete_months", store="store.months", months="stale_months")
    run(con, "ops/relations#drop_table", table="stale_months")
    return dropped
