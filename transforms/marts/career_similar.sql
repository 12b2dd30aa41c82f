-- inputs: career_summary, career_skills
-- career_similar: for each career, the 5 other careers whose nation-level skill share vectors
-- (share_pct of every skill, 0 where absent) have the highest cosine similarity; ties by code.
-- Only a similarity above 0 counts: a career sharing no skill with another is not similar to
-- it, and a career with no skill at all has no similar careers (fewer than 5 rows, or none).
-- A career's share vector is its count vector scaled by 100 / postings, and cosine ignores
-- scale, so it is computed on the integer counts. For one career a, cosine(a, b) orders b as
-- dot(a, b)^2 / |b|^2 does; that quotient of two integers is rounded once (exactly so while
-- they are below 2^53), so mathematically equal similarities tie exactly and break by code.
-- The cosine itself may not: 2 / (sqrt(3) * sqrt(4)) and 3 / (sqrt(3) * sqrt(9)) differ in
-- the last bit, which small careers (a few postings, a few skills) meet all the time.
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
-- Only pairs sharing a skill: counts are positive, so their dot product (and cosine) is > 0;
-- every other pair's cosine is 0 and does not count.
pairs AS (
    SELECT a.occupation_code, b.occupation_code AS similar_code,
           b.occupation_name AS similar_name,
           (d.dot::DOUBLE * d.dot::DOUBLE) / nb.norm2::DOUBLE AS closeness,
           -- from the closeness, so that tied careers show the same similarity
           sqrt(closeness / na.norm2::DOUBLE) AS similarity
    FROM dots AS d
    JOIN careers AS a ON a.occupation_code = d.code_a
    JOIN careers AS b ON b.occupation_code = d.code_b
    JOIN norms AS na ON na.occupation_code = d.code_a
    JOIN norms AS nb ON nb.occupation_code = d.code_b
    WHERE d.dot > 0
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
        PARTITION BY occupation_code ORDER BY closeness DESC, similar_code ASC) AS rank
    FROM pairs
)
WHERE rank <= 5
ORDER BY occupation_code, rank
