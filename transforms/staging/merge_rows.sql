-- Which records of the file being ingested enter `postings` (from `posting_checks`, one row per
-- record): per ID the file's valid record with the greatest update time (ties: the later row),
-- unless the table holds a version with a greater update time (ties go to the file: it is
-- ingested later). Narrow on purpose: only the winners are read and copied in full, found in
-- the file again by `_key` (and ID).
WITH candidates AS (
    SELECT _row, id, updated_at, _key
    FROM posting_checks
    WHERE _row NOT IN (SELECT _row FROM rejected_rows)
    QUALIFY row_number() OVER (PARTITION BY id ORDER BY updated_at DESC NULLS LAST, _row DESC) = 1
)
SELECT c._row, c.id, c._key
FROM candidates AS c
LEFT JOIN postings AS p ON p."ID" = c.id
WHERE p."ID" IS NULL
   OR p._updated_at IS NULL
   OR c.updated_at >= p._updated_at
