-- The postings of the parts being built: for each row of `part_ranges` (part = a month's first
-- day, lo..hi the POSTED dates it covers: the whole month, or the slice of it inside a snapshot
-- window), the current version of every valid posting posted in it, once for the nation and
-- once for its state when STATE is a known FIPS code. Postings without a career are kept
-- (occupation_code NULL): shares of "all postings of a geography" count them.
WITH ranged AS (
    SELECT
        r.part,
        p."ID"                              AS posting_id,
        p."LOT_SPECIALIZED_OCCUPATION"      AS occupation_code,
        p."LOT_SPECIALIZED_OCCUPATION_NAME" AS occupation_name,
        p."LOT_OCCUPATION"                  AS parent_code,
        p."LOT_OCCUPATION_NAME"             AS parent_name,
        p."STATE"                           AS state_fips,
        p."COMPANY_NAME"                    AS company_name,
        coalesce(p."COMPANY_IS_STAFFING", false) AS company_is_staffing,
        p."TITLE_NAME"                      AS title_name,
        p."SALARY"                          AS salary,
        p."EDUCATION_LEVELS"                AS education_levels,
        p."MIN_YEARS_EXPERIENCE"            AS min_years_experience
    FROM postings AS p
    JOIN part_ranges AS r
      ON date_trunc('month', p."POSTED")::DATE = r.part
     AND p."POSTED" BETWEEN r.lo AND r.hi
)
SELECT n.*, g.geo_level, g.geo_code, g.geo_name
FROM ranged AS n
CROSS JOIN (SELECT * FROM geographies WHERE geo_level = 'nation') AS g
UNION ALL
SELECT n.*, g.geo_level, g.geo_code, g.geo_name
FROM ranged AS n
JOIN geographies AS g ON g.geo_level = 'state' AND g.fips = n.state_fips
