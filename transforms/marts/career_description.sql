-- inputs: career_summary, postings, ops.onet_occupations
-- career_description: what a professional in each career does, from O*NET's occupation data
-- (ops.onet_occupations: the newest delivery). One row per career with a nation row in
-- career_summary.
-- onet_code: the most frequent ONET among the career's postings in the window (nation), ties by
-- code (byte order); '99-9999.00' (O*NET's unclassified code) and empty do not count. NULL when
-- no posting of the career gives one.
-- onet_title, description: from the O*NET row with exactly that code, else from the row of the
-- same SOC code (the text before the dot) ending in '.00': O*NET describes many detailed
-- occupations (.01, .02) only through their SOC occupation's own row. NULL, with source, when
-- O*NET has neither.
WITH careers AS (
    SELECT occupation_code FROM career_summary
    WHERE as_of = getvariable('as_of')::DATE AND geo_code = 'US'
),
-- The window's postings are read from `postings` itself, as window_salaries does: the monthly
-- parts keep no ONET counts, and adding them would rebuild every stored month of every
-- warehouse for one nation-level vote.
votes AS (
    SELECT occupation_code, onet_code, count(*) AS postings
    FROM (
        SELECT "LOT_SPECIALIZED_OCCUPATION" AS occupation_code,
               -- Trimmed of white space like every text cell: macros.sql's clean(), written
               -- out because the career models run without the staging macros.
               nullif(trim("ONET", chr(32) || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)),
                      '') AS onet_code
        FROM postings
        WHERE "POSTED" >= getvariable('window_start')::DATE
          AND "POSTED" <= getvariable('as_of')::DATE
          AND "LOT_SPECIALIZED_OCCUPATION" IS NOT NULL
    )
    WHERE onet_code IS NOT NULL AND onet_code <> '99-9999.00'
    GROUP BY ALL
),
picked AS (
    SELECT occupation_code, onet_code
    FROM votes
    QUALIFY row_number() OVER (
        PARTITION BY occupation_code ORDER BY postings DESC, onet_code ASC
    ) = 1
),
-- The exact row when O*NET has it, else the SOC occupation's '.00' row.
described AS (
    SELECT p.occupation_code, p.onet_code, o.title, o.description, o.source
    FROM picked AS p
    JOIN ops.onet_occupations AS o
      ON o.onet_code IN (p.onet_code, split_part(p.onet_code, '.', 1) || '.00')
    QUALIFY row_number() OVER (
        PARTITION BY p.occupation_code ORDER BY (o.onet_code = p.onet_code) DESC
    ) = 1
)
SELECT
    getvariable('as_of')::DATE AS as_of,
    c.occupation_code,
    p.onet_code,
    d.title                    AS onet_title,
    d.description,
    d.source
FROM careers AS c
LEFT JOIN picked AS p USING (occupation_code)
LEFT JOIN described AS d USING (occupation_code)
ORDER BY c.occupation_code
