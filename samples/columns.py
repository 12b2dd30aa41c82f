"""The columns and files of a generated export: the postings header (the schema's
KNOWN_COLUMNS), each column's cell kind, the postings files and their dialects, and the names
of the skills and employment files.
"""

from __future__ import annotations

from datetime import date

from schemas.postings import KNOWN_COLUMNS

#: the 131 columns of a postings export, in delivery order (schemas/postings-header.csv)
HEADER: list[str] = list(KNOWN_COLUMNS)

_INT_COLS = {
    "DUPLICATES", "DURATION", "MODELED_DURATION", "COMPANY", "MIN_EDULEVELS", "MAX_EDULEVELS",
    "EMPLOYMENT_TYPE", "MIN_YEARS_EXPERIENCE", "MAX_YEARS_EXPERIENCE", "SALARY", "REMOTE_TYPE",
    "SALARY_TO", "SALARY_FROM", "COUNTY", "MSA", "STATE", "COUNTY_OUTGOING", "COUNTY_INCOMING",
    "MSA_OUTGOING", "MSA_INCOMING", "NAICS2", "NAICS3", "NAICS4", "NAICS5", "NAICS6",
    "LOT_CAREER_AREA", "LOT_OCCUPATION", "LOT_SPECIALIZED_OCCUPATION", "LOT_OCCUPATION_GROUP",
    "LOT_V6_SPECIALIZED_OCCUPATION", "LOT_V6_OCCUPATION", "LOT_V6_OCCUPATION_GROUP",
    "LOT_V6_CAREER_AREA", "NAICS_2022_2", "NAICS_2022_3", "NAICS_2022_4", "NAICS_2022_5",
    "NAICS_2022_6",
}  # fmt: skip
_BOOL_COLS = {"COMPANY_IS_STAFFING", "IS_INTERNSHIP"}
_DATE_COLS = {"LAST_UPDATED_DATE", "POSTED", "EXPIRED", "MODELED_EXPIRED"}
_TS_COLS = {"LAST_UPDATED_TIMESTAMP"}
_LIST_INT_COLS = {"EDUCATION_LEVELS", "LIGHTCAST_SECTORS"}
_LIST_STR_COLS = {
    "SOURCE_TYPES", "SOURCES", "URL", "ACTIVE_URLS", "ACTIVE_SOURCES_INFO",
    "EDUCATION_LEVELS_NAME", "SKILLS", "SKILLS_NAME", "SPECIALIZED_SKILLS",
    "SPECIALIZED_SKILLS_NAME", "CERTIFICATIONS", "CERTIFICATIONS_NAME", "COMMON_SKILLS",
    "COMMON_SKILLS_NAME", "SOFTWARE_SKILLS", "SOFTWARE_SKILLS_NAME", "CIP6", "CIP6_NAME",
    "CIP4", "CIP4_NAME", "CIP2", "CIP2_NAME", "LIGHTCAST_SECTORS_NAME",
}  # fmt: skip
LIST_COLUMNS = frozenset(_LIST_INT_COLS | _LIST_STR_COLS)


def _kind(col: str) -> str:
    for kind, cols in (
        ("int", _INT_COLS),
        ("bool", _BOOL_COLS),
        ("date", _DATE_COLS),
        ("ts", _TS_COLS),
        ("lint", _LIST_INT_COLS),
        ("lstr", _LIST_STR_COLS),
    ):
        if col in cols:
            return kind
    return "str"


#: column -> its cell kind: int, bool, date, ts (timestamp), lint / lstr (list of int / str), str
COL_KIND = {c: _kind(c) for c in HEADER}

POSTINGS_FILES = (
    "LC_2025_base.csv",
    "LC_2025_base_part2.csv.gz",
    "lc_delta_lower.csv",
    "lightcast_delta_json.parquet",
    "lightcast_delta_lists.parquet",
    "lightcast_real_sample.csv",
    "lightcast_updates.csv",
)
#: dialect of each postings file (same order as POSTINGS_FILES, which is byte order); `real`:
#: the columns, column order and cells of a real sample export (samples/quirks.py)
DIALECT = ("csv", "csv", "pipe", "pq_json", "pq_list", "real", "csv")
#: share of new postings per file
FILE_WEIGHTS = (0.78, 0.10, 0.035, 0.025, 0.025, 0.02, 0.015)
#: columns left out of, and unknown columns added to, the lower-case variant
DROPPED_IN_LOWER = ("ACTIVE_SOURCES_INFO", "MODELED_DURATION", "LOT_V6_CAREER_AREA_NAME")
EXTRA_IN_LOWER = ("scrape_batch", "posting_language")
SKILLS_FILES = ("skills_taxonomy.json", "skills_taxonomy_extra.csv")
EMPLOYMENT_FILE = "occupation_employment.csv"
FIRST_EMPLOYMENT_YEAR = 2016

MS_DAY = 86_400_000
EPOCH_ORD = date(1970, 1, 1).toordinal()


class Raw(str):
    """A cell written verbatim whatever the dialect (a deliberately broken value)."""
