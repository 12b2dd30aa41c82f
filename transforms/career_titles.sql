-- career_titles: top 10 TITLE_NAME by postings per career x geography, leaving out empty and
-- 'Unclassified'; ties by name (byte order).
WITH counts AS (
    SELECT occupation_code, geo_code, title_name, count(*) AS postings
    FROM snapshot_postings
    WHERE occupation_code IS NOT NULL
      AND title_name IS NOT NULL AND title_name <> 'Unclassified'
    GROUP BY ALL
)
SELECT
    getvariable('as_of')::DATE AS as_of,
    occupation_code,
    geo_code,
    row_number() OVER (
        PARTITION BY occupation_code, geo_code ORDER BY postings DESC, title_name ASC
    )                          AS rank,
    title_name,
    postings
FROM counts
QUALIFY rank <= 10
ORDER BY occupation_code, geo_code, rank
