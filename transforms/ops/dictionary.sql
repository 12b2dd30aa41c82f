-- The data dictionary (warehouse/dictionary.py): what exists to comment on, and the comments.
-- COMMENT ON takes no bound parameter: its text is placed as a string literal by the runner
-- (`{{ comment | literal }}`).

-- name: relations
SELECT schema_name, table_name, 'TABLE' FROM duckdb_tables()
WHERE database_name = current_database()
UNION ALL
SELECT schema_name, view_name, 'VIEW' FROM duckdb_views()
WHERE NOT internal AND database_name = current_database()

-- name: columns
SELECT column_name FROM duckdb_columns()
WHERE schema_name = ? AND table_name = ? AND database_name = current_database()

-- name: comment_table
COMMENT ON TABLE {{ relation }} IS {{ comment | literal }}

-- name: comment_view
COMMENT ON VIEW {{ relation }} IS {{ comment | literal }}

-- name: comment_column
COMMENT ON COLUMN {{ relation }}.{{ column | name }} IS {{ comment | literal }}
