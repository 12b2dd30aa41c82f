-- Skill mentions of the snapshot's postings: one row per posting x geography x distinct skill.
SELECT
    sp.posting_id, sp.occupation_code, sp.geo_code, sp.salary,
    ps.skill_id, ps.skill_name, ps.skill_type, ps.is_software
FROM snapshot_postings AS sp
JOIN posting_skills AS ps USING (posting_id)
