-- The file's own latest version of each posting (from `posting_checks`, one row per record):
-- per ID the valid record with the greatest update time, ties to the later row, a missing
-- update time losing to any present one. Whether it beats the store's version is the writer's
-- question (staging/merge_rows.sql).
SELECT _row, id, updated_at, _key, posted
FROM posting_checks
WHERE _row NOT IN (SELECT _row FROM rejected_rows)
QUALIFY row_number() OVER (PARTITION BY id ORDER BY updated_at DESC NULLS LAST, _row DESC) = 1
