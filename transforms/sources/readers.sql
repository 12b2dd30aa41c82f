-- Reading one export file (sources/readers.py). Values (the file's path) are bound as $path.

-- name: csv_header
-- A CSV file's header row read as data (the fixed dialect of sources/readers.py CSV_DIALECT).
SELECT * FROM read_csv(
    $path, header = false, all_varchar = true, delim = ',', quote = '"', escape = '"',
    encoding = 'utf-8', max_line_size = 67108864, buffer_size = 67108864
) LIMIT 1

-- name: row_bounds
-- First and last rowid and the row count of a loaded file's cells table.
SELECT min(rowid), max(rowid), count(*) FROM {{ cells }}

-- name: first_row
-- The first rowid of a loaded file's cells, which `numbered_view` subtracts (a view cannot
-- take a parameter, so the value lives in a one-row table).
CREATE OR REPLACE TEMP TABLE {{ bounds }} AS SELECT ?::BIGINT AS first

-- name: numbered_view
-- A loaded file's cells with `_row`, the record number: the cells are stored in file order
-- under contiguous rowids (checked by the caller).
CREATE OR REPLACE TEMP VIEW {{ view }} AS
SELECT rowid - (SELECT first FROM {{ bounds }}) + 1 AS _row, * FROM {{ cells }}

-- name: add_text_column
ALTER TABLE {{ cells }} ADD COLUMN IF NOT EXISTS {{ column }} VARCHAR

-- name: is_temp_view
SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name = ?


-- name: row_count
SELECT count(*) FROM {{ table }}

-- name: skill_records
-- A Skills-API JSON document ($path): `{"data": [...]}` or a bare array of records, whose
-- type, category and subcategory are a nested {"id", "name"} object or plain text; one row per
-- record, in document order, each record also kept whole (RECORD).
CREATE OR REPLACE TEMP TABLE {{ table }} AS
WITH doc AS (SELECT content::JSON AS j FROM read_text($path)),
records AS (
    SELECT unnest(CASE WHEN json_type(j) = 'ARRAY' THEN json_extract(j, '$[*]')
                       WHEN json_type(j, '$.data') = 'ARRAY'
                           THEN json_extract(j, '$.data[*]')
                       ELSE error('no "data" array of skill records') END) AS r
    FROM doc
)
SELECT row_number() OVER () AS _row, r->>'$.id' AS "ID", r->>'$.name' AS "NAME",
       CASE json_type(r, '$.type') WHEN 'OBJECT' THEN r->>'$.type.name'
            ELSE r->>'$.type' END AS "TYPE",
       CASE json_type(r, '$.category') WHEN 'OBJECT' THEN r->>'$.category.name'
            ELSE r->>'$.category' END AS "CATEGORY",
       CASE json_type(r, '$.subcategory') WHEN 'OBJECT' THEN r->>'$.subcategory.name'
            ELSE r->>'$.subcategory' END AS "SUBCATEGORY",
       r->>'$.isSoftware' AS "IS_SOFTWARE", r->>'$.isLanguage' AS "IS_LANGUAGE",
       r::VARCHAR AS "RECORD"
FROM records

-- name: scan_csv
-- A CSV file ($path) in the fixed dialect: header on the first line (sniffing only finds it),
-- every cell text, a record up to 64 MiB, one 64 MiB read buffer per thread.
SELECT * FROM read_csv(
    $path, header = true, null_padding = false, all_varchar = true, delim = ',', quote = '"',
    escape = '"', encoding = 'utf-8', max_line_size = 67108864, buffer_size = 67108864
)

-- name: scan_parquet
SELECT * FROM read_parquet($path)

-- name: scan_json
-- $format: newline_delimited (.jsonl) or array (.json); records become columns.
SELECT * FROM read_json($path, format = $format, records = true, sample_size = -1)

-- name: load_csv
-- A CSV file ($path, dialect as `scan_csv`) loaded as text cells into {{ cells }}, its columns
-- named $names (the header's names in upper case, in file order).
CREATE TEMP TABLE {{ cells }} AS
SELECT * FROM read_csv(
    $path, header = true, null_padding = false, all_varchar = true, delim = ',', quote = '"',
    escape = '"', encoding = 'utf-8', max_line_size = 67108864, buffer_size = 67108864,
    names = $names::VARCHAR[]
)
