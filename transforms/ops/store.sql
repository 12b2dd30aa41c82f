-- Statements of warehouse/store.py: the writer's store beside the published file.

-- name: postings_is_view
-- Whether `postings` is a view over the store's Parquet files (else the file is of the layout
-- before the store: every export column in a `postings` table, or no posting yet).
SELECT count(*) FROM duckdb_views()
WHERE database_name = current_database() AND schema_name = 'main' AND view_name = 'postings'

-- name: attach_published
ATTACH $path AS published_file (READ_ONLY)

-- name: detach_published
DETACH published_file

-- name: copy_missing_runs
INSERT INTO ops.runs
SELECT * FROM published_file.ops.runs
WHERE run_id NOT IN (SELECT run_id FROM ops.runs)
