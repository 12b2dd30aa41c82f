-- Which of the file's winners (`file_winners`: its own latest version of each posting, see
-- file_winners.sql) enter `postings`: those the store holds no version of with a greater update
-- time (ties go to the file: it is ingested later).
SELECT c._row, c.id
FROM file_winners AS c
LEFT JOIN postings AS p ON p."ID" = c.id
WHERE p."ID" IS NULL
   OR p._updated_at IS NULL
   OR c.updated_at >= p._updated_at
