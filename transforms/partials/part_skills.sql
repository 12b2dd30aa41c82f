-- Postings mentioning each skill, per part x career x geography (occupation_code NULL: postings
-- with no career, for the geography-wide share that lift divides by).
SELECT p.part, p.occupation_code, p.geo_code, s.skill_id, count(*) AS postings
FROM part_postings AS p
JOIN posting_skills AS s USING (posting_id)
GROUP BY ALL
