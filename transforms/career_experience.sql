-- career_experience: all four MIN_YEARS_EXPERIENCE buckets for every career x geography with at
-- least one posting stating it; share_pct over those postings.
WITH buckets(bucket, bucket_order, low, high) AS (
    VALUES ('0-2', 1, 0, 2), ('3-5', 2, 3, 5), ('6-8', 3, 6, 8), ('9+', 4, 9, 2147483647)
),
stated AS (
    SELECT occupation_code, geo_code, min_years_experience AS years
    FROM snapshot_postings
    WHERE occupation_code IS NOT NULL AND min_years_experience IS NOT NULL
),
base AS (
    SELECT occupation_code, geo_code, count(*) AS postings_stated FROM stated GROUP BY ALL
),
counts AS (
    SELECT s.occupation_code, s.geo_code, b.bucket, count(*) AS postings
    FROM stated AS s
    JOIN buckets AS b ON s.years BETWEEN b.low AND b.high
    GROUP BY ALL
)
SELECT
    getvariable('as_of')::DATE                              AS as_of,
    base.occupation_code,
    base.geo_code,
    b.bucket,
    b.bucket_order,
    coalesce(c.postings, 0)                                 AS postings,
    100.0 * coalesce(c.postings, 0) / base.postings_stated  AS share_pct
FROM base
CROSS JOIN buckets AS b
LEFT JOIN counts AS c USING (occupation_code, geo_code, bucket)
ORDER BY base.occupation_code, base.geo_code, b.bucket_order
