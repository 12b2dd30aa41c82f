"""The data dictionary: `COMMENT ON` every published table, view and column, so analysts can
read it back with `duckdb_tables()` / `duckdb_columns()` (or `careers tables`)."""

from __future__ import annotations

import duckdb

_CAREER = {
    "as_of": "Snapshot date: the window is the year ending on this day.",
    "occupation_code": "Career: Lightcast specialized occupation code (LOT, 8 digits).",
    "geo_code": "US for the nation, else the two-letter postal code of the state.",
    "postings": "Postings counted (current version of each valid posting, POSTED in the window).",
    "share_pct": "Percentage 0-100, unrounded.",
    "rank": "1 = first; ties broken by name in byte order.",
}

TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "career_summary": (
        "One row per snapshot, career and geography with at least one posting in the window.",
        {
            "occupation_name": "Career name (most frequent among the postings counted).",
            "parent_code": "Parent occupation (LOT_OCCUPATION, 6 digits).",
            "parent_name": "Parent occupation name.",
            "geo_level": "nation or state.",
            "geo_name": "United States, or the state's name.",
            "window_start": "First day of the window (as_of - 1 year + 1 day).",
            "window_end": "Last day of the window (= as_of).",
            "employers": "Distinct COMPANY_NAME, leaving out empty and Unclassified.",
            "salary_postings": "Postings with a SALARY.",
            "salary_mean": "Mean SALARY; NULL when fewer than 5 postings have one.",
            "salary_p10": "10th percentile of SALARY (quantile_cont); NULL below 5 salaries.",
            "salary_p25": "25th percentile of SALARY; NULL below 5 salaries.",
            "salary_p50": "Median SALARY; NULL below 5 salaries.",
            "salary_p75": "75th percentile of SALARY; NULL below 5 salaries.",
            "salary_p90": "90th percentile of SALARY; NULL below 5 salaries.",
        },
    ),
    "career_education": (
        "Education levels 0-4 asked for, per snapshot, career and geography (all five levels).",
        {
            "level_code": "0 High school/GED, 1 Associate, 2 Bachelor's, 3 Master's, 4 Ph.D.",
            "level_name": "Name of the level.",
            "postings": "Postings whose EDUCATION_LEVELS contains the level.",
            "share_pct": "postings / postings mentioning any level 0-4, in percent "
            "(shares may add up to more than 100).",
        },
    ),
    "career_experience": (
        "Minimum years of experience asked for, in four buckets, per snapshot, career and "
        "geography.",
        {
            "bucket": "0-2, 3-5, 6-8 or 9+ years (MIN_YEARS_EXPERIENCE).",
            "bucket_order": "1-4, for sorting buckets.",
            "postings": "Postings whose MIN_YEARS_EXPERIENCE falls in the bucket.",
            "share_pct": "postings / postings stating MIN_YEARS_EXPERIENCE, in percent.",
        },
    ),
    "career_employers": (
        "Top 10 employers by postings per snapshot, career and geography.",
        {
            "employer_name": "COMPANY_NAME (never empty or Unclassified).",
            "is_staffing": "True when any counted posting flags the employer as staffing.",
        },
    ),
    "career_titles": (
        "Top 10 normalized job titles by postings per snapshot, career and geography.",
        {"title_name": "TITLE_NAME (never empty or Unclassified)."},
    ),
    "geographies": (
        "Geography dimension: the nation and every state, DC and territory by FIPS code.",
        {
            "geo_level": "nation or state.",
            "geo_code": "US or the two-letter postal code.",
            "fips": "State FIPS code (NULL for the nation).",
            "geo_name": "Name.",
        },
    ),
    "postings": (
        "Current version of every valid posting (the contract's dedupe by ID). Every export "
        "column is kept; parsed columns are typed, lists are VARCHAR[]/INTEGER[].",
        {
            "_batch_id": "ops.batches row of the file this version came from.",
            "_row": "Record number of this version in its file (1-based).",
            "_updated_at": "Update time: LAST_UPDATED_TIMESTAMP, else LAST_UPDATED_DATE at midnight.",
        },
    ),
    "ops.runs": (
        "One row per pipeline run (failed runs are added by the next successful publish).",
        {
            "run_id": "Run id.",
            "flow": "refresh or backfill.",
            "as_of": "Snapshots published by the run.",
            "status": "published or failed.",
            "report": "The run report (JSON): files, counts, timings, tables.",
        },
    ),
    "ops.batches": (
        "One row per ingested file: content hash and rows read = loaded + quarantined.",
        {
            "sha256": "Content hash: a file with a known hash is never ingested again.",
            "rows_read": "Records in the file.",
            "rows_loaded": "Valid records (they may still lose the dedupe to newer versions).",
            "rows_quarantined": "Rejected records, see ops.quarantine.",
            "extra_columns": "Delivered columns not in the standard export header (kept).",
            "missing_columns": "Standard columns the file did not have (NULL for its rows).",
        },
    ),
    "ops.quarantine": (
        "Rejected rows with every reason, and the whole row as delivered (replayable).",
        {
            "row_number": "1-based record number in the file.",
            "reasons": "Every rule the row breaks, joined by '; '.",
            "raw_row": "The row as delivered: column names and text as in the file.",
        },
    ),
}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def apply_comments(con: duckdb.DuckDBPyConnection) -> None:
    """COMMENT ON every table, `latest_*` view and column present (idempotent)."""
    present = {
        (schema, name): kind
        for schema, name, kind in con.execute(
            "SELECT schema_name, table_name, 'TABLE' FROM duckdb_tables() "
            "WHERE database_name = current_database() UNION ALL "
            "SELECT schema_name, view_name, 'VIEW' FROM duckdb_views() "
            "WHERE NOT internal AND database_name = current_database()"
        ).fetchall()
    }
    for qualified, (about, columns) in TABLES.items():
        schema, _, name = qualified.rpartition(".")
        targets = [(schema or "main", name, about)]
        targets.append(("main", f"latest_{name}", f"{about} Newest as_of only."))
        for tschema, tname, text in targets:
            kind = present.get((tschema, tname))
            if kind is None:
                continue
            full = f'"{tschema}"."{tname}"'
            con.execute(f"COMMENT ON {kind} {full} IS {_literal(text)}")
            for (column,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? "
                "AND table_name = ? AND database_name = current_database()",
                [tschema, tname],
            ).fetchall():
                text = columns.get(column) or _CAREER.get(column)
                if text is None and qualified == "postings":
                    text = "Export column, as delivered (typed where the pipeline parses it)."
                if text is None:
                    text = column.replace("_", " ").capitalize() + "."
                col = '"' + column.replace('"', '""') + '"'
                con.execute(f"COMMENT ON COLUMN {full}.{col} IS {_literal(text)}")
