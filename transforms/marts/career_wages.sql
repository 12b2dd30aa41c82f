-- inputs: career_summary, postings, ops.oews_rows
-- career_wages: for every career with a nation row in this snapshot's career_summary, the BLS
-- OEWS rows (ops.oews_rows) whose OCC_CODE is the career's SOC code: one row per geography
-- (US from a national file, the state from a state file) and survey year.
-- A career's SOC code is the most frequent SOC_2021_5 among its postings in the window (every
-- state), ties by code ascending; a career whose postings name none has no rows. Codes are
-- matched as written: SOC changed over the years, so a career has rows only for the years
-- whose files use its code.
WITH careers AS (
    SELECT occupation_code FROM career_summary
    WHERE as_of = getvariable('as_of')::DATE AND geo_code = 'US'
),
-- The window's postings per career and SOC code. The postings table keeps SOC_2021_5 as
-- delivered: trimmed of ASCII white space here, as every text cell is (spelled out rather than
-- the staging macros', which career table models do not depend on).
votes AS (
    SELECT p."LOT_SPECIALIZED_OCCUPATION" AS occupation_code,
           nullif(trim(p."SOC_2021_5", ' ' || chr(9) || chr(10) || chr(11) || chr(12)
                                       || chr(13)), '') AS soc_code,
           count(*)                       AS postings
    FROM postings AS p
    JOIN careers AS c ON c.occupation_code = p."LOT_SPECIALIZED_OCCUPATION"
    WHERE p."POSTED" >= getvariable('window_start')::DATE
      AND p."POSTED" <= getvariable('as_of')::DATE
    GROUP BY ALL
    HAVING soc_code IS NOT NULL
),
soc AS (
    SELECT occupation_code, soc_code
    FROM votes
    QUALIFY row_number() OVER (
        PARTITION BY occupation_code ORDER BY postings DESC, soc_code ASC) = 1
)
SELECT
    getvariable('as_of')::DATE AS as_of,
    s.occupation_code,
    s.soc_code,
    o.geo_code,
    o.year,
    o.employment,
    o.employment_suppressed,
    o.wage_mean,
    o.wage_p10,
    o.wage_p25,
    o.wage_p50,
    o.wage_p75,
    o.wage_p90,
    o.wage_topcoded
FROM soc AS s
JOIN ops.oews_rows AS o ON o.occ_code = s.soc_code
ORDER BY s.occupation_code, o.geo_code, o.year
