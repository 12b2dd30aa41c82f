-- inputs: window_careers, window_education
-- career_education: all five levels 0-4 for every career x geography with at least one posting
-- asking for any of them. share_pct = postings mentioning the level / postings mentioning any
-- level 0-4, so shares may add up to more than 100. Sums of the window's parts.
WITH levels(level_code, level_name) AS (
    VALUES (0, 'High school or GED'), (1, 'Associate degree'), (2, 'Bachelor''s degree'),
           (3, 'Master''s degree'), (4, 'Ph.D. or professional degree')
),
base AS (
    SELECT occupation_code, geo_code, sum(education_postings)::BIGINT AS postings_with_level
    FROM window_careers
    WHERE occupation_code IS NOT NULL
    GROUP BY ALL
    HAVING sum(education_postings) > 0
),
mentions AS (
    SELECT occupation_code, geo_code, level_code, sum(postings)::BIGINT AS postings
    FROM window_education
    GROUP BY ALL
)
SELECT
    getvariable('as_of')::DATE                                   AS as_of,
    b.occupation_code,
    b.geo_code,
    l.level_code,
    l.level_name,
    coalesce(m.postings, 0)::BIGINT                              AS postings,
    100.0 * coalesce(m.postings, 0) / b.postings_with_level      AS share_pct
FROM base AS b
CROSS JOIN levels AS l
LEFT JOIN mentions AS m USING (occupation_code, geo_code, level_code)
ORDER BY b.occupation_code, b.geo_code, l.level_code
