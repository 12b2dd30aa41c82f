-- Postings per TITLE_NAME (leaving out empty and 'Unclassified'), per part x career x geography.
SELECT part, occupation_code, geo_code, title_name, count(*) AS postings
FROM part_postings
WHERE occupation_code IS NOT NULL
  AND title_name IS NOT NULL AND title_name <> 'Unclassified'
GROUP BY ALL
