-- Statements of warehouse/parts.py: run the part models over a set of ranges (temp relations
-- `part_versions`, `part_links`, `part_ranges`, `part_postings`, `slice_<name>`).

-- name: versions_view
CREATE OR REPLACE TEMP VIEW part_versions AS SELECT * FROM {{ versions }}

-- name: links_view
CREATE OR REPLACE TEMP VIEW part_links AS SELECT * FROM {{ links }}

-- name: ranges
-- One row per range: the part (a month's first day) and the first and last POSTED day it covers.
CREATE OR REPLACE TEMP TABLE part_ranges AS
SELECT unnest($parts::DATE[]) AS part, unnest($los::DATE[]) AS lo, unnest($his::DATE[]) AS hi
