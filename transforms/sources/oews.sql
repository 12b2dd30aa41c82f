-- Reading BLS OEWS files (sources/oews.py).

-- name: load_sheet
-- An .xlsx file's first sheet ({{ sheet }}, a registered Arrow table of text cells) as the
-- loaded file's cells table {{ cells }}.
CREATE TEMP TABLE {{ cells }} AS SELECT * FROM {{ sheet }}
