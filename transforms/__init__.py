"""SQL, in layers as folders: `staging/` (a delivered file's rows, parsed), `partials/` (the
monthly parts), `marts/` (one model per published table: a SELECT, CTEs ending in a final
select, its inputs declared); `ops/` holds the named statements the warehouse runs; shared cell
parsers in `macros.sql`, seeds under `seeds/`. Run them through `transforms.runner`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent


@cache
def sql(name: str) -> str:
    """The text of `transforms/<name>.sql` (e.g. `staging/posting_checks`)."""
    return (HERE / f"{name}.sql").read_text(encoding="utf-8")


def seed_path(name: str) -> Path:
    return HERE / "seeds" / f"{name}.csv"


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create the temp macros every model uses (idempotent, per connection)."""
    con.execute(sql("macros"))
