-- Postings per employer (COMPANY_NAME, leaving out empty and 'Unclassified'), per part x career
-- x geography; is_staffing: any of them says so.
SELECT
    part, occupation_code, geo_code, company_name AS employer_name,
    bool_or(company_is_staffing) AS is_staffing,
    count(*)                     AS postings
FROM part_postings
WHERE occupation_code IS NOT NULL
  AND company_name IS NOT NULL AND company_name <> 'Unclassified'
GROUP BY ALL
