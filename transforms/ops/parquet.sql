-- Statements of warehouse/parquet_store.py: the wide rows' Parquet files, their registry
-- (ops.parquet_files), the masks of replaced versions (ops.masked_versions), compaction.

-- name: write_schema_file
-- The empty file that fixes the published view's columns and their order (`wide_schema`).
COPY postings_wide_schema TO $path (FORMAT parquet, COMPRESSION zstd)

-- name: flush_partitions
-- A partitioned write keeps each partition's rows until this many (DuckDB's default 524,288)
-- per thread: with a file's ~20 months of wide rows buffered at once, a large file spills and
-- the write slows. A low threshold keeps the buffers small; the row groups are about this size
-- (figures: benchmarks/RESULTS.md).
SET partitioned_write_flush_threshold = 4096

-- name: write_versions
-- The file's second read (staging/posting_versions, the temp view `versions_out`), written as
-- zstd Parquet under $path: one folder per month of POSTED for the winners, `_part=rejected`
-- for the rejected records (their raw rows, on their way to ops.quarantine).
COPY (
    SELECT *,
           CASE WHEN _rejected IS NOT NULL THEN 'rejected'
                ELSE coalesce(strftime("POSTED", '%Y-%m'), 'undated') END AS _part
    FROM versions_out
) TO $path (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, PARTITION_BY (_part),
          ROW_GROUP_SIZE 20480)

-- name: register_files
-- Register the Parquet files $files (under folder $root; registered relative to it) of month
-- $month and batch $batch_id as live.
INSERT INTO ops.parquet_files
SELECT substr(file_name, length($root) + 2), $month, $batch_id, num_rows, $at, NULL
FROM parquet_file_metadata($files::VARCHAR[])

-- name: live_files
-- The live Parquet files, by month then age (the published view's list).
SELECT path FROM ops.parquet_files WHERE retired_at IS NULL ORDER BY month, created_at, path

-- name: known_files
SELECT path FROM ops.parquet_files

-- name: dedupe_file
-- Rewrite the Parquet file $source into $target keeping one copy per `_row`.
COPY (
    SELECT * FROM read_parquet($source, hive_partitioning = false)
    QUALIFY row_number() OVER (PARTITION BY _row) = 1
) TO $target (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 20480)

-- name: months_to_compact
-- What to compact, per month: every live file of a month whose masked versions pass $share of
-- its rows (`whole`: its masks go too); else, in a month of more than $max_files live files,
-- its small files (each under 1/$max_files of the month's rows: the nightlies' deltas).
WITH live AS (SELECT * FROM ops.parquet_files WHERE retired_at IS NULL),
months AS (
    SELECT l.month, sum(l.rows) AS rows, count(*) AS files,
           (SELECT count(*) FROM ops.masked_versions AS m WHERE m.month = l.month) AS masked
    FROM live AS l GROUP BY l.month
)
SELECT m.month, list(l.path ORDER BY l.path) AS files, true AS whole
FROM months AS m JOIN live AS l USING (month)
WHERE m.masked > $share * m.rows
GROUP BY m.month
UNION ALL
SELECT m.month, list(l.path ORDER BY l.path), false
FROM months AS m JOIN live AS l USING (month)
WHERE m.masked <= $share * m.rows AND m.files > $max_files AND l.rows * $max_files < m.rows
GROUP BY m.month
HAVING count(*) >= 2
ORDER BY 1

-- name: compact_month
-- The live versions of the files $files (masked ones left out) into one new file $target.
COPY (
    SELECT p.* FROM read_parquet($files::VARCHAR[], union_by_name = true,
                                 hive_partitioning = false) AS p
    ANTI JOIN ops.masked_versions AS m ON m.batch_id = p._batch_id AND m.row = p._row
) TO $target (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 20480)

-- name: retire_files
UPDATE ops.parquet_files SET retired_at = $at WHERE list_contains($files::VARCHAR[], path)

-- name: unmask_month
DELETE FROM ops.masked_versions WHERE month = $month

-- name: deletable_files
-- Retired files no publication a reader may still hold references: $keep publications
-- have finished since the file was retired.
SELECT path FROM ops.parquet_files AS f
WHERE retired_at IS NOT NULL
  AND (SELECT count(*) FROM ops.runs AS r
       WHERE r.status = 'published' AND r.finished_at > f.retired_at) >= $keep

-- name: forget_files
DELETE FROM ops.parquet_files WHERE list_contains($files::VARCHAR[], path)

-- name: postings_view
-- The published `postings`: every export column of the current version of every valid
-- posting, read from exactly the Parquet files {{ files | literal }} (the first the empty
-- schema file), the masked versions left out.
CREATE OR REPLACE VIEW postings AS
SELECT p.* EXCLUDE (_rejected)
FROM read_parquet({{ files | literal }}, union_by_name = true, hive_partitioning = false) AS p
ANTI JOIN ops.masked_versions AS m ON m.batch_id = p._batch_id AND m.row = p._row

-- name: set_batch_files
SET VARIABLE batch_files = $files::VARCHAR[]
