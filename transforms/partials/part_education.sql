-- Postings whose EDUCATION_LEVELS contains each level 0-4, per part x career x geography.
WITH mentioned AS (
    SELECT part, occupation_code, geo_code,
           unnest(list_distinct(education_levels)) AS level_code
    FROM part_postings
    WHERE occupation_code IS NOT NULL
      AND list_has_any(education_levels, [0, 1, 2, 3, 4])
)
SELECT part, occupation_code, geo_code, level_code, count(*) AS postings
FROM mentioned
WHERE level_code BETWEEN 0 AND 4
GROUP BY ALL
