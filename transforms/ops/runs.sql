-- The run ledger: one row of ops.runs per run (warehouse/ledger.py). Columns in table order:
-- run_id, flow, as_of, started_at, finished_at, status, files_ingested, files_skipped,
-- rows_read, rows_loaded, rows_quarantined, error, report.

-- name: insert_run
INSERT INTO ops.runs VALUES (?, ?, ?::DATE[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- name: insert_journaled_run
-- A journaled run already in ops.runs published before it was killed: keep that row.
INSERT OR IGNORE INTO ops.runs VALUES (?, ?, ?::DATE[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- name: unbuilt_snapshots
-- How many of the dates in the list parameter no published run has built since the last
-- published run that ingested files.
WITH published AS (SELECT * FROM ops.runs WHERE status = 'published'),
last_ingest AS (
    SELECT coalesce(max(started_at), TIMESTAMP '0001-01-01') AS at FROM published
    WHERE files_ingested > 0)
SELECT count(*) FROM unnest(?::DATE[]) AS wanted(day)
WHERE NOT EXISTS (
    SELECT 1 FROM published, last_ingest
    WHERE list_contains(published.as_of, wanted.day) AND started_at >= last_ingest.at)
