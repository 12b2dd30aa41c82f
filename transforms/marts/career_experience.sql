-- inputs: window_careers, window_experience
-- career_experience: all four MIN_YEARS_EXPERIENCE buckets for every career x geography with at
-- least one posting stating it; share_pct over those postings. Sums of the window's parts.
WITH buckets(bucket, bucket_order) AS (
    VALUES ('0-2', 1), ('3-5', 2), ('6-8', 3), ('9+', 4)
),
base AS (
    SELECT occupation_code, geo_code, sum(experience_postings)::BIGINT AS postings_stated
    FROM window_careers
    WHERE occupation_code IS NOT NULL
    GROUP BY ALL
    HAVING sum(experience_postings) > 0
),
counts AS (
    SELECT occupation_code, geo_code, bucket, sum(postings)::BIGINT AS postings
    FROM window_experience
    GROUP BY ALL
)
SELECT
    getvariable('as_of')::DATE                              AS as_of,
    base.occupation_code,
    base.geo_code,
    b.bucket,
    b.bucket_order,
    coalesce(c.postings, 0)::BIGINT                         AS postings,
    100.0 * coalesce(c.postings, 0) / base.postings_stated  AS share_pct
FROM base
CROSS JOIN buckets AS b
LEFT JOIN counts AS c USING (occupation_code, geo_code, bucket)
ORDER BY base.occupation_code, base.geo_code, b.bucket_order
