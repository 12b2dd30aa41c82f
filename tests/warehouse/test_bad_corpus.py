"""The bad-input corpus (tests/data/bad/, made by tests/data/make_bad_corpus.py) run through a
full refresh into a warehouse that already holds a publication.

Every case ends in one of two ways: a one-line CareersError naming the file, with the published
file byte-identical to before; or a publication where the bad rows sit in ops.quarantine with
their exact reasons and no bad row (ID or value) reaches a published table. Never a traceback,
never a partial publish, and nothing is written outside the warehouse folder.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import AS_OF, careers_cli, copy_warehouse, posting, write_csv

from core.errors import CareersError
from core.settings import Gates
from warehouse.build import execute

CORPUS = Path(__file__).resolve().parent.parent / "data" / "bad"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "EXPECTED.json").read_text(encoding="utf-8"))
GATE_OPEN = Gates(max_quarantine_rate=1.0)

# The publication every case starts from.
BASE_IDS = [f"base-{i}" for i in range(1, 6)]  # >= 5: salary_mean is never NULL
BASE_SKILLS = ["KS1", "KS2"]
BASE_CELLS = [("231010", "37", 2024, 100, False), ("231010", "US", 2024, 1000, False)]
EMPLOYMENT_HEADER = ["LOT_OCCUPATION", "LOT_OCCUPATION_NAME", "AREA", "AREA_NAME", "2024 Jobs"]
VALID_SALARY = 100000.0  # every valid row's SALARY; bad rows carry another one
VALID_STATE = 37


def _cases(outcome: str) -> list:
    """Corpus case names with `outcome`."""
    return [
        pytest.param(name, id=name)
        for name, spec in sorted(EXPECTED.items())
        if spec["outcome"] == outcome
    ]


def test_corpus_is_complete():
    files = [p for p in CORPUS.rglob("*") if p.is_file() and p.name != "EXPECTED.json"]
    assert len(files) >= 30
    for name, spec in EXPECTED.items():
        assert (CORPUS / name / spec["file"]).is_file(), name
    assert {p.relative_to(CORPUS).parts[0] for p in files} == set(EXPECTED)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """A known-good publication (postings, skills taxonomy, employment) for AS_OF."""
    root = tmp_path_factory.mktemp("baseline")
    source = root / "export"
    write_csv(source / "postings" / "base.csv", [posting(ID=i) for i in BASE_IDS])
    skills = [
        {"id": "KS1", "name": "Python", "type": {"id": "ST1", "name": "Specialized Skill"},
         "category": None, "subcategory": None, "isSoftware": True, "isLanguage": False},
        {"id": "KS2", "name": "SQL", "type": {"id": "ST2", "name": "Common Skill"},
         "category": None, "subcategory": None, "isSoftware": True, "isLanguage": False},
    ]  # fmt: skip
    (source / "skills").mkdir()
    (source / "skills" / "base.json").write_text(json.dumps({"data": skills}))
    write_csv(
        source / "employment" / "base.csv",
        [dict(zip(EMPLOYMENT_HEADER, ["231010", "AI Engineer", area, name, jobs], strict=True))
         for area, name, jobs in [("US", "United States", "1,000"), ("37", "NC", "100")]],
    )  # fmt: skip
    published = root / "wh" / "careers.duckdb"
    execute(source, published, [AS_OF])
    return published


class World:
    """One tmp folder: `src/` (a copy of a case), `wh/careers.duckdb` (the baseline)."""

    def __init__(self, root: Path, baseline: Path):
        self.root = root
        self.source = root / "src"
        self.warehouse = root / "wh"
        self.published = self.warehouse / "careers.duckdb"
        self.warehouse.mkdir()
        copy_warehouse(baseline, self.published)
        self.source.mkdir()

    def add_case(self, name: str) -> Path:
        shutil.copytree(CORPUS / name, self.source, dirs_exist_ok=True)
        return self.source / EXPECTED[name]["file"]

    def outside_warehouse(self) -> dict[str, str | None]:
        """Every path under the tmp folder but outside wh/, with its content hash."""
        found = {}
        for path in self.root.rglob("*"):
            if path == self.warehouse or self.warehouse in path.parents:
                continue
            found[str(path.relative_to(self.root))] = (
                hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
            )
        return found

    def refresh(self, gates: Gates | None = None) -> CareersError | None:
        """Run a full refresh; return the CareersError it raised (any other exception fails the
        test). Checks that nothing outside wh/ was written and no work file is left over."""
        before = self.outside_warehouse()
        try:
            execute(self.source, self.published, [AS_OF], gates=gates)
            error = None
        except CareersError as exc:
            error = exc
        assert self.outside_warehouse() == before
        assert not [p.name for p in self.warehouse.iterdir() if p.name.endswith(".building")]
        return error

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.published), read_only=True) as con:
            return con.execute(sql, params).fetchall()


@pytest.fixture
def world(tmp_path, baseline) -> World:
    return World(tmp_path, baseline)


def _assert_one_line_error(error: CareersError | None, path: Path, text: str) -> str:
    assert isinstance(error, CareersError), "expected a one-line CareersError, the run published"
    message = str(error)
    assert len(message.splitlines()) == 1 and "Traceback" not in message, message
    assert message.startswith(f"{path}: "), message
    assert text in message, message
    return message


# ------------------------------------------------------------------ what a publication holds


def _assert_postings_published(world: World, spec: dict, n_quarantined: int) -> None:
    ids = sorted(BASE_IDS + spec["published"])
    assert sorted(i for (i,) in world.rows('SELECT "ID" FROM postings')) == ids
    # Bad rows carry other salaries / states: none of their values is published.
    assert world.rows('SELECT DISTINCT "SALARY", "STATE" FROM postings') == [
        (VALID_SALARY, VALID_STATE)
    ]
    summary = world.rows(
        "SELECT geo_code, postings, salary_postings, salary_mean FROM career_summary "
        f"WHERE as_of = DATE '{AS_OF}' ORDER BY geo_code"
    )
    n = len(ids)
    assert summary == [("NC", n, n, VALID_SALARY), ("US", n, n, VALID_SALARY)]
    # A quarantined row never is the published version, and its ID is published only when a
    # valid row of the same ID exists.
    assert world.rows(
        "SELECT count(*) FROM postings AS p JOIN ops.quarantine AS q "
        "ON p._batch_id = q.batch_id AND p._row = q.row_number"
    ) == [(0,)]
    quarantined = {
        (i or "").strip() for (i,) in world.rows("SELECT raw_row->>'ID' FROM ops.quarantine")
    }
    assert not (quarantined - set(spec["published"])) & set(ids)
    assert world.rows("SELECT count(*) FROM ops.quarantine") == [(n_quarantined,)]


def _assert_skills_published(world: World, spec: dict) -> None:
    ids = sorted(BASE_SKILLS + spec["published"])
    assert [i for (i,) in world.rows("SELECT skill_id FROM ops.skill_taxonomy ORDER BY 1")] == ids
    in_taxonomy = world.rows("SELECT skill_id FROM skills WHERE in_taxonomy ORDER BY 1")
    assert [i for (i,) in in_taxonomy] == ids
    assert world.rows("SELECT count(*) FROM skills WHERE skill_name = 'Bad Skill'") == [(0,)]


def _assert_employment_published(world: World, spec: dict) -> None:
    cells = sorted(BASE_CELLS + [tuple(c) for c in spec["published"]])
    assert (
        sorted(
            world.rows(
                "SELECT occupation_code, area, year, jobs, suppressed FROM ops.employment_cells"
            )
        )
        == cells
    )
    postal = {"US": "US", "37": "NC"}
    published = world.rows(
        "SELECT geo_code, year, jobs, suppressed FROM career_employment "
        f"WHERE as_of = DATE '{AS_OF}' ORDER BY ALL"
    )
    assert published == sorted((postal[a], y, j, s) for _, a, y, j, s in cells)


def _assert_published(world: World, name: str, n_quarantined: int) -> None:
    spec = EXPECTED[name]
    kind = spec["file"].split("/")[0]
    assert world.rows(
        "SELECT count(*) FROM ops.batches WHERE rows_read <> rows_loaded + rows_quarantined"
    ) == [(0,)]
    if kind == "postings":
        _assert_postings_published(world, spec, n_quarantined)
    elif kind == "skills":
        _assert_skills_published(world, spec)
    else:
        _assert_employment_published(world, spec)


# ------------------------------------------------------------------ the cases


@pytest.mark.parametrize("name", _cases("error"))
def test_fatal_file_is_one_line_error_and_publication_untouched(world, name):
    spec = EXPECTED[name]
    path = world.add_case(name)
    before = world.published.read_bytes()
    # The quarantine gate open: the error is the file's own, not the gate's.
    error = world.refresh(GATE_OPEN)
    _assert_one_line_error(error, path, spec["error"])
    assert world.published.read_bytes() == before


@pytest.mark.parametrize("name", _cases("quarantine"))
def test_bad_rows_quarantined_and_valid_rows_published(world, name):
    spec = EXPECTED[name]
    path = world.add_case(name)
    assert world.refresh(GATE_OPEN) is None
    batch = world.rows(
        "SELECT rows_read, rows_loaded, rows_quarantined FROM ops.batches WHERE file_name = ?",
        [path.name],
    )
    n_bad = len(spec["quarantine"])
    assert batch == [(spec["rows_read"], spec["rows_read"] - n_bad, n_bad)]
    quarantine = world.rows(
        "SELECT row_number, reasons FROM ops.quarantine WHERE file_name = ? ORDER BY row_number",
        [path.name],
    )
    assert [list(q) for q in quarantine] == spec["quarantine"]
    _assert_published(world, name, n_bad)


def _gate_cases() -> list:
    """The quarantine cases."""
    return [pytest.param(name, id=name) for name in (p.values[0] for p in _cases("quarantine"))]


@pytest.mark.parametrize("name", _gate_cases())
def test_mostly_bad_file_refused_whole_by_default_gate(world, name):
    spec = EXPECTED[name]
    path = world.add_case(name)
    before = world.published.read_bytes()
    message = _assert_one_line_error(world.refresh(), path, "file refused whole")
    assert world.published.read_bytes() == before
    # The message names the top reasons (the rows themselves are not published).
    reasons = {r for _, joined in spec["quarantine"] for r in joined.split("; ")}
    assert any(reason in message for reason in reasons), message


@pytest.mark.parametrize("name", _cases("loads"))
def test_odd_but_valid_file_loads(world, name):
    spec = EXPECTED[name]
    path = world.add_case(name)
    assert world.refresh() is None
    # The file is read where it is, under its own name (a '../' in the name escapes nothing).
    assert world.rows(
        "SELECT file_name, source_path, rows_read, rows_loaded FROM ops.batches "
        "WHERE kind = 'postings' AND file_name <> 'base.csv'"
    ) == [(path.name, str(path), spec["rows_read"], spec["rows_read"])]
    _assert_published(world, name, 0)


@pytest.mark.parametrize("name", _cases("ignored"))
def test_hidden_file_is_ignored(world, name):
    world.add_case(name)
    before = world.rows("SELECT count(*) FROM ops.batches")
    assert world.refresh() is None
    assert world.rows("SELECT count(*) FROM ops.batches") == before
    _assert_published(world, name, 0)


# ------------------------------------------------------------------ made at test time


def test_ten_megabyte_field_is_data_not_an_error(world):
    pattern = 'He said "hi", then left;\nnext line, "quoted"\r\n'
    body = (pattern * (10_000_000 // len(pattern) + 1))[:10_000_000]
    rows = [posting(ID="ok-1"), posting(ID="big-1", BODY=body), posting(ID="ok-2")]
    write_csv(world.source / "postings" / "big.csv", rows)
    assert world.refresh() is None
    got = world.rows(
        'SELECT "ID", length("BODY"), md5("BODY") FROM postings WHERE "ID" = \'big-1\''
    )
    assert got == [("big-1", 10_000_000, hashlib.md5(body.encode()).hexdigest())]
    assert sorted(i for (i,) in world.rows('SELECT "ID" FROM postings')) == sorted(
        [*BASE_IDS, "big-1", "ok-1", "ok-2"]
    )


@pytest.mark.parametrize(
    ("file_name", "ingested"),
    [("lc_..\\..\\escape.csv", True), ("..\\..\\escape.csv", False)],
    ids=["backslash-inside", "backslash-leading-dot"],
)
def test_backslash_dotdot_name_stays_inside_the_source(world, file_name, ingested):
    write_csv(world.source / "postings" / file_name, [posting(ID="esc-1")])
    assert world.refresh() is None  # also: nothing written outside wh/
    path = world.source / "postings" / file_name
    assert world.rows(
        "SELECT file_name, source_path FROM ops.batches "
        "WHERE kind = 'postings' AND file_name <> 'base.csv'"
    ) == ([(file_name, str(path))] if ingested else [])
    ids = [i for (i,) in world.rows('SELECT "ID" FROM postings ORDER BY 1')]
    assert ids == sorted(BASE_IDS + (["esc-1"] if ingested else []))


def test_newline_in_a_file_name_still_gives_a_one_line_error(world):
    path = world.source / "postings" / "bad\nname.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    before = world.published.read_bytes()
    error = world.refresh()
    assert isinstance(error, CareersError) and "file is empty" in str(error)
    assert world.published.read_bytes() == before
    assert len(str(error).splitlines()) == 1, str(error)


# ------------------------------------------------------------------ the real command line

CLI_CASES = [
    "binary_junk_csv", "utf16_with_bom", "ragged_row", "truncated_gzip", "latin1",
    "employment_no_year_columns", "rule_salary_not_plain_number", "binary_junk_json",
]  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [p for p in _cases("error") + _cases("quarantine") if p.values[0] in CLI_CASES],
)
def test_cli_bad_input_is_one_stderr_line_exit_1(world, name):
    spec = EXPECTED[name]
    path = world.add_case(name)
    before = world.published.read_bytes()
    done = careers_cli(
        "refresh", "--source", str(world.source), "--warehouse", str(world.published),
        "--as-of", AS_OF.isoformat(),
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    text = spec["error"] if spec["outcome"] == "error" else "file refused whole"
    assert lines[0].startswith(f"careers: error: {path}: ") and text in lines[0], lines[0]
    assert world.published.read_bytes() == before
