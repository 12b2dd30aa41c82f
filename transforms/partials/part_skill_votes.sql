-- inputs: part_postings, part_links, ops.skill_taxonomy, geographies
-- Votes for the name, type and software flag of skills the taxonomy lacks (the taxonomy decides
-- the others), per part x career x geography. A new taxonomy file drops the months that voted
-- on a skill it names.
-- Counted per state; the nation's counts are their sums (see part_postings.sql).
WITH missing AS (
    SELECT p.part, p.occupation_code, p.state_code, s.skill_id, s.skill_name, s.skill_type,
           s.is_software::VARCHAR AS is_software
    FROM part_postings AS p
    JOIN part_links AS s USING (posting_id)
    WHERE p.occupation_code IS NOT NULL
      AND s.skill_id NOT IN (SELECT skill_id FROM ops.skill_taxonomy)
),
votes AS (
    UNPIVOT missing ON skill_name, skill_type, is_software INTO NAME attribute VALUE value
),
by_state AS (
    SELECT part, occupation_code, state_code, skill_id, attribute, value, count(*) AS postings
    FROM votes
    GROUP BY ALL
)
SELECT part, occupation_code, (SELECT geo_code FROM geographies WHERE geo_level = 'nation')
           AS geo_code,
       skill_id, attribute, value, sum(postings)::BIGINT AS postings
FROM by_state
GROUP BY part, occupation_code, skill_id, attribute, value
UNION ALL
SELECT part, occupation_code, state_code, skill_id, attribute, value, postings
FROM by_state
WHERE state_code IS NOT NULL
