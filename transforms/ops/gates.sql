-- The quality gates' queries (warehouse/gates.py).

-- name: national_postings
-- National postings of the snapshot $as_of, of the snapshot before it, and that one's date.
WITH totals AS (
    SELECT as_of, sum(postings) AS postings FROM career_summary
    WHERE geo_code = 'US' GROUP BY as_of)
SELECT (SELECT postings FROM totals WHERE as_of = $as_of::DATE),
       (SELECT postings FROM totals WHERE as_of < $as_of::DATE ORDER BY as_of DESC LIMIT 1),
       (SELECT max(as_of) FROM totals WHERE as_of < $as_of::DATE)
