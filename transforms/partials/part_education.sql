-- inputs: part_postings, geographies
-- Postings whose EDUCATION_LEVELS contains each level 0-4, per part x career x geography.
-- Counted per state; the nation's counts are their sums (see part_postings.sql).
WITH mentioned AS (
    SELECT part, occupation_code, state_code,
           unnest(list_distinct(education_levels)) AS level_code
    FROM part_postings
    WHERE occupation_code IS NOT NULL
      AND list_has_any(education_levels, [0, 1, 2, 3, 4])
),
by_state AS (
    SELECT part, occupation_code, state_code, level_code, count(*) AS postings
    FROM mentioned
    WHERE level_code BETWEEN 0 AND 4
    GROUP BY ALL
)
SELECT part, occupation_code, (SELECT geo_code FROM geographies WHERE geo_level = 'nation')
           AS geo_code,
       level_code, sum(postings)::BIGINT AS postings
FROM by_state
GROUP BY part, occupation_code, level_code
UNION ALL
SELECT part, occupation_code, state_code, level_code, postings
FROM by_state
WHERE state_code IS NOT NULL
