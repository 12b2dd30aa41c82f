-- inputs: career_skills, window_salaries
-- career_skill_groups: five groups of nation-level skills per career (thresholds from the
-- settings, see core/settings.py: SkillGroupRules). rank 1 = first; ties by skill name.
WITH nation AS (
    SELECT * FROM career_skills
    WHERE as_of = getvariable('as_of')::DATE AND geo_code = 'US'
),
candidates AS (
    SELECT 'baseline' AS skill_group, *, share_pct AS score, NULL::DOUBLE AS salary_premium
    FROM nation
    WHERE skill_type = 'Common Skill' AND share_pct >= getvariable('baseline_min_share')
    UNION ALL
    SELECT 'defining', *, share_pct, NULL FROM nation
    WHERE skill_type IN ('Specialized Skill', 'Certification')
      AND share_pct >= getvariable('core_min_share') AND lift >= getvariable('defining_min_lift')
    UNION ALL
    SELECT 'necessary', *, share_pct, NULL FROM nation
    WHERE skill_type IN ('Specialized Skill', 'Certification')
      AND share_pct >= getvariable('core_min_share') AND lift < getvariable('defining_min_lift')
    UNION ALL
    SELECT 'distinguishing', *, lift, NULL FROM nation
    WHERE skill_type IN ('Specialized Skill', 'Certification')
      AND share_pct >= getvariable('distinguishing_min_share')
      AND share_pct < getvariable('core_min_share')
      AND lift >= getvariable('distinguishing_min_lift')
),
-- Salary boosting: salaried nation postings of the career, with and without each skill.
-- The median "without" is found without materializing each complement: with the career's
-- salaries sorted (0-based position gpos), the a-th element of the complement of a skill's
-- set W sits at global position a + #{members w of W : gpos(w) - rank of w within W <= a}.
-- That costs one pass over the mentions instead of (skills x postings) rows. W is kept as the
-- sorted list of its members' positions (its ranks are list indexes): sorting each small list
-- beats a window sorting all mentions.
-- Equal salaries take their positions in any order: a median is the salary found at a rank of
-- the ordered salaries, which is the same whichever posting holds it (nor is posting_id carried
-- through the sort: carrying it made the model slower). MATERIALIZED on purpose: every
-- reader must see the same positions.
salaried AS MATERIALIZED (
    SELECT occupation_code, salary, skills,
           row_number() OVER (PARTITION BY occupation_code ORDER BY salary) - 1 AS gpos
    FROM window_salaries
    WHERE geo_code = 'US'
),
salaried_totals AS (
    SELECT occupation_code, count(*) AS n_salaried FROM salaried GROUP BY occupation_code
),
-- A salaried posting's skills: the distinct ids of its SKILLS (exactly its posting_skills
-- links), unnested from the window's rows instead of probing the whole link table. Each id at
-- its first position, as posting_skills.sql keeps it: a scan of a short list beats hashing it
-- (list_distinct was about twice as slow).
links AS (
    SELECT occupation_code,
           unnest(list_filter(skills, lambda s, i: s IS NOT NULL AND list_position(skills, s) = i))
               AS skill_id,
           gpos
    FROM salaried
),
-- W per career x skill: the global positions of its salaried postings, ascending (so the
-- k-th element, 1-based, is the member of salary rank k - 1 within W).
members AS (
    SELECT occupation_code, skill_id, count(*) AS n_with, list_sort(list(gpos)) AS w
    FROM links
    GROUP BY occupation_code, skill_id
),
middles AS (
    -- the complement's middle positions (0-based): lo = (m - 1) // 2, hi = m // 2
    SELECT m.occupation_code, m.skill_id, m.w, m.n_with,
           (t.n_salaried - m.n_with - 1) // 2 AS lo,
           (t.n_salaried - m.n_with) // 2 AS hi,
           -- complement members before each member: gpos - (its rank within W)
           list_transform(m.w, lambda g, i: g - (i - 1)) AS before
    FROM members AS m JOIN salaried_totals AS t USING (occupation_code)
    WHERE m.n_with >= getvariable('boost_min_with')
      AND t.n_salaried - m.n_with >= getvariable('boost_min_without')
),
eligible AS (
    SELECT occupation_code, skill_id, lo, hi,
           w[(n_with - 1) // 2 + 1] AS with_lo_pos,
           w[n_with // 2 + 1]       AS with_hi_pos,
           len(list_filter(before, lambda b: b <= lo)) AS skip_lo,
           len(list_filter(before, lambda b: b <= hi)) AS skip_hi
    FROM middles
),
medians AS (
    -- Linear interpolation at 0.5 between the two middle values, as quantile_cont does.
    SELECT e.occupation_code, e.skill_id,
           wl.salary + 0.5 * (wh.salary - wl.salary)       AS median_with,
           lo_s.salary + 0.5 * (hi_s.salary - lo_s.salary) AS median_without
    FROM eligible AS e
    JOIN salaried AS wl
      ON wl.occupation_code = e.occupation_code AND wl.gpos = e.with_lo_pos
    JOIN salaried AS wh
      ON wh.occupation_code = e.occupation_code AND wh.gpos = e.with_hi_pos
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
    SELECT *, row_number() OVER (
        PARTITION BY occupation_code, skill_group ORDER BY score DESC, skill_name ASC, skill_id ASC
    ) AS rank
    FROM (SELECT * FROM candidates UNION ALL BY NAME SELECT * FROM boosting)
)
SELECT
    getvariable('as_of')::DATE AS as_of,
    occupation_code,
    skill_group,
    rank,
    skill_id,
    skill_name,
    share_pct,
    lift,
    salary_premium
FROM ranked
WHERE rank <= CASE skill_group
    WHEN 'baseline' THEN getvariable('baseline_top')
    WHEN 'defining' THEN getvariable('defining_top')
    WHEN 'necessary' THEN getvariable('necessary_top')
    WHEN 'distinguishing' THEN getvariable('distinguishing_top')
    ELSE getvariable('boost_top') END
ORDER BY occupation_code, skill_group, rank
