"""Every postings variant of FORMAT.md loads through DuckDB's readers, columns by name."""

from __future__ import annotations

import gzip
import json

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import HEADER, posting, write_csv, write_jsonl

from core.errors import CareersError
from sources.discover import ExportFile, discover
from sources.readers import (
    RawTable,
    _CopyFailed,
    _gzip_problem,
    add_text_columns,
    decompressed,
    drop_temp,
    number_rows,
    read_raw,
)


def load(path):
    con = duckdb.connect()
    raw = read_raw(con, ExportFile("postings", path), "raw_file")
    rows = con.sql("SELECT * FROM raw_file ORDER BY _row").df()
    return raw, rows


def test_json_in_csv_multiline_cells_and_doubled_quotes(tmp_path):
    path = write_csv(
        tmp_path / "a.csv", [posting(BODY='He said "hi",\nthen left'), posting(ID="p2")]
    )
    raw, rows = load(path)
    assert raw.rows == 2 and list(rows["_row"]) == [1, 2]
    assert rows.loc[0, "SKILLS"] == '[\n  "KS1",\n  "KS2"\n]'
    assert rows.loc[0, "BODY"] == 'He said "hi",\nthen left'
    assert set(HEADER) <= set(raw.columns)


def test_mojibake_and_none_literal_kept_as_delivered(tmp_path):
    _, rows = load(write_csv(tmp_path / "a.csv", [posting()]))
    assert rows.loc[0, "EMPLOYMENT_TYPE_NAME"] == "Part-time (â‰¤ 32 hours)"
    assert rows.loc[0, "REMOTE_TYPE_NAME"] == "[None]"


def test_lower_case_names_bom_and_unknown_columns(tmp_path):
    row = {k.lower(): v for k, v in posting().items()}
    row["my_extra"] = "kept"
    raw, rows = load(write_csv(tmp_path / "a.csv", [row], bom=True))
    assert "ID" in raw.columns and "MY_EXTRA" in raw.columns
    assert raw.delivered["ID"] == "id"
    assert rows.loc[0, "MY_EXTRA"] == "kept"


def test_gzip_csv(tmp_path):
    _, rows = load(write_csv(tmp_path / "a.csv.gz", [posting(), posting(ID="p2")]))
    assert list(rows["ID"]) == ["p1", "p2"]


def test_truncated_gzip_is_one_line_error(tmp_path):
    good = write_csv(tmp_path / "a.csv.gz", [posting()] * 50)
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(CareersError) as info:
        load(cut)
    assert "cut.csv.gz" in str(info.value) and "gzip" in str(info.value)
    assert "\n" not in str(info.value)


def test_decompressed_gives_a_plain_copy_once_and_removes_it(tmp_path):
    path = write_csv(tmp_path / "a.csv.gz", [posting(), posting(ID="p2")])
    scratch = tmp_path / "scratch"
    with decompressed(ExportFile("postings", path), scratch) as plain:
        assert plain.path.parent == scratch and plain.format == "csv"
        assert plain.path.read_bytes() == gzip.decompress(path.read_bytes())
        _, rows = load(plain.path)
        assert list(rows["ID"]) == ["p1", "p2"]
    assert list(scratch.iterdir()) == []
    same = ExportFile("postings", write_csv(tmp_path / "b.csv", [posting()]))
    with decompressed(same, scratch) as plain:
        assert plain is same  # not gzip: read in place


def _open_copy(path, scratch, fail=False):
    with decompressed(ExportFile("postings", path), scratch) as plain:
        if fail:
            raise CareersError("broken", plain.path)  # a reader's error about the copy


def test_decompressed_errors_name_the_delivered_file(tmp_path):
    good = write_csv(tmp_path / "a.csv.gz", [posting()] * 50)
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(CareersError, match=r"cut\.csv\.gz: not a complete gzip file"):
        _open_copy(cut, tmp_path / "s")
    (tmp_path / "empty.csv.gz").write_bytes(gzip.compress(b""))
    with pytest.raises(CareersError, match=r"empty\.csv\.gz: file is empty \(after gunzip\)"):
        _open_copy(tmp_path / "empty.csv.gz", tmp_path / "s")
    with pytest.raises(CareersError, match=r"^[^\n]*/a\.csv\.gz: broken$"):
        _open_copy(good, tmp_path / "s", fail=True)
    assert list((tmp_path / "s").iterdir()) == []


def test_a_copy_that_cannot_be_written_is_not_blamed_on_the_gzip_file(tmp_path):
    path = write_csv(tmp_path / "a.csv.gz", [posting()])

    class DiskFull:
        def write(self, block):
            raise OSError(28, "No space left on device")

    with pytest.raises(_CopyFailed, match="No space left"):
        _gzip_problem(path, DiskFull())
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(CareersError, match=r"a\.csv\.gz: cannot write its decompressed copy"):
        _open_copy(path, not_a_folder)


def test_parquet_real_lists_become_json_text(tmp_path):
    table = pa.table({
        "ID": ["p1"], "SKILLS": pa.array([["KS1", "KS2"]]), "EDUCATION_LEVELS": pa.array([[2, 3]]),
        "STATE": pa.array([6], pa.int64()), "COMPANY_IS_STAFFING": [True],
    })  # fmt: skip
    pq.write_table(table, tmp_path / "a.parquet")
    _, rows = load(tmp_path / "a.parquet")
    assert json.loads(rows.loc[0, "SKILLS"]) == ["KS1", "KS2"]
    assert json.loads(rows.loc[0, "EDUCATION_LEVELS"]) == [2, 3]
    assert rows.loc[0, "STATE"] == "6" and rows.loc[0, "COMPANY_IS_STAFFING"] == "true"


def test_parquet_json_string_lists_unchanged(tmp_path):
    pq.write_table(pa.table({"ID": ["p1"], "SKILLS": ['["KS1"]']}), tmp_path / "a.parquet")
    _, rows = load(tmp_path / "a.parquet")
    assert rows.loc[0, "SKILLS"] == '["KS1"]'


def test_jsonl_records(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"ID": "p1", "SKILLS": ["KS1"]}, {"ID": "p2"}])
    raw, rows = load(path)
    assert raw.rows == 2 and json.loads(rows.loc[0, "SKILLS"]) == ["KS1"]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.csv", b"", "file is empty"),
        ("binary.csv", bytes(range(256)) * 20, "not a readable csv file"),
        ("empty.csv.gz", gzip.compress(b"", mtime=0), "empty"),
    ],
)
def test_unreadable_files_are_one_line_errors(tmp_path, name, content, problem):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(CareersError) as info:
        load(tmp_path / name)
    assert problem in str(info.value) and name in str(info.value)
    assert "\n" not in str(info.value)


def test_discover_orders_by_byte_order_and_rejects_strays(source):
    for name in ("lightcast_x.csv", "lc_x.csv", "LC_x.csv", ".hidden.csv"):
        (source / "postings" / name).write_text("ID\n")
    names = [f.name for f in discover(source)]
    assert names == ["LC_x.csv", "lc_x.csv", "lightcast_x.csv"]
    (source / "postings" / "notes.txt").write_text("x")
    with pytest.raises(CareersError, match="unknown file type"):
        discover(source)


def test_discover_unknown_subfolder_and_missing_source(source, tmp_path):
    (source / "surprise").mkdir()
    with pytest.raises(CareersError, match="unexpected sub-folder"):
        discover(source)
    with pytest.raises(CareersError, match="does not exist"):
        discover(tmp_path / "nope")


@pytest.mark.parametrize("in_transaction", [False, True])
def test_row_numbers_follow_the_file_when_read_in_parallel(tmp_path, in_transaction):
    """`_row` is the record number even when DuckDB reads the file with two threads in pieces
    (a small buffer forces 30+ pieces here; the pipeline's buffer is 64 MiB) and inside a
    transaction, where rowids start at a large offset; added columns keep it."""
    path = tmp_path / "n.csv"
    path.write_text("ID,BODY\n" + "".join(f'r{i},"line\n{i:06d}"\n' for i in range(40_000)))
    con = duckdb.connect(config={"threads": 2})
    if in_transaction:
        con.begin()
    con.execute(
        "CREATE TEMP TABLE raw_file_cells AS SELECT * FROM read_csv($p, header=true, "
        "all_varchar=true, buffer_size=16384, max_line_size=16384)",
        {"p": str(path)},
    )
    delivered = {"ID": "ID", "BODY": "BODY"}
    raw = number_rows(con, RawTable("raw_file", list(delivered), delivered, 0))
    add_text_columns(con, raw, ["EXTRA"])
    rows = con.sql('SELECT _row, "ID", "BODY", "EXTRA" FROM raw_file ORDER BY _row').fetchall()
    assert raw.rows == 40_000
    assert rows == [(i + 1, f"r{i}", f"line\n{i:06d}", None) for i in range(40_000)]
    drop_temp(con, "raw_file")
    left = "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views()"
    assert con.sql(f"SELECT * FROM ({left}) WHERE table_name LIKE 'raw_file%'").fetchall() == []


@pytest.mark.parametrize("name", ["_row", "_KEY", "_Content_Key"])
def test_a_column_named_like_the_readers_own_is_refused(tmp_path, name):
    path = write_csv(tmp_path / "a.csv", [{**posting(), name: "x"}])
    with pytest.raises(
        CareersError, match=f"column {name.upper()} is a name the pipeline reserves"
    ):
        load(path)
