-- The career pages' reads of the published file (pages.resolve, pages.data), run through
-- warehouse.queries. Every value the user gives is a bound parameter. The snapshot statements
-- read one snapshot ($as_of) of every career ($code NULL) or of one career ($code).

-- name: snapshots
SELECT DISTINCT as_of FROM career_summary ORDER BY as_of

-- name: careers
-- code and name of every career with postings in the snapshot (never the unclassified code).
SELECT occupation_code, occupation_name FROM career_summary
WHERE as_of = $as_of AND geo_code = $nation AND occupation_code <> $unclassified
ORDER BY occupation_code

-- name: occupations_named
-- Occupations at any level whose code or name (any case) is $text.
SELECT occupation_code, occupation_name, level FROM occupations
WHERE occupation_code = $text OR lower(occupation_name) = lower($text)
ORDER BY occupation_code

-- name: geographies
SELECT geo_code, geo_name FROM geographies ORDER BY geo_code

-- name: summary
SELECT occupation_code, occupation_name, parent_code, parent_name, geo_level, geo_code,
       geo_name, window_start, window_end, postings, employers, salary_postings,
       salary_mean, salary_p10, salary_p25, salary_p50, salary_p75, salary_p90
FROM career_summary WHERE as_of = $as_of AND ($code IS NULL OR occupation_code = $code)
ORDER BY occupation_code, geo_code

-- name: education
SELECT occupation_code, geo_code, level_code, level_name, postings, share_pct
FROM career_education WHERE as_of = $as_of AND ($code IS NULL OR occupation_code = $code)
ORDER BY occupation_code, geo_code, level_code

-- name: experience
SELECT occupation_code, geo_code, bucket, bucket_order, postings, share_pct
FROM career_experience WHERE as_of = $as_of AND ($code IS NULL OR occupation_code = $code)
ORDER BY occupation_code, geo_code, bucket_order

-- name: employers
SELECT occupation_code, geo_code, rank, employer_name, is_staffing, postings
FROM career_employers WHERE as_of = $as_of AND ($code IS NULL OR occupation_code = $code)
ORDER BY occupation_code, geo_code, rank

-- name: titles
SELECT occupation_code, geo_code, rank, title_name, postings
FROM career_titles WHERE as_of = $as_of AND ($code IS NULL OR occupation_code = $code)
ORDER BY occupation_code, geo_code, rank

-- name: employment
-- The years from $since on.
SELECT occupation_code, parent_code, geo_code, year, jobs, suppressed
FROM career_employment WHERE as_of = $as_of AND ($code IS NULL OR occupation_code = $code)
  AND year >= $since
ORDER BY occupation_code, geo_code, year

-- name: wages
SELECT occupation_code, soc_code, geo_code, year, employment, employment_suppressed,
       wage_mean, wage_p10, wage_p25, wage_p50, wage_p75, wage_p90, wage_topcoded
FROM career_wages WHERE as_of = $as_of AND ($code IS NULL OR occupation_code = $code)
ORDER BY occupation_code, geo_code, year

-- name: skill_groups
-- Each skill's postings (the count behind its share) from career_skills' nation row.
SELECT g.occupation_code, g.skill_group, g.rank, g.skill_id, g.skill_name, g.share_pct,
       g.lift, g.salary_premium, s.postings
FROM career_skill_groups AS g
LEFT JOIN career_skills AS s
  ON s.as_of = g.as_of AND s.occupation_code = g.occupation_code
 AND s.geo_code = 'US' AND s.skill_id = g.skill_id
WHERE g.as_of = $as_of AND ($code IS NULL OR g.occupation_code = $code)
ORDER BY g.occupation_code, g.skill_group, g.rank

-- name: skills_named
SELECT occupation_code, count(*) AS skills
FROM career_skills WHERE as_of = $as_of AND ($code IS NULL OR occupation_code = $code)
  AND geo_code = 'US'
GROUP BY occupation_code

-- name: salary_counts
-- The salaried postings behind each salary premium: career_skill_groups publishes the
-- premium but not its counts, so they are counted from the published `postings` and
-- `posting_skills` with the contract's definitions (window, career, salary). `postings` holds
-- the current versions, which can differ from those an older snapshot counted: the counts
-- are used only when the salaried total matches career_summary (see pages.document).
WITH boosting AS (
    SELECT occupation_code, skill_id FROM career_skill_groups
    WHERE as_of = $as_of AND ($code IS NULL OR occupation_code = $code)
      AND skill_group = 'salary_boosting'
),
salaried AS (
    SELECT p."ID" AS posting_id, p."LOT_SPECIALIZED_OCCUPATION" AS occupation_code
    FROM postings AS p
    WHERE p."POSTED" > $as_of::DATE - INTERVAL 1 YEAR AND p."POSTED" <= $as_of::DATE
      AND p."SALARY" IS NOT NULL
      AND p."LOT_SPECIALIZED_OCCUPATION" IN (SELECT occupation_code FROM boosting)
),
totals AS (
    SELECT occupation_code, count(*) AS salaried FROM salaried GROUP BY occupation_code
),
mentions AS (
    SELECT s.occupation_code, l.skill_id, count(*) AS salaried_with
    FROM salaried AS s
    JOIN posting_skills AS l ON l.posting_id = s.posting_id
    WHERE l.skill_id IN (SELECT skill_id FROM boosting)
    GROUP BY ALL
)
SELECT b.occupation_code, b.skill_id, t.salaried,
       coalesce(m.salaried_with, 0) AS salaried_with
FROM boosting AS b JOIN totals AS t USING (occupation_code)
LEFT JOIN mentions AS m USING (occupation_code, skill_id)
ORDER BY b.occupation_code, b.skill_id

-- name: similar
-- Similar careers with a similarity above 0, never the unclassified code.
SELECT occupation_code, rank, similar_code, similar_name, similarity
FROM career_similar WHERE as_of = $as_of AND ($code IS NULL OR occupation_code = $code)
  AND similarity > 0 AND similar_code <> $unclassified
ORDER BY occupation_code, rank

-- name: description
-- What a professional in the career does (career_description, from O*NET).
SELECT occupation_code, onet_code, onet_title, description, source
FROM career_description WHERE as_of = $as_of AND ($code IS NULL OR occupation_code = $code)
ORDER BY occupation_code
