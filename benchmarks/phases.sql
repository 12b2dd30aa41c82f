-- The statements benchmarks/phases.py runs around its measured phases (benchmarks/sql.py reads
-- them by name). Values are bound as parameters; `{{ table }}` is a table the phase owns.

-- name: memory_limit
SET memory_limit = ?;

-- name: threads
SET threads = ?;

-- name: temp_directory
SET temp_directory = ?;

-- name: as_of
SET VARIABLE as_of = ?::DATE;

-- name: set_variable
SET VARIABLE {{ variable }} = ?;

-- name: read_csv
-- A postings file into a table of text cells, with the pipeline reader's CSV options
-- (sources/readers.py: every cell text, RFC 4180 quoting, lines up to 64 MiB).
CREATE TABLE {{ table }} AS
SELECT * FROM read_csv(
    $path, header = true, null_padding = false, all_varchar = true, delim = ',', quote = '"',
    escape = '"', encoding = 'utf-8', max_line_size = 67108864, buffer_size = 67108864
);

-- name: count_rows
SELECT count(*) FROM {{ table }};

-- name: checkpoint
CHECKPOINT;
