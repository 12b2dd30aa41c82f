"""Ingest one postings file: quarantine its rejected rows, merge its valid rows into
`postings` (one current version per ID, the contract's dedupe) and keep `posting_skills` (the
posting x skill link table) in step. Skips a file whose content was ingested before.
"""

from __future__ import annotations

import time

import duckdb
import pandas as pd

from careers.errors import CareersError
from careers.faults import crash_point
from careers.settings import Limits
from schemas.postings import KNOWN_COLUMNS, REQUIRED_COLUMNS, UPDATE_TIME_COLUMNS, PostingRules
from schemas.rules import rejected_rows
from sources.discover import ExportFile
from sources.readers import RawTable, add_text_columns, read_raw
from transforms import sql
from warehouse.batches import (
    BatchResult,
    already_ingested,
    file_sha256,
    finish_batch,
    new_batch_id,
    quarantine,
    quote,
    stage_rejects,
)
from warehouse.partials import invalidate_months

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


def ensure_postings_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create `postings` (the 131 export columns in delivery order, typed) and
    `posting_skills` if absent (idempotent)."""
    columns = [f"{quote(c)} {TYPED_COLUMNS.get(c, 'VARCHAR')}" for c in KNOWN_COLUMNS]
    columns += [f"{name} {kind}" for name, kind in LINEAGE_COLUMNS.items()]
    con.execute(f"CREATE TABLE IF NOT EXISTS postings ({', '.join(columns)})")
    con.execute(
        "CREATE TABLE IF NOT EXISTS posting_skills (posting_id VARCHAR NOT NULL, "
        "skill_id VARCHAR NOT NULL, skill_name VARCHAR, skill_type VARCHAR, "
        "is_software BOOLEAN NOT NULL)"
    )


def _check_columns(raw: RawTable, export: ExportFile) -> list[str]:
    missing = [c for c in REQUIRED_COLUMNS if c not in raw.columns]
    if not any(c in raw.columns for c in UPDATE_TIME_COLUMNS):
        missing.append(" or ".join(UPDATE_TIME_COLUMNS))
    if missing:
        raise CareersError(f"missing required column(s): {', '.join(missing)}", export.path)
    return [c for c in KNOWN_COLUMNS if c not in raw.columns]


def _find_rejects(con: duckdb.DuckDBPyConnection, chunk_rows: int) -> pd.DataFrame:
    """Parse the rule columns once (temp table `posting_checks`, reused for loading), run the
    pandera row rules over it chunk by chunk; return `_row, reasons` of every rejected row."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE posting_checks AS {sql('staging/posting_checks')}")
    reader = con.sql("SELECT * FROM posting_checks").to_arrow_reader(chunk_rows)
    found = [
        rejected_rows(batch.to_pandas(types_mapper=pd.ArrowDtype), PostingRules) for batch in reader
    ]
    found = [frame for frame in found if len(frame)]
    if not found:
        return pd.DataFrame(
            {"_row": pd.Series([], dtype="int64"), "reasons": pd.Series([], dtype=str)}
        )
    return pd.concat(found, ignore_index=True)


def _merge_versions(con: duckdb.DuckDBPyConnection) -> float:
    """Merge this file's valid versions into `postings`: per ID the greatest update time wins, a
    tie goes to the later-ingested row (this file over the table, a later row over an earlier
    one), and a missing update time loses to any present one. `posting_skills` follows.
    Returns the seconds spent on the posting x skill links."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE merge_rows AS {sql('staging/merge_rows')}")
    # The monthly parts of every month this file changes are stale: the months the new versions
    # are posted in, and the months of the versions they replace (a posting may move).
    invalidate_months(
        con,
        'SELECT "POSTED" FROM postings WHERE "ID" IN (SELECT id FROM merge_rows) '
        "UNION ALL SELECT posted FROM posting_checks WHERE _row IN (SELECT _row FROM merge_rows)",
    )
    con.execute('DELETE FROM postings WHERE "ID" IN (SELECT id FROM merge_rows)')
    con.execute("DELETE FROM posting_skills WHERE posting_id IN (SELECT id FROM merge_rows)")
    # Parsed straight into the table: no second full-width copy of the file in memory.
    con.execute(f"INSERT INTO postings BY NAME {sql('staging/posting_versions')}")
    started = time.perf_counter()
    con.execute(f"INSERT INTO posting_skills BY NAME {sql('staging/posting_skills')}")
    return time.perf_counter() - started


def ingest_postings(
    con: duckdb.DuckDBPyConnection,
    export: ExportFile,
    run_id: str,
    limits: Limits,
    sha256: str | None = None,
) -> BatchResult:
    """Ingest one postings file (appends quarantine and batch rows, upserts `postings` and
    `posting_skills`). Raises CareersError on a fatal problem with the file."""
    started = time.perf_counter()
    result = BatchResult(export.name, export.kind, sha256 or file_sha256(export.path))
    if already_ingested(con, result.sha256):
        result.skipped = True
        return result
    raw = read_raw(con, export, "raw_file")
    crash_point(f"ingest:{export.name}:read")
    absent = _check_columns(raw, export)
    add_text_columns(con, raw, absent)  # known columns a variant leaves out: NULL for its rows
    result.missing_columns = absent
    result.extra_columns = [c for c in raw.columns if c not in KNOWN_COLUMNS]

    rejects = _find_rejects(con, limits.validate_chunk_rows)
    stage_rejects(con, rejects)
    batch_id = new_batch_id(con)
    quarantine(con, raw, "rejected_rows", batch_id, export.name)

    have = {r[0] for r in con.execute("SELECT name FROM pragma_table_info('postings')").fetchall()}
    for column in result.extra_columns:
        if column not in have:  # keep every delivered column, known or not
            con.execute(f"ALTER TABLE postings ADD COLUMN {quote(column)} VARCHAR")
    result.link_seconds = _merge_versions(con)
    crash_point(f"ingest:{export.name}:merged")

    temp = ("raw_file", "posting_checks", "merge_rows")
    return finish_batch(con, batch_id, run_id, export, result, raw.rows, started, temp)
