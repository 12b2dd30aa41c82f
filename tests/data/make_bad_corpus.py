"""(Re)create the bad-input corpus under tests/data/bad/ and its EXPECTED.json.

    .venv/bin/python tests/data/make_bad_corpus.py

Each case is a tiny source folder, `bad/<case>/{postings,skills,employment}/<file>`, holding one
bad file (row-rule cases: a few valid rows plus the bad one, so the file is mostly good).
`bad/EXPECTED.json` maps each case to its outcome; tests/warehouse/test_bad_corpus.py runs every
case. Outcomes:

- `error`: a one-line CareersError naming `file`, containing `error` (any text when empty);
- `quarantine`: with the quarantine gate opened, `quarantine` lists `[row number, reasons]` of
  the rejected rows and `published` what the file adds to the published tables (posting IDs,
  skill ids or employment cells); with the default gate the file is refused whole;
- `loads`: the file is data, not an error: `rows_read` rows, `published` as above;
- `ignored`: the file is skipped as a hidden file (docs/ROW_RULES.md: names starting with `.`).

Nothing here is random and nothing depends on the clock: running the script twice writes the
same bytes (given the same pyarrow, which stamps its version into Parquet files). Files over
~200 KB (the 10 MB field) are made by the test itself, in its tmp folder.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import shutil
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
sys.path.insert(0, str(HERE.parent))  # tests/, for the shared valid posting row

from conftest import HEADER, posting  # noqa: E402

# The reason texts, as the independent oracle spells them (docs/ROW_RULES.md).
from oracle import (  # noqa: E402
    R_EDUCATION,
    R_EXPIRED,
    R_EXPIRED_BEFORE,
    R_ID,
    R_POSTED,
    R_SALARY,
    R_SKILLS,
    R_SKILLS_NAME,
    R_STATE,
    R_YEARS,
)

VALID_IDS = ["ok-1", "ok-2", "ok-3"]
# A bad row carries this salary (valid on its own): a leak would show in SALARY / salary_mean.
LEAK_SALARY = "123456"


def csv_bytes(rows: list, header: list[str] | None = HEADER, encoding: str = "utf-8") -> bytes:
    """RFC 4180 CSV (CRLF, as csv.writer writes): dict rows by header, list rows as given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header is not None:
        writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header] if isinstance(row, dict) else row)
    return buffer.getvalue().encode(encoding)


def junk(size: int, seed: str) -> bytes:
    """Deterministic pseudo-random bytes (a sha256 chain: the same on every Python)."""
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return out[:size]


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def parquet_bytes(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="snappy")
    return buffer.getvalue()


def valid_rows() -> list[dict]:
    return [posting(ID=i) for i in VALID_IDS]


def with_bad_row(bad: dict, at: int = 1) -> list[dict]:
    """The three valid rows with `bad` inserted at index `at` (row number at + 1)."""
    rows = valid_rows()
    rows.insert(at, bad)
    return rows


CASES: dict[str, dict] = {}
FILES: dict[str, bytes] = {}


def case(name: str, file: str, data: bytes, **outcome) -> None:
    assert name not in CASES, name
    CASES[name] = {"file": file, **outcome}
    FILES[f"{name}/{file}"] = data


def rule_case(name: str, reasons: str, **cells: str) -> None:
    """One contract rejection rule: valid rows ok-1..3 with one bad row (row 2)."""
    bad = posting(ID="bad-1", SALARY=LEAK_SALARY)
    bad.update(cells)
    case(
        name, "postings/rows.csv", csv_bytes(with_bad_row(bad)),
        outcome="quarantine", rows_read=4, quarantine=[[2, reasons]], published=VALID_IDS,
    )  # fmt: skip


# ------------------------------------------------------------------ one case per row rule
rule_case("rule_id_empty", R_ID, ID="  ")
rule_case("rule_posted_not_a_date", R_POSTED, POSTED="31/12/2025")
rule_case("rule_expired_not_a_date", R_EXPIRED, EXPIRED="2025-02-30")
rule_case("rule_expired_before_posted", R_EXPIRED_BEFORE, EXPIRED="8/31/2025")
rule_case("rule_state_not_fips", R_STATE, STATE="3")
rule_case("rule_salary_not_plain_number", R_SALARY, SALARY="85,000")
rule_case("rule_min_years_not_whole_0_to_60", R_YEARS, MIN_YEARS_EXPERIENCE="61")
rule_case("rule_education_levels_not_codes", R_EDUCATION, EDUCATION_LEVELS='[\n  "2"\n]')
rule_case("rule_skills_not_strings", R_SKILLS, SKILLS="[\n  1,\n  2\n]")
rule_case("rule_skills_name_length", R_SKILLS_NAME, SKILLS_NAME='[\n  "Python"\n]')
rule_case(
    "rule_several_problems_one_row",
    "; ".join([R_POSTED, R_STATE, R_SALARY, R_SKILLS]),
    POSTED="", STATE="99", SALARY="0", SKILLS='[\n  "KS1",\n  null\n]',
)  # fmt: skip

# A later, rejected version of a valid posting never replaces it.
_later_bad = posting(
    ID="ok-1", LAST_UPDATED_TIMESTAMP="2025-12-01 00:00:00", STATE="99", SALARY=LEAK_SALARY
)
case(
    "rule_rejected_update_of_valid_id", "postings/rows.csv",
    csv_bytes([*valid_rows(), _later_bad]),
    outcome="quarantine", rows_read=4, quarantine=[[4, R_STATE]], published=VALID_IDS,
)  # fmt: skip

# The header row again in mid-file: a data row of column names, rejected on its cells.
_header_row = dict(zip(HEADER, HEADER, strict=True))
case(
    "duplicated_header_mid_file", "postings/dup_header.csv",
    csv_bytes(with_bad_row(_header_row, at=2)),
    outcome="quarantine", rows_read=4,
    quarantine=[[3, "; ".join([R_POSTED, R_EXPIRED, R_STATE, R_SALARY, R_YEARS, R_EDUCATION])]],
    published=VALID_IDS,
)  # fmt: skip

# Parquet whose SKILLS column has the wrong type (a list of integers, not of strings).
_pq_rows = [posting(ID=f"pq-{i}") for i in (1, 2, 3)]
_pq_columns = {c: pa.array([r[c] for r in _pq_rows], pa.string()) for c in HEADER}
_pq_columns["SKILLS"] = pa.array([[1, 2]] * 3, pa.list_(pa.int64()))
case(
    "parquet_wrong_type", "postings/wrong_type.parquet", parquet_bytes(pa.table(_pq_columns)),
    outcome="quarantine", rows_read=3, quarantine=[[n, R_SKILLS] for n in (1, 2, 3)],
    published=[],
)  # fmt: skip


# ------------------------------------------------------------------ skills taxonomy records
def skill(id_: str, name: str, type_: str = "Specialized Skill", **extra) -> dict:
    type_ids = {"Specialized Skill": "ST1", "Common Skill": "ST2", "Certification": "ST3"}
    record = {
        "id": id_, "name": name, "type": {"id": type_ids.get(type_, "ST9"), "name": type_},
        "category": {"id": 6, "name": "Information Technology"},
        "subcategory": {"id": 412, "name": "Software Development"},
        "isSoftware": True, "isLanguage": False, "infoUrl": f"https://example.test/{id_}",
    }  # fmt: skip
    record.update(extra)
    return record


def skills_json(bad: dict) -> bytes:
    records = [skill("KS3", "Docker"), bad, skill("KS4", "Kubernetes", "Common Skill")]
    return json.dumps({"data": records}, indent=2).encode()


_SKILLS_OK = ["KS3", "KS4"]
case(
    "skills_id_empty", "skills/skills.json", skills_json(skill("", "Bad Skill")),
    outcome="quarantine", rows_read=3, quarantine=[[2, "id is empty"]], published=_SKILLS_OK,
)  # fmt: skip
case(
    "skills_type_unknown", "skills/skills.json", skills_json(skill("KS9", "Bad Skill", "Soft")),
    outcome="quarantine", rows_read=3,
    quarantine=[[2, "type is not Specialized Skill, Common Skill or Certification"]],
    published=_SKILLS_OK,
)  # fmt: skip
case(
    "skills_is_language_not_boolean", "skills/skills.json",
    skills_json(skill("KS9", "Bad Skill", isLanguage="maybe")),
    outcome="quarantine", rows_read=3, quarantine=[[2, "is_language is not true or false"]],
    published=_SKILLS_OK,
)  # fmt: skip
_skills_csv_header = ["id", "name", "type", "category", "subcategory", "is_software", "is_language"]
case(
    "skills_csv_is_software_not_boolean", "skills/skills.csv",
    csv_bytes([
        ["KS3", "Docker", "Specialized Skill", "IT", "Software", "true", "false"],
        ["KS9", "Bad Skill", "Specialized Skill", "IT", "Software", "yes", "false"],
        ["KS4", "Kubernetes", "Common Skill", "IT", "Software", "false", "false"],
    ], header=_skills_csv_header),
    outcome="quarantine", rows_read=3, quarantine=[[2, "is_software is not true or false"]],
    published=_SKILLS_OK,
)  # fmt: skip
# A bare array of records that are not skills at all (posting-shaped): every record rejected.
case(
    "skills_records_not_skills", "skills/skills.json",
    json.dumps([{"ID": "p1", "TITLE_NAME": "Data Analysts"}, {"ID": "p2"}]).encode(),
    outcome="quarantine", rows_read=2,
    quarantine=[
        [n, "id is empty; type is not Specialized Skill, Common Skill or Certification"]
        for n in (1, 2)
    ],
    published=[],
)  # fmt: skip

# ------------------------------------------------------------------ employment rows
_EMPLOYMENT_HEADER = ["LOT_OCCUPATION", "LOT_OCCUPATION_NAME", "AREA", "AREA_NAME", "2025 Jobs"]
case(
    "employment_occupation_empty", "employment/employment.csv",
    csv_bytes([
        ["231010", "Artificial Intelligence Engineer", "US", "United States", "1,200"],
        ["", "", "US", "United States", "999,999"],
        ["231010", "Artificial Intelligence Engineer", "37", "North Carolina", "<10"],
    ], header=_EMPLOYMENT_HEADER),
    outcome="quarantine", rows_read=3, quarantine=[[2, "LOT_OCCUPATION is empty"]],
    published=[["231010", "US", 2025, 1200, False], ["231010", "37", 2025, None, True]],
)  # fmt: skip


# ------------------------------------------------------------------ fatal files
def error_case(name: str, file: str, data: bytes, error: str, **extra) -> None:
    case(name, file, data, outcome="error", error=error, **extra)


_NOT_CSV = "not a readable csv file"
error_case("empty_file", "postings/empty.csv", b"", "file is empty")
_many = csv_bytes([posting(ID=f"gz-{i}", TITLE_NAME=f"Title {i}") for i in range(200)])
_whole_gz = gzip_bytes(_many)
error_case(
    "truncated_gzip", "postings/cut.csv.gz", _whole_gz[: len(_whole_gz) // 2],
    "not a complete gzip file",
)  # fmt: skip
error_case(
    "gzip_name_plain_content", "postings/plain.csv.gz", csv_bytes(valid_rows()),
    "not a complete gzip file",
)  # fmt: skip
error_case("binary_junk_csv", "postings/junk.csv", junk(4096, "binary_junk_csv"), _NOT_CSV)
_latin1_rows = [dict(r, EMPLOYMENT_TYPE_NAME="Full-time (> 32 hours)") for r in valid_rows()]
_latin1_rows[1]["COMPANY_NAME"] = "Café Müller"
error_case("latin1", "postings/latin1.csv", csv_bytes(_latin1_rows, encoding="latin-1"), _NOT_CSV)
error_case(
    "utf16_with_bom", "postings/utf16.csv", csv_bytes(valid_rows(), encoding="utf-16"), _NOT_CSV
)
_short_row = list(posting(ID="bad-1").values())[:5]
error_case("ragged_row", "postings/ragged.csv", csv_bytes(with_bad_row(_short_row)), _NOT_CSV)
error_case(
    "ragged_long_last_row", "postings/ragged_long.csv",
    csv_bytes([*valid_rows(), [*posting(ID="bad-1").values(), "one cell too many"]]),
    "",
    note="DuckDB's sniffer takes the longer last row for the header, so the error says "
    "'missing required column(s)': one line naming the file, but not the real problem",
)  # fmt: skip
_unterminated = csv_bytes(valid_rows()[:2]) + b'"bad-1,9/6/2025,no closing quote\r\n'
error_case("unterminated_quote", "postings/unterminated.csv", _unterminated, _NOT_CSV)
error_case(
    "wrong_delimiter", "postings/semicolon.csv",
    csv_bytes(valid_rows()).replace(b",", b";"), _NOT_CSV,
)  # fmt: skip
_no_salary = [c for c in HEADER if c != "SALARY"]
error_case(
    "missing_required_column", "postings/no_salary.csv",
    csv_bytes(valid_rows(), header=_no_salary), "missing required column(s): SALARY",
)  # fmt: skip
error_case(
    "duplicate_column", "postings/dup_column.csv",
    csv_bytes([[*r.values(), f"other-{r['ID']}"] for r in valid_rows()], header=[*HEADER, "id"]),
    "column ID appears twice",
)  # fmt: skip
error_case(
    "binary_junk_json", "postings/junk.json", b"\x89PNG\r\n\x1a\n" + junk(2048, "junk.json"),
    "not a readable json file",
)  # fmt: skip
error_case(
    "utf16_with_bom_json", "postings/utf16.json",
    json.dumps(valid_rows()).encode("utf-16"), "not a readable json file",
)  # fmt: skip
error_case(
    "json_object_not_records", "postings/postings.json",
    json.dumps({"data": valid_rows()}).encode(), "not a readable json file",
)  # fmt: skip
error_case(
    "jsonl_malformed_line", "postings/postings.jsonl",
    (json.dumps(posting(ID="ok-1")) + "\n{\"ID\": \"bad-1\", \"POSTED\": \n").encode(),
    "not a readable jsonl file",
)  # fmt: skip
error_case(
    "parquet_junk", "postings/junk.parquet",
    b"PAR1" + junk(1024, "junk.parquet") + b"PAR1", "not a readable parquet file",
)  # fmt: skip
error_case("unknown_file_type", "postings/export.xlsx", b"PK\x03\x04" + junk(64, "xlsx"),
           "unknown file type in postings/")  # fmt: skip
error_case(
    "skills_json_not_api_shape", "skills/skills.json",
    json.dumps({"skills": [skill("KS3", "Docker")], "count": 1}).encode(),
    "not a Skills-API JSON document",
)  # fmt: skip
error_case(
    "skills_json_truncated", "skills/skills.json", skills_json(skill("KS9", "x"))[:120],
    "not a Skills-API JSON document",
)  # fmt: skip
error_case(
    "skills_csv_missing_type", "skills/skills.csv",
    csv_bytes([["KS3", "Docker"]], header=["id", "name"]), "missing required column(s): TYPE",
)  # fmt: skip
error_case(
    "skills_parquet", "skills/skills.parquet",
    parquet_bytes(pa.table({"id": ["KS3"], "name": ["Docker"], "type": ["Specialized Skill"]})),
    "skills taxonomy must be .json (Skills API) or .csv",
)  # fmt: skip
_EMPLOYMENT_NO_YEARS = ["LOT_OCCUPATION", "LOT_OCCUPATION_NAME", "AREA", "AREA_NAME", "Jobs"]
error_case(
    "employment_no_year_columns", "employment/employment.csv",
    csv_bytes([["231010", "Artificial Intelligence Engineer", "US", "United States", "41,230"]],
              header=_EMPLOYMENT_NO_YEARS),
    "no year columns",
)  # fmt: skip
error_case(
    "employment_bad_cell", "employment/employment.csv",
    csv_bytes([["231010", "Artificial Intelligence Engineer", "US", "United States", "lots"]],
              header=_EMPLOYMENT_HEADER),
    "row 1: '2025 Jobs' is 'lots', not a job count or <10",
)  # fmt: skip
error_case(
    "employment_unknown_area", "employment/employment.csv",
    csv_bytes([["231010", "Artificial Intelligence Engineer", "ZZ", "Nowhere", "5"]],
              header=_EMPLOYMENT_HEADER),
    "row 1: unknown area code 'ZZ'",
)  # fmt: skip
error_case(
    "employment_json", "employment/employment.json", b"[]",
    "employment export must be CSV",
)  # fmt: skip

# ------------------------------------------------------------------ data, not errors
case(
    "header_only", "postings/header_only.csv", csv_bytes([]),
    outcome="loads", rows_read=0, published=[],
)  # fmt: skip
_nul_rows = valid_rows()
_nul_rows[1]["TITLE_NAME"] = "Data\x00Analysts"
case(
    "nul_byte_in_cell", "postings/nul.csv", csv_bytes(_nul_rows),
    outcome="loads", rows_read=3, published=VALID_IDS,
)  # fmt: skip
# '../' in a file name ('/' cannot be in a POSIX name: URL-encoded). An ordinary file.
_ESCAPE_IDS = ["esc-1", "esc-2", "esc-3"]
_escape_rows = csv_bytes([posting(ID=i) for i in _ESCAPE_IDS])
case(
    "name_with_dotdot_slash", "postings/lc_..%2F..%2Fescape.csv", _escape_rows,
    outcome="loads", rows_read=3, published=_ESCAPE_IDS,
)  # fmt: skip
# The same starting with '..': a hidden file (ROW_RULES: names starting with '.' are ignored).
case(
    "name_starting_dotdot_slash", "postings/..%2F..%2Fescape.csv", _escape_rows,
    outcome="ignored", published=[],
)  # fmt: skip


def main() -> None:
    if BAD.exists():
        assert BAD.name == "bad" and BAD.parent == HERE, BAD
        shutil.rmtree(BAD)
    for relative, data in sorted(FILES.items()):
        path = BAD / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    expected = json.dumps(CASES, indent=2, sort_keys=True, ensure_ascii=True) + "\n"
    (BAD / "EXPECTED.json").write_text(expected, encoding="utf-8")
    print(f"{len(FILES)} files in {len(CASES)} cases under {BAD}")


if __name__ == "__main__":
    main()
