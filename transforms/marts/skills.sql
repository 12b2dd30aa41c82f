-- inputs: ops.skill_taxonomy, posting_skills
-- skills: every skill of the taxonomy, plus every skill the current postings mention that the
-- taxonomy lacks (name, type and software flag by vote of those postings; no category).
WITH missing AS (
    SELECT * FROM posting_skills
    WHERE skill_id NOT IN (SELECT skill_id FROM ops.skill_taxonomy)
),
votes AS (
    UNPIVOT (
        SELECT skill_id, skill_name, skill_type, is_software::VARCHAR AS is_software FROM missing
    )
    ON skill_name, skill_type, is_software INTO NAME attribute VALUE value
),
voted AS (
    SELECT skill_id, attribute, value
    FROM votes
    GROUP BY skill_id, attribute, value
    QUALIFY row_number() OVER (
        PARTITION BY skill_id, attribute ORDER BY count(*) DESC, value ASC) = 1
),
picked AS (
    PIVOT voted ON attribute IN ('skill_name', 'skill_type', 'is_software')
    USING any_value(value) GROUP BY skill_id
),
mentions AS (
    SELECT skill_id, count(*) AS postings FROM posting_skills GROUP BY skill_id
)
SELECT
    t.skill_id, t.skill_name, t.skill_type, t.is_software, t.is_language, t.category,
    t.subcategory, true AS in_taxonomy, coalesce(m.postings, 0) AS postings
FROM ops.skill_taxonomy AS t
LEFT JOIN mentions AS m USING (skill_id)
UNION ALL
SELECT
    p.skill_id, p.skill_name, p.skill_type, p.is_software::BOOLEAN, NULL, NULL, NULL, false,
    m.postings
FROM picked AS p
JOIN mentions AS m USING (skill_id)
ORDER BY skill_id
