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
