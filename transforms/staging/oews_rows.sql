-- The BLS OEWS file being ingested (`raw_oews`: text cells, upper-case names), one row per
-- record, parsed. Variables: oews_level (national | state) and oews_state_by (the column that
-- names a state file's state: PRIM_STATE, ST or AREA, see sources/oews.py).
-- geo_code: US for a national file, else the state's postal code. employment: TOT_EMP, NULL and
-- employment_suppressed for `**`. Wages: A_MEAN ... A_PCT90 in annual dollars, NULL for `*` (not
-- available) and `#` (at or above the top of the published range; wage_topcoded). Numbers may
-- carry thousands separators. `reasons`: why the row is rejected, NULL when it is not.
-- Materialized as temp table `oews_new` for the ingester.
CREATE OR REPLACE TEMP TABLE oews_new AS
WITH cells AS (
    SELECT
        _row,
        clean("OCC_CODE")   AS occ_code,
        clean("OCC_TITLE")  AS occ_title,
        clean("TOT_EMP")    AS tot_emp,
        clean("A_MEAN")     AS a_mean,
        clean("A_PCT10")    AS a_pct10,
        clean("A_PCT25")    AS a_pct25,
        clean("A_MEDIAN")   AS a_median,
        clean("A_PCT75")    AS a_pct75,
        clean("A_PCT90")    AS a_pct90,
        CASE getvariable('oews_state_by')
            WHEN 'PRIM_STATE' THEN clean("PRIM_STATE")
            WHEN 'ST' THEN clean("ST")
            WHEN 'AREA' THEN clean("AREA")
        END                 AS state_raw
    FROM raw_oews
),
parsed AS (
    SELECT
        c.*,
        CASE WHEN getvariable('oews_level') = 'national' THEN 'US'
             WHEN getvariable('oews_state_by') = 'AREA' THEN by_fips.geo_code
             ELSE by_code.geo_code
        END                                                   AS geo_code,
        regexp_full_match(coalesce(c.occ_code, ''), '[0-9]{2}-[0-9X]{4}') AS occ_ok,
        parse_grouped_number(c.tot_emp)                       AS tot_emp_number,
        -- A wage cell: its number, NULL for * and #; wage_ok false when it is neither.
        list_transform(
            [c.a_mean, c.a_pct10, c.a_pct25, c.a_median, c.a_pct75, c.a_pct90],
            lambda v: CASE WHEN v IN ('*', '#') THEN NULL ELSE parse_grouped_number(v) END
        )                                                     AS wages,
        list_transform(
            [c.a_mean, c.a_pct10, c.a_pct25, c.a_median, c.a_pct75, c.a_pct90],
            lambda v: coalesce(v IN ('*', '#'), false) OR coalesce(parse_grouped_number(v) > 0, false)
        )                                                     AS wage_ok
    FROM cells AS c
    LEFT JOIN geographies AS by_code
      ON by_code.geo_level = 'state' AND by_code.geo_code = upper(c.state_raw)
    LEFT JOIN geographies AS by_fips
      ON by_fips.geo_level = 'state' AND by_fips.fips = parse_digits(c.state_raw)
)
SELECT
    _row,
    occ_code,
    occ_title,
    geo_code,
    CASE WHEN tot_emp_number = floor(tot_emp_number) THEN tot_emp_number::BIGINT END
                                                              AS employment,
    coalesce(tot_emp = '**', false)                           AS employment_suppressed,
    wages[1] AS wage_mean, wages[2] AS wage_p10, wages[3] AS wage_p25,
    wages[4] AS wage_p50, wages[5] AS wage_p75, wages[6] AS wage_p90,
    coalesce('#' IN (a_mean, a_pct10, a_pct25, a_median, a_pct75, a_pct90), false)
                                                              AS wage_topcoded,
    nullif(concat_ws('; ',
        CASE WHEN NOT occ_ok THEN 'OCC_CODE is not a SOC code like 15-1252' END,
        CASE WHEN geo_code IS NULL THEN
            CASE getvariable('oews_state_by')
                WHEN 'AREA' THEN 'AREA is not a state FIPS code'
                ELSE getvariable('oews_state_by') || ' is not a state''s postal code'
            END
        END,
        CASE WHEN NOT (coalesce(tot_emp = '**', false)
                       OR coalesce(tot_emp_number = floor(tot_emp_number), false))
             THEN 'TOT_EMP is not a whole number or **' END,
        CASE WHEN NOT wage_ok[1] THEN 'A_MEAN is not a number, * or #' END,
        CASE WHEN NOT wage_ok[2] THEN 'A_PCT10 is not a number, * or #' END,
        CASE WHEN NOT wage_ok[3] THEN 'A_PCT25 is not a number, * or #' END,
        CASE WHEN NOT wage_ok[4] THEN 'A_MEDIAN is not a number, * or #' END,
        CASE WHEN NOT wage_ok[5] THEN 'A_PCT75 is not a number, * or #' END,
        CASE WHEN NOT wage_ok[6] THEN 'A_PCT90 is not a number, * or #' END
    ), '')                                                    AS reasons
FROM parsed
