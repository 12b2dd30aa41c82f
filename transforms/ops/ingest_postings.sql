-- Statements of warehouse/ingest_postings.py: the `postings` and `posting_skills` tables, and
-- the steps of merging one file's versions into them.

-- name: create_postings
-- `postings`: the columns the career tables read of the current version of every valid posting
-- (typed as the export columns are parsed), then the lineage columns. Every export column of
-- those versions is in the store's Parquet files (warehouse/parquet_store.py), which the
-- published `postings` view reads.
CREATE TABLE IF NOT EXISTS postings (
    "ID" VARCHAR,
    "POSTED" DATE,
    "COMPANY_NAME" VARCHAR,
    "COMPANY_IS_STAFFING" BOOLEAN,
    "EDUCATION_LEVELS" INTEGER[],
    "MIN_YEARS_EXPERIENCE" INTEGER,
    "SALARY" DOUBLE,
    "STATE" INTEGER,
    "TITLE_NAME" VARCHAR,
    "SKILLS" VARCHAR[],
    "ONET" VARCHAR,
    "SOC_2021_5" VARCHAR,
    "LOT_CAREER_AREA" VARCHAR,
    "LOT_CAREER_AREA_NAME" VARCHAR,
    "LOT_OCCUPATION" VARCHAR,
    "LOT_OCCUPATION_NAME" VARCHAR,
    "LOT_SPECIALIZED_OCCUPATION" VARCHAR,
    "LOT_SPECIALIZED_OCCUPATION_NAME" VARCHAR,
    "LOT_OCCUPATION_GROUP" VARCHAR,
    "LOT_OCCUPATION_GROUP_NAME" VARCHAR,
    _batch_id BIGINT,
    _row BIGINT,
    _updated_at TIMESTAMP
)

-- name: wide_schema
-- Every export column of a posting version as the Parquet files hold it: the 131 export columns
-- (schemas/postings.py KNOWN_COLUMNS) in delivery order, the ones the pipeline parses typed,
-- every other column VARCHAR; then the lineage columns. A delivered column the contract does
-- not know follows them, as text, in the files of the deliveries that have it.
CREATE OR REPLACE TEMP TABLE postings_wide_schema (
    "ID" VARCHAR,
    "LAST_UPDATED_DATE" DATE,
    "LAST_UPDATED_TIMESTAMP" TIMESTAMP,
    "DUPLICATES" VARCHAR,
    "POSTED" DATE,
    "EXPIRED" DATE,
    "DURATION" VARCHAR,
    "SOURCE_TYPES" VARCHAR,
    "SOURCES" VARCHAR,
    "URL" VARCHAR,
    "ACTIVE_URLS" VARCHAR,
    "ACTIVE_SOURCES_INFO" VARCHAR,
    "TITLE_RAW" VARCHAR,
    "BODY" VARCHAR,
    "MODELED_EXPIRED" VARCHAR,
    "MODELED_DURATION" VARCHAR,
    "COMPANY" VARCHAR,
    "COMPANY_NAME" VARCHAR,
    "COMPANY_RAW" VARCHAR,
    "COMPANY_IS_STAFFING" BOOLEAN,
    "EDUCATION_LEVELS" INTEGER[],
    "EDUCATION_LEVELS_NAME" VARCHAR[],
    "MIN_EDULEVELS" VARCHAR,
    "MIN_EDULEVELS_NAME" VARCHAR,
    "MAX_EDULEVELS" VARCHAR,
    "MAX_EDULEVELS_NAME" VARCHAR,
    "EMPLOYMENT_TYPE" VARCHAR,
    "EMPLOYMENT_TYPE_NAME" VARCHAR,
    "MIN_YEARS_EXPERIENCE" INTEGER,
    "MAX_YEARS_EXPERIENCE" VARCHAR,
    "IS_INTERNSHIP" BOOLEAN,
    "SALARY" DOUBLE,
    "REMOTE_TYPE" VARCHAR,
    "REMOTE_TYPE_NAME" VARCHAR,
    "ORIGINAL_PAY_PERIOD" VARCHAR,
    "SALARY_TO" VARCHAR,
    "SALARY_FROM" VARCHAR,
    "LOCATION" VARCHAR,
    "CITY" VARCHAR,
    "CITY_NAME" VARCHAR,
    "COUNTY" VARCHAR,
    "COUNTY_NAME" VARCHAR,
    "MSA" VARCHAR,
    "MSA_NAME" VARCHAR,
    "STATE" INTEGER,
    "STATE_NAME" VARCHAR,
    "COUNTY_OUTGOING" VARCHAR,
    "COUNTY_NAME_OUTGOING" VARCHAR,
    "COUNTY_INCOMING" VARCHAR,
    "COUNTY_NAME_INCOMING" VARCHAR,
    "MSA_OUTGOING" VARCHAR,
    "MSA_NAME_OUTGOING" VARCHAR,
    "MSA_INCOMING" VARCHAR,
    "MSA_NAME_INCOMING" VARCHAR,
    "NAICS2" VARCHAR,
    "NAICS2_NAME" VARCHAR,
    "NAICS3" VARCHAR,
    "NAICS3_NAME" VARCHAR,
    "NAICS4" VARCHAR,
    "NAICS4_NAME" VARCHAR,
    "NAICS5" VARCHAR,
    "NAICS5_NAME" VARCHAR,
    "NAICS6" VARCHAR,
    "NAICS6_NAME" VARCHAR,
    "TITLE" VARCHAR,
    "TITLE_NAME" VARCHAR,
    "TITLE_CLEAN" VARCHAR,
    "SKILLS" VARCHAR[],
    "SKILLS_NAME" VARCHAR[],
    "SPECIALIZED_SKILLS" VARCHAR[],
    "SPECIALIZED_SKILLS_NAME" VARCHAR[],
    "CERTIFICATIONS" VARCHAR[],
    "CERTIFICATIONS_NAME" VARCHAR[],
    "COMMON_SKILLS" VARCHAR[],
    "COMMON_SKILLS_NAME" VARCHAR[],
    "SOFTWARE_SKILLS" VARCHAR[],
    "SOFTWARE_SKILLS_NAME" VARCHAR[],
    "ONET" VARCHAR,
    "ONET_NAME" VARCHAR,
    "ONET_2019" VARCHAR,
    "ONET_2019_NAME" VARCHAR,
    "CIP6" VARCHAR,
    "CIP6_NAME" VARCHAR,
    "CIP4" VARCHAR,
    "CIP4_NAME" VARCHAR,
    "CIP2" VARCHAR,
    "CIP2_NAME" VARCHAR,
    "SOC_2021_2" VARCHAR,
    "SOC_2021_2_NAME" VARCHAR,
    "SOC_2021_3" VARCHAR,
    "SOC_2021_3_NAME" VARCHAR,
    "SOC_2021_4" VARCHAR,
    "SOC_2021_4_NAME" VARCHAR,
    "SOC_2021_5" VARCHAR,
    "SOC_2021_5_NAME" VARCHAR,
    "LOT_CAREER_AREA" VARCHAR,
    "LOT_CAREER_AREA_NAME" VARCHAR,
    "LOT_OCCUPATION" VARCHAR,
    "LOT_OCCUPATION_NAME" VARCHAR,
    "LOT_SPECIALIZED_OCCUPATION" VARCHAR,
    "LOT_SPECIALIZED_OCCUPATION_NAME" VARCHAR,
    "LOT_OCCUPATION_GROUP" VARCHAR,
    "LOT_OCCUPATION_GROUP_NAME" VARCHAR,
    "LOT_V6_SPECIALIZED_OCCUPATION" VARCHAR,
    "LOT_V6_SPECIALIZED_OCCUPATION_NAME" VARCHAR,
    "LOT_V6_OCCUPATION" VARCHAR,
    "LOT_V6_OCCUPATION_NAME" VARCHAR,
    "LOT_V6_OCCUPATION_GROUP" VARCHAR,
    "LOT_V6_OCCUPATION_GROUP_NAME" VARCHAR,
    "LOT_V6_CAREER_AREA" VARCHAR,
    "LOT_V6_CAREER_AREA_NAME" VARCHAR,
    "SOC_2" VARCHAR,
    "SOC_2_NAME" VARCHAR,
    "SOC_3" VARCHAR,
    "SOC_3_NAME" VARCHAR,
    "SOC_4" VARCHAR,
    "SOC_4_NAME" VARCHAR,
    "SOC_5" VARCHAR,
    "SOC_5_NAME" VARCHAR,
    "LIGHTCAST_SECTORS" VARCHAR,
    "LIGHTCAST_SECTORS_NAME" VARCHAR,
    "NAICS_2022_2" VARCHAR,
    "NAICS_2022_2_NAME" VARCHAR,
    "NAICS_2022_3" VARCHAR,
    "NAICS_2022_3_NAME" VARCHAR,
    "NAICS_2022_4" VARCHAR,
    "NAICS_2022_4_NAME" VARCHAR,
    "NAICS_2022_5" VARCHAR,
    "NAICS_2022_5_NAME" VARCHAR,
    "NAICS_2022_6" VARCHAR,
    "NAICS_2022_6_NAME" VARCHAR,
    _batch_id BIGINT,
    _row BIGINT,
    _updated_at TIMESTAMP,
    _rejected JSON
)

-- name: add_lineage
-- The lineage columns a `postings` built by an earlier version lacks.
ALTER TABLE postings ADD COLUMN IF NOT EXISTS _batch_id BIGINT;
ALTER TABLE postings ADD COLUMN IF NOT EXISTS _row BIGINT;
ALTER TABLE postings ADD COLUMN IF NOT EXISTS _updated_at TIMESTAMP;

-- name: create_posting_skills
CREATE TABLE IF NOT EXISTS posting_skills (
    posting_id VARCHAR NOT NULL,
    skill_id VARCHAR NOT NULL,
    skill_name VARCHAR,
    skill_type VARCHAR,
    is_software BOOLEAN NOT NULL
)

-- name: shared_keys
-- Row keys that more than one record of `posting_checks` has.
SELECT count(*) FROM (SELECT _key FROM posting_checks GROUP BY _key HAVING count(*) > 1)

-- name: differing_keys
-- Shared row keys whose records differ in some cell (a second read of the file).
SELECT count(*) FROM (
    SELECT _key FROM raw_file
    WHERE _key IN (SELECT _key FROM posting_checks GROUP BY _key HAVING count(*) > 1)
    GROUP BY _key HAVING count(DISTINCT _content_key) > 1
)

-- name: rule_cells
SELECT * EXCLUDE (_key, updated_at) FROM posting_checks

-- name: merge_days
-- The days whose months this file changes: the POSTED of the versions it replaces (a posting
-- may move) and of the versions it brings.
CREATE OR REPLACE TEMP VIEW merge_days AS
SELECT "POSTED" AS day FROM postings WHERE "ID" IN (SELECT id FROM merge_rows)
UNION ALL
SELECT posted FROM file_winners WHERE _row IN (SELECT _row FROM merge_rows)

-- name: replaced_versions
-- The versions this file replaces (still in the tables until `delete_replaced`).
CREATE OR REPLACE TEMP VIEW replaced_versions AS
SELECT * FROM postings
WHERE "ID" IN (SELECT id FROM merge_rows)
  AND _batch_id IS DISTINCT FROM getvariable('batch_id')::BIGINT

-- name: replaced_links
-- The links of the versions it replaces, by ID, before `delete_replaced`: exactly the links
-- the stored months counted.
CREATE OR REPLACE TEMP VIEW replaced_links AS
SELECT * FROM posting_skills WHERE posting_id IN (SELECT id FROM merge_rows)

-- name: brought_versions
-- The versions this file brings (this batch's rows).
CREATE OR REPLACE TEMP VIEW brought_versions AS
SELECT * FROM postings WHERE _batch_id = getvariable('batch_id')::BIGINT

-- name: mask_replaced
-- Mask the versions this file replaces in their Parquet files (before `delete_replaced`).
INSERT INTO ops.masked_versions
SELECT _batch_id, _row, date_trunc('month', "POSTED")::DATE FROM postings
WHERE "ID" IN (SELECT id FROM merge_rows)
  AND _batch_id IS DISTINCT FROM getvariable('batch_id')::BIGINT

-- name: delete_replaced
DELETE FROM postings
WHERE "ID" IN (SELECT id FROM merge_rows)
  AND _batch_id IS DISTINCT FROM getvariable('batch_id')::BIGINT

-- name: delete_replaced_links
DELETE FROM posting_skills WHERE posting_id IN (SELECT id FROM merge_rows)

-- name: load_prepared
-- The prepared file's winners (`_row, id, updated_at, posted`), from $path.
CREATE OR REPLACE TEMP TABLE file_winners AS SELECT * FROM read_parquet($path)

-- name: quarantine_prepared
-- The prepared file's rejected records with their raw rows ($path), for file $file.
INSERT INTO ops.quarantine
SELECT getvariable('batch_id')::BIGINT, $file, row_number, reasons, raw_row
FROM read_parquet($path)

-- name: rejected_prepared
-- `rejected_rows` (`_row, reasons`) of the prepared file, for its ops.batches row.
CREATE OR REPLACE TEMP TABLE rejected_rows AS
SELECT row_number AS _row, reasons FROM read_parquet($path)

-- name: insert_narrow
-- This batch's versions from its Parquet files $files into `postings`, the columns it has.
INSERT INTO postings BY NAME
SELECT "ID", "POSTED", "COMPANY_NAME", "COMPANY_IS_STAFFING", "EDUCATION_LEVELS",
       "MIN_YEARS_EXPERIENCE", "SALARY", "STATE", "TITLE_NAME", "SKILLS", "ONET", "SOC_2021_5",
       "LOT_CAREER_AREA", "LOT_CAREER_AREA_NAME", "LOT_OCCUPATION", "LOT_OCCUPATION_NAME",
       "LOT_SPECIALIZED_OCCUPATION", "LOT_SPECIALIZED_OCCUPATION_NAME", "LOT_OCCUPATION_GROUP",
       "LOT_OCCUPATION_GROUP_NAME", _batch_id, _row, _updated_at
FROM read_parquet($files::VARCHAR[], union_by_name = true, hive_partitioning = false)
WHERE _row IN (SELECT _row FROM merge_rows)

-- name: mask_losers
-- The file's winners whose ID the store holds a newer version of: in the files, masked.
INSERT INTO ops.masked_versions
SELECT _batch_id, _row, date_trunc('month', "POSTED")::DATE
FROM read_parquet($files::VARCHAR[], union_by_name = true, hive_partitioning = false)
WHERE _row NOT IN (SELECT _row FROM merge_rows)

-- name: batch_versions
-- This batch's versions in `postings`.
SELECT count(*) FROM postings WHERE _batch_id = getvariable('batch_id')::BIGINT

-- name: batch_wide
-- This batch's versions with every column, from its Parquet files (getvariable 'batch_files').
CREATE OR REPLACE TEMP VIEW batch_wide AS
SELECT * FROM read_parquet(getvariable('batch_files')::VARCHAR[], union_by_name = true,
                           hive_partitioning = false)
WHERE _row IN (SELECT _row FROM merge_rows)

-- name: no_links
-- A batch with no version has no links (`batch_links` empty).
CREATE OR REPLACE TEMP TABLE batch_links AS SELECT * FROM posting_skills LIMIT 0
