"""A small export shaped like a real Lightcast delivery: most careers have 1-3 postings and
0-2 skills, a few have none in common, one has no skill at all, the unclassified occupation
99999999 holds a share of postings, and 200 postings have no occupation (they count in the
shares and lifts of all postings). One mid-sized career (Machine Learning Engineer, 60
salaried postings) fills every skill group, salary-boosting included. Data Scientist's 8
salaries give a 90th percentile with float noise: quantile_cont interpolates 40,000 and
240,500 at 0.2999999999999998 and publishes 100149.99999999996.

When the generator's "sparse" profile lands, `write_sparse_export` can become
`generate_export(root, postings=..., seed=..., end=SPARSE_AS_OF, profile="sparse")`: the tests
find the careers they need by querying the published tables, never by these codes.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from conftest import posting, write_csv

SPARSE_AS_OF = date(2026, 3, 31)
UNCLASSIFIED = ("99999999", "Unclassified Specialized Occupation", "999999", "Unclassified")

# (code, name, parent code, parent name)
ML = ("23101011", "Machine Learning Engineer", "231010", "Artificial Intelligence Engineer")
SPARSE = [
    ("15203011", "Data Analyst", "152030", "Data Analyst"),
    ("29114111", "Registered Nurse", "291141", "Registered Nurse"),
    ("43405111", "Customer Service Representative", "434051", "Customer Service"),
    ("49907111", "Building and General Maintenance Technician", "499071", "Maintenance"),
    ("11102111", "Chief Executive", "111021", "General and Operations Manager"),
    ("41203111", "Retail Sales Associate", "412031", "Retail Salesperson"),
    ("53201111", "Airline Pilot", "532011", "Airline Pilot"),  # a skill no one else names
]
SCIENTIST = ("15205111", "Data Scientist", "152051", "Data Scientist")
NOISY_SALARIES = [30000, 31000, 32000, 33000, 34000, 35000, 40000, 240500]
NOISY_P90 = 100149.99999999996
NO_CAREER = ("", "", "", "")

# skill id -> (name, typed list column)
SKILLS = {
    "KS1": ("Python", "SPECIALIZED_SKILLS"),
    "KS2": ("Machine Learning", "SPECIALIZED_SKILLS"),
    "KS3": ("TensorFlow", "SPECIALIZED_SKILLS"),
    "KS4": ("Kubernetes", "SPECIALIZED_SKILLS"),
    "KS5": ("Communication", "COMMON_SKILLS"),
    "KS6": ("Problem Solving", "COMMON_SKILLS"),
    "KS7": ("SQL", "SPECIALIZED_SKILLS"),
    "KS8": ("Nursing Care", "SPECIALIZED_SKILLS"),
    "KS9": ("Customer Service", "COMMON_SKILLS"),
    "KSA": ("AWS Certified Machine Learning", "CERTIFICATIONS"),
    "KSB": ("Excel", "SPECIALIZED_SKILLS"),
    "KSC": ("Flight Planning", "SPECIALIZED_SKILLS"),
}


def _lists(ids: list[str]) -> dict[str, str]:
    """The SKILLS/SKILLS_NAME cells and the typed lists for `ids` (JSON lists)."""
    cells = {"SKILLS": json.dumps(ids), "SKILLS_NAME": json.dumps([SKILLS[i][0] for i in ids])}
    for column in ("SPECIALIZED_SKILLS", "COMMON_SKILLS", "CERTIFICATIONS"):
        typed = [i for i in ids if SKILLS[i][1] == column]
        cells[column] = json.dumps(typed)
        cells[f"{column}_NAME"] = json.dumps([SKILLS[i][0] for i in typed])
    return cells


def _career(career: tuple[str, str, str, str]) -> dict[str, str]:
    code, name, parent, parent_name = career
    return {
        "LOT_SPECIALIZED_OCCUPATION": code,
        "LOT_SPECIALIZED_OCCUPATION_NAME": name,
        "LOT_OCCUPATION": parent,
        "LOT_OCCUPATION_NAME": parent_name,
        "TITLE_NAME": name + "s",
    }


def _posted(i: int) -> str:
    day = SPARSE_AS_OF - timedelta(days=3 + 5 * i)
    return f"{day.month}/{day.day}/{day.year}"


def ml_postings() -> list[dict[str, str]]:
    """60 salaried ML postings in NC (40) and CA (20). Half name TensorFlow and pay more (the
    salary-boosting skill); 3 name Kubernetes (5%: distinguishing, lift well above 4)."""
    rows = []
    for i in range(60):
        skills = ["KS1", "KS2", "KS5"] + (["KS3"] if i % 2 == 0 else []) + ["KS6"] * (i < 12)
        skills += ["KS4"] * (i in (5, 17, 33)) + ["KSA"] * (i % 5 == 0)
        # Salaries 100000 + 1500 k: the 90th percentile interpolates at a fraction with noise.
        salary = 100_000 + 1_500 * (i // 2) + (30_000 if i % 2 == 0 else 0)
        rows.append(
            posting(
                ID=f"ml{i:02d}",
                POSTED=_posted(i % 60),
                STATE="37" if i < 40 else "6",
                STATE_NAME="North Carolina" if i < 40 else "California",
                SALARY=str(salary),
                COMPANY_NAME=["Acme", "Beta Labs", "Gamma AI", "Delta"][i % 4],
                EDUCATION_LEVELS=["[2]", "[2, 3]", "[3]", "[]", "[4]"][i % 5],
                MIN_YEARS_EXPERIENCE=["", "1", "3", "5", "7", "10"][i % 6],
                **_career(ML),
                **_lists(skills),
            )
        )
    return rows


def sparse_postings() -> list[dict[str, str]]:
    """1-3 postings per career, 0-2 skills each, few salaries."""
    plan = [  # (career, state fips, skills, salary)
        (SPARSE[0], "37", ["KS7", "KSB"], "64000"),
        (SPARSE[0], "37", ["KS7"], ""),
        (SPARSE[1], "6", ["KS8"], "88000"),
        (SPARSE[1], "37", ["KS8", "KS5"], ""),
        (SPARSE[1], "6", [], ""),
        (SPARSE[2], "12", ["KS9"], "38000"),
        (SPARSE[3], "37", [], "52000"),  # no skill at all: no similar career
        (SPARSE[3], "37", [], ""),
        (SPARSE[4], "36", ["KSB"], ""),
        (SPARSE[5], "", ["KS9", "KS6"], ""),
        (SPARSE[6], "12", ["KSC"], ""),
    ]
    rows = []
    for i, (career, state, skills, salary) in enumerate(plan):
        rows.append(
            posting(
                ID=f"sp{i:02d}",
                POSTED=_posted(i),
                STATE=state,
                STATE_NAME={"37": "North Carolina", "6": "California", "12": "Florida"}.get(
                    state, ""
                ),
                SALARY=salary,
                COMPANY_NAME=["Acme", "", "Unclassified", "Zeta"][i % 4],
                EDUCATION_LEVELS=["[2]", "[]", "[0, 1]"][i % 3],
                MIN_YEARS_EXPERIENCE=["2", "", "4"][i % 3],
                **_career(career),
                **_lists(skills),
            )
        )
    for i, salary in enumerate(NOISY_SALARIES):
        rows.append(
            posting(
                ID=f"ds{i:02d}",
                POSTED=_posted(i),
                SALARY=str(salary),
                COMPANY_NAME=f"Lab {i % 3}",
                **_career(SCIENTIST),
                **_lists(["KS7", "KSB"][: i % 3]),
            )
        )
    for i in range(200):  # postings Lightcast gave no occupation: in every total, no career
        rows.append(
            posting(
                ID=f"nc{i:03d}",
                POSTED=_posted(i % 70),
                SALARY="",
                STATE=["37", "6", "12", "36"][i % 4],
                **_career(NO_CAREER),
                **_lists([["KS5"], ["KS6", "KS7"], [], ["KS5", "KS9"], ["KSB"]][i % 5]),
            )
        )
    for i in range(5):  # Lightcast's unclassified postings: in the totals, in no career
        rows.append(
            posting(
                ID=f"un{i:02d}",
                POSTED=_posted(i),
                SALARY="",
                **_career(UNCLASSIFIED),
                **_lists(["KS9"] if i % 2 else []),
            )
        )
    return rows


def write_sparse_export(root: Path) -> Path:
    """Write the export under `root` (postings/ only: no skills taxonomy, no employment)."""
    write_csv(root / "postings" / "lightcast_sparse.csv", ml_postings() + sparse_postings())
    return root
