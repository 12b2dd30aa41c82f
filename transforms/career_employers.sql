-- career_employers: top 10 COMPANY_NAME by postings per career x geography, leaving out empty
-- and 'Unclassified'; ties by name (byte order). is_staffing: any counted posting says so.
WITH counts AS (
    SELECT
        occupation_code, geo_code, company_name AS employer_name,
        bool_or(company_is_staffing) AS is_staffing,
        count(*)                     AS postings
    FROM snapshot_postings
    WHERE occupation_code IS NOT NULL
      AND company_name IS NOT NULL AND company_name <> 'Unclassified'
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
