-- The postings one snapshot counts: the current version of every valid posting with POSTED in
-- the year ending on `as_of` (as_of - INTERVAL 1 YEAR < POSTED <= as_of), once for the nation
-- and once for its state when STATE is a known FIPS code. Postings without a career are kept
-- (occupation_code NULL): shares of "all postings of a geography" count them.
WITH windowed AS (
    SELECT *
    FROM postings
    WHERE "POSTED" > getvariable('as_of')::DATE - INTERVAL 1 YEAR
      AND "POSTED" <= getvariable('as_of')::DATE
),
narrow AS (
    SELECT
        "ID"                              AS posting_id,
        "LOT_SPECIALIZED_OCCUPATION"      AS occupation_code,
        "LOT_SPECIALIZED_OCCUPATION_NAME" AS occupation_name,
        "LOT_OCCUPATION"                  AS parent_code,
        "LOT_OCCUPATION_NAME"             AS parent_name,
        "STATE"                           AS state_fips,
        "COMPANY_NAME"                    AS company_name,
        coalesce("COMPANY_IS_STAFFING", false) AS company_is_staffing,
        "TITLE_NAME"                      AS title_name,
        "SALARY"                          AS salary,
        "EDUCATION_LEVELS"                AS education_levels,
        "MIN_YEARS_EXPERIENCE"            AS min_years_experience,
        "SKILLS"                          AS skills,
        "SKILLS_NAME"                     AS skills_name
    FROM windowed
)
SELECT n.*, g.geo_level, g.geo_code, g.geo_name
FROM narrow AS n
CROSS JOIN (SELECT * FROM geographies WHERE geo_level = 'nation') AS g
UNION ALL
SELECT n.*, g.geo_level, g.geo_code, g.geo_name
FROM narrow AS n
JOIN geographies AS g ON g.geo_level = 'state' AND g.fips = n.state_fips
