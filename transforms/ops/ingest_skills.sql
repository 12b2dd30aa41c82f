-- Statements of warehouse/ingest_skills.py.

-- name: skill_winners
-- The file's valid records, the last of each skill id (within the file a later record wins).
CREATE OR REPLACE TEMP TABLE skill_winners AS
SELECT * EXCLUDE (_row, is_software_raw, is_language_raw),
       getvariable('batch_id') AS _batch_id
FROM skill_records
WHERE _row NOT IN (SELECT _row FROM rejected_rows)
QUALIFY row_number() OVER (PARTITION BY skill_id ORDER BY _row DESC) = 1

-- name: voted_days
-- The months (their first days) whose parts voted on a skill this file names.
CREATE OR REPLACE TEMP VIEW voted_days AS
SELECT part AS day FROM store.part_skill_votes
WHERE skill_id IN (SELECT skill_id FROM skill_winners)

-- name: replace_skills
DELETE FROM ops.skill_taxonomy WHERE skill_id IN (SELECT skill_id FROM skill_winners)
