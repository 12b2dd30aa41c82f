-- posting x skill links of the versions in {{ versions }} (an ingest: this batch's versions with
-- every column, from its Parquet files; the published `posting_skills` view: every current one):
-- each distinct SKILLS id once, named by SKILLS_NAME at its first position, typed from the
-- posting's typed lists (SPECIALIZED_SKILLS, COMMON_SKILLS, CERTIFICATIONS; SOFTWARE_SKILLS
-- for is_software).
WITH exploded AS (
    SELECT
        "ID"                             AS posting_id,
        unnest("SKILLS")                 AS skill_id,
        unnest("SKILLS_NAME")            AS skill_name,
        generate_subscripts("SKILLS", 1) AS position,
        "SKILLS", "SPECIALIZED_SKILLS", "COMMON_SKILLS", "CERTIFICATIONS", "SOFTWARE_SKILLS"
    FROM {{ versions }}
)
SELECT
    posting_id,
    skill_id,
    skill_name,
    CASE
        WHEN list_contains("SPECIALIZED_SKILLS", skill_id) THEN 'Specialized Skill'
        WHEN list_contains("COMMON_SKILLS", skill_id) THEN 'Common Skill'
        WHEN list_contains("CERTIFICATIONS", skill_id) THEN 'Certification'
    END                                                   AS skill_type,
    coalesce(list_contains("SOFTWARE_SKILLS", skill_id), false) AS is_software
FROM exploded
-- Keep each id at its first position only (a list scan per posting, no global sort).
WHERE list_position("SKILLS", skill_id) = position
