"""Career pages and analyst tools, built from the published DuckDB file only.

- `data`: one career page document (a plain dict, also the JSON document) from the tables.
- `render`, `charts`, `fmt`: the self-contained HTML page (inline CSS and SVG).
- `publish`: every page of a snapshot, HTML and JSON, swapped into a folder atomically.
- `analyst`: `careers tables` and `careers query` (read-only SQL).
- `cli`: the typer commands; `browser`: headless Chromium for tests and screenshots.
"""
