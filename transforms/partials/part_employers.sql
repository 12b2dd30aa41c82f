-- inputs: part_postings, geographies
-- Postings per employer (COMPANY_NAME, leaving out empty and 'Unclassified'), per part x career
-- x geography, and how many of them flag the employer as staffing (a count, not a flag, so that
-- a replaced posting can be counted out of a stored month). Counted per state; the nation's
-- counts are their sums (see part_postings.sql).
WITH by_state AS (
    SELECT
        part, occupation_code, state_code, company_name AS employer_name,
        count(*) FILTER (WHERE company_is_staffing) AS staffing_postings,
        count(*)                                    AS postings
    FROM part_postings
    WHERE occupation_code IS NOT NULL
      AND company_name IS NOT NULL AND company_name <> 'Unclassified'
    GROUP BY ALL
)
SELECT part, occupation_code, (SELECT geo_code FROM geographies WHERE geo_level = 'nation')
           AS geo_code,
       employer_name, sum(staffing_postings)::BIGINT AS staffing_postings,
       sum(postings)::BIGINT AS postings
FROM by_state
GROUP BY part, occupation_code, employer_name
UNION ALL
SELECT part, occupation_code, state_code, employer_name, staffing_postings, postings
FROM by_state
WHERE state_code IS NOT NULL
