"""Build the file a publish swaps into place, from the store (warehouse/store.py).

The published file is small and rebuilt whole at each publish: the career tables (every
snapshot), the dimensions, the ops tables, the `latest_*` views, and two views over the wide
rows: `postings` reads exactly the Parquet files live at this publish (the masked versions left
out), and `posting_skills` derives the posting x skill links from it, as the ingest does. The
store's monthly parts stay in the store.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from core.faults import crash_point
from transforms.runner import create_view, rows, run
from warehouse.dictionary import apply_comments
from warehouse.ledger import RunLedger
from warehouse.parquet_store import SCHEMA_FILE
from warehouse.report import RunReport
from warehouse.snapshot import create_latest_views
from warehouse.upgrades import SCHEMA_SQL

# Where the store is attached while the publication is built.
STORE = "store_db"


def build_publication(
    con: duckdb.DuckDBPyConnection,
    store: Path,
    parquet_root: Path,
    live_files: list[str],
    report: RunReport,
    ledger: RunLedger,
) -> dict[str, float]:
    """Fill the new, empty work file `con` from the store database `store` (attached read-only,
    closed by its writer first), record the run, CHECKPOINT and close `con`. `live_files`: the
    Parquet files the `postings` view reads. Returns seconds per step."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    run(con, "ops/publication#attach_store", {"path": str(store)})
    con.execute(SCHEMA_SQL.read_text())  # the ops tables as the store has them (keys, zstd)
    run(con, "ops/publication#drop_parts_schema")
    for schema, table in rows(con, "ops/publication#store_tables", {"store": STORE}):
        source = f"{STORE}.{schema}.{table}"
        if (schema, table) == ("ops", "parquet_files"):
            run(con, "ops/publication#copy_parquet_files", {"root": str(parquet_root)})
        elif schema == "ops":
            run(con, "ops/relations#append", target=f"ops.{table}", source=source)
        else:
            run(con, "ops/relations#replace_table", table=f"{schema}.{table}", source=source)
    run(con, "ops/publication#detach_store")
    seconds["publish: copy tables"] = time.perf_counter() - started
    crash_point("publish:copied")
    started = time.perf_counter()
    create_latest_views(con)
    files = [str(parquet_root / SCHEMA_FILE), *live_files]
    run(con, "ops/parquet#postings_view", files=files)
    run(con, "ops/publication#record_view_files", {"files": files})
    create_view(con, "posting_skills", "staging/posting_skills", versions="postings")
    apply_comments(con)
    crash_point("publish:dictionary")
    seconds["publish: views and dictionary"] = time.perf_counter() - started
    report.finish("published")
    ledger.record(con, report)
    run(con, "ops/build#checkpoint")
    crash_point("publish:checkpointed")
    con.close()
    return seconds
