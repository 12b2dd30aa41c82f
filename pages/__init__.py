"""Career pages and analyst tools, built from the published DuckDB file only.

- `data`: reading the published file (read-only) and one snapshot's rows.
- `resolve`: which snapshot, career and state a request names.
- `document`: one career page document (a plain dict, also the JSON document) from the rows.
- `render`, `charts`, `fmt`: the self-contained HTML page (inline CSS and SVG).
- `site`: every page of a snapshot, HTML and JSON, swapped into a folder atomically.
- `analyst`: `careers tables` and `careers query` (read-only SQL).
"""
