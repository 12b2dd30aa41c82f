-- The ingesters' statements (warehouse/ingest_oews.py, ingest_onet.py, ingest_employment.py).

-- name: oews_level
-- What transforms/staging/oews_rows.sql reads: the file's level, and the column naming a state
-- file's state (oews_state_by).
SET VARIABLE oews_level = ?

-- name: oews_state_by
SET VARIABLE oews_state_by = ?

-- name: oews_rejects
CREATE OR REPLACE TEMP TABLE rejected_rows AS
SELECT _row, reasons FROM oews_new WHERE reasons IS NOT NULL

-- name: oews_delete
-- Every row of an earlier file of the same level and year goes; of a geography and OCC_CODE
-- the file repeats, its later row is kept.
DELETE FROM ops.oews_rows WHERE level = $level AND year = $year

-- name: oews_insert
INSERT INTO ops.oews_rows BY NAME
SELECT $level AS level, $year AS year, geo_code, occ_code, occ_title, employment,
       employment_suppressed, wage_mean, wage_p10, wage_p25, wage_p50, wage_p75,
       wage_p90, wage_topcoded, getvariable('batch_id') AS _batch_id, _row
FROM oews_new
WHERE reasons IS NULL
QUALIFY row_number() OVER (PARTITION BY geo_code, occ_code ORDER BY _row DESC) = 1

-- name: onet_delete
-- A delivery is a whole O*NET release: its rows replace every stored one.
DELETE FROM ops.onet_occupations

-- name: onet_insert
-- The delivery's rows: a registered DataFrame.
INSERT INTO ops.onet_occupations
SELECT onet_code, title::VARCHAR, description::VARCHAR, $source, $batch_id FROM {{ frame }}

-- name: employment_problem
-- The first row whose cell or area is unreadable (a fatal error).
SELECT _row, year_column, cell, area_raw, bad_area FROM employment_new
WHERE bad_cell OR bad_area ORDER BY _row LIMIT 1

-- name: employment_rejects
CREATE OR REPLACE TEMP TABLE rejected_rows AS
SELECT _row, 'LOT_OCCUPATION is empty' AS reasons FROM raw_employment
WHERE clean("LOT_OCCUPATION") IS NULL

-- name: employment_upsert
-- The file's cells replace the stored (occupation, area, year) cells it has; within the file a
-- later row wins.
CREATE OR REPLACE TEMP TABLE employment_winners AS
SELECT occupation_code, occupation_name, area, area_name, year, jobs, suppressed,
       getvariable('batch_id') AS _batch_id
FROM employment_new
WHERE occupation_code IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY occupation_code, area, year ORDER BY _row DESC) = 1;
DELETE FROM ops.employment_cells AS c USING employment_winners AS w
WHERE c.occupation_code = w.occupation_code AND c.area = w.area AND c.year = w.year;
INSERT INTO ops.employment_cells BY NAME SELECT * FROM employment_winners;
