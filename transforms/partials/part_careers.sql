-- inputs: part_postings, geographies
-- Additive counts per part x career x geography. occupation_code NULL holds the postings with
-- no career: they count in the geography totals that skill shares and lift divide by.
-- salary_sum is exact (DECIMAL), so any grouping of parts sums to the same value. Counted per
-- state; the nation's counts are their sums (see part_postings.sql).
WITH by_state AS (
    SELECT
        part, occupation_code, state_code,
        count(*)                                   AS postings,
        count(salary)                              AS salary_postings,
        sum(salary::DECIMAL(38, 6))                AS salary_sum,
        count(*) FILTER (
            WHERE list_has_any(education_levels, [0, 1, 2, 3, 4]))  AS education_postings,
        count(min_years_experience)                AS experience_postings
    FROM part_postings
    GROUP BY ALL
),
nation AS (
    SELECT part, occupation_code,
           sum(postings)::BIGINT            AS postings,
           sum(salary_postings)::BIGINT     AS salary_postings,
           sum(salary_sum)                  AS salary_sum,
           sum(education_postings)::BIGINT  AS education_postings,
           sum(experience_postings)::BIGINT AS experience_postings
    FROM by_state
    GROUP BY part, occupation_code
)
SELECT n.part, n.occupation_code, g.geo_level, g.geo_code, g.geo_name, n.postings,
       n.salary_postings, n.salary_sum, n.education_postings, n.experience_postings
FROM nation AS n
JOIN geographies AS g ON g.geo_level = 'nation'
UNION ALL
SELECT s.part, s.occupation_code, g.geo_level, g.geo_code, g.geo_name, s.postings,
       s.salary_postings, s.salary_sum, s.education_postings, s.experience_postings
FROM by_state AS s
JOIN geographies AS g ON g.geo_level = 'state' AND g.geo_code = s.state_code
