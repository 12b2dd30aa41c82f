"""Ingest export files into the warehouse being built.

`ingest_postings` appends the file's rejected rows to `ops.quarantine`, merges its valid rows
into `postings` (one current version per ID, the contract's dedupe), and records the file in
`ops.batches`. A file whose sha256 is already in `ops.batches` is skipped: ingesting is
idempotent per file content.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import duckdb
import pandas as pd

from careers.errors import CareersError
from careers.settings import Limits
from schemas.postings import KNOWN_COLUMNS, REQUIRED_COLUMNS, UPDATE_TIME_COLUMNS, rejected_rows
from sources.discover import ExportFile
from sources.readers import RawTable, read_raw
from transforms import sql

# Types of the `postings` columns the pipeline parses; every other column stays VARCHAR.
TYPED_COLUMNS = {
    "LAST_UPDATED_DATE": "DATE", "LAST_UPDATED_TIMESTAMP": "TIMESTAMP", "POSTED": "DATE",
    "EXPIRED": "DATE", "COMPANY_IS_STAFFING": "BOOLEAN", "EDUCATION_LEVELS": "INTEGER[]",
    "EDUCATION_LEVELS_NAME": "VARCHAR[]", "MIN_YEARS_EXPERIENCE": "INTEGER",
    "IS_INTERNSHIP": "BOOLEAN", "SALARY": "DOUBLE", "STATE": "INTEGER", "SKILLS": "VARCHAR[]",
    "SKILLS_NAME": "VARCHAR[]", "SPECIALIZED_SKILLS": "VARCHAR[]",
    "SPECIALIZED_SKILLS_NAME": "VARCHAR[]", "CERTIFICATIONS": "VARCHAR[]",
    "CERTIFICATIONS_NAME": "VARCHAR[]", "COMMON_SKILLS": "VARCHAR[]",
    "COMMON_SKILLS_NAME": "VARCHAR[]", "SOFTWARE_SKILLS": "VARCHAR[]",
    "SOFTWARE_SKILLS_NAME": "VARCHAR[]",
}  # fmt: skip
LINEAGE_COLUMNS = {"_batch_id": "BIGINT", "_row": "BIGINT", "_updated_at": "TIMESTAMP"}


@dataclass
class BatchResult:
    """What happened to one file (also one `ops.batches` row when ingested)."""

    file_name: str
    kind: str
    sha256: str
    skipped: bool = False
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    seconds: float = 0.0
    extra_columns: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    top_reasons: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_postings_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create `postings` (the 131 export columns in delivery order, typed) if absent."""
    columns = [f"{_q(c)} {TYPED_COLUMNS.get(c, 'VARCHAR')}" for c in KNOWN_COLUMNS]
    columns += [f"{name} {kind}" for name, kind in LINEAGE_COLUMNS.items()]
    con.execute(f"CREATE TABLE IF NOT EXISTS postings ({', '.join(columns)})")


def already_ingested(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    return con.execute("SELECT count(*) FROM ops.batches WHERE sha256 = ?", [sha256]).fetchall()[0][0] > 0


def _check_columns(raw: RawTable, export: ExportFile) -> list[str]:
    missing = [c for c in REQUIRED_COLUMNS if c not in raw.columns]
    if not any(c in raw.columns for c in UPDATE_TIME_COLUMNS):
        missing.append(" or ".join(UPDATE_TIME_COLUMNS))
    if missing:
        raise CareersError(f"missing required column(s): {', '.join(missing)}", export.path)
    return [c for c in KNOWN_COLUMNS if c not in raw.columns]


def _find_rejects(con: duckdb.DuckDBPyConnection, chunk_rows: int) -> pd.DataFrame:
    """Run the pandera row rules chunk by chunk; return `_row, reasons` of every rejected row."""
    reader = con.sql(sql("staging/posting_checks")).to_arrow_reader(chunk_rows)
    found = [rejected_rows(batch.to_pandas(types_mapper=pd.ArrowDtype)) for batch in reader]
    found = [frame for frame in found if len(frame)]
    if not found:
        return pd.DataFrame({"_row": pd.Series([], dtype="int64"), "reasons": pd.Series([], dtype=str)})
    return pd.concat(found, ignore_index=True)


def _merge_versions(con: duckdb.DuckDBPyConnection) -> None:
    """Merge `new_versions` into `postings`: per ID the greatest update time wins, a tie goes to
    the later-ingested row (this file over the table, a later row over an earlier one), and a
    missing update time loses to any present one."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE winners AS
        SELECT * FROM new_versions
        QUALIFY row_number() OVER (
            PARTITION BY "ID" ORDER BY _updated_at DESC NULLS LAST, _row DESC) = 1
        """
    )
    con.execute(
        """
        DELETE FROM postings AS p USING winners AS w
        WHERE p."ID" = w."ID"
          AND (p._updated_at IS NULL OR w._updated_at >= p._updated_at)
        """
    )
    con.execute(
        """
        INSERT INTO postings BY NAME
        SELECT w.* FROM winners AS w
        WHERE NOT EXISTS (SELECT 1 FROM postings AS p WHERE p."ID" = w."ID")
        """
    )


def ingest_postings(
    con: duckdb.DuckDBPyConnection, export: ExportFile, run_id: str, limits: Limits
) -> BatchResult:
    """Ingest one postings file (appends quarantine and batch rows, upserts `postings`).
    Skips a file whose content was ingested before. Raises CareersError on a fatal problem."""
    started = time.perf_counter()
    sha = file_sha256(export.path)
    result = BatchResult(export.name, export.kind, sha)
    if already_ingested(con, sha):
        result.skipped = True
        return result
    raw = read_raw(con, export, "raw_file")
    absent = _check_columns(raw, export)
    for column in absent:  # known columns a variant leaves out are NULL for its rows
        con.execute(f"ALTER TABLE raw_file ADD COLUMN {_q(column)} VARCHAR")
    result.missing_columns = absent
    result.extra_columns = [c for c in raw.columns if c not in KNOWN_COLUMNS]

    rejects = _find_rejects(con, limits.validate_chunk_rows)
    con.register("rejects_df", rejects)
    con.execute("CREATE OR REPLACE TEMP TABLE rejected_rows AS SELECT * FROM rejects_df")
    con.unregister("rejects_df")

    batch_id = con.execute("SELECT nextval('ops.batch_ids')").fetchall()[0][0]
    con.execute("SET VARIABLE batch_id = ?", [batch_id])
    as_delivered = ", ".join(
        f"{_q(name)} := {_q(upper)}" for upper, name in raw.delivered.items()
    )
    con.execute(
        f"""
        INSERT INTO ops.quarantine
        SELECT ?, ?, _row, r.reasons, to_json(struct_pack({as_delivered}))
        FROM raw_file AS f JOIN rejected_rows AS r USING (_row)
        ORDER BY _row
        """,
        [batch_id, export.name],
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE new_versions AS {sql('staging/posting_versions')}")
    have = {row[0] for row in con.execute("SELECT name FROM pragma_table_info('postings')").fetchall()}
    for column in result.extra_columns:
        if column not in have:  # keep every delivered column, known or not
            con.execute(f"ALTER TABLE postings ADD COLUMN {_q(column)} VARCHAR")
    _merge_versions(con)

    result.rows_read = raw.rows
    result.rows_quarantined = len(rejects)
    result.rows_loaded = raw.rows - len(rejects)
    result.top_reasons = (
        rejects["reasons"].str.split("; ").explode().value_counts().head(5).to_dict()
        if len(rejects) else {}
    )
    result.seconds = time.perf_counter() - started
    con.execute(
        """
        INSERT INTO ops.batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [batch_id, run_id, export.kind, export.name, str(export.path), export.format, sha,
         export.path.stat().st_size, result.rows_read, result.rows_loaded,
         result.rows_quarantined, result.extra_columns, result.missing_columns,
         datetime.now(UTC).replace(tzinfo=None), result.seconds],
    )
    for table in ("raw_file", "rejected_rows", "new_versions", "winners"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return result
