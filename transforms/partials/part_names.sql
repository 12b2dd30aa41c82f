-- inputs: part_postings, geographies
-- Votes for the names postings may disagree on: per part x career x geography, how many postings
-- give each non-NULL occupation_name, parent_code and parent_name. Counted per state; the
-- nation's counts are their sums (see part_postings.sql).
WITH votes AS (
    UNPIVOT (
        SELECT part, occupation_code, state_code, occupation_name, parent_code, parent_name
        FROM part_postings
        WHERE occupation_code IS NOT NULL
    )
    ON occupation_name, parent_code, parent_name
    INTO NAME attribute VALUE value
),
by_state AS (
    SELECT part, occupation_code, state_code, attribute, value, count(*) AS postings
    FROM votes
    GROUP BY ALL
)
SELECT part, occupation_code, (SELECT geo_code FROM geographies WHERE geo_level = 'nation')
           AS geo_code,
       attribute, value, sum(postings)::BIGINT AS postings
FROM by_state
GROUP BY part, occupation_code, attribute, value
UNION ALL
SELECT part, occupation_code, state_code, attribute, value, postings
FROM by_state
WHERE state_code IS NOT NULL
