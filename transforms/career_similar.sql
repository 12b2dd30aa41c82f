-- career_similar: for each career, the 5 other careers whose nation-level skill share vectors
-- (share_pct of every skill, 0 where absent) have the highest cosine similarity; ties by code.
-- A career's share vector is its count vector scaled by 100 / postings, and cosine ignores
-- scale: computing on the integer counts is exact, so equal similarities tie exactly.
WITH careers AS (
    SELECT occupation_code, occupation_name FROM career_summary
    WHERE as_of = getvariable('as_of')::DATE AND geo_code = 'US'
),
vectors AS (
    SELECT occupation_code, skill_id, postings::HUGEINT AS n FROM career_skills
    WHERE as_of = getvariable('as_of')::DATE AND geo_code = 'US'
),
norms AS (
    SELECT occupation_code, sum(n * n) AS norm2
    FROM vectors GROUP BY occupation_code
),
dots AS (
    SELECT a.occupation_code AS code_a, b.occupation_code AS code_b,
           sum(a.n * b.n) AS dot
    FROM vectors AS a JOIN vectors AS b
      ON a.skill_id = b.skill_id AND a.occupation_code <> b.occupation_code
    GROUP BY a.occupation_code, b.occupation_code
),
pairs AS (
    SELECT a.occupation_code, b.occupation_code AS similar_code,
           b.occupation_name AS similar_name,
           -- 0 when either vector is empty (no shared skill, or no skills at all).
           coalesce(d.dot::DOUBLE / (sqrt(na.norm2::DOUBLE) * sqrt(nb.norm2::DOUBLE)), 0.0) AS similarity
    FROM careers AS a
    JOIN careers AS b ON a.occupation_code <> b.occupation_code
    LEFT JOIN dots AS d ON d.code_a = a.occupation_code AND d.code_b = b.occupation_code
    LEFT JOIN norms AS na ON na.occupation_code = a.occupation_code
    LEFT JOIN norms AS nb ON nb.occupation_code = b.occupation_code
)
SELECT
    getvariable('as_of')::DATE AS as_of,
    occupation_code,
    rank,
    similar_code,
    similar_name,
    -- Rounding noise can push a cosine a hair past 1.
    least(similarity, 1.0) AS similarity
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY occupation_code ORDER BY similarity DESC, similar_code ASC) AS rank
    FROM pairs
)
WHERE rank <= 5
ORDER BY occupation_code, rank
