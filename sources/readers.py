"""Read one export file with DuckDB's own readers, as text cells.

Whatever the format, the result looks the same to the rest of the pipeline: upper-cased
column names, every cell as VARCHAR exactly as delivered (real Parquet/JSON lists rendered
as JSON text).

Two ways in:
- `read_raw` loads the file: temp table `<name>_cells` plus view `<name>` adding `_row`, the
  1-based record number. For the small files (skills, employment). Drop both with
  `drop_temp`, add columns with `add_text_columns`.
- `describe_raw` + `open_raw` load nothing: a temp view over the file that each query reads
  again, only the columns it needs, with row keys instead of record numbers. For postings
  files, whose cells would not fit in memory (see warehouse/ingest_postings.py).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import duckdb
from isal import igzip, isal_zlib

from core.errors import CareersError
from sources.discover import ExportFile
from transforms.runner import literal, quote, render, rows, run

# What reading an untrusted file may raise: DuckDB's errors, and the binding's own failures
# when DuckDB's message quotes undecodable bytes (UnicodeDecodeError, nanobind RuntimeError).
READ_ERRORS = (duckdb.Error, UnicodeError, RuntimeError)
# Columns the readers add; a file delivering one (any case) is refused.
RESERVED_COLUMNS = frozenset({"_ROW", "_KEY", "_CONTENT_KEY"})


@dataclass(frozen=True)
class RawTable:
    """A loaded file: the temp table's name, its columns (upper case) and the names as delivered."""

    table: str
    columns: list[str]
    delivered: dict[str, str]  # upper-case name -> name as in the file
    rows: int
    types: dict[str, str] | None = None  # name as in the file -> DuckDB type as read


# The fixed CSV dialect (RFC 4180, every cell text; also in transforms/sources/readers.sql). A
# record may be up to 64 MiB (a 10 MB BODY is data, not an error). buffer_size is set
# explicitly: DuckDB's default is 16 x max_line_size, 1 GiB per reading thread here, which alone
# outgrew a 4 GB memory limit at 30M postings; one 64 MiB buffer still holds the longest record
# and reads as fast, with less memory (benchmarks/RESULTS.md).
CSV_DIALECT = (
    "all_varchar=true, delim=',', quote='\"', escape='\"', encoding='utf-8', "
    "max_line_size=67108864, buffer_size=67108864"
)


def _scan_sql(export: ExportFile) -> str:
    """The reader call for the file; its path is the statement's first parameter ($path)."""
    path = "$path"
    if export.format == "csv":
        # Sniffing only finds the header.
        return f"read_csv({path}, header=true, null_padding=false, {CSV_DIALECT})"
    if export.format == "parquet":
        return f"read_parquet({path})"
    fmt = "newline_delimited" if export.format == "jsonl" else "array"
    return f"read_json({path}, format='{fmt}', records=true, sample_size=-1)"


def _scan(export: ExportFile) -> str:
    """The statement reading every record of the file (transforms/sources/readers.sql)."""
    return f"sources/readers#scan_{'json' if export.format == 'jsonl' else export.format}"


def _scan_params(export: ExportFile) -> dict[str, str]:
    """The values `_scan`'s statement binds: the path, and a JSON file's layout."""
    params = {"path": str(export.path)}
    if export.format in ("json", "jsonl"):
        params["format"] = "newline_delimited" if export.format == "jsonl" else "array"
    return params


def _gzip_problem(path, into: BinaryIO | None = None) -> str | None:
    """Decompress the whole stream (which checks its CRC and length), writing it to `into` if
    given; the problem, or None. ISA-L's igzip: the gzip module's format and checks, several
    times faster (benchmarks/RESULTS.md)."""
    empty = True
    try:
        with igzip.open(path, "rb") as stream:
            while block := stream.read(1 << 24):
                empty = False
                if into is not None:
                    _write(into, block)
    except (OSError, EOFError, zlib.error, isal_zlib.error) as exc:
        return f"not a complete gzip file ({exc})"
    return "file is empty (after gunzip)" if empty else None


class _CopyFailed(Exception):
    """Writing the decompressed copy failed (disk full, say): not the gzip file's fault."""


def _write(into: BinaryIO, block: bytes) -> None:
    try:
        into.write(block)
    except OSError as exc:
        raise _CopyFailed(str(exc)) from exc


@contextlib.contextmanager
def decompressed(export: ExportFile, folder: Path) -> Iterator[ExportFile]:
    """`export` ready to be read more than once: a `.gz` file is decompressed once into a new
    file in `folder` (its CRC and length verified on the way; removed on leaving), any other
    file is yielded as is. A CareersError from within that names the copy names `export`.

    Why: DuckDB reads a `.csv.gz` in one thread and decompresses it on every read, and a
    postings file is read twice (and was verified once more): the copy costs less than the two
    parallel reads it allows save (benchmarks/RESULTS.md)."""
    if not export.name.lower().endswith(".gz"):
        yield export
        return
    _check_size(export)
    plain: Path | None = None
    try:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(
                prefix=".gunzip-", suffix=f"-{export.name[:-3]}", dir=folder
            )
            plain = Path(name)
            with os.fdopen(fd, "wb") as out:
                problem = _gzip_problem(export.path, out)
        except (_CopyFailed, OSError) as exc:  # the folder, the copy's writes or its close
            raise CareersError(
                f"cannot write its decompressed copy in {folder} ({exc})", export.path
            ) from None
        if problem:
            raise CareersError(problem, export.path)
        try:
            yield ExportFile(export.kind, plain)
        except CareersError as exc:
            if exc.path != str(plain):
                raise
            raise CareersError(exc.problem, export.path) from None
    finally:
        if plain is not None:
            plain.unlink(missing_ok=True)


def _check_size(export: ExportFile) -> None:
    if export.path.stat().st_size == 0:
        raise CareersError("file is empty", export.path)


def _check_not_empty(export: ExportFile) -> None:
    """Refuse an empty file, and a gzip file that is cut off, corrupt or empty inside."""
    _check_size(export)
    if export.name.lower().endswith(".gz") and (problem := _gzip_problem(export.path)):
        raise CareersError(problem, export.path)


def _check_header_unique(con: duckdb.DuckDBPyConnection, export: ExportFile) -> None:
    """DuckDB renames a repeated header (`ID`, `id` -> `ID`, `id_1`): read the header row as
    data to refuse it instead. Names match case-insensitively, as everywhere."""
    try:
        header = rows(con, "sources/readers#csv_header", {"path": str(export.path)})
    except READ_ERRORS:
        return  # the main read reports the problem
    seen: set[str] = set()
    for cell in header[0] if header else ():
        name = (cell or "").strip().lstrip("\ufeff").upper()
        if name in seen:
            raise CareersError(f"column {name} appears twice", export.path)
        seen.add(name)


def _as_text(column: str, duck_type: str) -> str:
    """SQL rendering one typed column as text; lists, structs and maps become JSON."""
    q = quote(column)
    if duck_type == "VARCHAR":
        return q
    if duck_type.endswith("]") or duck_type.startswith(("STRUCT", "MAP", "JSON")):
        return f"to_json({q})::VARCHAR"
    if duck_type == "BOOLEAN":
        return f"CASE WHEN {q} THEN 'true' WHEN NOT {q} THEN 'false' END"
    return f"CAST({q} AS VARCHAR)"


@contextlib.contextmanager
def gzip_verified(export: ExportFile) -> Iterator[None]:
    """Run the body (a DuckDB read of `export`) while a gzip file's stream is verified whole in
    a thread: CRC and length, which DuckDB does not check. igzip releases the GIL, so the check
    costs little wall time. Its verdict comes before the body's CareersError. Not gzip: just
    the body."""
    if not export.name.lower().endswith(".gz"):
        yield
        return
    with ThreadPoolExecutor(1, thread_name_prefix="gzip-check") as pool:
        verdict = pool.submit(_gzip_problem, export.path)
        try:
            yield
        except CareersError:
            if problem := verdict.result():
                raise CareersError(problem, export.path) from None
            raise
        if problem := verdict.result():
            raise CareersError(problem, export.path)


@contextlib.contextmanager
def read_errors(export: ExportFile) -> Iterator[None]:
    """Turn what reading `export` may raise into a one-line CareersError naming the file."""
    try:
        yield
    except READ_ERRORS as exc:
        text = str(exc).strip()
        first = text.splitlines()[0] if text else type(exc).__name__
        raise CareersError(f"not a readable {export.format} file ({first})", export.path) from None


def _text_cells(raw: RawTable) -> list[str]:
    """SQL for each delivered column of a described file as text, under its upper-case name."""
    types = raw.types or {}
    return [
        f"{_as_text(name, types.get(name, 'VARCHAR'))} AS {quote(upper)}"
        for upper, name in raw.delivered.items()
    ]


def read_raw(con: duckdb.DuckDBPyConnection, export: ExportFile, table: str) -> RawTable:
    """Load `export` into temp table `table` (replacing it). Raises CareersError, one line."""
    _check_size(export)
    with gzip_verified(export):
        return _load(con, export, table)


def describe_raw(con: duckdb.DuckDBPyConnection, export: ExportFile) -> RawTable:
    """The file's columns, without reading its records (`table` is empty, `rows` 0). Refuses
    an empty file, an unreadable one and a repeated column name (CareersError, one line)."""
    _check_size(export)
    try:
        with read_errors(export):
            scan = con.sql(render(_scan(export)), params=_scan_params(export))
            types = dict(zip(scan.columns, (str(t) for t in scan.types), strict=True))
    except CareersError:  # a broken gzip stream is the better explanation
        if export.name.lower().endswith(".gz") and (problem := _gzip_problem(export.path)):
            raise CareersError(problem, export.path) from None
        raise
    if export.format == "csv":
        _check_header_unique(con, export)
    delivered: dict[str, str] = {}
    for name in types:
        upper = name.strip().lstrip("\ufeff").upper()
        if upper in delivered:
            raise CareersError(f"column {upper} appears twice", export.path)
        if upper in RESERVED_COLUMNS:
            raise CareersError(f"column {upper} is a name the pipeline reserves", export.path)
        delivered[upper] = name
    return RawTable("", list(delivered), delivered, 0, types)


def open_raw(
    con: duckdb.DuckDBPyConnection,
    export: ExportFile,
    raw: RawTable,
    view: str,
    add_columns: Sequence[str] = (),
    key_columns: Sequence[str] | None = None,
) -> RawTable:
    """(Re)create temp view `view` over the file itself, nothing loaded: the delivered columns
    as text (as `read_raw` renders them), `add_columns` as NULL text, and two row keys:
    `_key`, a hash of `key_columns` (of every column when None), and `_content_key`, a hash of
    every column. Each query of the view reads the file again, in parallel, only the columns
    it uses. There is no `_row`: a parallel scan has no record number (see ingest_postings)."""
    cells = [*_text_cells(raw), *(f"NULL::VARCHAR AS {quote(c)}" for c in add_columns)]
    every = ", ".join(quote(c) for c in [*raw.delivered, *add_columns])
    key = ", ".join(quote(c) for c in key_columns) if key_columns else every
    drop_temp(con, view)
    # A view cannot take parameters: the path is an SQL literal here.
    scan = _scan_sql(export).replace("$path", literal(export.path))
    con.execute(
        f"CREATE TEMP VIEW {view} AS SELECT *, hash({key}) AS _key, "
        f"hash({every}) AS _content_key FROM (SELECT {', '.join(cells)} FROM {scan})"
    )
    return RawTable(view, [*raw.columns, *add_columns], raw.delivered, 0, raw.types)


def _load(con: duckdb.DuckDBPyConnection, export: ExportFile, table: str) -> RawTable:
    """`read_raw` without the gzip verification."""
    raw = describe_raw(con, export)
    drop_temp(con, table)
    if export.format == "csv":  # every cell is text already: only the names change
        params = {"path": str(export.path), "names": list(raw.delivered)}
        with read_errors(export):
            run(con, "sources/readers#load_csv", params, cells=f"{table}_cells")
        return number_rows(con, RawTable(table, raw.columns, raw.delivered, 0, raw.types))
    select = ", ".join(_text_cells(raw))
    with read_errors(export):
        con.execute(
            f"CREATE TEMP TABLE {table}_cells AS SELECT {select} FROM {_scan_sql(export)}",
            {"path": str(export.path)},
        )
    return number_rows(con, RawTable(table, raw.columns, raw.delivered, 0, raw.types))


def number_rows(con: duckdb.DuckDBPyConnection, raw: RawTable) -> RawTable:
    """(Re)create view `raw.table` = `<raw.table>_cells` plus `_row`, the record number; return
    `raw` with its row count.

    Insertion order is preserved (DuckDB's default), so the cells table holds the file's records
    in order under contiguous rowids; inside a transaction they start at a large offset, hence
    `rowid - first + 1`. This replaces `row_number() OVER ()` over the scan, which made the read
    single-threaded (slower, benchmarks/RESULTS.md)."""
    cells = f"{raw.table}_cells"
    ((first, last, count),) = rows(con, "sources/readers#row_bounds", cells=cells)
    if count and last - first + 1 != count:  # the numbering would be wrong: never guess
        raise RuntimeError(f"{cells}: rowids {first}..{last} are not {count} in a row")
    bounds = f"{raw.table}_first"
    run(con, "sources/readers#first_row", [first or 0], bounds=bounds)
    run(con, "sources/readers#numbered_view", view=raw.table, cells=cells, bounds=bounds)
    return RawTable(raw.table, raw.columns, raw.delivered, count, raw.types)


def add_text_columns(con: duckdb.DuckDBPyConnection, raw: RawTable, columns) -> None:
    """Add NULL text columns to a loaded file (after its delivered ones; idempotent per name)."""
    if not columns:
        return
    for column in columns:
        run(con, "sources/readers#add_text_column", cells=f"{raw.table}_cells", column=column)
    number_rows(con, raw)  # a view's columns are fixed when it is created


def drop_temp(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Drop temp table `table`, or a loaded file (view `table` and its `table_cells`),
    whichever exists (idempotent)."""
    ((is_view,),) = rows(con, "sources/readers#is_temp_view", [table])
    if is_view:
        run(con, "ops/relations#drop_view", view=table)
    else:
        run(con, "ops/relations#drop_table", table=table)
    run(con, "ops/relations#drop_table", table=f"{table}_cells")
    run(con, "ops/relations#drop_table", table=f"{table}_first")


def read_skill_records(con: duckdb.DuckDBPyConnection, export: ExportFile, table: str) -> RawTable:
    """Load a skills taxonomy file into temp table `table` with text columns `_row, ID, NAME,
    TYPE, CATEGORY, SUBCATEGORY, IS_SOFTWARE, IS_LANGUAGE`.

    JSON: the Skills-API shape `{"data": [...]}` (or a bare array) with nested `type`,
    `category`, `subcategory` objects; CSV: `id,name,type,category,subcategory,is_software,
    is_language`. Raises CareersError (one line) when the file is neither.
    """
    if export.format == "csv":
        raw = read_raw(con, export, table)
        need = ["ID", "NAME", "TYPE"]
        if missing := [c for c in need if c not in raw.columns]:
            raise CareersError(f"missing required column(s): {', '.join(missing)}", export.path)
        optional = ("CATEGORY", "SUBCATEGORY", "IS_SOFTWARE", "IS_LANGUAGE")
        add_text_columns(con, raw, [c for c in optional if c not in raw.columns])
        return raw
    if export.format != "json":
        raise CareersError("skills taxonomy must be .json (Skills API) or .csv", export.path)
    _check_not_empty(export)

    try:
        run(con, "sources/readers#skill_records", {"path": str(export.path)}, table=table)
    except READ_ERRORS as exc:
        first = str(exc).strip().splitlines()[0]
        raise CareersError(f"not a Skills-API JSON document ({first})", export.path) from None
    ((count,),) = rows(con, "sources/readers#row_count", table=table)
    columns = ["ID", "NAME", "TYPE", "CATEGORY", "SUBCATEGORY", "IS_SOFTWARE", "IS_LANGUAGE"]
    return RawTable(table, [*columns, "RECORD"], {"RECORD": "record"}, count)
