-- inputs: window_careers, window_skills, window_skill_votes, ops.skill_taxonomy
-- career_skills: every skill mentioned at least once per career x geography.
-- share_pct over all postings of the career and geography; lift = share_pct / the skill's share
-- of all postings of the geography in the window (postings with no career included).
-- Sums of the window's parts.
WITH geo_totals AS (
    SELECT geo_code, sum(postings)::BIGINT AS postings FROM window_careers GROUP BY geo_code
),
geo_mentions AS (
    SELECT geo_code, skill_id, sum(postings)::BIGINT AS postings FROM window_skills GROUP BY ALL
),
career_totals AS (
    SELECT occupation_code, geo_code, sum(postings)::BIGINT AS postings
    FROM window_careers WHERE occupation_code IS NOT NULL
    GROUP BY ALL
),
mentions AS (
    SELECT occupation_code, geo_code, skill_id, sum(postings)::BIGINT AS postings
    FROM window_skills WHERE occupation_code IS NOT NULL
    GROUP BY ALL
),
-- Skills the taxonomy lacks: name, type and software flag by vote of the postings counted
-- (most frequent non-NULL value, ties by value).
voted AS (
    SELECT occupation_code, geo_code, skill_id, attribute, value
    FROM window_skill_votes
    GROUP BY occupation_code, geo_code, skill_id, attribute, value
    QUALIFY row_number() OVER (
        PARTITION BY occupation_code, geo_code, skill_id, attribute
        ORDER BY sum(postings) DESC, value ASC
    ) = 1
),
picked AS (
    PIVOT voted ON attribute IN ('skill_name', 'skill_type', 'is_software')
    USING any_value(value) GROUP BY occupation_code, geo_code, skill_id
)
SELECT
    getvariable('as_of')::DATE                                   AS as_of,
    m.occupation_code,
    m.geo_code,
    m.skill_id,
    coalesce(t.skill_name, p.skill_name)                         AS skill_name,
    coalesce(t.skill_type, p.skill_type)                         AS skill_type,
    coalesce(t.is_software, p.is_software::BOOLEAN)              AS is_software,
    m.postings,
    100.0 * m.postings / ct.postings                             AS share_pct,
    (100.0 * m.postings / ct.postings) / (100.0 * gm.postings / gt.postings) AS lift
FROM mentions AS m
JOIN career_totals AS ct USING (occupation_code, geo_code)
JOIN geo_mentions AS gm USING (geo_code, skill_id)
JOIN geo_totals AS gt USING (geo_code)
LEFT JOIN ops.skill_taxonomy AS t USING (skill_id)
LEFT JOIN picked AS p USING (occupation_code, geo_code, skill_id)
ORDER BY m.occupation_code, m.geo_code, m.skill_id
