-- inputs: postings, ops.employment_cells
-- occupations: the Lightcast Occupation Taxonomy as seen in the current postings (and the
-- employment export): one row per code and level, with its name and parent code. Names and
-- parents by vote (most frequent non-NULL value, ties by value). Lightcast's `99999999`
-- "Unclassified Specialized Occupation" stays: it is a code of the taxonomy the postings carry
-- (an analyst can name it), though the career tables count it in no career.
WITH combos AS (
    -- Each distinct combination of the occupation columns once, with its postings: one scan
    -- of postings instead of four, and a few thousand rows to split into the four levels.
    SELECT "LOT_CAREER_AREA", "LOT_CAREER_AREA_NAME", "LOT_OCCUPATION_GROUP",
           "LOT_OCCUPATION_GROUP_NAME", "LOT_OCCUPATION", "LOT_OCCUPATION_NAME",
           "LOT_SPECIALIZED_OCCUPATION", "LOT_SPECIALIZED_OCCUPATION_NAME", count(*) AS n
    FROM postings
    GROUP BY ALL
),
mentions AS (
    SELECT 'career_area' AS level, clean("LOT_CAREER_AREA") AS code,
           clean("LOT_CAREER_AREA_NAME") AS name, NULL::VARCHAR AS parent_code, n
    FROM combos
    UNION ALL
    SELECT 'occupation_group', clean("LOT_OCCUPATION_GROUP"),
           clean("LOT_OCCUPATION_GROUP_NAME"), clean("LOT_CAREER_AREA"), n
    FROM combos
    UNION ALL
    SELECT 'occupation', "LOT_OCCUPATION", "LOT_OCCUPATION_NAME", clean("LOT_OCCUPATION_GROUP"), n
    FROM combos
    UNION ALL
    SELECT 'specialized_occupation', "LOT_SPECIALIZED_OCCUPATION",
           "LOT_SPECIALIZED_OCCUPATION_NAME", "LOT_OCCUPATION", n
    FROM combos
    UNION ALL
    SELECT 'occupation', occupation_code, occupation_name, NULL, 1 FROM ops.employment_cells
),
-- Each distinct mention once, with its postings, before voting: a few thousand rows go through
-- the UNPIVOT.
counted AS (
    SELECT level, code, name, parent_code, sum(n) AS n
    FROM mentions
    WHERE code IS NOT NULL
    GROUP BY level, code, name, parent_code
),
votes AS (
    UNPIVOT counted ON name, parent_code INTO NAME attribute VALUE value
),
voted AS (
    SELECT level, code, attribute, value
    FROM votes
    GROUP BY level, code, attribute, value
    QUALIFY row_number() OVER (
        PARTITION BY level, code, attribute ORDER BY sum(n) DESC, value ASC) = 1
),
picked AS (
    PIVOT voted ON attribute IN ('name', 'parent_code') USING any_value(value)
    GROUP BY level, code
),
codes AS (
    SELECT DISTINCT level, code FROM counted
)
SELECT
    c.code         AS occupation_code,
    p.name         AS occupation_name,
    c.level,
    p.parent_code
FROM codes AS c
LEFT JOIN picked AS p USING (level, code)
ORDER BY CASE c.level WHEN 'career_area' THEN 1 WHEN 'occupation_group' THEN 2
                      WHEN 'occupation' THEN 3 ELSE 4 END, c.code
