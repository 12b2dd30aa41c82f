-- name: relations
-- Every table and view of the published file outside the ops schema, in a fixed order.
SELECT schema_name, table_name FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name <> 'ops'
UNION
SELECT schema_name, view_name FROM duckdb_views()
WHERE NOT internal AND database_name = current_database() AND schema_name <> 'ops'
ORDER BY ALL

-- name: checksum
-- Row count and the md5 of the sorted md5s of the relation's rows as text (a wide table's rows
-- are never held whole), leaving out the columns that record when and by which run a row was
-- written.
SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h), ''))
FROM (
    SELECT md5(CAST(s AS VARCHAR)) AS h
    FROM (SELECT COLUMNS(lambda c: c NOT IN ('built_at', 'run_id')) FROM {{ relation }}) AS s
)
