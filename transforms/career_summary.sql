-- career_summary: one row per career x geography with at least one posting in the window.
WITH counted AS (
    SELECT * FROM snapshot_postings WHERE occupation_code IS NOT NULL
),
-- Names the postings disagree on: the most frequent non-NULL value wins, ties by value.
name_votes AS (
    UNPIVOT (SELECT occupation_code, geo_code, occupation_name, parent_code, parent_name FROM counted)
    ON occupation_name, parent_code, parent_name
    INTO NAME attribute VALUE value
),
names AS (
    SELECT occupation_code, geo_code, attribute, value
    FROM name_votes
    GROUP BY occupation_code, geo_code, attribute, value
    QUALIFY row_number() OVER (
        PARTITION BY occupation_code, geo_code, attribute ORDER BY count(*) DESC, value ASC
    ) = 1
),
picked AS (
    PIVOT names ON attribute IN ('occupation_name', 'parent_code', 'parent_name')
    USING any_value(value) GROUP BY occupation_code, geo_code
),
stats AS (
    SELECT
        occupation_code, geo_level, geo_code, geo_name,
        count(*)                                   AS postings,
        count(DISTINCT company_name) FILTER (
            WHERE company_name <> 'Unclassified')  AS employers,
        count(salary)                              AS salary_postings,
        avg(salary)                                AS salary_mean,
        quantile_cont(salary, [0.10, 0.25, 0.50, 0.75, 0.90]) AS q
    FROM counted
    GROUP BY ALL
)
SELECT
    getvariable('as_of')::DATE                                  AS as_of,
    s.occupation_code,
    p.occupation_name,
    p.parent_code,
    p.parent_name,
    s.geo_level,
    s.geo_code,
    s.geo_name,
    (getvariable('as_of')::DATE - INTERVAL 1 YEAR)::DATE + 1     AS window_start,
    getvariable('as_of')::DATE                                  AS window_end,
    s.postings,
    s.employers,
    s.salary_postings,
    -- Fewer than 5 salaried postings: no salary statistics at all.
    CASE WHEN s.salary_postings >= 5 THEN s.salary_mean END     AS salary_mean,
    CASE WHEN s.salary_postings >= 5 THEN s.q[1] END            AS salary_p10,
    CASE WHEN s.salary_postings >= 5 THEN s.q[2] END            AS salary_p25,
    CASE WHEN s.salary_postings >= 5 THEN s.q[3] END            AS salary_p50,
    CASE WHEN s.salary_postings >= 5 THEN s.q[4] END            AS salary_p75,
    CASE WHEN s.salary_postings >= 5 THEN s.q[5] END            AS salary_p90
FROM stats AS s
LEFT JOIN picked AS p USING (occupation_code, geo_code)
ORDER BY s.occupation_code, s.geo_level, s.geo_code
