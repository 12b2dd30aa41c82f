-- inputs: part_postings, geographies
-- Postings per MIN_YEARS_EXPERIENCE bucket, per part x career x geography. Counted per state;
-- the nation's counts are their sums (see part_postings.sql).
WITH buckets(bucket, low, high) AS (
    VALUES ('0-2', 0, 2), ('3-5', 3, 5), ('6-8', 6, 8), ('9+', 9, 2147483647)
),
by_state AS (
    SELECT p.part, p.occupation_code, p.state_code, b.bucket, count(*) AS postings
    FROM part_postings AS p
    JOIN buckets AS b ON p.min_years_experience BETWEEN b.low AND b.high
    WHERE p.occupation_code IS NOT NULL
    GROUP BY ALL
)
SELECT part, occupation_code, (SELECT geo_code FROM geographies WHERE geo_level = 'nation')
           AS geo_code,
       bucket, sum(postings)::BIGINT AS postings
FROM by_state
GROUP BY part, occupation_code, bucket
UNION ALL
SELECT part, occupation_code, state_code, bucket, postings
FROM by_state
WHERE state_code IS NOT NULL
