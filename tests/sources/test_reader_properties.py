"""Property tests: random bytes and random mutations of valid rows fed to the readers and to a
full refresh. A reader either returns or raises CareersError with a one-line message naming the
file, never another exception; a refresh either refuses with such an error (publishing nothing)
or publishes with rows read = loaded + quarantined for every file and no quarantined row as a
published posting. Mutated cells of a well-formed CSV are judged exactly as tests/oracle.py
(the independent reference implementation) judges them.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from pathlib import Path

import duckdb
import oracle
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import AS_OF, HEADER, posting
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.errors import CareersError
from core.settings import Gates
from sources.discover import ExportFile
from sources.readers import read_raw, read_skill_records
from warehouse.build import execute

FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    report_multiple_bugs=False,
)
# A full refresh takes ~0.5 s: few examples.
SLOW = settings(FAST, max_examples=20)
GATE_OPEN = Gates(max_quarantine_rate=1.0)
WHITESPACE = " \t\r\n\f\v"  # what the pipeline trims (transforms/macros.sql trim_ws, clean())


def _csv(rows: list[dict], header: list[str] = HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _parquet(rows: list[dict]) -> bytes:
    columns = {c: pa.array([r[c] for r in rows], pa.string()) for c in HEADER}
    columns["EDUCATION_LEVELS"] = pa.array([[2, 3]] * len(rows), pa.list_(pa.int64()))
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    return buffer.getvalue()


_ROWS = [posting(ID="p1"), posting(ID="p2", BODY='a "quoted",\nmulti-line body')]
_SKILLS = {
    "data": [
        {"id": "KS1", "name": "Python", "type": {"id": "ST1", "name": "Specialized Skill"},
         "isSoftware": True, "isLanguage": False},
    ]
}  # fmt: skip
_SKILLS_CSV = b"id,name,type,category,subcategory,is_software,is_language\r\nKS1,Python,Common Skill,,,true,false\r\n"  # noqa: E501
_EMPLOYMENT_CSV = b'LOT_OCCUPATION,AREA,2024 Jobs\r\n231010,US,"41,230"\r\n231010,37,<10\r\n'
# (kind, suffix) -> a valid file of that kind and format, the seed of the byte mutations.
VALID = {
    ("postings", ".csv"): _csv(_ROWS),
    ("postings", ".csv.gz"): gzip.compress(_csv(_ROWS), mtime=0),
    ("postings", ".parquet"): _parquet(_ROWS),
    ("postings", ".jsonl"): "".join(json.dumps(r) + "\n" for r in _ROWS).encode(),
    ("postings", ".json"): json.dumps(_ROWS).encode(),
    ("skills", ".json"): json.dumps(_SKILLS).encode(),
    ("skills", ".csv"): _SKILLS_CSV,
    ("employment", ".csv"): _EMPLOYMENT_CSV,
}
# How files of each format plausibly begin: random bytes after these reach deeper code.
PREFIXES = {
    ".csv": [b"", b"\xef\xbb\xbf", b"ID,POSTED\r\n", _csv([]), b'"'],
    ".csv.gz": [b"\x1f\x8b", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"],
    ".parquet": [b"PAR1"],
    ".jsonl": [b"{", b'{"ID": "p1"}\n'],
    ".json": [b"[", b"{", b'{"data": [', b'[{"id": '],
}


@st.composite
def mutated(draw, valid: bytes) -> bytes:
    """`valid` with 1-4 byte edits: flip, insert, delete, or truncate."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        edit = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if edit == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif edit == "insert":
            data[at:at] = draw(st.sampled_from([b",", b"\n", b'"', b"\x00", b"\xff", b"["]))
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        else:
            del data[at:]
    return bytes(data)


@st.composite
def random_file(draw, kinds: list[tuple[str, str]]) -> tuple[str, str, bytes]:
    kind, suffix = draw(st.sampled_from(kinds))
    shape = draw(st.sampled_from(["random", "prefixed", "mutated"]))
    if shape == "random":
        data = draw(st.binary(max_size=512))
    elif shape == "prefixed":
        data = draw(st.sampled_from(PREFIXES[suffix])) + draw(st.binary(max_size=512))
    else:
        data = draw(mutated(VALID[(kind, suffix)]))
    if suffix == ".csv.gz" and draw(st.booleans()):
        data = gzip.compress(data, mtime=0)  # a whole gzip stream of junk
    return kind, suffix, data


def _read_or_one_line_error(kind: str, path: Path) -> None:
    con = duckdb.connect()
    try:
        export = ExportFile(kind, path)
        if kind == "skills":
            read_skill_records(con, export, "raw_skills")
        else:
            read_raw(con, export, "raw_file")
    except CareersError as exc:
        message = str(exc)
        assert len(message.splitlines()) == 1, message
        assert message.startswith(f"{path}: "), message
    finally:
        con.close()


READABLE = [k for k in VALID if k != ("postings", ".json")]


@FAST
@given(random_file(READABLE))
def test_random_bytes_read_or_one_line_error(case):
    kind, suffix, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export{suffix}"
        path.write_bytes(data)
        _read_or_one_line_error(kind, path)


@FAST
@given(random_file([("postings", ".json")]))
@example(("postings", ".json", b"\x89PNG\r\n\x1a\n"))
def test_random_bytes_as_json_postings_read_or_one_line_error(case):
    kind, suffix, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export{suffix}"
        path.write_bytes(data)
        _read_or_one_line_error(kind, path)


# ------------------------------------------------------------------ full refreshes


def _refresh(tmp: Path, name: str, data: bytes) -> tuple[Path, Path, CareersError | None]:
    source, published = tmp / "export", tmp / "wh" / "careers.duckdb"
    (source / "postings").mkdir(parents=True)
    path = source / "postings" / name
    path.write_bytes(data)
    try:
        execute(source, published, [AS_OF], gates=GATE_OPEN)
    except CareersError as exc:
        message = str(exc)
        assert len(message.splitlines()) == 1 and message.startswith(f"{path}: "), message
        assert not published.exists()  # nothing published, not even partly
        return path, published, exc
    return path, published, None


def _assert_publication_consistent(path: Path, published: Path) -> None:
    """rows read = loaded + quarantined; published IDs are exactly the IDs of the rows that were
    not quarantined; no quarantined row is the published version of its ID."""
    with duckdb.connect(str(published), read_only=True) as con:
        batches = con.sql("SELECT rows_read, rows_loaded, rows_quarantined FROM ops.batches")
        for read, loaded, quarantined in batches.fetchall():
            assert read == loaded + quarantined
        assert con.sql(
            "SELECT count(*) FROM postings AS p JOIN ops.quarantine AS q "
            "ON p._batch_id = q.batch_id AND p._row = q.row_number"
        ).fetchall() == [(0,)]
        quarantined = {r for (r,) in con.sql("SELECT row_number FROM ops.quarantine").fetchall()}
        ids = {i for (i,) in con.sql('SELECT "ID" FROM postings').fetchall()}
    reader = duckdb.connect()
    try:
        read_raw(reader, ExportFile("postings", path), "raw_file")
        rows = reader.sql('SELECT _row, "ID" FROM raw_file').fetchall()
    finally:
        reader.close()
    assert {n for n, _ in rows} >= quarantined
    valid_ids = {(i or "").strip(WHITESPACE) for n, i in rows if n not in quarantined}
    assert ids == valid_ids - {""}


# Cells the row rules look at, and a few they do not.
MUTABLE = [
    "ID", "POSTED", "EXPIRED", "STATE", "SALARY", "MIN_YEARS_EXPERIENCE", "EDUCATION_LEVELS",
    "SKILLS", "SKILLS_NAME", "LAST_UPDATED_TIMESTAMP", "LAST_UPDATED_DATE",
    "SPECIALIZED_SKILLS", "COMMON_SKILLS", "COMPANY_IS_STAFFING", "TITLE_NAME", "BODY",
]  # fmt: skip
TOKENS = [
    "", " ", '"', ",", "\n", "\r\n", "\x00", "[", "]", "[]", "[null]", '["\\u0000"]', "[1]",
    '["a"]', "a|b", "|", "-1", "1e5", "99999999999999999999", "0", "060", "61", "2/30/2025",
    "2024-02-29", "13/1/2025", "9/1/2025", "2025-09-01", "NaN", "inf", "é", "\U0001f600", "true",
    "null", '{"a": 1}', "[\n  2\n]", "[2.0]", '["2"]', "[99]", "[5]", "\t", "\u00a0", "\u0663",
    "[true]", "[-0]", "[1e2]", ".", "5.", ".5", "4999999.99", "5000000", "00037", "p1", "ID",
    "\ufeff", "2025-09-06 16:32:57.352", "2025-09-06T16:32:57",
]  # fmt: skip
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
CELL = st.lists(st.one_of(st.sampled_from(TOKENS), TEXT), min_size=1, max_size=3).map("".join)


def _base_rows() -> list[dict]:
    """Four postings; the last is a later version of p0 (dedupe takes part)."""
    rows = [posting(ID=f"p{i}") for i in range(3)]
    rows.append(posting(ID="p0", LAST_UPDATED_TIMESTAMP="2025-10-01 00:00:00", SALARY="90000"))
    return rows


def _assert_agrees_with_oracle(source: Path, published: Path) -> None:
    state = oracle.load_postings([source])
    with duckdb.connect(str(published), read_only=True) as con:
        quarantine = con.sql(
            "SELECT row_number, reasons FROM ops.quarantine ORDER BY row_number"
        ).fetchall()
        versions = con.sql('SELECT "ID", _row FROM postings ORDER BY "ID"').fetchall()
    assert quarantine == [(q.row_number, q.reasons) for q in state.quarantine]
    assert [i for i, _ in versions] == sorted(state.postings_by_id)


@SLOW
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(MUTABLE), CELL), max_size=3))
def test_cell_mutations_judged_as_the_oracle_judges_them(edits):
    rows = _base_rows()
    for index, column, value in edits:
        rows[index][column] = value
    with tempfile.TemporaryDirectory() as tmp:
        path, published, error = _refresh(Path(tmp), "mutated.csv", _csv(rows))
        assert error is None, f"a well-formed CSV file was refused: {error}"
        _assert_publication_consistent(path, published)
        _assert_agrees_with_oracle(path.parent.parent, published)


@SLOW
@given(mutated(_csv(_base_rows())), st.booleans())
def test_byte_mutations_refused_in_one_line_or_published_consistently(data, gzipped):
    name = "mutated.csv.gz" if gzipped else "mutated.csv"
    with tempfile.TemporaryDirectory() as tmp:
        payload = gzip.compress(data, mtime=0) if gzipped else data
        path, published, error = _refresh(Path(tmp), name, payload)
        if error is None:
            _assert_publication_consistent(path, published)


@pytest.mark.parametrize("blank", ["\x0b", "\x0c"], ids=["vertical-tab", "form-feed"])
def test_vertical_tab_and_form_feed_cells_judged_as_the_oracle_judges_them(blank):
    rows = _base_rows()
    rows[1]["ID"] = blank
    rows[2]["STATE"] = f"{blank}37{blank}"
    with tempfile.TemporaryDirectory() as tmp:
        path, published, error = _refresh(Path(tmp), "blank.csv", _csv(rows))
        assert error is None
        _assert_agrees_with_oracle(path.parent.parent, published)
