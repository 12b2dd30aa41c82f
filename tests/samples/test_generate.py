"""samples.generate: determinism, every file variant, cell encodings, broken and updated rows.

Files are read back with the csv module and pyarrow only; the row rules of docs/ROW_RULES.md are
re-checked here with a small independent implementation.
"""

from __future__ import annotations

import base64
import csv
import gzip
import json
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from samples.bls import OEWS_FILES, oews_file_name
from samples.generate import (
    CAREERS,
    DROPPED_IN_LOWER,
    EMPLOYMENT_FILE,
    EXTRA_IN_LOWER,
    HEADER,
    LIST_COLUMNS,
    POSTINGS_FILES,
    REASONS,
    SKILLS_FILES,
    generate_export,
)
from samples.onet import FILES as ONET_FILES
from samples.quirks import CELL_LIMIT, REAL_HEADER

REAL_SAMPLE_FILE = "lightcast_real_sample.csv"

ROOT = Path(__file__).resolve().parents[2]
END = date(2025, 11, 20)
N = 2000

(R_ID, R_POSTED, R_EXPIRED, R_EXPIRED_BEFORE, R_STATE, R_SALARY, R_YEARS, R_EDUCATION,
 R_SKILLS, R_SKILLS_NAME) = REASONS  # fmt: skip
STATE_FIPS = {
    1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
    28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 44, 45, 46, 47, 48, 49, 50, 51,
    53, 54, 55, 56, 60, 66, 69, 72, 78,
}  # fmt: skip
EDUCATION_CODES = {0, 1, 2, 3, 4, 99}


# ----------------------------------------------------------------------------- reading


def read_file(path: Path) -> tuple[list[str], list[dict]]:
    """(column names as delivered, rows with raw values)."""
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        return table.column_names, table.to_pylist()
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [dict(zip(header, record, strict=True)) for record in reader]


def cell(value):
    """Trimmed text, a real list, or None (empty)."""
    if value is None or isinstance(value, list):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    return text or None


def normalized(rows: list[dict]) -> list[dict]:
    return [{k.upper(): cell(v) for k, v in row.items()} for row in rows]


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    return out, generate_export(out, postings=N, seed=42, end=END)


@pytest.fixture(scope="module")
def loaded(export):
    """File name -> (header, normalized rows), in ingestion (byte) order."""
    out, _ = export
    files = {}
    for name in sorted((p.name for p in (out / "postings").iterdir()), key=str.encode):
        header, rows = read_file(out / "postings" / name)
        files[name] = (header, normalized(rows))
    return files


# ----------------------------------------------------------------------------- row rules


def parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    if re.fullmatch(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}", text):
        month, day, year = map(int, text.split("/"))
    elif re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        year, month, day = map(int, text.split("-"))
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def as_list(value) -> tuple[str, list | None]:
    if value is None:
        return "empty", []
    if isinstance(value, list):
        return "real", value
    if value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            return "json", None
        return "json", items if isinstance(items, list) else None
    return "pipe", [part.strip() for part in value.split("|")]


def education_ok(value) -> bool:
    dialect, items = as_list(value)
    if items is None:
        return False
    for item in items:
        if isinstance(item, str) and dialect in ("pipe", "real"):
            if not re.fullmatch(r"[0-9]+", item) or int(item) not in EDUCATION_CODES:
                return False
        elif type(item) is not int or dialect == "pipe" or item not in EDUCATION_CODES:
            return False
    return True


def strings(value) -> list | None:
    _, items = as_list(value)
    if items is None or not all(isinstance(item, str) for item in items):
        return None
    return items


def reasons(row: dict) -> list[str]:
    out = []
    if row.get("ID") is None:
        out.append(R_ID)
    posted = parse_date(row.get("POSTED"))
    if posted is None:
        out.append(R_POSTED)
    expired = parse_date(row.get("EXPIRED"))
    if row.get("EXPIRED") is not None and expired is None:
        out.append(R_EXPIRED)
    if posted and expired and expired < posted:
        out.append(R_EXPIRED_BEFORE)
    state = row.get("STATE")
    if state is not None and not (re.fullmatch(r"[0-9]+", state) and int(state) in STATE_FIPS):
        out.append(R_STATE)
    salary = row.get("SALARY")
    if salary is not None and not (
        re.fullmatch(r"[0-9]+(\.[0-9]*)?|\.[0-9]+", salary) and 0 < float(salary) < 5_000_000
    ):
        out.append(R_SALARY)
    years = row.get("MIN_YEARS_EXPERIENCE")
    if years is not None and not (re.fullmatch(r"[0-9]+", years) and int(years) <= 60):
        out.append(R_YEARS)
    if not education_ok(row.get("EDUCATION_LEVELS")):
        out.append(R_EDUCATION)
    skills, names = strings(row.get("SKILLS")), strings(row.get("SKILLS_NAME"))
    if skills is None:
        out.append(R_SKILLS)
    elif names is None or len(names) != len(skills):
        out.append(R_SKILLS_NAME)
    return out


def update_time(row: dict) -> datetime:
    stamp = row.get("LAST_UPDATED_TIMESTAMP")
    if stamp and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9:]{8}(\.[0-9]+)?", stamp):
        return datetime.fromisoformat(stamp.replace("T", " "))
    day = parse_date(row.get("LAST_UPDATED_DATE"))
    return datetime(day.year, day.month, day.day) if day else datetime.min


# ----------------------------------------------------------------------------- tests


def test_report_matches_the_files(export, loaded):
    out, report = export
    assert sorted(p.name for p in (out / "postings").iterdir()) == sorted(POSTINGS_FILES)
    assert sorted(p.name for p in (out / "skills").iterdir()) == sorted(SKILLS_FILES)
    oews = [oews_file_name(level, year, fmt) for year, *fmts in OEWS_FILES if year < END.year
            for level, fmt in zip(("national", "state"), fmts, strict=True)]  # fmt: skip
    employment = sorted(p.name for p in (out / "employment").iterdir())
    assert employment == sorted([EMPLOYMENT_FILE, *oews])
    assert sorted(p.name for p in (out / "onet").iterdir()) == sorted(ONET_FILES)
    assert all(p.is_file() for p in report.files) and len(report.files) == 12 + len(oews)
    for name, (_, rows) in loaded.items():
        assert report.rows_per_file[f"postings/{name}"] == len(rows), name
    assert report.postings_rows == sum(len(rows) for _, rows in loaded.values())
    assert report.distinct_ids == N
    assert 0.004 < report.bad_rows / report.postings_rows < 0.05
    assert report.update_rows > 0.04 * N


def test_same_seed_same_bytes_other_seed_other_bytes(export, tmp_path):
    out, _ = export
    again = generate_export(tmp_path / "again", postings=N, seed=42, end=END)
    other = generate_export(tmp_path / "other", postings=N, seed=43, end=END)
    for path in again.files:
        rel = path.relative_to(again.out_dir)
        assert path.read_bytes() == (out / rel).read_bytes(), rel
    changed = [p for p in other.files if p.read_bytes() != (out / p.relative_to(other.out_dir))
               .read_bytes()]  # fmt: skip
    assert {p.name for p in changed} >= set(POSTINGS_FILES)


def test_rerun_overwrites_the_same_files(tmp_path):
    first = generate_export(tmp_path, postings=300, seed=1, end=END)
    snapshot = {p: p.read_bytes() for p in first.files}
    second = generate_export(tmp_path, postings=300, seed=1, end=END)
    assert second.files == first.files
    assert {p: p.read_bytes() for p in second.files} == snapshot
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        p.name for p in first.files
    )


def test_columns_match_the_real_header(loaded):
    with (ROOT / "schemas" / "postings-header.csv").open(encoding="utf-8") as handle:
        real = next(csv.reader(handle))
    assert real == HEADER and len(real) == 131
    lower_expected = {c for c in real if c not in DROPPED_IN_LOWER} | {
        c.upper() for c in EXTRA_IN_LOWER
    }
    for name, (header, _) in loaded.items():
        if name == "lc_delta_lower.csv":
            assert all(c == c.lower() for c in header)
            assert {c.upper() for c in header} == lower_expected
            assert [c.upper() for c in header if c.upper() in real] != [
                c for c in real if c not in DROPPED_IN_LOWER
            ]  # shuffled
            assert set(DROPPED_IN_LOWER).isdisjoint({"ID", "POSTED", "SKILLS", "STATE", "SALARY"})
        elif name == "LC_2025_base.csv":
            assert header == real  # exact, upper case, delivery order
        elif name == REAL_SAMPLE_FILE:
            assert header == REAL_HEADER
            assert header[:4] == ["ID", "CITY", "CITY_NAME", "COMPANY"]
            assert "LAST_UPDATED_TIMESTAMP" not in header and "LAST_UPDATED_DATE" in header
            assert not any(c.endswith(("_OUTGOING", "_INCOMING")) for c in header)
            assert {"NAICS_2017_2", "NAICS_2017_6_NAME", "NAICS_2022_6", "LOT_V6_OCCUPATION",
                    "MODELED_EXPIRED", "MODELED_DURATION"} <= set(header)  # fmt: skip
        else:
            assert [c.upper() for c in header] == real


def test_canonical_csv_cells(export, loaded):
    out, _ = export
    raw = (out / "postings" / "LC_2025_base.csv").read_text(encoding="utf-8")
    assert '"[\n  ""KS' in raw  # JSON array in one quoted field, real newlines, doubled quotes
    assert "\r\n" not in raw
    _, rows = loaded["LC_2025_base.csv"]
    valid = [r for r in rows if not reasons(r)]
    skills = [r["SKILLS"] for r in valid if r["SKILLS"] not in (None, "[]")]
    assert skills and all(s.startswith('[\n  "') and s.endswith('"\n]') for s in skills)
    assert all(isinstance(json.loads(s), list) for s in skills)
    assert any(r["CERTIFICATIONS"] == "[]" for r in valid)  # empty list: `[]`, not empty
    educations = {r["EDUCATION_LEVELS"] for r in valid}
    assert "[\n  2,\n  3\n]" in educations and "[\n  99\n]" in educations and "[]" in educations
    for r in valid:
        if r["LAST_UPDATED_DATE"]:
            assert re.fullmatch(r"[1-9][0-9]?/[1-9][0-9]?/20[0-9]{2}", r["LAST_UPDATED_DATE"])
            stamp = r["LAST_UPDATED_TIMESTAMP"] or ""
            assert re.fullmatch(r"20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9:]{8}\.[0-9]{3}", stamp)
            assert parse_date(r["LAST_UPDATED_DATE"]) == update_time(r).date()
            assert update_time(r).date() >= parse_date(r["POSTED"])
        if r["CITY_NAME"]:
            assert base64.b64decode(r["CITY"]).decode("utf-8") == r["CITY_NAME"]
            assert not r["COUNTY"].startswith("0")
            location = json.loads(r["LOCATION"])
            assert r["LOCATION"].startswith('{\n  "lat": ') and set(location) == {"lat", "lon"}
    assert {r["REMOTE_TYPE_NAME"] for r in valid} >= {"[None]", "Remote", "Hybrid Remote",
                                                      "Not Remote"}  # fmt: skip
    assert "Part-time (â‰¤ 32 hours)" in {r["EMPLOYMENT_TYPE_NAME"] for r in valid}
    assert {r["IS_INTERNSHIP"] for r in valid} <= {"true", "false", None}
    assert {r["ORIGINAL_PAY_PERIOD"] for r in valid} == {"year", None}
    assert all(len(r["ID"]) == 40 and int(r["ID"], 16) >= 0 for r in valid)


def test_gzip_variant(export):
    out, _ = export
    data = (out / "postings" / "LC_2025_base_part2.csv.gz").read_bytes()
    assert data[:2] == b"\x1f\x8b"
    assert gzip.decompress(data).count(b"\r\n") > 100


def test_lower_case_variant(export, loaded):
    out, _ = export
    data = (out / "postings" / "lc_delta_lower.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") > len(data) // 5000
    _, rows = loaded["lc_delta_lower.csv"]
    valid = [r for r in rows if not reasons(r)]
    assert valid and all(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", r["POSTED"]) for r in valid)
    assert any("|" in (r["SKILLS"] or "") for r in valid)
    assert not any((r["SKILLS"] or "").startswith("[") for r in valid)
    assert any(r["SKILLS"] is None for r in rows) or any(r["CERTIFICATIONS"] is None for r in rows)
    periods = Counter(r["ORIGINAL_PAY_PERIOD"] for r in valid)
    assert set(periods) <= {"annual", "hourly", "monthly", None}
    assert periods["annual"] and periods["hourly"]


def test_parquet_list_columns(export):
    out, _ = export
    lists = pq.read_schema(out / "postings" / "lightcast_delta_lists.parquet")
    assert lists.field("SKILLS").type == pa.list_(pa.string())
    assert lists.field("EDUCATION_LEVELS").type == pa.list_(pa.int64())
    assert all(pa.types.is_list(lists.field(c).type) for c in LIST_COLUMNS)
    as_json = pq.read_table(out / "postings" / "lightcast_delta_json.parquet")
    assert all(f.type == pa.string() for f in as_json.schema)
    skills = [s for s in as_json.column("SKILLS").to_pylist() if s and s.startswith('["KS')]
    assert skills and isinstance(json.loads(skills[0]), list)


def test_broken_rows_cover_every_rule(export, loaded):
    _, report = export
    counted: Counter[str] = Counter()
    bad = multi = 0
    values: dict[str, set] = {c: set() for c in ("POSTED", "STATE", "SALARY",
                                                 "MIN_YEARS_EXPERIENCE", "SKILLS")}  # fmt: skip
    for _, rows in loaded.values():
        for row in rows:
            found = reasons(row)
            counted.update(found)
            bad += bool(found)
            multi += len(found) > 1
            if found:
                for col in values:
                    values[col].add(row.get(col) if not isinstance(row.get(col), list) else None)
    assert bad == report.bad_rows
    assert dict(counted) == {k: v for k, v in report.bad_by_reason.items() if v}
    assert all(counted[reason] >= 2 for reason in REASONS), counted
    assert multi >= 5
    assert {"2024-13-45", "13/45/2024", "yesterday"} <= values["POSTED"]
    assert {"3", "99", "CA"} <= values["STATE"]
    assert {"-5", "1e5", "12,000", "0", "5000000"} <= values["SALARY"]
    assert {"2.5", "61", "-1"} <= values["MIN_YEARS_EXPERIENCE"]
    assert "[oops" in values["SKILLS"]


def test_updates_resolve_as_reported(export, loaded):
    _, report = export
    best: dict[str, tuple] = {}
    rows_of: Counter[str] = Counter()
    for f, (name, (_, rows)) in enumerate(loaded.items()):
        for number, row in enumerate(rows, start=1):
            if row["ID"] is not None:
                rows_of[row["ID"]] += 1
            if reasons(row):
                continue
            key = (update_time(row), f, number)
            if row["ID"] not in best or key > best[row["ID"]][0]:
                best[row["ID"]] = (key, (name, number))
    assert len(best) == N
    cases = {u.id: u for u in report.updates}
    assert set(cases) == {i for i, n in rows_of.items() if n > 1}
    for case in cases.values():
        assert best[case.id][1] == case.winner, case
    kinds = Counter(u.kind for u in cases.values())
    assert {"newer", "tie", "older", "rejected_reuse", "same_file_tie"} <= set(kinds)
    assert 0.04 * N <= len(cases) <= 0.06 * N
    for case in cases.values():
        if case.kind in ("tie", "newer", "same_file_tie"):
            assert case.winner == case.rows[-1]
        if case.kind in ("older", "rejected_reuse", "date_only_same_day"):
            assert case.winner == case.rows[0]


def test_content_is_plausible(loaded):
    valid = [r for _, rows in loaded.values() for r in rows if not reasons(r)]
    careers = {r["LOT_SPECIALIZED_OCCUPATION"]: r for r in valid if r["LOT_SPECIALIZED_OCCUPATION"]}
    assert len(careers) >= 10
    assert len({r["LOT_OCCUPATION"] for r in careers.values()}) >= 6
    ml = careers["23101011"]
    assert ml["LOT_SPECIALIZED_OCCUPATION_NAME"] == "Machine Learning Engineer"
    assert (ml["LOT_OCCUPATION"], ml["LOT_OCCUPATION_NAME"]) == (
        "231010",
        "Artificial Intelligence Engineer",
    )
    for r in valid:
        if r["LOT_OCCUPATION"]:
            assert r["LOT_OCCUPATION"].startswith(r["LOT_OCCUPATION_GROUP"])
            assert r["LOT_OCCUPATION_GROUP"].startswith(r["LOT_CAREER_AREA"])
            if r["LOT_SPECIALIZED_OCCUPATION"]:
                assert r["LOT_SPECIALIZED_OCCUPATION"].startswith(r["LOT_OCCUPATION"])
    full = [r for r in valid if r["TITLE_NAME"]]
    no_career = sum(r["LOT_SPECIALIZED_OCCUPATION"] is None for r in full) / len(full)
    assert 0.005 < no_career < 0.05
    salaried = sum(r["SALARY"] is not None for r in full) / len(full)
    assert 0.35 < salaried < 0.6
    states = Counter(r["STATE"] for r in full)
    assert len([s for s in states if s and int(s) < 60]) >= 45 and states[None] > 0
    ml_rows = [r for r in full if r["LOT_SPECIALIZED_OCCUPATION"] == "23101011"]
    python = sum("Python (Programming Language)" in strings(r["SKILLS_NAME"]) for r in ml_rows)
    assert python / len(ml_rows) > 0.5
    sizes = [len(strings(r["SKILLS"])) for r in full]
    assert 8 <= sum(sizes) / len(sizes) <= 20
    assert 0.01 < sum(r["COMPANY_NAME"] == "Unclassified" for r in full) / len(full) < 0.1


def test_skills_taxonomy(export, loaded):
    out, report = export
    data = json.loads((out / "skills" / SKILLS_FILES[0]).read_text(encoding="utf-8"))["data"]
    assert 100 <= len(data) == report.taxonomy_skills
    keys = {"id", "name", "type", "category", "subcategory", "isSoftware", "isLanguage", "infoUrl"}
    assert all(set(r) == keys for r in data)
    assert {r["type"]["name"] for r in data} == {"Specialized Skill", "Common Skill",
                                                 "Certification"}  # fmt: skip
    ids = {r["id"] for r in data}
    assert all(re.fullmatch(r"KS[0-9A-Z]{18}|ES[0-9A-Z]{18}|BGS[0-9A-Z]{17}", i) for i in ids)
    assert any(i.startswith("ES") for i in ids) and any(i.startswith("BGS") for i in ids)
    used = {s for _, rows in loaded.values() for r in rows
            for s in (strings(r["SKILLS"]) or [])}  # fmt: skip
    assert used - ids and used - ids <= set(report.skills_missing_from_taxonomy)
    header, extra = read_file(out / "skills" / SKILLS_FILES[1])
    assert header == ["id", "name", "type", "category", "subcategory", "is_software",
                      "is_language"]  # fmt: skip
    names = {r["id"]: r["name"] for r in data}
    assert any(r["id"] in names and r["name"] != names[r["id"]] for r in extra)
    assert any(r["id"] not in names for r in extra)


def test_employment_table(export):
    out, report = export
    header, rows = read_file(out / "employment" / EMPLOYMENT_FILE)
    years = [f"{y} Jobs" for y in range(2016, END.year + 1)]
    assert header == ["LOT_OCCUPATION", "LOT_OCCUPATION_NAME", "AREA", "AREA_NAME", *years]
    cells = [r[y] for r in rows for y in years]
    suppressed = sum(c == "<10" for c in cells)
    assert suppressed >= 3 and suppressed == report.suppressed_cells
    assert any(re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", c) for c in cells)
    assert "" in cells
    by_occupation = Counter(r["LOT_OCCUPATION"] for r in rows)
    assert len(by_occupation) >= 6 and set(by_occupation.values()) == {52}
    assert sum(r["AREA"] == "US" for r in rows) == len(by_occupation)
    raw = (out / "employment" / EMPLOYMENT_FILE).read_text(encoding="utf-8")
    assert '"1,' in raw or '"2,' in raw  # thousands separators arrive quoted


# ----------------------------------------------------------------------------- real quirks


def test_real_sample_file_loads_its_quirks(export, loaded):
    """The file shaped like the real sample: a URL list cut at 32,767 characters on a valid
    posting, BODY cells like Python bytes literals, `[]` CIP lists, dates only."""
    _, rows = loaded[REAL_SAMPLE_FILE]
    valid = [r for r in rows if not reasons(r)]
    cut = [r for r in valid if len(r["URL"] or "") == CELL_LIMIT]
    assert len(cut) == 1
    with pytest.raises(ValueError):
        json.loads(cut[0]["URL"])
    assert cut[0]["URL"].startswith('[\n  "https://')
    bodies = [r["BODY"] for r in valid if r["BODY"]]
    literal = [b for b in bodies if re.fullmatch(r"b'.*'( b'.*')*|b\".*\"( b[\"'].*[\"'])*", b,
                                                  re.DOTALL)]  # fmt: skip
    assert literal and len(literal) < len(bodies)
    assert all(r["CIP6"] == "[]" for r in valid if r["CIP6"] is not None)
    assert all(r["NAICS_2017_2"] == r["NAICS2"] for r in valid)


def test_unclassified_occupation_and_names_with_a_trailing_space(export):
    """A share of postings under 99999999 (parent 999999); some careers' names, and a few
    employer and title names, with white space at an end (read as delivered, untrimmed)."""
    out, _ = export
    _, rows = read_file(out / "postings" / "LC_2025_base.csv")
    careers = Counter(r["LOT_SPECIALIZED_OCCUPATION"] for r in rows)
    assert 0.02 < careers["99999999"] / len(rows) < 0.06
    unclassified = [r for r in rows if r["LOT_SPECIALIZED_OCCUPATION"] == "99999999"]
    assert {(r["LOT_SPECIALIZED_OCCUPATION_NAME"], r["LOT_OCCUPATION"],
             r["LOT_OCCUPATION_NAME"].strip()) for r in unclassified} == {
        ("Unclassified Specialized Occupation", "999999", "Unclassified Occupation")}  # fmt: skip
    assert any(r["SKILLS"] != "[]" for r in unclassified)  # they still count in skill shares
    padded = {r["LOT_SPECIALIZED_OCCUPATION"] for r in rows
              if r["LOT_SPECIALIZED_OCCUPATION_NAME"].endswith(" ")}  # fmt: skip
    assert padded and "99999999" not in padded
    for r in rows:  # a padded career is padded in every posting
        if r["LOT_SPECIALIZED_OCCUPATION"] in padded:
            assert r["LOT_SPECIALIZED_OCCUPATION_NAME"].endswith(" ")
    for column in ("COMPANY_NAME", "TITLE_NAME", "LOT_OCCUPATION_NAME"):
        assert any(r[column] != r[column].strip() for r in rows), column


# ----------------------------------------------------------------------------- sparse profile

SPARSE_N = 1200


@pytest.fixture(scope="module")
def sparse(tmp_path_factory):
    out = tmp_path_factory.mktemp("sparse")
    report = generate_export(out, postings=SPARSE_N, seed=42, end=END, profile="sparse")
    rows = [r for name in POSTINGS_FILES for r in normalized(read_file(out / "postings" / name)[1])]
    return out, report, [r for r in rows if not reasons(r)]


def test_sparse_careers_have_few_postings_and_postings_few_skills(sparse):
    _, report, valid = sparse
    assert report.distinct_ids == SPARSE_N
    current = {r["ID"]: r for r in valid}  # any version: the career never changes
    per_career = Counter(r["LOT_SPECIALIZED_OCCUPATION"] for r in current.values())
    per_career.pop(None, None)
    per_career.pop("99999999")
    assert len(per_career) > 400
    assert sum(n <= 3 for n in per_career.values()) / len(per_career) > 0.8
    assert max(per_career.values()) <= 20
    for code in per_career:  # 8 digits, nested under a known occupation
        assert len(code) == 8 and int(code[:6]) in {c.occupation for c in CAREERS}
    names = {r["LOT_SPECIALIZED_OCCUPATION"]: r["LOT_SPECIALIZED_OCCUPATION_NAME"]
             for r in current.values()}  # fmt: skip
    assert len(set(names.values())) == len(names)
    sizes = Counter(len(strings(r["SKILLS"]) or []) for r in valid)
    assert set(sizes) == {0, 1, 2}
    assert sizes[0] > 0.15 * len(valid) and sizes[2] > 0.15 * len(valid)


def test_sparse_profile_is_deterministic_and_not_dense(sparse, export, tmp_path):
    out, report, _ = sparse
    again = generate_export(tmp_path, postings=SPARSE_N, seed=42, end=END, profile="sparse")
    for path in again.files:
        assert path.read_bytes() == (out / path.relative_to(tmp_path)).read_bytes()
    dense_out, _ = export
    base = "postings/LC_2025_base.csv"
    assert (out / base).read_bytes() != (dense_out / base).read_bytes()
    with pytest.raises(ValueError, match="dense or sparse"):
        generate_export(tmp_path / "x", postings=10, seed=1, end=END, profile="thin")
