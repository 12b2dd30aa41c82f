-- inputs: part_postings, part_links, geographies
-- Postings mentioning each skill, per part x career x geography (occupation_code NULL: postings
-- with no career, for the geography-wide share that lift divides by). Counted per state; the
-- nation's counts are their sums (see part_postings.sql).
WITH by_state AS (
    SELECT p.part, p.occupation_code, p.state_code, s.skill_id, count(*) AS postings
    FROM part_postings AS p
    JOIN part_links AS s USING (posting_id)
    GROUP BY ALL
)
SELECT part, occupation_code, (SELECT geo_code FROM geographies WHERE geo_level = 'nation')
           AS geo_code,
       skill_id, sum(postings)::BIGINT AS postings
FROM by_state
GROUP BY part, occupation_code, skill_id
UNION ALL
SELECT part, occupation_code, state_code, skill_id, postings
FROM by_state
WHERE state_code IS NOT NULL
