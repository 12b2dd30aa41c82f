-- career_education: all five levels 0-4 for every career x geography with at least one posting
-- asking for any of them. share_pct = postings mentioning the level / postings mentioning any
-- level 0-4, so shares may add up to more than 100.
WITH levels(level_code, level_name) AS (
    VALUES (0, 'High school or GED'), (1, 'Associate degree'), (2, 'Bachelor''s degree'),
           (3, 'Master''s degree'), (4, 'Ph.D. or professional degree')
),
with_level AS (
    SELECT occupation_code, geo_code, list_distinct(education_levels) AS codes
    FROM snapshot_postings
    WHERE occupation_code IS NOT NULL
      AND list_has_any(education_levels, [0, 1, 2, 3, 4])
),
base AS (
    SELECT occupation_code, geo_code, count(*) AS postings_with_level
    FROM with_level GROUP BY ALL
),
mentions AS (
    SELECT occupation_code, geo_code, level_code, count(*) AS postings
    FROM (SELECT occupation_code, geo_code, unnest(codes) AS level_code FROM with_level)
    GROUP BY ALL
)
SELECT
    getvariable('as_of')::DATE                                   AS as_of,
    b.occupation_code,
    b.geo_code,
    l.level_code,
    l.level_name,
    coalesce(m.postings, 0)                                      AS postings,
    100.0 * coalesce(m.postings, 0) / b.postings_with_level      AS share_pct
FROM base AS b
CROSS JOIN levels AS l
LEFT JOIN mentions AS m USING (occupation_code, geo_code, level_code)
ORDER BY b.occupation_code, b.geo_code, l.level_code
