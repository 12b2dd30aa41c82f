-- inputs: career_summary, geographies, ops.employment_cells
-- career_employment: for every career with a nation row in career_summary, the employment
-- export's yearly jobs for its parent occupation, in every area the export has for it.
-- jobs NULL and suppressed true where the export wrote '<10'.
WITH careers AS (
    SELECT occupation_code, parent_code FROM career_summary
    WHERE as_of = getvariable('as_of')::DATE AND geo_code = 'US'
)
SELECT
    getvariable('as_of')::DATE AS as_of,
    c.occupation_code,
    c.parent_code,
    CASE WHEN e.area = 'US' THEN 'US' ELSE g.geo_code END AS geo_code,
    e.year,
    e.jobs,
    e.suppressed
FROM careers AS c
JOIN ops.employment_cells AS e ON e.occupation_code = c.parent_code
LEFT JOIN geographies AS g ON g.geo_level = 'state' AND g.fips::VARCHAR = e.area
ORDER BY c.occupation_code, geo_code, e.year
