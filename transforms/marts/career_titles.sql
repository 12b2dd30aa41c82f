-- inputs: window_titles
-- career_titles: top 10 TITLE_NAME by postings per career x geography, leaving out empty and
-- 'Unclassified'; ties by name (byte order). Sums of the window's parts.
WITH counts AS (
    SELECT occupation_code, geo_code, title_name, sum(postings)::BIGINT AS postings
    FROM window_titles
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
