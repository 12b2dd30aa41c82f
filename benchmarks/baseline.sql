-- The speed baseline: the career tables of ../shared/contract/career-tables.md for one as_of,
-- written as one plain DuckDB SQL script straight over the export files. No quarantine
-- bookkeeping, no batches, no validation of the outputs, no comments, no atomic publish: it is
-- "what would a plain SQL script cost" for the same numbers.
--
-- Before running it, set (python -m benchmarks does):
--   SET VARIABLE as_of = DATE '2026-11-20';
--   SET VARIABLE postings_glob = '/path/export/postings/*.csv';
--   SET VARIABLE skills_glob = '/path/export/skills/*.json';
--   SET VARIABLE employment_glob = '/path/export/employment/*.csv';
-- It writes career_summary, career_education, career_experience, career_employers,
-- career_titles, career_skills, career_skill_groups, career_similar, career_employment and
-- career_description into the current database (intermediate tables are TEMP).
--
-- Simplifications against the pipeline (they do not matter for benchmarks/fast_generate.py's
-- exports, whose tables the tests compare with the pipeline's): postings are CSV with JSON-array
-- lists only (no `|` lists, Parquet, JSON or lower-case variants); a row is dropped (not
-- quarantined) when it breaks a rule, with the list rules checked only as "parses as a JSON
-- array of the right type" (from_json casts, so ["2"] passes); the skills taxonomy is read from
-- JSON files only; ties between versions with the same update time go to the later file name,
-- then the later row.

CREATE OR REPLACE TEMP TABLE states (fips, geo_code, geo_name) AS VALUES
    (1, 'AL', 'Alabama'), (2, 'AK', 'Alaska'), (4, 'AZ', 'Arizona'), (5, 'AR', 'Arkansas'),
    (6, 'CA', 'California'), (8, 'CO', 'Colorado'), (9, 'CT', 'Connecticut'),
    (10, 'DE', 'Delaware'), (11, 'DC', 'District of Columbia'), (12, 'FL', 'Florida'),
    (13, 'GA', 'Georgia'), (15, 'HI', 'Hawaii'), (16, 'ID', 'Idaho'), (17, 'IL', 'Illinois'),
    (18, 'IN', 'Indiana'), (19, 'IA', 'Iowa'), (20, 'KS', 'Kansas'), (21, 'KY', 'Kentucky'),
    (22, 'LA', 'Louisiana'), (23, 'ME', 'Maine'), (24, 'MD', 'Maryland'),
    (25, 'MA', 'Massachusetts'), (26, 'MI', 'Michigan'), (27, 'MN', 'Minnesota'),
    (28, 'MS', 'Mississippi'), (29, 'MO', 'Missouri'), (30, 'MT', 'Montana'),
    (31, 'NE', 'Nebraska'), (32, 'NV', 'Nevada'), (33, 'NH', 'New Hampshire'),
    (34, 'NJ', 'New Jersey'), (35, 'NM', 'New Mexico'), (36, 'NY', 'New York'),
    (37, 'NC', 'North Carolina'), (38, 'ND', 'North Dakota'), (39, 'OH', 'Ohio'),
    (40, 'OK', 'Oklahoma'), (41, 'OR', 'Oregon'), (42, 'PA', 'Pennsylvania'),
    (44, 'RI', 'Rhode Island'), (45, 'SC', 'South Carolina'), (46, 'SD', 'South Dakota'),
    (47, 'TN', 'Tennessee'), (48, 'TX', 'Texas'), (49, 'UT', 'Utah'), (50, 'VT', 'Vermont'),
    (51, 'VA', 'Virginia'), (53, 'WA', 'Washington'), (54, 'WV', 'West Virginia'),
    (55, 'WI', 'Wisconsin'), (56, 'WY', 'Wyoming'), (60, 'AS', 'American Samoa'),
    (66, 'GU', 'Guam'), (69, 'MP', 'Northern Mariana Islands'), (72, 'PR', 'Puerto Rico'),
    (78, 'VI', 'U.S. Virgin Islands');

-- 1. Read every postings file (all cells text), parse what the tables need, keep valid rows.
CREATE OR REPLACE TEMP TABLE parsed AS
WITH raw AS (
    SELECT
        row_number() OVER ()                                 AS rn,
        filename,
        nullif(trim("ID"), '')                               AS id,
        nullif(trim("POSTED"), '')                           AS posted_raw,
        nullif(trim("EXPIRED"), '')                          AS expired_raw,
        nullif(trim("STATE"), '')                            AS state_raw,
        nullif(trim("SALARY"), '')                           AS salary_raw,
        nullif(trim("MIN_YEARS_EXPERIENCE"), '')             AS years_raw,
        coalesce(try_cast(trim("LAST_UPDATED_TIMESTAMP") AS TIMESTAMP),
                 try_strptime(trim("LAST_UPDATED_DATE"), ['%m/%d/%Y', '%Y-%m-%d'])) AS updated_at,
        nullif(trim("EDUCATION_LEVELS"), '')                 AS education_raw,
        nullif(trim("SKILLS"), '')                           AS skills_raw,
        nullif(trim("SKILLS_NAME"), '')                      AS skills_name_raw,
        "SPECIALIZED_SKILLS"                                 AS specialized_raw,
        "COMMON_SKILLS"                                      AS common_raw,
        "CERTIFICATIONS"                                     AS certifications_raw,
        "SOFTWARE_SKILLS"                                    AS software_raw,
        nullif(trim("COMPANY_NAME"), '')                     AS company_name,
        lower(trim("COMPANY_IS_STAFFING")) = 'true'          AS company_is_staffing,
        nullif(trim("TITLE_NAME"), '')                       AS title_name,
        nullif(nullif(trim("LOT_SPECIALIZED_OCCUPATION"), ''), '99999999') AS occupation_code,
        nullif(trim("LOT_SPECIALIZED_OCCUPATION_NAME"), '')  AS occupation_name,
        nullif(trim("LOT_OCCUPATION"), '')                   AS parent_code,
        nullif(trim("LOT_OCCUPATION_NAME"), '')              AS parent_name,
        nullif(trim("ONET"), '')                             AS onet_code
    FROM read_csv(getvariable('postings_glob'), header = true, all_varchar = true,
                  delim = ',', quote = '"', escape = '"', filename = true)
),
typed AS (
    SELECT
        *,
        try_strptime(posted_raw, ['%m/%d/%Y', '%Y-%m-%d'])::DATE  AS posted,
        try_strptime(expired_raw, ['%m/%d/%Y', '%Y-%m-%d'])::DATE AS expired,
        CASE WHEN regexp_full_match(state_raw, '\d+') THEN try_cast(state_raw AS INTEGER) END
                                                                   AS state,
        CASE WHEN regexp_full_match(salary_raw, '\d+(\.\d*)?|\.\d+')
             THEN try_cast(salary_raw AS DOUBLE) END               AS salary,
        CASE WHEN regexp_full_match(years_raw, '\d+') THEN try_cast(years_raw AS INTEGER) END
                                                                   AS min_years_experience,
        CASE WHEN education_raw IS NULL THEN []::INTEGER[]
             WHEN json_valid(education_raw) THEN from_json(education_raw, '["INTEGER"]') END
                                                                   AS education_levels,
        CASE WHEN skills_raw IS NULL THEN []::VARCHAR[]
             WHEN json_valid(skills_raw) THEN from_json(skills_raw, '["VARCHAR"]') END
                                                                   AS skills,
        CASE WHEN skills_name_raw IS NULL THEN []::VARCHAR[]
             WHEN json_valid(skills_name_raw) THEN from_json(skills_name_raw, '["VARCHAR"]') END
                                                                   AS skills_name
    FROM raw
)
SELECT * EXCLUDE (posted_raw, expired_raw, state_raw, salary_raw, years_raw, education_raw,
                  skills_raw, skills_name_raw)
FROM typed
WHERE id IS NOT NULL
  AND posted IS NOT NULL
  AND (expired_raw IS NULL OR (expired IS NOT NULL AND expired >= posted))
  AND (state_raw IS NULL OR state IN (SELECT fips FROM states))
  AND (salary_raw IS NULL OR (salary > 0 AND salary < 5000000))
  AND (years_raw IS NULL OR min_years_experience <= 60)
  AND education_levels IS NOT NULL
  AND len(list_filter(education_levels, lambda x: x IS NULL OR x NOT IN (0, 1, 2, 3, 4, 99))) = 0
  AND skills IS NOT NULL AND len(list_filter(skills, lambda x: x IS NULL)) = 0
  AND skills_name IS NOT NULL AND len(skills_name) = len(skills);

-- 2. One version per posting: the greatest update time, then the later file, then later row.
CREATE OR REPLACE TEMP TABLE current_postings AS
SELECT * FROM parsed
QUALIFY row_number() OVER (
    PARTITION BY id ORDER BY updated_at DESC NULLS LAST, filename DESC, rn DESC) = 1;
DROP TABLE parsed;

-- 3. The snapshot: postings in the window, once for the nation and once for their state.
CREATE OR REPLACE TEMP TABLE win AS
SELECT * FROM current_postings
WHERE posted > getvariable('as_of') - INTERVAL 1 YEAR AND posted <= getvariable('as_of');

CREATE OR REPLACE TEMP TABLE snap AS
SELECT w.id, w.occupation_code, w.occupation_name, w.parent_code, w.parent_name,
       w.company_name, w.company_is_staffing, w.title_name, w.salary, w.education_levels,
       w.min_years_experience, 'nation' AS geo_level, 'US' AS geo_code,
       'United States' AS geo_name
FROM win AS w
UNION ALL
SELECT w.id, w.occupation_code, w.occupation_name, w.parent_code, w.parent_name,
       w.company_name, w.company_is_staffing, w.title_name, w.salary, w.education_levels,
       w.min_years_experience, 'state', s.geo_code, s.geo_name
FROM win AS w JOIN states AS s ON s.fips = w.state;

-- Each posting's distinct skills, named by their first position.
CREATE OR REPLACE TEMP TABLE win_skills AS
SELECT id, skill_id, min_by(skill_name, pos) AS skill_name
FROM (
    SELECT id, unnest(skills) AS skill_id, unnest(skills_name) AS skill_name,
           generate_subscripts(skills, 1) AS pos
    FROM win
)
GROUP BY id, skill_id;

-- The skills taxonomy (Skills-API JSON); a later file's record of an id replaces an earlier one.
CREATE OR REPLACE TEMP TABLE taxonomy AS
SELECT r.id AS skill_id,
       arg_max(r.name, (filename, ordinal)) AS skill_name,
       arg_max(r.type.name, (filename, ordinal)) AS skill_type,
       arg_max(r.isSoftware, (filename, ordinal)) AS is_software
FROM (
    SELECT filename, generate_subscripts(data, 1) AS ordinal, unnest(data) AS r
    FROM read_json(getvariable('skills_glob'), filename = true, format = 'auto',
                   maximum_object_size = 1073741824,
                   columns = {data: 'STRUCT(id VARCHAR, name VARCHAR,
                                            type STRUCT(id VARCHAR, name VARCHAR),
                                            isSoftware BOOLEAN)[]'})
)
GROUP BY r.id;

-- 4. The career tables.
CREATE OR REPLACE TABLE career_summary AS
WITH counted AS (SELECT * FROM snap WHERE occupation_code IS NOT NULL),
votes AS (
    SELECT occupation_code, geo_code, 'occupation_name' AS attribute, occupation_name AS value,
           count(*) AS n
    FROM counted WHERE occupation_name IS NOT NULL GROUP BY ALL
    UNION ALL
    SELECT occupation_code, geo_code, 'parent_code', parent_code, count(*)
    FROM counted WHERE parent_code IS NOT NULL GROUP BY ALL
    UNION ALL
    SELECT occupation_code, geo_code, 'parent_name', parent_name, count(*)
    FROM counted WHERE parent_name IS NOT NULL GROUP BY ALL
),
names AS (
    SELECT occupation_code, geo_code,
           arg_min(value, (-n, value)) FILTER (WHERE attribute = 'occupation_name')
               AS occupation_name,
           arg_min(value, (-n, value)) FILTER (WHERE attribute = 'parent_code') AS parent_code,
           arg_min(value, (-n, value)) FILTER (WHERE attribute = 'parent_name') AS parent_name
    FROM votes GROUP BY occupation_code, geo_code
),
stats AS (
    SELECT occupation_code, geo_level, geo_code, geo_name,
           count(*) AS postings,
           count(DISTINCT company_name) FILTER (WHERE company_name <> 'Unclassified') AS employers,
           count(salary) AS salary_postings,
           avg(salary) AS salary_mean,
           quantile_cont(salary, [0.10, 0.25, 0.50, 0.75, 0.90]) AS q
    FROM counted GROUP BY ALL
)
SELECT getvariable('as_of') AS as_of, s.occupation_code, n.occupation_name, n.parent_code,
       n.parent_name, s.geo_level, s.geo_code, s.geo_name,
       (getvariable('as_of') - INTERVAL 1 YEAR)::DATE + 1 AS window_start,
       getvariable('as_of') AS window_end, s.postings, s.employers, s.salary_postings,
       CASE WHEN s.salary_postings >= 5 THEN s.salary_mean END AS salary_mean,
       CASE WHEN s.salary_postings >= 5 THEN s.q[1] END AS salary_p10,
       CASE WHEN s.salary_postings >= 5 THEN s.q[2] END AS salary_p25,
       CASE WHEN s.salary_postings >= 5 THEN s.q[3] END AS salary_p50,
       CASE WHEN s.salary_postings >= 5 THEN s.q[4] END AS salary_p75,
       CASE WHEN s.salary_postings >= 5 THEN s.q[5] END AS salary_p90
FROM stats AS s LEFT JOIN names AS n USING (occupation_code, geo_code);

CREATE OR REPLACE TABLE career_education AS
WITH levels (level_code, level_name) AS (
    VALUES (0, 'High school or GED'), (1, 'Associate degree'), (2, 'Bachelor''s degree'),
           (3, 'Master''s degree'), (4, 'Ph.D. or professional degree')
),
asked AS (
    SELECT occupation_code, geo_code, list_distinct(education_levels) AS codes FROM snap
    WHERE occupation_code IS NOT NULL AND list_has_any(education_levels, [0, 1, 2, 3, 4])
),
base AS (SELECT occupation_code, geo_code, count(*) AS n FROM asked GROUP BY ALL),
mentions AS (
    SELECT occupation_code, geo_code, level_code, count(*) AS postings
    FROM (SELECT occupation_code, geo_code, unnest(codes) AS level_code FROM asked)
    GROUP BY ALL
)
SELECT getvariable('as_of') AS as_of, b.occupation_code, b.geo_code, l.level_code,
       l.level_name, coalesce(m.postings, 0) AS postings,
       100.0 * coalesce(m.postings, 0) / b.n AS share_pct
FROM base AS b CROSS JOIN levels AS l
LEFT JOIN mentions AS m USING (occupation_code, geo_code, level_code);

CREATE OR REPLACE TABLE career_experience AS
WITH buckets (bucket, bucket_order, low, high) AS (
    VALUES ('0-2', 1, 0, 2), ('3-5', 2, 3, 5), ('6-8', 3, 6, 8), ('9+', 4, 9, 2147483647)
),
counts AS (
    SELECT occupation_code, geo_code,
           count(*) FILTER (WHERE min_years_experience <= 2) AS b1,
           count(*) FILTER (WHERE min_years_experience BETWEEN 3 AND 5) AS b2,
           count(*) FILTER (WHERE min_years_experience BETWEEN 6 AND 8) AS b3,
           count(*) FILTER (WHERE min_years_experience >= 9) AS b4,
           count(*) AS n
    FROM snap WHERE occupation_code IS NOT NULL AND min_years_experience IS NOT NULL
    GROUP BY ALL
)
SELECT getvariable('as_of') AS as_of, c.occupation_code, c.geo_code, b.bucket, b.bucket_order,
       [c.b1, c.b2, c.b3, c.b4][b.bucket_order] AS postings,
       100.0 * [c.b1, c.b2, c.b3, c.b4][b.bucket_order] / c.n AS share_pct
FROM counts AS c CROSS JOIN buckets AS b;

CREATE OR REPLACE TABLE career_employers AS
SELECT getvariable('as_of') AS as_of, occupation_code, geo_code,
       row_number() OVER (PARTITION BY occupation_code, geo_code
                          ORDER BY postings DESC, employer_name) AS rank,
       employer_name, is_staffing, postings
FROM (
    SELECT occupation_code, geo_code, company_name AS employer_name,
           bool_or(company_is_staffing) AS is_staffing, count(*) AS postings
    FROM snap
    WHERE occupation_code IS NOT NULL AND company_name <> 'Unclassified'
    GROUP BY ALL
)
QUALIFY rank <= 10;

CREATE OR REPLACE TABLE career_titles AS
SELECT getvariable('as_of') AS as_of, occupation_code, geo_code,
       row_number() OVER (PARTITION BY occupation_code, geo_code
                          ORDER BY postings DESC, title_name) AS rank,
       title_name, postings
FROM (
    SELECT occupation_code, geo_code, title_name, count(*) AS postings FROM snap
    WHERE occupation_code IS NOT NULL AND title_name <> 'Unclassified'
    GROUP BY ALL
)
QUALIFY rank <= 10;

-- Skill mentions per career (NULL: no career) x geography x skill, in one pass.
CREATE OR REPLACE TEMP TABLE mentions AS
SELECT s.occupation_code, s.geo_code, k.skill_id, count(*) AS postings
FROM snap AS s JOIN win_skills AS k USING (id)
GROUP BY ALL;

CREATE OR REPLACE TABLE career_skills AS
WITH geo_totals AS (SELECT geo_code, count(*) AS n FROM snap GROUP BY geo_code),
career_totals AS (
    SELECT occupation_code, geo_code, count(*) AS n FROM snap
    WHERE occupation_code IS NOT NULL GROUP BY ALL
),
geo_mentions AS (
    SELECT geo_code, skill_id, sum(postings) AS postings FROM mentions GROUP BY ALL
),
-- Skills the taxonomy lacks: name, type and software flag by vote of the postings counted
-- (the most frequent non-NULL value, ties by value).
untaxed AS (
    SELECT s.occupation_code, s.geo_code, k.skill_id, k.skill_name,
           CASE WHEN contains(w.specialized_raw, '"' || k.skill_id || '"') THEN 'Specialized Skill'
                WHEN contains(w.common_raw, '"' || k.skill_id || '"') THEN 'Common Skill'
                WHEN contains(w.certifications_raw, '"' || k.skill_id || '"') THEN 'Certification'
           END AS skill_type,
           coalesce(contains(w.software_raw, '"' || k.skill_id || '"'), false) AS is_software
    FROM win_skills AS k
    JOIN win AS w USING (id)
    JOIN snap AS s USING (id)
    WHERE s.occupation_code IS NOT NULL
      AND k.skill_id NOT IN (SELECT skill_id FROM taxonomy)
),
name_votes AS (
    SELECT occupation_code, geo_code, skill_id, skill_name AS v, count(*) AS n FROM untaxed
    WHERE skill_name IS NOT NULL GROUP BY ALL
),
type_votes AS (
    SELECT occupation_code, geo_code, skill_id, skill_type AS v, count(*) AS n FROM untaxed
    WHERE skill_type IS NOT NULL GROUP BY ALL
),
software_votes AS (
    SELECT occupation_code, geo_code, skill_id, is_software AS v, count(*) AS n FROM untaxed
    GROUP BY ALL
),
voted AS (
    SELECT occupation_code, geo_code, skill_id, n.skill_name, t.skill_type, s.is_software
    FROM (SELECT occupation_code, geo_code, skill_id, arg_min(v, (-n, v)) AS skill_name
          FROM name_votes GROUP BY ALL) AS n
    FULL JOIN (SELECT occupation_code, geo_code, skill_id, arg_min(v, (-n, v)) AS skill_type
               FROM type_votes GROUP BY ALL) AS t USING (occupation_code, geo_code, skill_id)
    FULL JOIN (SELECT occupation_code, geo_code, skill_id, arg_min(v, (-n, v)) AS is_software
               FROM software_votes GROUP BY ALL) AS s USING (occupation_code, geo_code, skill_id)
)
SELECT getvariable('as_of') AS as_of, m.occupation_code, m.geo_code, m.skill_id,
       coalesce(t.skill_name, v.skill_name) AS skill_name,
       coalesce(t.skill_type, v.skill_type) AS skill_type,
       coalesce(t.is_software, v.is_software) AS is_software,
       m.postings,
       100.0 * m.postings / ct.n AS share_pct,
       (100.0 * m.postings / ct.n) / (100.0 * gm.postings / gt.n) AS lift
FROM mentions AS m
JOIN career_totals AS ct USING (occupation_code, geo_code)
JOIN geo_mentions AS gm USING (geo_code, skill_id)
JOIN geo_totals AS gt USING (geo_code)
LEFT JOIN taxonomy AS t USING (skill_id)
LEFT JOIN voted AS v USING (occupation_code, geo_code, skill_id);

CREATE OR REPLACE TABLE career_skill_groups AS
WITH nation AS (SELECT * FROM career_skills WHERE geo_code = 'US'),
other_types AS (
    SELECT * FROM nation WHERE skill_type IN ('Specialized Skill', 'Certification')
),
candidates AS (
    SELECT 'baseline' AS skill_group, *, share_pct AS score, NULL::DOUBLE AS salary_premium
    FROM nation WHERE skill_type = 'Common Skill' AND share_pct >= 1
    UNION ALL
    SELECT 'defining', *, share_pct, NULL FROM other_types WHERE share_pct >= 10 AND lift >= 2
    UNION ALL
    SELECT 'necessary', *, share_pct, NULL FROM other_types WHERE share_pct >= 10 AND lift < 2
    UNION ALL
    SELECT 'distinguishing', *, lift, NULL FROM other_types
    WHERE share_pct >= 1 AND share_pct < 10 AND lift >= 4
),
-- The medians "without" a skill: found by position in the career's salary order, not by
-- joining every eligible skill to every salaried posting (skills x postings rows, which ran out
-- of disk at 5M postings). Any careful SQL author would; it is the pipeline's algorithm.
salaried AS (
    SELECT id, occupation_code, salary,
           row_number() OVER (PARTITION BY occupation_code ORDER BY salary, id) - 1 AS gpos
    FROM snap
    WHERE geo_code = 'US' AND occupation_code IS NOT NULL AND salary IS NOT NULL
),
salaried_totals AS (
    SELECT occupation_code, count(*) AS n_salaried FROM salaried GROUP BY occupation_code
),
-- W per career x skill as the sorted list of its members' positions (ranks are indexes).
members AS (
    SELECT s.occupation_code, k.skill_id, count(*) AS n_with, list_sort(list(s.gpos)) AS w
    FROM salaried AS s JOIN win_skills AS k USING (id)
    GROUP BY s.occupation_code, k.skill_id
),
middles AS (
    -- the complement's middle positions (0-based); before: complement members before each
    SELECT m.occupation_code, m.skill_id, m.w, m.n_with,
           (t.n_salaried - m.n_with - 1) // 2 AS lo, (t.n_salaried - m.n_with) // 2 AS hi,
           list_transform(m.w, lambda g, i: g - (i - 1)) AS before
    FROM members AS m JOIN salaried_totals AS t USING (occupation_code)
    WHERE m.n_with >= 20 AND t.n_salaried - m.n_with >= 20
),
eligible AS (
    SELECT occupation_code, skill_id, lo, hi,
           w[(n_with - 1) // 2 + 1] AS with_lo_pos, w[n_with // 2 + 1] AS with_hi_pos,
           len(list_filter(before, lambda b: b <= lo)) AS skip_lo,
           len(list_filter(before, lambda b: b <= hi)) AS skip_hi
    FROM middles
),
medians AS (
    SELECT e.occupation_code, e.skill_id,
           wl.salary + 0.5 * (wh.salary - wl.salary) AS median_with,
           lo_s.salary + 0.5 * (hi_s.salary - lo_s.salary) AS median_without
    FROM eligible AS e
    JOIN salaried AS wl ON wl.occupation_code = e.occupation_code AND wl.gpos = e.with_lo_pos
    JOIN salaried AS wh ON wh.occupation_code = e.occupation_code AND wh.gpos = e.with_hi_pos
    JOIN salaried AS lo_s
      ON lo_s.occupation_code = e.occupation_code AND lo_s.gpos = e.lo + e.skip_lo
    JOIN salaried AS hi_s
      ON hi_s.occupation_code = e.occupation_code AND hi_s.gpos = e.hi + e.skip_hi
),
boosting AS (
    SELECT 'salary_boosting' AS skill_group, n.*, md.median_with - md.median_without AS score,
           md.median_with - md.median_without AS salary_premium
    FROM medians AS md JOIN nation AS n USING (occupation_code, skill_id)
    WHERE md.median_with - md.median_without > 0
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY occupation_code, skill_group
                                 ORDER BY score DESC, skill_name, skill_id) AS rank
    FROM (SELECT * FROM candidates UNION ALL BY NAME SELECT * FROM boosting)
)
SELECT getvariable('as_of') AS as_of, occupation_code, skill_group, rank, skill_id, skill_name,
       share_pct, lift, salary_premium
FROM ranked
WHERE rank <= CASE skill_group WHEN 'baseline' THEN 10 WHEN 'defining' THEN 25
                               WHEN 'necessary' THEN 25 WHEN 'distinguishing' THEN 15
                               ELSE 10 END;

CREATE OR REPLACE TABLE career_similar AS
WITH careers AS (
    SELECT occupation_code, occupation_name FROM career_summary WHERE geo_code = 'US'
),
vectors AS (
    SELECT occupation_code, skill_id, postings::HUGEINT AS n FROM career_skills
    WHERE geo_code = 'US'
),
norms AS (SELECT occupation_code, sum(n * n) AS norm2 FROM vectors GROUP BY ALL),
dots AS (
    SELECT a.occupation_code AS code_a, b.occupation_code AS code_b, sum(a.n * b.n) AS dot
    FROM vectors AS a JOIN vectors AS b
      ON a.skill_id = b.skill_id AND a.occupation_code <> b.occupation_code
    GROUP BY ALL
),
pairs AS (
    SELECT a.occupation_code, b.occupation_code AS similar_code,
           b.occupation_name AS similar_name,
           coalesce(d.dot::DOUBLE / (sqrt(na.norm2::DOUBLE) * sqrt(nb.norm2::DOUBLE)), 0.0)
               AS similarity,
           coalesce((d.dot::DOUBLE * d.dot::DOUBLE) / nb.norm2::DOUBLE, 0.0) AS closeness
    FROM careers AS a JOIN careers AS b ON a.occupation_code <> b.occupation_code
    LEFT JOIN dots AS d ON d.code_a = a.occupation_code AND d.code_b = b.occupation_code
    LEFT JOIN norms AS na ON na.occupation_code = a.occupation_code
    LEFT JOIN norms AS nb ON nb.occupation_code = b.occupation_code
)
SELECT getvariable('as_of') AS as_of, occupation_code, rank, similar_code, similar_name,
       least(similarity, 1.0) AS similarity
FROM (SELECT *, row_number() OVER (PARTITION BY occupation_code
                                   ORDER BY closeness DESC, similar_code) AS rank FROM pairs
      WHERE similarity > 0)
WHERE rank <= 5;

CREATE OR REPLACE TABLE career_employment AS
WITH cells AS (
    UNPIVOT (SELECT * FROM read_csv(getvariable('employment_glob'), header = true,
                                    all_varchar = true))
    ON COLUMNS('(?i)^[0-9]{4} jobs$') INTO NAME year_column VALUE cell
),
parsed AS (
    SELECT trim("LOT_OCCUPATION") AS occupation_code,
           CASE WHEN upper(trim("AREA")) = 'US' THEN 'US' ELSE s.geo_code END AS geo_code,
           left(year_column, 4)::INTEGER AS year,
           CASE WHEN trim(cell) = '<10' THEN NULL
                ELSE replace(trim(cell), ',', '')::BIGINT END AS jobs,
           trim(cell) = '<10' AS suppressed
    FROM cells LEFT JOIN states AS s ON s.fips = try_cast(trim("AREA") AS INTEGER)
    WHERE nullif(trim(cell), '') IS NOT NULL
)
SELECT getvariable('as_of') AS as_of, c.occupation_code, c.parent_code, p.geo_code, p.year,
       p.jobs, p.suppressed
FROM career_summary AS c JOIN parsed AS p ON p.occupation_code = c.parent_code
WHERE c.geo_code = 'US';

-- The career's O*NET code: the most frequent ONET of its window postings (nation), ties by code,
-- 99-9999.00 left out. The benchmark exports carry no O*NET delivery (benchmarks/fast_generate.py
-- writes no onet/ folder), so title, description and source are NULL, as the pipeline's are.
CREATE OR REPLACE TABLE career_description AS
WITH picked AS (
    SELECT occupation_code, onet_code FROM win
    WHERE occupation_code IS NOT NULL AND onet_code IS NOT NULL AND onet_code <> '99-9999.00'
    GROUP BY occupation_code, onet_code
    QUALIFY row_number() OVER (PARTITION BY occupation_code
                               ORDER BY count(*) DESC, onet_code) = 1
)
SELECT getvariable('as_of') AS as_of, c.occupation_code, p.onet_code,
       NULL::VARCHAR AS onet_title, NULL::VARCHAR AS description, NULL::VARCHAR AS source
FROM career_summary AS c LEFT JOIN picked AS p USING (occupation_code)
WHERE c.geo_code = 'US';
