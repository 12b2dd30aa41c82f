-- inputs: window_employers
-- career_employers: top 10 COMPANY_NAME by postings per career x geography, leaving out empty
-- and 'Unclassified'; ties by name (byte order). is_staffing: any counted posting says so.
-- Sums of the window's parts.
WITH counts AS (
    SELECT
        occupation_code, geo_code, employer_name,
        sum(staffing_postings) > 0 AS is_staffing,
        sum(postings)::BIGINT      AS postings
    FROM window_employers
    GROUP BY ALL
)
SELECT
    getvariable('as_of')::DATE AS as_of,
    occupation_code,
    geo_code,
    row_number() OVER (
        PARTITION BY occupation_code, geo_code ORDER BY postings DESC, employer_name ASC
    )                          AS rank,
    employer_name,
    is_staffing,
    postings
FROM counts
QUALIFY rank <= 10
ORDER BY occupation_code, geo_code, rank
