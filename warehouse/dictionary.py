"""The data dictionary: `COMMENT ON` every published table, view and column, so analysts can
read it back with `duckdb_tables()` / `duckdb_columns()` (or `careers tables`)."""

from __future__ import annotations

import duckdb

from transforms.runner import rows, run

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
    "career_skills": (
        "Every skill mentioned at least once, per snapshot, career and geography.",
        {
            "skill_id": "Lightcast skill id (KS..., or legacy ES.../BGS...).",
            "skill_name": "Skill name (taxonomy, else most frequent among the postings).",
            "skill_type": "Specialized Skill, Common Skill or Certification.",
            "is_software": "Software skill (taxonomy, else the postings' SOFTWARE_SKILLS).",
            "postings": "Postings of the career and geography mentioning the skill.",
            "share_pct": "postings / all postings of the career and geography, in percent.",
            "lift": "share_pct / the skill's share of all postings of the geography (any career).",
        },
    ),
    "career_skill_groups": (
        "Nation-level skill groups per snapshot and career: baseline, defining, necessary, "
        "distinguishing, salary_boosting (thresholds in core/settings.py SkillGroupRules).",
        {
            "skill_group": "baseline | defining | necessary | distinguishing | salary_boosting.",
            "skill_id": "Lightcast skill id.",
            "skill_name": "Skill name.",
            "lift": "As in career_skills (nation).",
            "salary_premium": "salary_boosting only: median salary with - median without.",
        },
    ),
    "career_similar": (
        "The 5 careers most similar to each career: cosine similarity of nation-level skill "
        "share vectors; ties by code.",
        {
            "similar_code": "The similar career's code.",
            "similar_name": "The similar career's name.",
            "similarity": "Cosine similarity, 0-1.",
        },
    ),
    "career_employment": (
        "Yearly jobs of each career's parent occupation, from the employment export, for the "
        "nation and every state the export has.",
        {
            "parent_code": "Parent occupation (LOT_OCCUPATION) the series belongs to.",
            "year": "Calendar year of the 'YYYY Jobs' column.",
            "jobs": "Jobs; NULL where the publisher suppressed the count (<10).",
            "suppressed": "True where the export wrote <10.",
        },
    ),
    "career_description": (
        "What a professional in each career does, from O*NET's occupation data: one row per "
        "snapshot and career with a nation row in career_summary.",
        {
            "onet_code": "The most frequent ONET among the career's postings in the window "
            "(nation), ties by code; 99-9999.00 and empty do not count. NULL: no posting gives "
            "one.",
            "onet_title": "O*NET's title of that code's row, else of the same SOC code's .00 "
            "row; NULL when O*NET has neither.",
            "description": "O*NET's description from the same row as onet_title; NULL when "
            "O*NET has neither row (the page says no description is available).",
            "source": "The O*NET delivery the row comes from: release and file name, for the "
            "pages' attribution line (CC BY 4.0). NULL without a description.",
        },
    ),
    "career_wages": (
        "BLS OEWS employment and annual wages of each career's SOC code, per geography and "
        "survey year (national file: US; state files: the states).",
        {
            "soc_code": "The career's SOC code: the most frequent SOC_2021_5 among its postings "
            "in the window (nation), ties by code; matched to OCC_CODE as written.",
            "year": "Survey year of the OEWS file (the M2024 in national_M2024_dl.xlsx).",
            "employment": "TOT_EMP; NULL where BLS did not publish it (**).",
            "employment_suppressed": "True where the file wrote ** for TOT_EMP.",
            "wage_mean": "A_MEAN, annual dollars; NULL for * (not available) or # (topcoded).",
            "wage_p10": "A_PCT10, annual dollars; NULL for * or #.",
            "wage_p25": "A_PCT25, annual dollars; NULL for * or #.",
            "wage_p50": "A_MEDIAN, annual dollars; NULL for * or #.",
            "wage_p75": "A_PCT75, annual dollars; NULL for * or #.",
            "wage_p90": "A_PCT90, annual dollars; NULL for * or #.",
            "wage_topcoded": "True when any of the six wages was # (at or above the top of the "
            "published range).",
        },
    ),
    "occupations": (
        "Occupation dimension: the Lightcast Occupation Taxonomy codes seen in the data, with "
        "names and parents (career area > occupation group > occupation > specialized).",
        {
            "occupation_code": "LOT code (2, 4, 6 or 8 digits by level).",
            "occupation_name": "Name (most frequent among current postings).",
            "level": "career_area, occupation_group, occupation or specialized_occupation.",
            "parent_code": "Code of the parent level (NULL for career areas).",
        },
    ),
    "skills": (
        "Skill dimension: the skills taxonomy, plus skills that postings mention but the "
        "taxonomy lacks (typed from the postings' typed skill lists).",
        {
            "skill_id": "Lightcast skill id.",
            "skill_name": "Name.",
            "skill_type": "Specialized Skill, Common Skill or Certification.",
            "is_software": "Software skill.",
            "is_language": "Language skill (taxonomy only).",
            "category": "Taxonomy category.",
            "subcategory": "Taxonomy subcategory.",
            "in_taxonomy": "False for skills known only from postings.",
            "postings": "Current postings mentioning the skill (any date).",
        },
    ),
    "posting_skills": (
        "Posting x skill link table: each distinct SKILLS id of each current posting.",
        {
            "posting_id": "postings.ID.",
            "skill_id": "Skill id.",
            "skill_name": "SKILLS_NAME at the skill's first position in SKILLS.",
            "skill_type": "From the posting's SPECIALIZED/COMMON_SKILLS/CERTIFICATIONS lists.",
            "is_software": "The posting lists the skill in SOFTWARE_SKILLS.",
        },
    ),
    "ops.skill_taxonomy": (
        "The skills taxonomy as delivered: one current record per skill id.",
        {"_batch_id": "ops.batches row of the file the record came from."},
    ),
    "ops.employment_cells": (
        "Employment export cells as delivered: one per occupation, area and year.",
        {
            "area": "US, or the state FIPS code.",
            "_batch_id": "ops.batches row of the file the cell came from.",
        },
    ),
    "ops.onet_occupations": (
        "O*NET occupation data as delivered: the newest delivery's rows (a newer delivery "
        "replaces them all).",
        {
            "onet_code": "O*NET-SOC code (e.g. 15-2051.01).",
            "title": "O*NET title.",
            "description": "O*NET description of the occupation.",
            "source": "The release and file name the rows come from.",
            "_batch_id": "ops.batches row of the file the rows came from.",
        },
    ),
    "ops.oews_rows": (
        "BLS OEWS file rows as delivered, parsed: one per level, year, geography and OCC_CODE; "
        "a newer file of the same level and year replaces all its rows.",
        {
            "level": "national or state (from the file name).",
            "year": "Survey year (from the file name).",
            "geo_code": "US (national file) or the state's postal code.",
            "occ_code": "OCC_CODE as written.",
            "occ_title": "OCC_TITLE.",
            "employment": "TOT_EMP; NULL for **.",
            "employment_suppressed": "True for **.",
            "wage_topcoded": "True when any annual wage was #.",
            "_batch_id": "ops.batches row of the file the row came from.",
            "_row": "Record number of the row in its file (1-based).",
        },
    ),
    "ops.feed_watermarks": (
        "How far each HTTP export feed has been pulled; published with the data it fed.",
        {
            "source": "The feed URL.",
            "watermark": "Creation time (ISO 8601) of the newest file landed from the feed.",
            "updated_at": "When the watermark last moved.",
        },
    ),
    "store.months": (
        "Months whose monthly parts (store.part_*) are current; a snapshot sums the parts of "
        "the whole months of its window (warehouse/months.py).",
        {
            "part": "The month (its first day).",
            "built_at": "When the month's parts were built (UTC).",
            "run_id": "The run that built them (ops.runs).",
            "postings": "Postings POSTED in the month (current versions).",
        },
    ),
    **{
        f"store.part_{name}": (
            f"Monthly part (internal, additive): {about}, of the postings POSTED in one month. "
            "Dropped when a file changes a posting of that month.",
            {
                "part": "The month (its first day).",
                "occupation_code": "Career code; NULL: postings without a career.",
                "postings": "Postings counted.",
                **extra,
            },
        )
        for name, about, extra in (
            (
                "careers",
                "postings, salaried postings, salary sum, postings stating education "
                "0-4 and experience, per career and geography",
                {
                    "salary_sum": "Sum of SALARY (exact DECIMAL).",
                    "salary_postings": "Postings with a SALARY.",
                    "education_postings": "Postings whose EDUCATION_LEVELS has a level 0-4.",
                    "experience_postings": "Postings stating MIN_YEARS_EXPERIENCE.",
                },
            ),
            (
                "names",
                "votes for career and parent names per career and geography",
                {
                    "attribute": "occupation_name, parent_code or parent_name.",
                    "value": "The value postings give.",
                },
            ),
            ("education", "postings per education level 0-4", {"level_code": "Level 0-4."}),
            ("experience", "postings per experience bucket", {"bucket": "0-2, 3-5, 6-8 or 9+."}),
            (
                "employers",
                "postings per employer",
                {"staffing_postings": "Those that say the employer is a staffing company."},
            ),
            ("titles", "postings per title", {}),
            ("skills", "postings per skill, career and geography", {}),
            (
                "skill_votes",
                "votes for the name, type and software flag of skills the taxonomy lacks",
                {
                    "attribute": "skill_name, skill_type or is_software.",
                    "value": "The value postings give.",
                },
            ),
        )
    },
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
        "column is kept; parsed columns are typed, lists are VARCHAR[]/INTEGER[]. A view over "
        "the Parquet files of this publication (ops.parquet_files), masked versions left out.",
        {
            "_batch_id": "ops.batches row of the file this version came from.",
            "_row": "Record number of this version in its file (1-based).",
            "_updated_at": "Update time: LAST_UPDATED_TIMESTAMP, else LAST_UPDATED_DATE at 0:00.",
            "_rejected": "Always NULL here. While a file is ingested, its rejected records pass "
            "through this column on their way to ops.quarantine (one read of the file serves "
            "both) and are deleted right after.",
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
    "ops.parquet_files": (
        "The Parquet files holding every export column of the posting versions: one or more "
        "per ingested file and month of POSTED; the `postings` view reads the live ones.",
        {
            "path": "Path of the file: absolute in a publication (the store folder beside it), "
            "relative to the store's postings/ folder in the store.",
            "month": "Month of POSTED of every version in the file.",
            "batch_id": "ops.batches row of the file it came from; 0 for a compacted month.",
            "rows": "Versions in the file, masked ones included.",
            "created_at": "When the file was registered (UTC).",
            "retired_at": "When a compaction replaced it (UTC); NULL while live.",
        },
    ),
    "ops.postings_view_files": (
        "The files the `postings` view of this publication reads, by absolute path: the "
        "empty schema file first, then the live files of ops.parquet_files. `careers query` "
        "may open these and no other file.",
        {"path": "Absolute path of the file."},
    ),
    "ops.masked_versions": (
        "Versions in live Parquet files that a later version replaced: the `postings` view "
        "leaves them out.",
        {
            "batch_id": "ops.batches row of the replaced version's file.",
            "row": "Its record number in that file.",
            "month": "Month of its POSTED (the folder of its Parquet file).",
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


def _comment(
    con: duckdb.DuckDBPyConnection, statement: str, text: str, relation: str, column: str = ""
) -> None:
    """Run a `COMMENT ON` statement of ops/dictionary with `text` as its comment (placed as a
    literal by the runner: COMMENT ON takes no bound parameter)."""
    names = {"column": column} if column else {}
    run(con, f"ops/dictionary#{statement}", relation=relation, comment=text, **names)


def apply_comments(con: duckdb.DuckDBPyConnection) -> None:
    """COMMENT ON every table, `latest_*` view and column present (idempotent)."""
    present = {(schema, name): kind for schema, name, kind in rows(con, "ops/dictionary#relations")}
    for qualified, (about, columns) in TABLES.items():
        schema, _, name = qualified.rpartition(".")
        targets = [(schema or "main", name, about)]
        targets.append(("main", f"latest_{name}", f"{about} Newest as_of only."))
        for tschema, tname, text in targets:
            kind = present.get((tschema, tname))
            if kind is None:
                continue
            full = f"{tschema}.{tname}"
            _comment(con, f"comment_{kind.lower()}", text, full)
            for (column,) in rows(con, "ops/dictionary#columns", [tschema, tname]):
                text = columns.get(column) or _CAREER.get(column)
                if text is None and qualified == "postings":
                    text = "Export column, as delivered (typed where the pipeline parses it)."
                if text is None:
                    text = column.replace("_", " ").capitalize() + "."
                _comment(con, "comment_column", text, full, column)
