-- Analyst reads of a published file, timed by benchmarks/analyst_queries.py: the reads that
-- touch the wide rows (`postings`, `posting_skills`) and the docs/ANALYST.md questions.

-- name: postings_count
SELECT count(*) FROM postings

-- name: postings_by_month
SELECT date_trunc('month', "POSTED") AS month, count(*) AS postings, avg("SALARY") AS salary
FROM postings GROUP BY ALL ORDER BY month

-- name: body_search
SELECT count(*) FROM postings WHERE "BODY" ILIKE '%python%'

-- name: top_employers_wide
SELECT "COMPANY_NAME", "NAICS2_NAME", count(*) AS postings
FROM postings WHERE "STATE_NAME" = 'California'
GROUP BY ALL ORDER BY postings DESC LIMIT 10

-- name: one_posting
SELECT * FROM postings WHERE "ID" = (SELECT min("ID") FROM postings)

-- name: skills_of_a_career
SELECT l.skill_name, count(*) AS postings
FROM posting_skills AS l JOIN postings AS p ON p."ID" = l.posting_id
WHERE p."LOT_SPECIALIZED_OCCUPATION" = '23101011'
GROUP BY ALL ORDER BY postings DESC LIMIT 10

-- name: analyst_q1
SELECT geo_name, postings, salary_postings, round(salary_mean) AS avg_salary, salary_p50 AS median
FROM latest_career_summary
WHERE occupation_name = 'Machine Learning Engineer' AND geo_level = 'state'
  AND salary_mean IS NOT NULL
ORDER BY salary_mean DESC
LIMIT 10

-- name: analyst_q4
SELECT c.occupation_name, c.postings, round(x.share_pct, 1) AS pct_0_2_years,
       round(c.salary_mean) AS avg_salary
FROM latest_career_experience x
JOIN latest_career_summary c
  ON c.occupation_code = x.occupation_code AND c.geo_code = x.geo_code
WHERE x.geo_code = 'US' AND x.bucket = '0-2'
ORDER BY x.share_pct DESC
LIMIT 10
