-- Which records of the file being ingested (`raw_file`) enter `postings`: per ID the file's
-- valid record with the greatest update time (ties: the later row), unless the table holds a
-- version with a greater update time (ties go to the file: it is ingested later).
-- Narrow on purpose: only the winners are parsed and copied in full.
WITH candidates AS (
    SELECT _row, clean("ID") AS id,
           update_time("LAST_UPDATED_TIMESTAMP", "LAST_UPDATED_DATE") AS updated_at
    FROM raw_file
    WHERE _row NOT IN (SELECT _row FROM rejected_rows)
    QUALIFY row_number() OVER (
        PARTITION BY clean("ID") ORDER BY updated_at DESC NULLS LAST, _row DESC) = 1
)
SELECT c._row, c.id
FROM candidates AS c
LEFT JOIN postings AS p ON p."ID" = c.id
WHERE p."ID" IS NULL
   OR p._updated_at IS NULL
   OR c.updated_at >= p._updated_at
