-- Votes for the names postings may disagree on: per part x career x geography, how many postings
-- give each non-NULL occupation_name, parent_code and parent_name.
WITH votes AS (
    UNPIVOT (
        SELECT part, occupation_code, geo_code, occupation_name, parent_code, parent_name
        FROM part_postings
        WHERE occupation_code IS NOT NULL
    )
    ON occupation_name, parent_code, parent_name
    INTO NAME attribute VALUE value
)
SELECT part, occupation_code, geo_code, attribute, value, count(*) AS postings
FROM votes
GROUP BY ALL
