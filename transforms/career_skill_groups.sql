-- career_skill_groups: five groups of nation-level skills per career (thresholds from the
-- settings, see careers/settings.py: SkillGroupRules). rank 1 = first; ties by skill name.
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
salaried AS (
    SELECT posting_id, occupation_code, salary FROM snapshot_postings
    WHERE geo_code = 'US' AND occupation_code IS NOT NULL AND salary IS NOT NULL
),
salaried_mentions AS (
    SELECT DISTINCT s.occupation_code, s.posting_id, k.skill_id
    FROM salaried AS s JOIN snapshot_skills AS k
      ON k.posting_id = s.posting_id AND k.geo_code = 'US'
),
with_counts AS (
    SELECT occupation_code, skill_id, count(*) AS n_with
    FROM salaried_mentions GROUP BY occupation_code, skill_id
),
salaried_totals AS (
    SELECT occupation_code, count(*) AS n_salaried FROM salaried GROUP BY occupation_code
),
eligible AS (
    SELECT w.occupation_code, w.skill_id
    FROM with_counts AS w JOIN salaried_totals AS t USING (occupation_code)
    WHERE w.n_with >= getvariable('boost_min_with')
      AND t.n_salaried - w.n_with >= getvariable('boost_min_without')
),
medians AS (
    SELECT
        e.occupation_code, e.skill_id,
        quantile_cont(s.salary, 0.5) FILTER (WHERE m.posting_id IS NOT NULL)  AS median_with,
        quantile_cont(s.salary, 0.5) FILTER (WHERE m.posting_id IS NULL)      AS median_without
    FROM eligible AS e
    JOIN salaried AS s USING (occupation_code)
    LEFT JOIN salaried_mentions AS m
      ON m.occupation_code = e.occupation_code AND m.skill_id = e.skill_id
     AND m.posting_id = s.posting_id
    GROUP BY e.occupation_code, e.skill_id
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
