-- Statements of warehouse/seeds.py.

-- name: geographies
-- The `geographies` dimension from its seed file ($path).
CREATE OR REPLACE TABLE geographies AS
SELECT geo_level, geo_code, fips::INTEGER AS fips, geo_name
FROM read_csv($path, header = true, all_varchar = true)
