-- Postings per MIN_YEARS_EXPERIENCE bucket, per part x career x geography.
WITH buckets(bucket, low, high) AS (
    VALUES ('0-2', 0, 2), ('3-5', 3, 5), ('6-8', 6, 8), ('9+', 9, 2147483647)
)
SELECT p.part, p.occupation_code, p.geo_code, b.bucket, count(*) AS postings
FROM part_postings AS p
JOIN buckets AS b ON p.min_years_experience BETWEEN b.low AND b.high
WHERE p.occupation_code IS NOT NULL
GROUP BY ALL
