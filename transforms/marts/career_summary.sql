-- inputs: window_careers, window_names, window_employers, window_salaries
-- career_summary: one row per career x geography with at least one posting in the window.
-- Counts sum the window's parts (window_*: monthly parts plus the slices at its ends);
-- percentiles come from the window's salaries (window_salaries).
WITH totals AS (
    SELECT
        occupation_code, geo_level, geo_code, geo_name,
        sum(postings)::BIGINT           AS postings,
        sum(salary_postings)::BIGINT    AS salary_postings,
        sum(salary_sum)                 AS salary_sum
    FROM window_careers
    WHERE occupation_code IS NOT NULL
    GROUP BY ALL
),
-- Names the postings disagree on: the most frequent non-NULL value wins, ties by value.
names AS (
    SELECT occupation_code, geo_code, attribute, value
    FROM window_names
    GROUP BY occupation_code, geo_code, attribute, value
    QUALIFY row_number() OVER (
        PARTITION BY occupation_code, geo_code, attribute ORDER BY sum(postings) DESC, value ASC
    ) = 1
),
picked AS (
    PIVOT names ON attribute IN ('occupation_name', 'parent_code', 'parent_name')
    USING any_value(value) GROUP BY occupation_code, geo_code
),
employers AS (
    SELECT occupation_code, geo_code, count(DISTINCT employer_name) AS employers
    FROM window_employers
    GROUP BY ALL
),
percentiles AS (
    SELECT occupation_code, geo_code,
           quantile_cont(salary, [0.10, 0.25, 0.50, 0.75, 0.90]) AS q
    FROM window_salaries
    GROUP BY ALL
)
SELECT
    getvariable('as_of')::DATE                                  AS as_of,
    t.occupation_code,
    p.occupation_name,
    p.parent_code,
    p.parent_name,
    t.geo_level,
    t.geo_code,
    t.geo_name,
    getvariable('window_start')::DATE                           AS window_start,
    getvariable('as_of')::DATE                                  AS window_end,
    t.postings,
    coalesce(e.employers, 0)                                    AS employers,
    t.salary_postings,
    -- Fewer than 5 salaried postings: no salary statistics at all.
    CASE WHEN t.salary_postings >= 5
         THEN t.salary_sum::DOUBLE / t.salary_postings END      AS salary_mean,
    CASE WHEN t.salary_postings >= 5 THEN s.q[1] END            AS salary_p10,
    CASE WHEN t.salary_postings >= 5 THEN s.q[2] END            AS salary_p25,
    CASE WHEN t.salary_postings >= 5 THEN s.q[3] END            AS salary_p50,
    CASE WHEN t.salary_postings >= 5 THEN s.q[4] END            AS salary_p75,
    CASE WHEN t.salary_postings >= 5 THEN s.q[5] END            AS salary_p90
FROM totals AS t
LEFT JOIN picked AS p USING (occupation_code, geo_code)
LEFT JOIN employers AS e USING (occupation_code, geo_code)
LEFT JOIN percentiles AS s USING (occupation_code, geo_code)
ORDER BY t.occupation_code, t.geo_level, t.geo_code
