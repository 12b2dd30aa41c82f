-- inputs: part_postings, geographies
-- Postings per TITLE_NAME (leaving out empty and 'Unclassified'), per part x career x geography.
-- Counted per state; the nation's counts are their sums (see part_postings.sql).
WITH by_state AS (
    SELECT part, occupation_code, state_code, title_name, count(*) AS postings
    FROM part_postings
    WHERE occupation_code IS NOT NULL
      AND title_name IS NOT NULL AND title_name <> 'Unclassified'
    GROUP BY ALL
)
SELECT part, occupation_code, (SELECT geo_code FROM geographies WHERE geo_level = 'nation')
           AS geo_code,
       title_name, sum(postings)::BIGINT AS postings
FROM by_state
GROUP BY part, occupation_code, title_name
UNION ALL
SELECT part, occupation_code, state_code, title_name, postings
FROM by_state
WHERE state_code IS NOT NULL
