-- Statements of warehouse/publication.py: the published file built from the store.

-- name: attach_store
ATTACH $path AS store_db (READ_ONLY)

-- name: detach_store
DETACH store_db

-- name: drop_parts_schema
-- schema.sql also creates the store's monthly parts, which stay in the store.
DROP SCHEMA IF EXISTS store CASCADE

-- name: store_tables
-- The store's tables a publication holds: all but the monthly parts (schema `store`) and the
-- narrow `postings` and `posting_skills` (the published file has views of the wide rows).
SELECT schema_name, table_name FROM duckdb_tables()
WHERE database_name = $store
  AND schema_name <> 'store'
  AND NOT (schema_name = 'main' AND table_name IN ('postings', 'posting_skills'))
ORDER BY schema_name, table_name

-- name: copy_parquet_files
-- The store's file registry, with each path made absolute (under the store's folder $root) as
-- the publication's `postings` view reads it.
INSERT INTO ops.parquet_files
SELECT $root || '/' || path, month, batch_id, rows, created_at, retired_at
FROM store_db.ops.parquet_files

-- name: record_view_files
-- The files the `postings` view reads, as it names them (the schema file first): what a
-- locked reader of the publication may open (warehouse/queries.read_only_queries).
CREATE TABLE ops.postings_view_files AS SELECT unnest($files::VARCHAR[]) AS path
