-- Statements of warehouse/fanout.py: a month's inputs exported as Parquet, its parts computed
-- in a private DuckDB from them, and loaded back into the store.

-- name: export_months
CREATE OR REPLACE TEMP TABLE export_months AS SELECT unnest($months::DATE[]) AS part

-- name: export_postings
-- The `postings` columns the part models read (`input_tables` creates them in a task's DuckDB).
CREATE OR REPLACE TEMP TABLE export_postings AS
SELECT date_trunc('month', "POSTED")::DATE AS part,
       "ID", "POSTED", "LOT_SPECIALIZED_OCCUPATION", "LOT_SPECIALIZED_OCCUPATION_NAME",
       "LOT_OCCUPATION", "LOT_OCCUPATION_NAME", "STATE", "COMPANY_NAME", "COMPANY_IS_STAFFING",
       "TITLE_NAME", "SALARY", "EDUCATION_LEVELS", "MIN_YEARS_EXPERIENCE"
FROM postings
WHERE date_trunc('month', "POSTED")::DATE IN (SELECT part FROM export_months)

-- name: copy_postings
COPY export_postings TO $path (FORMAT parquet, PARTITION_BY (part))

-- name: copy_links
COPY (
    SELECT p.part, s.* FROM posting_skills AS s JOIN export_postings AS p ON p."ID" = s.posting_id
) TO $path (FORMAT parquet, PARTITION_BY (part))

-- name: copy_taxonomy
COPY (SELECT skill_id FROM ops.skill_taxonomy) TO $path (FORMAT parquet)

-- name: input_tables
-- A task's inputs, typed as in the warehouse (the columns of `export_postings`).
CREATE TABLE postings (
    "ID" VARCHAR, "POSTED" DATE, "LOT_SPECIALIZED_OCCUPATION" VARCHAR,
    "LOT_SPECIALIZED_OCCUPATION_NAME" VARCHAR, "LOT_OCCUPATION" VARCHAR,
    "LOT_OCCUPATION_NAME" VARCHAR, "STATE" INTEGER, "COMPANY_NAME" VARCHAR,
    "COMPANY_IS_STAFFING" BOOLEAN, "TITLE_NAME" VARCHAR, "SALARY" DOUBLE,
    "EDUCATION_LEVELS" INTEGER[], "MIN_YEARS_EXPERIENCE" INTEGER
);
CREATE TABLE posting_skills (
    posting_id VARCHAR, skill_id VARCHAR, skill_name VARCHAR, skill_type VARCHAR,
    is_software BOOLEAN
);
CREATE SCHEMA ops;
CREATE TABLE ops.skill_taxonomy (skill_id VARCHAR);

-- name: load_parquet
-- Append Parquet files ($files, a list) to {{ table }}, columns by name.
INSERT INTO {{ table }} BY NAME SELECT * FROM read_parquet($files, hive_partitioning = false)

-- name: load_taxonomy
INSERT INTO ops.skill_taxonomy SELECT * FROM read_parquet($path)

-- name: copy_part
COPY {{ slice }} TO $path (FORMAT parquet)
