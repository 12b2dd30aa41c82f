"""Text and reference data of the fast generator (benchmarks.fast_generate): its settings, the
breakages it writes, CSV fields rendered by hand (RFC 4180), and the taxonomy cells of a career.

The vocabularies shared with the sample generator come from samples.catalog; what differs
(NAICS by employer sector, one CIP per family, fewer raw-title prefixes, four body lines) is the
fast generator's own.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

import numpy as np

from samples import catalog
from samples.catalog import CAREER_AREAS, OCCUPATION_GROUPS, OCCUPATIONS, ONET_NAMES
from samples.quirks import UNCLASSIFIED_LEVELS
from samples.rows import soc_levels
from schemas.postings import (
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

VARIANTS_PER_CAREER = 512  # pre-rendered skill sets per career
CHUNK_ROWS = 10_000  # rows rendered and written at once (~40 MB of text: stays in the allocator)
UPDATE_SHARE = 0.05  # re-versions, as a share of `postings`
BAD_SHARE = 0.01  # rows breaking a rule, as a share of all valid rows
OLDER_SHARE = 0.20  # re-versions older than the version they follow (they must lose)
REUSE_SHARE = 1 / 3  # broken rows that reuse a valid ID with a later update time
SALARY_SHARE = 0.45  # rows with a salary
HISTORY_DAYS = 608  # POSTED spans ~20 months before `end`
SALARY_MIN, SALARY_MAX = 15_000, 900_000  # advertised range bounds (multiples of 1000)
DEFAULT_END = date(2026, 11, 20)
POSTINGS_NAME = "lightcast_postings_part{:02d}.csv"
SKILLS_NAME = "skills_taxonomy.json"
EMPLOYMENT_NAME = "occupation_employment.csv"

MS_DAY = 86_400_000
EPOCH = date(1970, 1, 1).toordinal()

# Rule breakages (the reason texts of schemas.postings); each bad row gets one of these.
BREAKAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("id_empty", (R_ID,)),
    ("posted_month_13", (R_POSTED,)),
    ("posted_word", (R_POSTED,)),
    ("expired_word", (R_EXPIRED,)),
    ("expired_before_posted", (R_EXPIRED_BEFORE,)),
    ("state_99", (R_STATE,)),
    ("salary_separator", (R_SALARY,)),
    ("salary_negative", (R_SALARY,)),
    ("years_plus", (R_YEARS,)),
    ("years_61", (R_YEARS,)),
    ("education_7", (R_EDUCATION,)),
    ("skills_broken_json", (R_SKILLS,)),
    ("skills_name_shorter", (R_SKILLS_NAME,)),
    ("posted_and_salary", (R_POSTED, R_SALARY)),
)
BREAKAGE_AT = {name: k for k, (name, _) in enumerate(BREAKAGES)}
KEEPS_ID = np.array([name != "id_empty" for name, _ in BREAKAGES])

# ============================================================================ text helpers


def jlist(items: list) -> str:
    """A pretty-printed JSON array (real newlines, two-space indent); `[]` when empty."""
    if not items:
        return "[]"
    return "[\n  " + ",\n  ".join(json.dumps(x, ensure_ascii=False) for x in items) + "\n]"


def field(value) -> str:
    """One CSV field (RFC 4180): empty for None; quoted, quotes doubled, when needed."""
    if value is None:
        return ""
    text = str(value)
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def esc(text: str) -> str:
    """Text inside an already quoted field."""
    return text.replace('"', '""')


def fields(values: list) -> str:
    """Adjacent fields, each followed by its comma."""
    return "".join(field(v) + "," for v in values)


def hex_code(text: str, n: int) -> str:
    """n upper-case hex digits derived from text (stable across runs)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n].upper()


# ============================================================================ reference data

SECTOR_NAICS = {  # employer sector -> NAICS 2..6 (code, name)
    "tech": [(51, "Information"), (513, "Publishing Industries"), (5132, "Software Publishers"),
             (51321, "Software Publishers"), (513210, "Software Publishers")],
    "health": [(62, "Health Care and Social Assistance"), (622, "Hospitals"),
               (6221, "General Medical and Surgical Hospitals"),
               (62211, "General Medical and Surgical Hospitals"),
               (622110, "General Medical and Surgical Hospitals")],
    "finance": [(54, "Professional, Scientific, and Technical Services"),
                (541, "Professional, Scientific, and Technical Services"),
                (5412, "Accounting, Tax Preparation, Bookkeeping, and Payroll Services"),
                (54121, "Accounting, Tax Preparation, Bookkeeping, and Payroll Services"),
                (541211, "Offices of Certified Public Accountants")],
    "trades": [(23, "Construction"), (238, "Specialty Trade Contractors"),
               (2382, "Building Equipment Contractors"),
               (23821, "Electrical Contractors and Other Wiring Installation Contractors"),
               (238210, "Electrical Contractors and Other Wiring Installation Contractors")],
    "staffing": [(56, "Administrative and Support and Waste Management and Remediation "
                      "Services"), (561, "Administrative and Support Services"),
                 (5613, "Employment Services"), (56132, "Temporary Help Services"),
                 (561320, "Temporary Help Services")],
    "general": [(92, "Public Administration"),
                (921, "Executive, Legislative, and Other General Government Support"),
                (9211, "Executive, Legislative, and Other General Government Support"),
                (92119, "Other General Government Support"),
                (921190, "Other General Government Support")],
    "unclassified": [(99, "Unclassified Industry"), (999, "Unclassified Industry"),
                     (9999, "Unclassified Industry"), (99999, "Unclassified Industry"),
                     (999999, "Unclassified Industry")],
}  # fmt: skip
FAMILY_CIP = {  # (CIP6, name, CIP4, name, CIP2, name)
    "tech": ("11.0701", "Computer Science", "11.07", "Computer Science", "11",
             "Computer and Information Sciences and Support Services"),
    "health": ("51.3801", "Registered Nursing/Registered Nurse", "51.38",
               "Registered Nursing, Nursing Administration, Nursing Research and Clinical "
               "Nursing", "51", "Health Professions and Related Programs"),
    "finance": ("52.0301", "Accounting", "52.03", "Accounting and Related Services", "52",
                "Business, Management, Marketing, and Related Support Services"),
    "trades": ("46.0302", "Electrician", "46.03", "Electrical and Power Transmission Installers",
               "46", "Construction Trades"),
}  # fmt: skip
RAW_PREFIX = ("", "", "", "Senior ", "Sr. ", "Lead ", "Junior ")
BODY_LINES = catalog.BODY_LINES[:4]


def career_cells(career, kind: int) -> dict:
    """The 44 taxonomy columns of a career (ONET .. LIGHTCAST_SECTORS_NAME), in header order;
    `kind` as lot_kind gives it."""
    occ, group, area = career.code // 100, career.code // 10_000, career.code // 1_000_000
    row: dict = {"ONET": career.onet, "ONET_NAME": ONET_NAMES.get(career.onet, career.name),
                 "ONET_2019": career.onet,
                 "ONET_2019_NAME": ONET_NAMES.get(career.onet, career.name)}  # fmt: skip
    cip = FAMILY_CIP[career.family]
    for k, (code, name) in zip(("6", "4", "2"), (cip[0:2], cip[2:4], cip[4:6]), strict=True):
        row[f"CIP{k}"], row[f"CIP{k}_NAME"] = jlist([code]), jlist([name])
    socs = soc_levels(career.soc)
    for level, (code, name) in zip((2, 3, 4, 5), socs, strict=True):
        row[f"SOC_2021_{level}"], row[f"SOC_2021_{level}_NAME"] = code, name
    lot = {
        "CAREER_AREA": (area, CAREER_AREAS[area]),
        "OCCUPATION": (occ, OCCUPATIONS[occ][0]),
        "SPECIALIZED_OCCUPATION": (None, None) if kind == 1 else (career.code, career.name),
        "OCCUPATION_GROUP": (group, OCCUPATION_GROUPS[group]),
    }
    if kind == 2:
        lot = {level: (code, name) for level, code, name in UNCLASSIFIED_LEVELS}
    for key in ("CAREER_AREA", "OCCUPATION", "SPECIALIZED_OCCUPATION", "OCCUPATION_GROUP"):
        row[f"LOT_{key}"], row[f"LOT_{key}_NAME"] = lot[key]
    for key in ("SPECIALIZED_OCCUPATION", "OCCUPATION", "OCCUPATION_GROUP", "CAREER_AREA"):
        row[f"LOT_V6_{key}"], row[f"LOT_V6_{key}_NAME"] = lot[key]
    for level, (code, name) in zip((2, 3, 4, 5), socs, strict=True):
        row[f"SOC_{level}"], row[f"SOC_{level}_NAME"] = code, name
    ai = occ in (231010, 231110)
    row["LIGHTCAST_SECTORS"] = jlist([1] if ai else [])
    row["LIGHTCAST_SECTORS_NAME"] = jlist(["Artificial Intelligence"] if ai else [])
    return row
