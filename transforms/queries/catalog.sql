-- The analyst's `careers tables` (pages.analyst), run through warehouse.queries.

-- name: relations
-- Every table and view of the open file (system and temporary ones aside), with its comment.
SELECT schema_name, table_name AS name, 'table' AS kind, comment
FROM duckdb_tables()
WHERE database_name = current_database() AND NOT internal AND NOT temporary
UNION ALL
SELECT schema_name, view_name, 'view', comment
FROM duckdb_views()
WHERE database_name = current_database() AND NOT internal AND NOT temporary
ORDER BY schema_name <> 'main', schema_name, kind, name

-- name: row_count
SELECT count(*) AS row_count FROM {{ schema }}.{{ relation }}

-- name: publication_files
-- The Parquet files the publication's `postings` view reads (the schema file first).
SELECT path FROM ops.postings_view_files

-- name: has_file_list
SELECT count(*) AS n FROM duckdb_tables()
WHERE schema_name = 'ops' AND table_name = 'postings_view_files'

-- name: allow_paths
SET allowed_paths = {{ paths | literal }}

-- name: no_external_access
SET enable_external_access = false;
SET lock_configuration = true
