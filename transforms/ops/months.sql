-- Statements of warehouse/months.py: the stored months (`store.months`, `store.part_<name>`),
-- built, updated in place by an ingest, or dropped.

-- name: built_months
SELECT part FROM store.months

-- name: record_months
-- List the months of $months (their parts just stored) with their postings, from their stored
-- nation-level career parts (0 for an empty month).
INSERT INTO store.months
SELECT n.part, $at::TIMESTAMP, $run_id, n.postings
FROM (
    SELECT m.part, coalesce(sum(c.postings), 0)::BIGINT AS postings
    FROM (SELECT unnest($months::DATE[]) AS part) AS m
    LEFT JOIN store.part_careers AS c ON c.part = m.part AND c.geo_level = 'nation'
    GROUP BY m.part
) AS n

-- name: month_versions
-- Posting versions per month of $months (months without any left out).
SELECT date_trunc('month', "POSTED")::DATE, count(*) FROM postings
WHERE date_trunc('month', "POSTED")::DATE IN (SELECT unnest($months::DATE[]))
GROUP BY ALL

-- name: months_of_days
-- The stored months of the days in {{ days }} (its DATE column `day`), in order, and their
-- postings.
SELECT list(part ORDER BY part), coalesce(sum(postings), 0) FROM store.months
WHERE part IN (SELECT DISTINCT date_trunc('month', day)::DATE FROM {{ days }})

-- name: delta_table
CREATE TEMP TABLE IF NOT EXISTS {{ delta }} AS FROM {{ slice }} LIMIT 0

-- name: count_careers
-- Add a slice's career counts to its delta table with the sign $sign (-1 out, +1 in).
INSERT INTO {{ delta }} BY NAME
SELECT * REPLACE (
    $sign * postings AS postings, $sign * salary_postings AS salary_postings,
    $sign * salary_sum AS salary_sum, $sign * education_postings AS education_postings,
    $sign * experience_postings AS experience_postings
) FROM {{ slice }}

-- name: count_employers
INSERT INTO {{ delta }} BY NAME
SELECT * REPLACE ($sign * staffing_postings AS staffing_postings, $sign * postings AS postings)
FROM {{ slice }}

-- name: count_postings
-- Every other part: `postings` is its one count.
INSERT INTO {{ delta }} BY NAME SELECT * REPLACE ($sign * postings AS postings) FROM {{ slice }}

-- name: delta_months
CREATE OR REPLACE TEMP TABLE delta_months AS SELECT unnest($months::DATE[]) AS part

-- name: merge_careers
-- The stored rows of the delta's months plus the delta, summed per key; a row whose postings
-- sum to zero goes (a rebuild never makes it), a salary sum over no salaried posting is NULL.
CREATE OR REPLACE TEMP TABLE {{ merged }} AS
SELECT * EXCLUDE (postings, salary_postings, salary_sum, education_postings, experience_postings),
       sum(postings)::BIGINT AS postings,
       sum(salary_postings)::BIGINT AS salary_postings,
       CASE WHEN sum(salary_postings) > 0 THEN sum(salary_sum) END AS salary_sum,
       sum(education_postings)::BIGINT AS education_postings,
       sum(experience_postings)::BIGINT AS experience_postings
FROM (
    SELECT * FROM {{ store }} WHERE part IN (SELECT part FROM delta_months)
    UNION ALL BY NAME SELECT * FROM {{ delta }}
)
GROUP BY ALL HAVING sum(postings) > 0

-- name: merge_employers
CREATE OR REPLACE TEMP TABLE {{ merged }} AS
SELECT * EXCLUDE (staffing_postings, postings),
       sum(staffing_postings)::BIGINT AS staffing_postings,
       sum(postings)::BIGINT AS postings
FROM (
    SELECT * FROM {{ store }} WHERE part IN (SELECT part FROM delta_months)
    UNION ALL BY NAME SELECT * FROM {{ delta }}
)
GROUP BY ALL HAVING sum(postings) > 0

-- name: merge_postings
CREATE OR REPLACE TEMP TABLE {{ merged }} AS
SELECT * EXCLUDE (postings), sum(postings)::BIGINT AS postings
FROM (
    SELECT * FROM {{ store }} WHERE part IN (SELECT part FROM delta_months)
    UNION ALL BY NAME SELECT * FROM {{ delta }}
)
GROUP BY ALL HAVING sum(postings) > 0

-- name: delete_months
DELETE FROM {{ store }} WHERE part IN (SELECT part FROM {{ months }})

-- name: update_postings
-- store.months.postings of $months, from their stored nation-level career parts.
UPDATE store.months AS m SET postings = n.postings
FROM (
    SELECT m.part, coalesce(sum(c.postings), 0)::BIGINT AS postings
    FROM (SELECT unnest($months::DATE[]) AS part) AS m
    LEFT JOIN store.part_careers AS c ON c.part = m.part AND c.geo_level = 'nation'
    GROUP BY m.part
) AS n
WHERE m.part = n.part

-- name: stale_months
-- The months of the days in {{ days }} (its DATE column `day`).
CREATE OR REPLACE TEMP TABLE stale_months AS
SELECT DISTINCT date_trunc('month', day)::DATE AS part FROM {{ days }} WHERE day IS NOT NULL

-- name: count_stale
SELECT count(*) FROM store.months WHERE part IN (SELECT part FROM stale_months)

-- name: unclassified_days
-- The months whose stored career parts count Lightcast's `99999999` as a career (see
-- warehouse/upgrades.py unclassified_careers).
CREATE OR REPLACE TEMP VIEW unclassified_days AS
SELECT part AS day FROM store.part_careers WHERE occupation_code = '99999999'
