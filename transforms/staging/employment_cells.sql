-- The wide employment file being ingested (`raw_employment`: one column per 'YYYY Jobs'),
-- unpivoted to one row per non-empty cell, parsed. jobs NULL + suppressed for '<10';
-- bad_cell / bad_area flag what the ingester turns into a fatal error.
-- Materialized as temp table `employment_new` for the ingester.
CREATE OR REPLACE TEMP TABLE employment_new AS
WITH cells AS (
    UNPIVOT raw_employment
    ON COLUMNS('^[0-9]{4} JOBS$')
    INTO NAME year_column VALUE cell
),
parsed AS (
    SELECT
        _row,
        year_column,
        clean(cell)                                     AS cell,
        clean("LOT_OCCUPATION")                         AS occupation_code,
        clean("LOT_OCCUPATION_NAME")                    AS occupation_name,
        clean("AREA")                                   AS area_raw,
        clean("AREA_NAME")                              AS area_name,
        left(year_column, 4)::INTEGER                   AS year
    FROM cells
)
SELECT
    p.*,
    CASE WHEN upper(p.area_raw) = 'US' THEN 'US' ELSE g.fips::VARCHAR END AS area,
    CASE WHEN regexp_full_match(p.cell, '[0-9]{1,3}(,[0-9]{3})+|[0-9]+')
        THEN replace(p.cell, ',', '')::BIGINT END        AS jobs,
    p.cell = '<10'                                       AS suppressed,
    NOT (p.cell = '<10' OR regexp_full_match(p.cell, '[0-9]{1,3}(,[0-9]{3})+|[0-9]+'))
                                                         AS bad_cell,
    upper(p.area_raw) IS DISTINCT FROM 'US' AND g.fips IS NULL AS bad_area
FROM parsed AS p
LEFT JOIN geographies AS g
  ON g.geo_level = 'state' AND g.fips = parse_digits(p.area_raw)
WHERE p.cell IS NOT NULL
