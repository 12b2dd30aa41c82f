-- inputs: postings, geographies
-- The snapshot window's salaried career postings, once for the nation and once for their state:
-- the salary column alone. Percentiles and medians are not additive, so they are recomputed
-- from this narrow scan for every snapshot instead of being kept in monthly parts. Nation rows
-- carry the posting's SKILLS (its posting_skills links, for the salary-boosting medians). No
-- posting id: no model needs one, and reading and carrying it is a measurable share of the scan.
WITH salaried AS (
    SELECT "LOT_SPECIALIZED_OCCUPATION" AS occupation_code,
           "STATE" AS state_fips, "SALARY" AS salary, "SKILLS" AS skills
    FROM postings
    WHERE "POSTED" >= getvariable('window_start')::DATE
      AND "POSTED" <= getvariable('as_of')::DATE
      AND "SALARY" IS NOT NULL
      AND "LOT_SPECIALIZED_OCCUPATION" IS NOT NULL
      -- Lightcast's "Unclassified Specialized Occupation" is no career (part_postings.sql).
      AND "LOT_SPECIALIZED_OCCUPATION" <> '99999999'
)
SELECT occupation_code, 'US' AS geo_code, salary, skills FROM salaried
UNION ALL
SELECT s.occupation_code, g.geo_code, s.salary, NULL::VARCHAR[] AS skills
FROM salaried AS s
JOIN geographies AS g ON g.geo_level = 'state' AND g.fips = s.state_fips
