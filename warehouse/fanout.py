"""Monthly parts built fanned out, one task per month (see warehouse/parts.py):
`export_months` writes each month's inputs (the narrow posting columns and posting x skill
links) as Parquet into an exchange folder; `compute_month` (a plain function of that folder: a
Prefect task, on a Dask worker when so configured) runs the part models in its own in-memory
DuckDB and writes the parts as Parquet; `load_months` appends them to the store."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from transforms.runner import run
from warehouse.months import record_months
from warehouse.parts import PARTS, compute_parts, whole_months
from warehouse.seeds import load_seeds

MapStage = Callable[[str, Callable, list], list]


def direct_map(name: str, fn: Callable, items: list) -> list:
    """Run a fanned-out stage here, one item after the other."""
    return [fn(item) for item in items]


def export_months(
    con: duckdb.DuckDBPyConnection,
    months: list[date],
    exchange: Path,
    memory_limit: str = "1GB",
    threads: int = 0,
) -> list[dict]:
    """Write the inputs of each month's parts under `exchange` (Parquet, one folder per month:
    postings/part=<month>/, links/part=<month>/; and the taxonomy's ids). Returns one task spec
    per month for `compute_month`."""
    if not months:
        return []
    exchange.mkdir(parents=True, exist_ok=True)
    run(con, "ops/fanout#export_months", {"months": [m.isoformat() for m in months]})
    run(con, "ops/fanout#export_postings")
    run(con, "ops/fanout#copy_postings", {"path": str(exchange / "postings")})
    run(con, "ops/fanout#copy_links", {"path": str(exchange / "links")})
    run(con, "ops/fanout#copy_taxonomy", {"path": str(exchange / "taxonomy.parquet")})
    run(con, "ops/relations#drop_table", table="export_postings")
    run(con, "ops/relations#drop_table", table="export_months")
    return [
        {"exchange": str(exchange), "month": m.isoformat(), "memory_limit": memory_limit,
         "threads": threads}
        for m in months
    ]  # fmt: skip


def compute_month(spec: dict) -> str:
    """Compute the parts of one month from its exported inputs (see `export_months`) in a private
    in-memory DuckDB, and write them to `<exchange>/parts/part=<month>/part_<name>.parquet`.
    Touches nothing but the exchange folder, so it runs anywhere that folder is visible.
    Idempotent (rewrites its files). Returns the folder."""
    exchange, month = Path(spec["exchange"]), date.fromisoformat(spec["month"])
    out = exchange / "parts" / f"part={month}"
    out.mkdir(parents=True, exist_ok=True)
    config = {"memory_limit": spec["memory_limit"], "temp_directory": str(out / ".spill")}
    if spec.get("threads"):
        config["threads"] = spec["threads"]
    with duckdb.connect(config=config) as con:
        run(con, "ops/fanout#input_tables")
        for table, sub in (("postings", "postings"), ("posting_skills", "links")):
            files = sorted(str(f) for f in (exchange / sub / f"part={month}").glob("*.parquet"))
            if files:  # an empty month has no folder
                run(con, "ops/fanout#load_parquet", {"files": files}, table=table)
        run(con, "ops/fanout#load_taxonomy", {"path": str(exchange / "taxonomy.parquet")})
        load_seeds(con)
        compute_parts(con, whole_months([month]))
        for name in PARTS:
            path = str(out / f"part_{name}.parquet")
            run(con, "ops/fanout#copy_part", {"path": path}, slice=f"slice_{name}")
    shutil.rmtree(out / ".spill", ignore_errors=True)
    return str(out)


def load_months(con: duckdb.DuckDBPyConnection, folders: list[str], run_id: str) -> None:
    """Append the parts `compute_month` wrote to the store and list their months in
    store.months (with their postings; 0 for an empty month). The months must have no parts."""
    if not folders:
        return
    for name in PARTS:
        files = [str(Path(f) / f"part_{name}.parquet") for f in folders]
        run(con, "ops/fanout#load_parquet", {"files": files}, table=f"store.part_{name}")
    record_months(con, [Path(f).name.removeprefix("part=") for f in folders], run_id)
