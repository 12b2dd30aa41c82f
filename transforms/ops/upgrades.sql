-- Upgrades of a warehouse built by an earlier version (warehouse/upgrades.py).

-- name: table_sql
SELECT sql FROM duckdb_tables()
WHERE schema_name = ? AND table_name = ? AND database_name = current_database()

-- name: quarantine_aside
ALTER TABLE ops.quarantine RENAME TO quarantine_before_zstd

-- name: quarantine_back
INSERT INTO ops.quarantine SELECT * FROM ops.quarantine_before_zstd

-- name: drop_quarantine_aside
DROP TABLE ops.quarantine_before_zstd

-- name: has_is_staffing
SELECT count(*) FROM duckdb_columns()
WHERE schema_name = 'store' AND table_name = 'part_employers' AND column_name = 'is_staffing'
  AND database_name = current_database()

-- name: drop_part_employers
DROP TABLE store.part_employers

-- name: empty_part
-- Every row of a stored monthly part table ({{ part }}: store.part_<name>).
DELETE FROM {{ part }}

-- name: empty_months
DELETE FROM store.months

-- name: postings_is_wide
-- Whether `postings` still holds every export column (BODY among them).
SELECT count(*) FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'postings'
  AND column_name = 'BODY'

-- name: lineage_for_unversioned
-- Versions stored before lineage columns existed: batch 0, their row id as record number.
-- Rejected records a stopped run left behind are dropped (their rows are in ops.quarantine).
ALTER TABLE postings ADD COLUMN IF NOT EXISTS _batch_id BIGINT;
ALTER TABLE postings ADD COLUMN IF NOT EXISTS _row BIGINT;
ALTER TABLE postings ADD COLUMN IF NOT EXISTS _updated_at TIMESTAMP;
ALTER TABLE postings ADD COLUMN IF NOT EXISTS _rejected JSON;
DELETE FROM postings WHERE _rejected IS NOT NULL;
UPDATE postings SET _batch_id = 0, _row = rowid WHERE _batch_id IS NULL OR _row IS NULL

-- name: versions_out_of_postings
CREATE OR REPLACE TEMP VIEW versions_out AS SELECT * FROM postings

-- name: narrow_postings
-- Keep the narrow columns (as `create_postings` makes them) of the wide table.
CREATE TABLE postings_narrow AS
SELECT "ID", "POSTED", "COMPANY_NAME", "COMPANY_IS_STAFFING", "EDUCATION_LEVELS",
       "MIN_YEARS_EXPERIENCE", "SALARY", "STATE", "TITLE_NAME", "SKILLS", "ONET", "SOC_2021_5",
       "LOT_CAREER_AREA", "LOT_CAREER_AREA_NAME", "LOT_OCCUPATION", "LOT_OCCUPATION_NAME",
       "LOT_SPECIALIZED_OCCUPATION", "LOT_SPECIALIZED_OCCUPATION_NAME", "LOT_OCCUPATION_GROUP",
       "LOT_OCCUPATION_GROUP_NAME", _batch_id, _row, _updated_at
FROM postings;
DROP TABLE postings;
ALTER TABLE postings_narrow RENAME TO postings
