"""Pins the skills, similarity and employment parts of tests/oracle.py on tiny hand-made
exports with hand-computed answers (docs/ROW_RULES.md, "Skills, similarity and employment")."""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
from datetime import date
from pathlib import Path

import oracle as o
import pytest

CAREER = "23101011"
PARENT = "231010"
AS_OF = date(2024, 12, 31)
SPEC, COMMON, CERT = "SPECIALIZED_SKILLS", "COMMON_SKILLS", "CERTIFICATIONS"


def posting(posting_id: str, skills: str = "", names: str | None = None, **cells: str) -> dict:
    """A valid posting row of CAREER; SKILLS / SKILLS_NAME in the pipe dialect (names default
    to the ids); keyword arguments override cells (upper-cased column names)."""
    base = {
        "ID": posting_id,
        "POSTED": "2024-06-02",
        "LOT_SPECIALIZED_OCCUPATION": CAREER,
        "LOT_SPECIALIZED_OCCUPATION_NAME": "Data Analyst",
        "LOT_OCCUPATION": PARENT,
        "LOT_OCCUPATION_NAME": "Data Analysts",
        "SKILLS": skills,
        "SKILLS_NAME": skills if names is None else names,
    }
    base.update({key.upper(): value for key, value in cells.items()})
    return base


def write_rows(path: Path, rows: list[dict]) -> Path:
    """Write rows as CSV (header = every key, in first-seen order; gzip for .gz)."""
    header = list(dict.fromkeys(key for r in rows for key in r))
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=header, restval="")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def write_text(path: Path, text: str) -> Path:
    """Write a small text file (folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def taxonomy_json(*records: dict) -> str:
    """A Skills API style document."""
    return json.dumps({"data": list(records)})


def api_record(skill_id: str, name: str, kind: str, software: bool = False, **extra) -> dict:
    """One Skills API record."""
    type_ids = {"Specialized Skill": "ST1", "Common Skill": "ST2", "Certification": "ST3"}
    return {
        "id": skill_id, "name": name, "type": {"id": type_ids[kind], "name": kind},
        "category": {"id": 6, "name": "Information Technology"},
        "subcategory": {"id": 412, "name": "Programming Languages"},
        "isSoftware": software, "isLanguage": False, **extra,
    }


def load(tmp_path: Path, rows: list[dict], skills: str | None = None) -> o.OracleState:
    """One refresh: a postings file and optionally a skills taxonomy JSON file."""
    write_rows(tmp_path / "r1" / "postings" / "a.csv", rows)
    if skills is not None:
        write_text(tmp_path / "r1" / "skills" / "taxonomy.json", skills)
    return o.load_postings([tmp_path / "r1"])


def frame_rows(frame, columns: list[str]) -> list[list]:
    """Selected columns as a list of rows."""
    return frame[columns].values.tolist()


# --------------------------------------------------------------------------- loading


def test_typed_lists_are_kept_and_never_reject(tmp_path):
    state = load(tmp_path, [
        posting("p1", "KS1|KS2|KS1", "first|two|second", specialized_skills='["KS1", "KS2"]',
                common_skills="KS2 | KS9", certifications="[1]", software_skills="[broken"),
    ])
    assert o.quarantine_frame(state).empty
    p1 = state.postings_by_id["p1"]
    assert p1["specialized_skills"] == ["KS1", "KS2"]
    assert p1["common_skills"] == ["KS2", "KS9"]
    assert p1["certifications"] == [] and p1["software_skills"] == []
    # distinct ids, the name at the first position, Specialized before Common
    assert p1["skill_facts"] == {
        "KS1": ("first", "Specialized Skill", False),
        "KS2": ("two", "Specialized Skill", False),
    }


def test_taxonomy_files_order_whole_replacement_and_hash_skip(tmp_path):
    r1, r2 = tmp_path / "r1", tmp_path / "r2"
    first = taxonomy_json(api_record("KS1", "Python", "Specialized Skill", software=True),
                          api_record("KS2", "SQL", "Specialized Skill"))
    write_text(r1 / "skills" / "a.json", first)
    write_text(r1 / "skills" / "b.csv",
               "ID,Name,TYPE,category,subcategory,Is_Software,is_language\n"
               "KS1,Python 3,Common Skill,,,FALSE,true\n")
    hidden = taxonomy_json(api_record("KS9", "x", "Common Skill"))
    write_text(r1 / "skills" / ".hidden.json", hidden)
    write_text(r2 / "skills" / "c.json", first)  # same bytes as a.json: skipped
    write_text(r2 / "skills" / "d.json", json.dumps([
        {"id": "ES3", "name": "Welding", "type": {"id": "ST3", "name": "Certification"},
         "category": None, "subcategory": None, "isSoftware": False, "isLanguage": False},
    ]))
    state = o.load_postings([r1, r2])
    assert state.taxonomy == {
        # b.csv replaced the whole KS1 record (category and subcategory gone)
        "KS1": {"name": "Python 3", "type": "Common Skill", "category": None,
                "subcategory": None, "is_software": False, "is_language": True},
        "KS2": {"name": "SQL", "type": "Specialized Skill", "category": "Information Technology",
                "subcategory": "Programming Languages", "is_software": False,
                "is_language": False},
        "ES3": {"name": "Welding", "type": "Certification", "category": None,
                "subcategory": None, "is_software": False, "is_language": False},
    }
    assert o.batch_counts(state).empty  # batches are kept for postings files only


# --------------------------------------------------------------------------- names and types


def test_taxonomy_overrides_posting_name_type_and_software(tmp_path):
    rows = [
        posting("p1", "KS1|KS2", "py|sql", common_skills="KS1|KS2", state="6"),
        posting("p2", "KS1", "py", common_skills="KS1"),
    ]
    skills = taxonomy_json(api_record("KS1", "Python", "Specialized Skill", software=True))
    state = load(tmp_path, rows, skills)
    got = o.career_tables(state, AS_OF)["career_skills"]
    assert list(got.columns) == o.SKILL_COLUMNS
    assert got.drop(columns="as_of").values.tolist() == [
        [CAREER, "CA", "KS1", "Python", "Specialized Skill", True, 1, 100.0, 1.0],
        [CAREER, "CA", "KS2", "sql", "Common Skill", False, 1, 100.0, 1.0],
        [CAREER, "US", "KS1", "Python", "Specialized Skill", True, 2, 100.0, 1.0],
        [CAREER, "US", "KS2", "sql", "Common Skill", False, 1, 50.0, 1.0],
    ]
    dimension = o.skills_dimension(state)
    assert list(dimension.columns) == o.SKILLS_DIMENSION_COLUMNS
    assert dimension.values.tolist() == [
        ["KS1", "Python", "Specialized Skill", True, "Information Technology",
         "Programming Languages"],
        ["KS2", "sql", "Common Skill", False, None, None],
    ]


def test_posting_votes_per_row_ties_by_value_and_null_type_ignored(tmp_path):
    rows = [
        posting("p1", "KS9", "alpha", state="6", specialized_skills="KS9", software_skills="KS9"),
        posting("p2", "KS9", "alpha", state="6", specialized_skills="KS9", software_skills="KS9"),
        posting("p3", "KS9", "Zed", state="6", common_skills="KS9"),
        posting("p4", "KS9", "Zed", common_skills="KS9"),
        posting("p5", "KS9", "alpha"),  # no typed list: type NULL
        posting("p6", "KS9", "Zed"),
        posting("p7", "KS9", "Émile"),
        # current but outside the window and without a career: counts for `skills` only
        posting("p8", "KS9", "alpha", posted="2020-01-01", lot_specialized_occupation="",
                specialized_skills="KS9", software_skills="KS9"),
    ]
    state = load(tmp_path, rows)
    got = o.career_tables(state, AS_OF)["career_skills"]
    columns = ["geo_code", "skill_name", "skill_type", "is_software", "postings"]
    assert frame_rows(got, columns) == [
        # CA: alpha 2-1, Specialized 2-1, software 2-1
        ["CA", "alpha", "Specialized Skill", True, 3],
        # nation: alpha 3 = Zed 3 -> "Zed" (byte order: Z < a); Specialized 2 = Common 2 ->
        # Common (the 3 NULL types do not vote); software 2 of 7
        ["US", "Zed", "Common Skill", False, 7],
    ]
    # all current postings: alpha 4, Specialized 3, software 3 of 8
    assert o.skills_dimension(state).values.tolist() == [
        ["KS9", "alpha", "Specialized Skill", False, None, None],
    ]


def test_software_flag_tie_is_false(tmp_path):
    rows = [posting("p1", "KS5", software_skills="KS5"), posting("p2", "KS5")]
    state = load(tmp_path, rows)
    assert o.career_tables(state, AS_OF)["career_skills"]["is_software"].tolist() == [False]
    assert o.skills_dimension(state)["is_software"].tolist() == [False]
    assert o.skills_dimension(state)["skill_type"].tolist() == [None]


# --------------------------------------------------------------------------- shares and lift


def test_lift_against_the_whole_geography_including_postings_without_career(tmp_path):
    rows = [
        posting("c1", "KS1", state="6"),
        posting("c2", "", state="6"),
        posting("c3", "KS1", state="48"),
        posting("c4", "KS1"),
        posting("d1", "KS1", state="6", lot_specialized_occupation="23101012"),
        posting("n1", "", state="6", lot_specialized_occupation=""),
        posting("n2", "KS1", state="06", lot_specialized_occupation=""),
        posting("n3", "", lot_specialized_occupation=""),
        posting("old", "KS1", state="6", posted="2020-01-01", lot_specialized_occupation=""),
    ]
    got = o.career_tables(load(tmp_path, rows), AS_OF)["career_skills"]
    # nation: 8 postings in the window, 5 mention KS1 -> 62.5 %; CA: 5 postings, 3 -> 60 %
    assert frame_rows(got, ["occupation_code", "geo_code", "postings", "share_pct", "lift"]) == [
        [CAREER, "CA", 1, 50.0, pytest.approx(50 / 60)],
        [CAREER, "TX", 1, 100.0, 1.0],
        [CAREER, "US", 3, 75.0, pytest.approx(75 / 62.5)],
        ["23101012", "CA", 1, 100.0, pytest.approx(100 / 60)],
        ["23101012", "US", 1, 100.0, pytest.approx(100 / 62.5)],
    ]


UNCLASSIFIED = {
    "lot_specialized_occupation": "99999999",
    "lot_specialized_occupation_name": "Unclassified Specialized Occupation",
    "lot_occupation": "999999", "lot_occupation_name": "Unclassified Occupation",
}


def test_unclassified_occupation_is_no_career_but_counts_in_totals_and_lift(tmp_path):
    rows = [
        posting("c1", "KS1", state="6", company_name="Acme", title_name="Analysts"),
        posting("c2", "KS2", state="6", company_name="Acme", title_name="Analysts"),
        posting("u1", "KS1", state="6", company_name="Zed", title_name="Zeds", **UNCLASSIFIED),
        posting("u2", "KS1|KS2", **UNCLASSIFIED),
        # trimmed before it is used: still the unclassified code
        posting("u3", "KS1", state="6", **{**UNCLASSIFIED,
                                           "lot_specialized_occupation": " 99999999 "}),
    ]
    tables = o.career_tables(load(tmp_path, rows), AS_OF)
    for name, frame in tables.items():
        assert set(frame["occupation_code"]) <= {CAREER}, name
    assert tables["career_similar"].empty  # the unclassified postings share its skills
    summary = tables["career_summary"]
    assert frame_rows(summary, ["geo_code", "postings", "employers"]) == [
        ["US", 2, 1], ["CA", 2, 1],
    ]
    # nation: 5 postings, KS1 in 4 (80 %), KS2 in 2 (40 %); CA: 4 postings, KS1 in 3, KS2 in 1
    assert frame_rows(tables["career_skills"], ["geo_code", "skill_id", "share_pct", "lift"]) == [
        ["CA", "KS1", 50.0, pytest.approx(50 / 75)],
        ["CA", "KS2", 50.0, pytest.approx(50 / 25)],
        ["US", "KS1", 50.0, pytest.approx(50 / 80)],
        ["US", "KS2", 50.0, pytest.approx(50 / 40)],
    ]


# --------------------------------------------------------------------------- skill groups

#: (id, name, typed list column, career postings mentioning it, all postings mentioning it)
#: The career has 200 postings, the nation 800 (600 without career), so
#: share = c / 2 and lift = share / (g / 8).
EDGE_SKILLS = [
    ("KS_DEF", "Defining at edge", SPEC, 20, 40),  # share 10, lift 2 -> defining
    ("KS_DEF4", "Defining lift four", CERT, 20, 20),  # share 10, lift 4 -> defining only
    ("KS_NEC", "Necessary", SPEC, 20, 41),  # share 10, lift 1.95 -> necessary
    ("KS_D95", "b distinguishing", SPEC, 19, 19),  # share 9.5, lift 4 -> distinguishing
    ("KS_D1", "A distinguishing", CERT, 2, 2),  # share 1, lift 4 -> distinguishing
    ("KS_D38", "Lift below four", CERT, 19, 20),  # share 9.5, lift 3.8 -> none
    ("KS_RARE", "Rare", SPEC, 1, 1),  # share 0.5, lift 4 -> none
    ("KS_B1", "Baseline at edge", COMMON, 2, 2),  # share 1 -> baseline
    ("KS_BLOW", "Baseline below", COMMON, 1, 1),  # share 0.5 -> none
    ("KS_B10", "Common big", COMMON, 20, 20),  # share 10, lift 4: baseline only
    ("KS_NT", "Untyped", None, 40, 40),  # type NULL: no group
]


def edge_rows() -> list[dict]:
    """200 career postings and 600 without career, mentioning EDGE_SKILLS as specified."""
    rows = []
    for i in range(800):
        in_career = i < 200
        rank = i if in_career else i - 200
        chosen = [s for s in EDGE_SKILLS if rank < (s[3] if in_career else s[4] - s[3])]
        typed = {column: "|".join(s[0] for s in chosen if s[2] == column)
                 for column in (SPEC, COMMON, CERT)}
        rows.append(posting(
            f"e{i:03d}", "|".join(s[0] for s in chosen), "|".join(s[1] for s in chosen),
            lot_specialized_occupation=CAREER if in_career else "", **typed,
        ))
    return rows


def test_skill_group_threshold_edges(tmp_path):
    result = o.career_tables(load(tmp_path, edge_rows()), AS_OF)
    groups = result["career_skill_groups"]
    assert list(groups.columns) == o.SKILL_GROUP_COLUMNS
    assert (groups["occupation_code"] == CAREER).all() and groups["salary_premium"].isna().all()
    assert frame_rows(groups, ["skill_group", "rank", "skill_id", "share_pct", "lift"]) == [
        ["baseline", 1, "KS_B10", 10.0, 4.0],
        ["baseline", 2, "KS_B1", 1.0, 4.0],
        ["defining", 1, "KS_DEF", 10.0, 2.0],  # equal shares: ties by name
        ["defining", 2, "KS_DEF4", 10.0, 4.0],
        # equal lift 4: ties by name, "A…" before "b…"
        ["distinguishing", 1, "KS_D1", 1.0, 4.0],
        ["distinguishing", 2, "KS_D95", 9.5, 4.0],
        ["necessary", 1, "KS_NEC", 10.0, pytest.approx(10 / 5.125)],
    ]
    assert groups["skill_name"].tolist()[4:6] == ["A distinguishing", "b distinguishing"]


def test_top_n_cut_and_share_order(tmp_path):
    # 12 common skills: skill k in k + 1 of 20 postings; baseline keeps the top 10 by share
    rows = [
        posting(f"p{i:02d}", "|".join(f"KS{k:02d}" for k in range(12) if i <= k),
                common_skills="|".join(f"KS{k:02d}" for k in range(12)))
        for i in range(20)
    ]
    groups = o.career_tables(load(tmp_path, rows), AS_OF)["career_skill_groups"]
    assert groups["skill_id"].tolist() == [f"KS{k:02d}" for k in range(11, 1, -1)]
    assert groups["rank"].tolist() == list(range(1, 11))
    assert groups["share_pct"].tolist() == [5.0 * (k + 1) for k in range(11, 1, -1)]


#: id -> (name, salaried posting numbers k mentioning it); posting k earns 1000 * (k + 1)
SALARY_SKILLS = {
    "KS_S20": ("Zeta", range(20, 40)),  # 20 / 20: median 30500 - 10500 = 20000
    "KS_TWIN": ("alpha", range(20, 40)),  # same postings: ties with KS_S20 by name
    "KS_MID": ("Middle", range(15, 35)),  # 20 / 20: 25500 - 10500 = 15000
    "KS_S19": ("Nineteen with", range(21, 40)),  # 19 / 21: excluded
    "KS_S21": ("Nineteen without", range(19, 40)),  # 21 / 19: excluded
    "KS_NEG": ("Negative", range(0, 20)),  # 10500 - 30500 < 0: excluded
    "KS_ZERO": ("Zero", [*range(0, 10), *range(30, 40)]),  # 20500 - 20500 = 0: excluded
}


def test_salary_premium_needs_twenty_on_each_side(tmp_path):
    rows = []
    for k in range(40):
        ids = [s for s, (_, ks) in SALARY_SKILLS.items() if k in ks]
        rows.append(posting(f"s{k:02d}", "|".join(ids),
                            "|".join(SALARY_SKILLS[s][0] for s in ids),
                            salary=str(1000 * (k + 1)), specialized_skills="KS_S20"))
    for k in range(3):  # unsalaried postings mentioning KS_S19 do not count
        rows.append(posting(f"u{k}", "KS_S19", "Nineteen with"))
    groups = o.career_tables(load(tmp_path, rows), AS_OF)["career_skill_groups"]
    boosting = groups[groups["skill_group"] == "salary_boosting"]
    assert frame_rows(boosting, ["rank", "skill_id", "skill_name", "salary_premium"]) == [
        [1, "KS_S20", "Zeta", 20000.0],
        [2, "KS_TWIN", "alpha", 20000.0],
        [3, "KS_MID", "Middle", 15000.0],
    ]
    # share over all 43 postings of the career; only career postings exist: lift 1
    assert boosting["share_pct"].tolist() == pytest.approx([2000 / 43, 2000 / 43, 2000 / 43])
    assert boosting["lift"].tolist() == [1.0, 1.0, 1.0]
    # KS_S20 is also "necessary" (Specialized, share 46.5, lift 1), without a premium
    necessary = groups[groups["skill_group"] == "necessary"]
    assert necessary["skill_id"].tolist() == ["KS_S20"]
    assert math.isnan(necessary["salary_premium"].iloc[0])


# --------------------------------------------------------------------------- similarity


def test_cosine_similarity_top_five_and_ties_by_code(tmp_path):
    careers = {  # code -> skill lists of its postings
        "11111111": ["KS1|KS2", "KS1"],  # shares (100, 50, 0)
        "22222222": ["KS1"],  # (100, 0, 0)
        "33333333": ["KS2"],  # (0, 100, 0)
        "44444444": ["KS1"],  # same as 22222222
        "55555555": [""],  # no skills: no similar careers, similar to none
        "66666666": ["KS3"],  # (0, 0, 100): shares no skill with anyone
        "77777777": ["KS1|KS2"],  # (100, 100, 0)
        "88888888": ["KS1|KS2|KS4"],  # (100, 100, 0, 100)
        "90000011": ["KS1|KS2|KS5"],  # (100, 100, 0, 0, 100)
    }
    rows = [
        posting(f"{code}-{i}", skills, lot_specialized_occupation=code,
                lot_specialized_occupation_name=f"Career {code[0]}")
        for code, lists in careers.items() for i, skills in enumerate(lists)
    ]
    similar = o.career_tables(load(tmp_path, rows), AS_OF)["career_similar"]
    assert list(similar.columns) == o.SIMILAR_COLUMNS
    by_career = {
        code: frame_rows(group, ["rank", "similar_code", "similar_name", "similarity"])
        for code, group in similar.groupby("occupation_code")
    }
    assert by_career["11111111"] == [
        [1, "77777777", "Career 7", pytest.approx(3 / math.sqrt(10))],
        [2, "22222222", "Career 2", pytest.approx(2 / math.sqrt(5))],
        [3, "44444444", "Career 4", pytest.approx(2 / math.sqrt(5))],  # tie: by code
        [4, "88888888", "Career 8", pytest.approx(3 / math.sqrt(15))],
        [5, "90000011", "Career 9", pytest.approx(3 / math.sqrt(15))],
    ]  # 33333333 (1 / sqrt(5)) is sixth; 55555555 and 66666666 share nothing
    assert by_career["33333333"] == [
        [1, "77777777", "Career 7", pytest.approx(1 / math.sqrt(2))],
        [2, "88888888", "Career 8", pytest.approx(1 / math.sqrt(3))],
        [3, "90000011", "Career 9", pytest.approx(1 / math.sqrt(3))],
        [4, "11111111", "Career 1", pytest.approx(1 / math.sqrt(5))],
    ]  # fewer than five: 22222222 and 44444444 share no skill with it (similarity 0)
    assert "55555555" not in by_career and "66666666" not in by_career
    assert not {"55555555", "66666666"} & set(similar["similar_code"])
    assert (similar["similarity"] > 0).all()
    assert {code: len(rows) for code, rows in by_career.items()} == {
        "11111111": 5, "22222222": 5, "33333333": 4, "44444444": 5, "77777777": 5,
        "88888888": 5, "90000011": 5,
    }


def test_a_career_sharing_no_skill_has_no_similar_careers(tmp_path):
    rows = [
        posting("a", "KS1"),
        posting("b", "KS2", lot_specialized_occupation="23101012"),
        posting("c", "", lot_specialized_occupation="23101013"),
    ]
    similar = o.career_tables(load(tmp_path, rows), AS_OF)["career_similar"]
    assert similar.empty and list(similar.columns) == o.SIMILAR_COLUMNS


def test_fewer_than_five_other_careers(tmp_path):
    rows = [posting("a", "KS1"), posting("b", "KS1", lot_specialized_occupation="23101012")]
    similar = o.career_tables(load(tmp_path, rows), AS_OF)["career_similar"]
    assert frame_rows(similar, ["occupation_code", "rank", "similar_code", "similarity"]) == [
        [CAREER, 1, "23101012", pytest.approx(1.0)],
        ["23101012", 1, CAREER, pytest.approx(1.0)],
    ]


# --------------------------------------------------------------------------- employment

EMPLOYMENT_1 = (
    "LOT_OCCUPATION,LOT_OCCUPATION_NAME,AREA,AREA_NAME,2016 Jobs,2017 Jobs,2018 Jobs\n"
    '231010,AI Engineer,US,United States,"41,230",<10,\n'
    '231010,AI Engineer,37,North Carolina,1010,,"1,106"\n'
    "231010,AI Engineer,06,California,5,6,7\n"
    "999999,Other,US,United States,1,2,3\n"
)
EMPLOYMENT_2 = [  # a later refresh, gzip, lower-case year columns: replaces CA 2017 only
    {"lot_occupation": PARENT, "area": "6", "2017 jobs": "60", "2019 JOBS": ""},
    {"lot_occupation": PARENT, "area": "US", "2017 jobs": "", "2019 JOBS": "<10"},
]


def test_employment_cells_and_later_file(tmp_path):
    write_text(tmp_path / "r1" / "employment" / "emp.csv", EMPLOYMENT_1)
    write_rows(tmp_path / "r2" / "employment" / "emp.csv.gz", EMPLOYMENT_2)
    rows = [posting("p1", state="37"), posting("x", lot_occupation="888888",
                                               lot_specialized_occupation="88888811")]
    write_rows(tmp_path / "r1" / "postings" / "a.csv", rows)
    state = o.load_postings([tmp_path / "r1", tmp_path / "r2"])
    assert state.employment[(PARENT, "US", 2016)] == (41230, False)
    employment = o.career_tables(state, AS_OF)["career_employment"]
    assert list(employment.columns) == o.EMPLOYMENT_COLUMNS
    assert employment.drop(columns="as_of").values.tolist() == [
        [CAREER, PARENT, "CA", 2016, 5, False],
        [CAREER, PARENT, "CA", 2017, 60, False],
        [CAREER, PARENT, "CA", 2018, 7, False],
        [CAREER, PARENT, "NC", 2016, 1010, False],
        [CAREER, PARENT, "NC", 2018, 1106, False],
        [CAREER, PARENT, "US", 2016, 41230, False],
        [CAREER, PARENT, "US", 2017, None, True],  # an empty later cell leaves it standing
        [CAREER, PARENT, "US", 2019, None, True],
    ]
    assert all(isinstance(y, int) for y in employment["year"].tolist())


def test_employment_only_for_careers_in_the_window(tmp_path):
    write_text(tmp_path / "r1" / "employment" / "emp.csv", EMPLOYMENT_1)
    write_rows(tmp_path / "r1" / "postings" / "a.csv", [posting("p1", posted="2020-01-01")])
    state = o.load_postings([tmp_path / "r1"])
    assert o.career_tables(state, AS_OF)["career_employment"].empty


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("LOT_OCCUPATION,AREA,Jobs 2016\n231010,US,5\n", "no '<YYYY> Jobs' column"),
        ("LOT_OCCUPATION,AREA,2016 Jobs\n231010,99,5\n", "unknown AREA '99'"),
        ("LOT_OCCUPATION,AREA,2016 Jobs\n231010,NC,5\n", "unknown AREA 'NC'"),
        ("LOT_OCCUPATION,AREA,2016 Jobs\n231010,,5\n", "unknown AREA None"),
        ("LOT_OCCUPATION,AREA,2016 Jobs\n231010,US,5.5\n", "bad jobs value '5.5'"),
        ("LOT_OCCUPATION,AREA,2016 Jobs\n231010,US,\"4,1230\"\n", "bad jobs value '4,1230'"),
        ("LOT_OCCUPATION,AREA,2016 Jobs\n231010,US,<5\n", "bad jobs value '<5'"),
        ("LOT_OCCUPATION,AREA,2016 Jobs\n231010,US,-3\n", "bad jobs value '-3'"),
    ],
)
def test_employment_fatal_problems_name_the_file(tmp_path, text, problem):
    write_text(tmp_path / "r1" / "employment" / "bad.csv", text)
    with pytest.raises(ValueError, match="bad.csv") as error:
        o.load_postings([tmp_path / "r1"])
    assert problem in str(error.value)
