-- Deleted rows in the work file and its checkpoint (warehouse/storage.py).

-- name: stored_rows
-- Rows stored (deleted ones included) of the main tables named in the list parameter.
SELECT table_name, estimated_size FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main'
  AND table_name IN (SELECT unnest(?))

-- name: live_rows
SELECT count(*) FROM {{ table }}

-- name: set_vacuum_tasks
SET max_vacuum_tasks = $tasks

-- name: checkpoint
CHECKPOINT
