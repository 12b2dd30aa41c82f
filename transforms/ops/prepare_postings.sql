-- Statements of warehouse/prepare_postings.py: one postings file read, checked and written as
-- Parquet in a private DuckDB.

-- name: wanted_rows
-- What the file's second read fetches: the file's winners, and each rejected key once
-- (records sharing a key are identical; its first record's number stands for them).
CREATE OR REPLACE TEMP TABLE wanted_rows AS
SELECT _row, id, _key, false AS rejected FROM file_winners
UNION ALL
SELECT min(_row), NULL, _key, true FROM posting_checks
WHERE _row IN (SELECT _row FROM rejected_rows) GROUP BY _key

-- name: written_rows
-- Records (distinct `_row`) and copies in the winners' Parquet files $files.
SELECT count(DISTINCT _row), count(*)
FROM read_parquet($files::VARCHAR[], union_by_name = true, hive_partitioning = false)

-- name: write_quarantine
-- Every rejected record with its raw row, read back from the second read's files $files.
COPY (
    SELECT r._row AS row_number, r.reasons, p.raw_row
    FROM rejected_rows AS r
    JOIN posting_checks AS k USING (_row)
    JOIN wanted_rows AS w ON w.rejected AND w._key = k._key
    JOIN (
        SELECT _row, any_value(_rejected) AS raw_row
        FROM read_parquet($files::VARCHAR[], union_by_name = true, hive_partitioning = false)
        GROUP BY _row
    ) AS p ON p._row = w._row
    ORDER BY r._row
) TO $path (FORMAT parquet, COMPRESSION zstd)

-- name: write_no_quarantine
COPY (SELECT NULL::BIGINT AS row_number, NULL::VARCHAR AS reasons, NULL::JSON AS raw_row LIMIT 0)
TO $path (FORMAT parquet)

-- name: count_file
SELECT count(*) FROM read_parquet($path)

-- name: write_winners
COPY (SELECT _row, id, updated_at, posted FROM file_winners ORDER BY _row)
TO $path (FORMAT parquet)
