-- Generic statements over relations the caller names (temp tables, views, store tables).

-- name: drop_table
DROP TABLE IF EXISTS {{ table }}

-- name: drop_view
DROP VIEW IF EXISTS {{ view }}

-- name: append
INSERT INTO {{ target }} BY NAME SELECT * FROM {{ source }}

-- name: select_all
SELECT * FROM {{ table }}

-- name: count_rows
SELECT count(*) FROM {{ table }}

-- name: create_like
CREATE TABLE IF NOT EXISTS {{ table }} AS SELECT * FROM {{ source }} LIMIT 0

-- name: replace_table
CREATE OR REPLACE TABLE {{ table }} AS SELECT * FROM {{ source }}
