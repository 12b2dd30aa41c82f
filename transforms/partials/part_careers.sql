-- Additive counts per part x career x geography. occupation_code NULL holds the postings with
-- no career: they count in the geography totals that skill shares and lift divide by.
-- salary_sum is exact (DECIMAL), so any grouping of parts sums to the same value.
SELECT
    part, occupation_code, geo_level, geo_code, geo_name,
    count(*)                                   AS postings,
    count(salary)                              AS salary_postings,
    sum(salary::DECIMAL(38, 6))                AS salary_sum,
    count(*) FILTER (
        WHERE list_has_any(education_levels, [0, 1, 2, 3, 4]))  AS education_postings,
    count(min_years_experience)                AS experience_postings
FROM part_postings
GROUP BY ALL
