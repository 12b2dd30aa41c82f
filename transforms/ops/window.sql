-- Statements of warehouse/windows.py: a snapshot's window inputs (temp `window_months`,
-- `window_<name>` views over stored months plus end slices).

-- name: window_months
CREATE OR REPLACE TEMP TABLE window_months AS SELECT unnest($months::DATE[]) AS part

-- name: window_view
-- A part over the window: its stored whole months plus the window's end slices.
CREATE OR REPLACE TEMP VIEW {{ view }} AS
SELECT * FROM {{ store }} WHERE part IN (SELECT part FROM window_months)
UNION ALL BY NAME SELECT * FROM {{ slice }}

-- name: months_built_by
-- The window's months that run $run_id built.
SELECT part FROM store.months
WHERE run_id = $run_id AND part IN (SELECT part FROM window_months)
